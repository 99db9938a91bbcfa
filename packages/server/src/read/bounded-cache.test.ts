import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBoundedCache } from './bounded-cache.js';

describe('bounded cache', () => {
  const make = (maxEntries: number, maxBytes: number) => createBoundedCache<string>({ maxEntries, maxBytes, sizeOf: (v) => v.length });

  it('holds at most maxEntries, evicting the least recently used', () => {
    const cache = make(3, 1000);
    for (const key of ['a', 'b', 'c']) cache.set(key, key);
    assert.equal(cache.get('a'), 'a'); // a is now the most recent
    cache.set('d', 'd');
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(
      ['a', 'c', 'd'].map((k) => cache.get(k)),
      ['a', 'c', 'd'],
    );
    for (let i = 0; i < 10_000; i++) cache.set(`k${i}`, 'x');
    assert.equal(cache.size().entries, 3);
  });

  it('holds at most maxBytes, and never a value larger than all of them', () => {
    const cache = make(100, 10);
    cache.set('a', '1234');
    cache.set('b', '1234');
    cache.set('c', '1234'); // 12 bytes: a goes
    assert.equal(cache.get('a'), undefined);
    assert.deepEqual(cache.size(), { entries: 2, bytes: 8 });
    assert.equal(cache.set('big', 'x'.repeat(11)), 'x'.repeat(11), 'returned, though not kept');
    assert.equal(cache.get('big'), undefined);
    assert.deepEqual(cache.size(), { entries: 2, bytes: 8 });
    cache.set('b', '1'); // replacing counts the new size only
    assert.deepEqual(cache.size(), { entries: 2, bytes: 5 });
  });
});
