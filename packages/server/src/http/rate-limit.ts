import { TryLaterError } from '../domain/errors.js';

/** Too many requests (429); `retryAfterSeconds` goes into the `Retry-After` header. */
export class RateLimitedError extends TryLaterError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many requests for this API key: try again in ${retryAfterSeconds} s.`, retryAfterSeconds);
  }
}

/**
 * A token bucket per API key: `perMinute` requests a minute, with bursts up to the same number.
 * In memory, per instance: a limit against runaway scripts, not a quota.
 *
 * @example
 * const limit = createRateLimiter({ perMinute: 120, now: () => Date.now() });
 * limit('k_3f9a1c2b4d5e'); // throws RateLimitedError when the bucket is empty
 */
export function createRateLimiter(options: { perMinute: number; now: () => number }) {
  const { perMinute, now } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;

  return function take(keyId: string): void {
    const t = now();
    const bucket = buckets.get(keyId) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    buckets.set(keyId, bucket);
    if (bucket.tokens < 1) throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)));
    bucket.tokens -= 1;
  };
}
