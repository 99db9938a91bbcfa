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
    /** 0 when a token is there, else the seconds until there is one; takes nothing. */
    wait(name: string): number {
      const bucket = buckets.get(name);
      if (!bucket) return 0;
      const tokens = refilled(name).tokens;
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
