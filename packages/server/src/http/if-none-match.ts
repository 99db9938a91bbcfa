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
