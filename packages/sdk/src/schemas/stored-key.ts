import { z } from 'zod/mini';
import { ApiKeySchema, type ApiKey } from './api-key.js';

/**
 * An API key as the database holds it: with the SHA-256 hash of its secret (never the secret
 * itself). Only the server and its export format see this shape, so it is exported from
 * `@kdi-status/sdk/export`, not from the package root.
 *
 * @example
 * StoredKeySchema.parse({ ...apiKey, secretHash: 'Zm9v…' });
 */
export const StoredKeySchema = z.extend(ApiKeySchema, { secretHash: z.string().check(z.minLength(20)) });
export type StoredKey = z.infer<typeof StoredKeySchema>;

/**
 * The public view of a stored key: everything but the hash (what events, lists and `whoami` show).
 *
 * @example
 * publicKey(stored).secretHash; // undefined
 */
export function publicKey({ secretHash: _hash, ...key }: StoredKey): ApiKey {
  return key;
}
