import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseCoding } from './accept-encoding.js';

describe('chooseCoding (Accept-Encoding)', () => {
  it('prefers brotli, then gzip, then none, honouring q=0', () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'identity'],
      ['', 'identity'],
      ['gzip, deflate, br', 'br'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip;q=1.0, br;q=0.1', 'br'], // our preference among the acceptable ones
      ['br;q=0, gzip', 'gzip'],
      ['BR;Q=0, GZIP', 'gzip'],
      ['x-gzip', 'gzip'],
      ['deflate', 'identity'],
      ['gzip;q=0, br;q=0', 'identity'],
      ['*', 'br'],
      ['*;q=0, gzip', 'gzip'],
      ['*;q=0', 'identity'], // nothing acceptable: sent uncoded rather than no widget
      ['identity;q=0, gzip;q=0.5', 'gzip'],
      ['br;q=abc, gzip', 'gzip'],
      ['br;q=0.000', 'identity'],
      [',,;q=1, ;', 'identity'],
    ];
    for (const [header, coding] of cases) assert.equal(chooseCoding(header), coding, String(header));
    assert.equal(chooseCoding(['gzip', 'br']), 'br');
    assert.equal(chooseCoding('gzip, br', ['gzip', 'identity']), 'gzip');
    assert.equal(chooseCoding('br', ['gzip', 'identity']), 'identity');
  });
});
