import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeHref, telHref } from './safe-url.js';

describe('links from operator and vendor data', () => {
  it('telHref: a phone number as people write it, with spaces, dots, dashes or brackets, becomes a tel: link', () => {
    assert.equal(telHref('+45 00 00 00 01'), 'tel:+4500000001');
    assert.equal(telHref('+45.12.34.56.78'), 'tel:+4512345678');
    assert.equal(telHref('+45 (12) 34-56-78'), 'tel:+4512345678');
    for (const bad of [undefined, '', 'ring til os', '12', 'javascript:alert(1)', '+45 12\n34'])
      assert.equal(telHref(bad), null, String(bad));
  });

  it('safeHref: only https:, mailto: and tel:', () => {
    assert.ok(safeHref('https://kombit.dk/'));
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<script>', 'http://kombit.dk/'])
      assert.equal(safeHref(bad), null, bad);
  });
});
