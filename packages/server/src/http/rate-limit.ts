import { performance } from 'node:perf_hooks';
import { TryLaterError } from '../domain/errors.js';

/** Too many requests (429); `retryAfterSeconds` goes into the `Retry-After` header. */
export class RateLimitedError extends TryLaterError {
  constructor(retryAfterSeconds: number, message = `Too many requests for this API key: try again in ${retryAfterSeconds} s.`) {
    super(429, 'rate_limited', message, retryAfterSeconds);
  }
}

/** How fast a bucket fills, and its size: so many tokens a minute, or an hour. */
export type BucketRate = { perMinute: number; perHour?: undefined } | { perHour: number; perMinute?: undefined };

/** Buckets kept at most; beyond it, full (idle) buckets are forgotten, and new names share one. */
const MAX_BUCKETS = 50_000;
/** How often a full table is searched for idle buckets (each search reads every bucket). */
const FORGET_INTERVAL_MS = 1000;

/**
 * Token buckets by name (an API key, a client address): `perMinute` tokens a minute (or `perHour`
 * an hour), with bursts up to the same number. In memory, per instance: a limit against runaway scripts and guessing,
 * not a quota. At most `MAX_BUCKETS` are kept: when the table is full, idle (full) buckets are
 * forgotten, at most once a second; while none is idle, new names share one overflow bucket — so
 * many names cannot fill the memory, and cycling through more names than the table holds cannot
 * buy fresh buckets by pushing one's own empty ones out.
 *
 * @example
 * const buckets = createTokenBuckets({ perMinute: 120, now: () => Date.now() });
 * buckets.take('k_3f9a1c2b4d5e'); // 0 when taken, else the seconds until one is there
 * createTokenBuckets({ perHour: 3, now: Date.now }); // three mails an hour to one address
 */
export function createTokenBuckets(options: BucketRate & { now: () => number; maxBuckets?: number }) {
  const { now, maxBuckets = MAX_BUCKETS } = options;
  // A bucket's capacity, and how fast it fills: `perMinute` a minute or `perHour` an hour.
  const [capacity, windowMs] = options.perHour === undefined ? [options.perMinute, 60_000] : [options.perHour, 3_600_000];
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = capacity / windowMs;
  let forgotAt = -Infinity;

  function forgetIdle(t: number) {
    if (t - forgotAt < FORGET_INTERVAL_MS) return;
    forgotAt = t;
    for (const [name, bucket] of buckets) if (bucket.tokens + (t - bucket.at) * perMs >= capacity) buckets.delete(name);
  }

  function refilled(name: string) {
    const t = now();
    let bucket = buckets.get(name);
    if (!bucket) {
      if (buckets.size >= maxBuckets) forgetIdle(t);
      if (buckets.size >= maxBuckets) return refilledOverflow(t);
      bucket = { tokens: capacity, at: t };
      buckets.set(name, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * perMs);
    bucket.at = t;
    return bucket;
  }

  const overflow = { tokens: capacity, at: 0 };
  function refilledOverflow(t: number) {
    overflow.tokens = Math.min(capacity, overflow.tokens + (t - overflow.at) * perMs);
    overflow.at = t;
    return overflow;
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
    /** The tokens there are now (a bucket not yet made is full, unless the table is); takes nothing. */
    available(name: string): number {
      if (buckets.has(name)) return refilled(name).tokens;
      return buckets.size >= maxBuckets ? refilledOverflow(now()).tokens : capacity;
    },
    /** The seconds until a token is there (0 when one is); takes nothing. */
    wait(name: string): number {
      const tokens = this.available(name);
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

/** How long a request waits for its client's lookups in flight before it is refused. */
const MAX_WAIT_MS = 3000;

/**
 * Limits failed lookups per client (`perMinute`), counted before the next lookup is made: a lookup
 * runs only while the client has a token for it beyond those its lookups in flight may use up, so
 * concurrent guesses cannot all pass; the rest wait (each finished lookup wakes them to look
 * again, at most `maxWaitMs`), then go or are refused. Good lookups (a right key) take nothing,
 * so a client making many good requests at once is queued briefly, not refused.
 *
 * @example
 * const guard = createLookupGuard({ perMinute: 30, now: Date.now, refuse: (s) => new RateLimitedError(s) });
 * const key = await guard(clientOf(request.ip), () => store.key(id), (key) => keyRejection(key, secret, now) === null);
 */
export function createLookupGuard(options: {
  perMinute: number;
  now: () => number;
  refuse: (retryAfterSeconds: number) => Error;
  maxWaitMs?: number;
}) {
  const failures = createTokenBuckets(options);
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  const clients = new Map<string, { inFlight: number; waiting: Set<() => void> }>();
  const stateOf = (client: string) => {
    let state = clients.get(client);
    if (!state) clients.set(client, (state = { inFlight: 0, waiting: new Set() }));
    return state;
  };
  const forget = (client: string, state: { inFlight: number; waiting: Set<() => void> }) => {
    if (state.inFlight === 0 && state.waiting.size === 0 && clients.get(client) === state) clients.delete(client);
  };

  /** Resolves true when a lookup of the client finishes, false after `ms`. */
  function woken(state: { waiting: Set<() => void> }, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        state.waiting.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        state.waiting.delete(wake);
        resolve(false);
      }, ms);
      state.waiting.add(wake);
    });
  }

  return async function guard<T>(client: string, lookup: () => Promise<T>, good: (result: T) => boolean): Promise<T> {
    const deadline = performance.now() + maxWaitMs;
    let state = stateOf(client);
    while (failures.available(client) - state.inFlight < 1) {
      const left = deadline - performance.now();
      if (state.inFlight === 0 || left <= 0 || !(await woken(state, left))) {
        forget(client, state);
        throw options.refuse(Math.max(1, failures.wait(client)));
      }
      state = stateOf(client);
    }
    state.inFlight++;
    try {
      const result = await lookup();
      if (!good(result)) failures.take(client);
      return result;
    } finally {
      state.inFlight--;
      for (const wake of [...state.waiting]) wake();
      forget(client, state);
    }
  };
}
