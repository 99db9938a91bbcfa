/**
 * Exponential backoff with full jitter: a delay drawn uniformly from
 * `[0, min(cap, base · 2^attempt))`. Spreading reconnects over the whole window is what keeps
 * thousands of clients from coming back at the same instant after a server restart. A `base`
 * above `cap` (a server asking for a long `retry:`) raises the cap instead of being cut short.
 *
 * @example
 * fullJitterDelay(3, { base: 1000, cap: 30_000, random: Math.random }); // somewhere in [0, 8000)
 */
export function fullJitterDelay(attempt: number, options: { base: number; cap: number; random: () => number }): number {
  const ceiling = Math.min(Math.max(options.cap, options.base), options.base * 2 ** attempt);
  return Math.floor(options.random() * ceiling);
}
