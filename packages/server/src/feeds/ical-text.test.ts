import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeIcalText, foldLine, icalLine, icalTime } from './ical-text.js';

/** Undoes folding: a CRLF followed by one space or tab is removed (RFC 5545 §3.1). */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('iCalendar TEXT and content lines', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    assert.equal(escapeIcalText('a\\b;c,d\ne\r\nf\rg'), 'a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('drops controls a content line cannot hold, keeps tab and the RTL override', () => {
    assert.equal(escapeIcalText('nul\u0000esc\u001bdel\u007f\ttab \u202Eok'), 'nulescdel\ttab \u202Eok');
  });

  it('folds at 75 octets with CRLF and a leading space, never inside a UTF-8 sequence', () => {
    const value = 'Vedligeholdelse på Serviceplatformen: ændring af ældre øer '.repeat(5) + '😀'.repeat(30);
    const folded = icalLine('DESCRIPTION', escapeIcalText(value));
    assert.ok(folded.endsWith('\r\n'));
    const lines = folded.slice(0, -2).split('\r\n');
    assert.ok(lines.length > 4);
    for (const [i, line] of lines.entries()) {
      assert.ok(Buffer.byteLength(line) <= 75, `line ${i} has ${Buffer.byteLength(line)} octets`);
      if (i > 0) assert.equal(line[0], ' ');
      assert.equal(Buffer.from(line).toString(), line, 'each line is whole UTF-8');
      assert.doesNotMatch(line, /[\uD800-\uDBFF]$/, 'no half surrogate pair at a fold');
    }
    assert.equal(unfold(folded), `DESCRIPTION:${escapeIcalText(value)}\r\n`);
  });

  it('leaves a short line alone', () => {
    assert.equal(foldLine('UID:x'), 'UID:x\r\n');
    assert.equal(foldLine('X:' + 'a'.repeat(73)), `X:${'a'.repeat(73)}\r\n`);
    assert.equal(foldLine('X:' + 'a'.repeat(74)), `X:${'a'.repeat(73)}\r\n a\r\n`);
  });

  it('writes UTC DATE-TIME values', () => {
    assert.equal(icalTime('2026-08-24T22:00:00.000Z'), '20260824T220000Z');
  });
});
