import { TryLaterError } from '../domain/errors.js';

/** Too many requests (429); `retryAfterSeconds` goes into the `Retry-After` header. */
export class RateLimitedError extends TryLaterError {
  constructor(retryAfterSeconds: number, message = `Too many requests for this API key: try again in ${retryAfterSeconds} s.`) {
    super(429, 'rate_limited', message, retryAfterSeconds);
  }
}

/** Buckets kept at most; beyond it, full (idle) buckets are forgotten first, then the oldest. */
const MAX_BUCKETS = 50_000;

/**
 * Token buckets by name (an API key, a client address): `perMinute` tokens a minute, with bursts
 * up to the same number. In memory, per instance: a limit against runaway scripts and guessing,
 * not a quota. At most `MAX_BUCKETS` are kept, so many names cannot fill the memory.
 *
 * @example
 * const buckets = createTokenBuckets({ perMinute: 120, now: () => Date.now() });
 * buckets.take('k_3f9a1c2b4d5e'); // 0 when taken, else the seconds until one is there
 */
export function createTokenBuckets(options: { perMinute: number; now: () => number; maxBuckets?: number }) {
  const { perMinute, now, maxBuckets = MAX_BUCKETS } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;

  function forgetIdle(t: number) {
    for (const [name, bucket] of buckets) if (bucket.tokens + (t - bucket.at) * perMs >= perMinute) buckets.delete(name);
    if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value!);
  }

  function refilled(name: string) {
    const t = now();
    let bucket = buckets.get(name);
    if (!bucket) {
      if (buckets.size >= maxBuckets) forgetIdle(t);
      bucket = { tokens: perMinute, at: t };
      buckets.set(name, bucket);
    }
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    return bucket;
  }

  const secondsUntilOne = (tokens: number) => Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));

  return {
    /** Takes a token: 0 when there was one, else the seconds until there is (nothing taken). */
    take(name: string): number {
      const bucket = refilled(name);
      if (bucket.tokens < 1) return secondsUntilOne(bucket.tokens);
      bucket.tokens -= 1;
      return 0;
    },
    /** The tokens there are now (a bucket not yet made is full); takes nothing. */
    available(name: string): number {
      return buckets.has(name) ? refilled(name).tokens : perMinute;
    },
    /** The seconds until a token is there (0 when one is); takes nothing. */
    wait(name: string): number {
      const tokens = buckets.has(name) ? refilled(name).tokens : perMinute;
      return tokens < 1 ? secondsUntilOne(tokens) : 0;
    },
    get size() {
      return buckets.size;
    },
  };
}

/**
 * The per-key admin limit: throws `RateLimitedError` when a key's bucket is empty.
 *
 * @example
 * const limit = createRateLimiter({ perMinute: 120, now: () => Date.now() });
 * limit('k_3f9a1c2b4d5e'); // throws RateLimitedError when the bucket is empty
 */
export function createRateLimiter(options: { perMinute: number; now: () => number }) {
  const buckets = createTokenBuckets(options);
  return function take(keyId: string): void {
    const wait = buckets.take(keyId);
    if (wait) throw new RateLimitedError(wait);
  };
}

/**
 * The client a per-address limit counts: an IPv4 address as it is (an IPv4-mapped IPv6 one as
 * IPv4), an IPv6 address by its /64 — one subscriber's network holds 2^64 addresses, so counting
 * each would let one client have them all.
 *
 * @example
 * clientOf('2001:db8:0:1::7'); // '2001:db8:0:1::/64'
 * clientOf('::ffff:127.0.0.1'); // '127.0.0.1'
 */
export function clientOf(ip: string): string {
  if (!ip.includes(':')) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Limits failed lookups per client (`perMinute`), counted before the next lookup is made: a lookup
 * runs only while the client has a token for it beyond those its lookups in flight may use up, so
 * concurrent guesses cannot all pass; the rest wait for those in flight, then go or are refused.
 * Good lookups (a right key) take nothing, so a client making many good requests at once is only
 * queued, never refused.
 *
 * @example
 * const guard = createLookupGuard({ perMinute: 30, now: Date.now, refuse: (s) => new RateLimitedError(s) });
 * const key = await guard(clientOf(request.ip), () => store.key(id), (key) => keyRejection(key, secret, now) === null);
 */
export function createLookupGuard(options: { perMinute: number; now: () => number; refuse: (retryAfterSeconds: number) => Error }) {
  const failures = createTokenBuckets(options);
  const inFlight = new Map<string, { count: number; done: Promise<void>; release: () => void }>();

  return async function guard<T>(client: string, lookup: () => Promise<T>, good: (result: T) => boolean): Promise<T> {
    for (;;) {
      const flight = inFlight.get(client);
      if (failures.available(client) - (flight?.count ?? 0) >= 1) break;
      if (!flight) throw options.refuse(failures.wait(client));
      await flight.done;
    }
    let flight = inFlight.get(client);
    if (!flight) {
      let release = () => {};
      const done = new Promise<void>((resolve) => (release = resolve));
      flight = { count: 0, done, release };
      inFlight.set(client, flight);
    }
    flight.count++;
    try {
      const result = await lookup();
      if (!good(result)) failures.take(client);
      return result;
    } finally {
      if (--flight.count === 0) {
        inFlight.delete(client);
        flight.release();
      }
    }
  };
}
