import { createHash } from 'node:crypto';

/**
 * A strong ETag for a body: a hash, so instances that built the same summary agree on it.
 *
 * @example
 * etagOf(Buffer.from('{}')); // '"RBNvo1WzZ4oRRq0W9-hknpT7T8If536DEMBg9hyq_4o"'
 */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * Whether an `If-None-Match` header matches an ETag: `*`, or any listed tag (weak comparison,
 * RFC 9110 §13.1.2).
 *
 * @example
 * matchesIfNoneMatch('W/"a", "b"', '"b"'); // true
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
