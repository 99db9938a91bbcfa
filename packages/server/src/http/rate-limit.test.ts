import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientOf, createLookupGuard, createTokenBuckets } from './rate-limit.js';

describe('clientOf', () => {
  it('counts IPv4 as it is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    assert.equal(clientOf('203.0.113.7'), '203.0.113.7');
    assert.equal(clientOf('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(clientOf('2001:db8:0:1::7'), '2001:db8:0:1::/64');
    assert.equal(clientOf('2001:0db8:0000:0001:ffff:0:0:9'), '2001:db8:0:1::/64');
    assert.equal(clientOf('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientOf('::1'), '0:0:0:0::/64');
    assert.equal(clientOf('fe80::1%eth0'), 'fe80:0:0:0::/64');
    // Two addresses of one network are one client; of two networks, two.
    assert.equal(clientOf('2001:db8:0:1:a::1'), clientOf('2001:db8:0:1:b::2'));
    assert.notEqual(clientOf('2001:db8:0:1::1'), clientOf('2001:db8:0:2::1'));
  });
});

describe('createTokenBuckets', () => {
  it('takes until empty, says how long to wait, and refills with time', () => {
    let t = 0;
    const buckets = createTokenBuckets({ perMinute: 2, now: () => t });
    assert.equal(buckets.take('a'), 0);
    assert.equal(buckets.take('a'), 0);
    assert.equal(buckets.take('a'), 30, 'one token every 30 s');
    assert.equal(buckets.take('b'), 0, 'another name has its own bucket');
    assert.equal(buckets.available('a'), 0);
    assert.equal(buckets.wait('a'), 30);
    t += 30_000;
    assert.equal(buckets.take('a'), 0);
  });

  it('perHour: so many tokens an hour, refilled over the hour', () => {
    let t = 0;
    const buckets = createTokenBuckets({ perHour: 3, now: () => t });
    for (let i = 0; i < 3; i++) assert.equal(buckets.take('a'), 0);
    assert.equal(buckets.take('a'), 1200, 'one token every 20 minutes');
    t += 20 * 60_000;
    assert.equal(buckets.take('a'), 0);
    assert.equal(buckets.take('a'), 1200);
  });

  it('keeps at most maxBuckets, forgetting idle ones; new names share one bucket while none is idle', () => {
    let t = 0;
    const buckets = createTokenBuckets({ perMinute: 1, now: () => t, maxBuckets: 3 });
    for (const name of ['a', 'b', 'c']) buckets.take(name);
    t += 60_000; // all refilled: idle
    buckets.take('d');
    assert.equal(buckets.size, 1);
    for (const name of ['e', 'f']) buckets.take(name);
    t += 2000;
    // Full of empty buckets: cycling through new names cannot buy fresh ones.
    assert.equal(buckets.take('g'), 0, 'the overflow bucket has one token');
    assert.ok(buckets.take('h') > 0, 'and shares it');
    assert.ok(buckets.take('d') > 0, 'the old ones were not pushed out');
    assert.equal(buckets.size, 3);
  });
});

describe('createLookupGuard', () => {
  const guard = () => createLookupGuard({ perMinute: 3, now: () => 0, refuse: (s) => new Error(`refused, ${s} s`) });
  const slow =
    <T>(value: T) =>
    () =>
      new Promise<T>((resolve) => setTimeout(() => resolve(value), 5));

  it('lets concurrent good lookups all through (queued), and counts none of them', async () => {
    const run = guard();
    const results = await Promise.all(Array.from({ length: 20 }, () => run('a', slow(true), (ok) => ok)));
    assert.equal(results.length, 20);
    assert.equal((await Promise.allSettled([run('a', slow(false), (ok) => ok)]))[0]!.status, 'fulfilled');
  });

  it('refuses a waiter after maxWaitMs when the lookups in flight hang, instead of holding it', async () => {
    const run = createLookupGuard({ perMinute: 2, now: () => 0, refuse: () => new Error('refused'), maxWaitMs: 100 });
    let release = () => {};
    const hanging = new Promise<boolean>((resolve) => (release = () => resolve(false)));
    const inFlight = [
      run(
        'a',
        () => hanging,
        (ok) => ok,
      ),
      run(
        'a',
        () => hanging,
        (ok) => ok,
      ),
    ];
    const started = Date.now();
    await assert.rejects(
      run('a', slow(true), (ok) => ok),
      /refused/,
    );
    assert.ok(Date.now() - started < 5000, 'not held until the lookups end');
    release();
    await Promise.all(inFlight);
  });

  it('makes no more bad lookups than the limit, however many run at once; other clients are not held up', async () => {
    const run = guard();
    let lookups = 0;
    const bad = () => {
      lookups++;
      return slow(false)();
    };
    const settled = await Promise.allSettled(Array.from({ length: 50 }, () => run('a', bad, (ok) => ok)));
    assert.equal(lookups, 3);
    assert.equal(settled.filter((s) => s.status === 'rejected').length, 47);
    assert.match(String((settled.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason), /refused, 20 s/);
    assert.equal(await run('b', slow(true), (ok) => ok), true);
  });
});
