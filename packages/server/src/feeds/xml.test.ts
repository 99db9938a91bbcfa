import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml, xml } from './xml.js';

/** Text an operator could write to break a feed or a badge. */
const HOSTILE = [
  '<script>alert(1)</script>',
  ']]><evil/>',
  'Tom & Jerry &amp; co',
  `"double" and 'single' quotes`,
  'Nedbrud \u202Etxt.exe',
  '"/><svg onload=alert(1)>',
];

/** What an XML parser gives back for escaped text: the five predefined entities undone. */
const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

describe('escapeXml', () => {
  it('leaves no markup character in hostile text, and unescaping gives the text back', () => {
    for (const text of HOSTILE) {
      const escaped = escapeXml(text);
      assert.doesNotMatch(escaped, /[<>"']/, text);
      assert.doesNotMatch(escaped, /\]\]>/, text);
      assert.equal(unescape(escaped), text);
    }
  });

  it('keeps the RTL override and other printable text, drops what XML 1.0 cannot carry', () => {
    assert.equal(escapeXml('a\u202Eb'), 'a\u202Eb');
    assert.equal(escapeXml('tab\tnl\ncr\r'), 'tab\tnl\ncr\r');
    assert.equal(escapeXml('nul\u0000bell\u0007esc\u001bdel\u007f'), 'nulbellescdel');
    assert.equal(escapeXml('half \uD800 pair \uDC00 whole \uD83D\uDE00'), 'half  pair  whole \uD83D\uDE00');
    assert.equal(escapeXml('\uFFFE\uFFFF'), '');
  });
});

describe('xml template', () => {
  it('escapes interpolated strings, nests fragments unescaped, joins arrays, drops null and false', () => {
    const title = '<b>x</b>';
    const inner = xml`<i>${'&'}</i>`;
    assert.equal(
      xml`<t a="${'"'}">${title}${inner}${[xml`<x/>`, 'y<']}${null}${false}${undefined}${3}</t>`.value,
      '<t a="&quot;">&lt;b&gt;x&lt;/b&gt;<i>&amp;</i><x/>y&lt;3</t>',
    );
  });
});
