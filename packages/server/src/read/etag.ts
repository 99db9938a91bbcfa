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
