import { createHash } from 'node:crypto';

/** A retry-safe write: under which `Idempotency-Key`, a hash of the request, and the status of its first answer. */
export interface Idempotency {
  key: string;
  requestHash: string;
  /** The status the first answer had (201 for a create). */
  status: number;
}

/** JSON with object keys sorted: the same body sent with its keys in another order is the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The hash that binds an `Idempotency-Key` to one request: method, path and body (its keys in
 * any order). The same key sent with another request is refused by the writer.
 *
 * @example
 * requestHash('POST', '/api/v1/admin/incidents', body); // 'q3J…'
 */
export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${stableJson(body ?? null)}`)
    .digest('base64url');
}
