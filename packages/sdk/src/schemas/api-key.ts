import { z } from 'zod/mini';
import { SlugSchema, TimestampSchema } from './primitives.js';

/** `admin` may change everything (KOMBIT); `vendor` only what its vendor owns. */
export const KEY_ROLES = ['admin', 'vendor'] as const;
/**
 * @example
 * KeyRoleSchema.parse('vendor');
 */
export const KeyRoleSchema = z.enum(KEY_ROLES);
export type KeyRole = z.infer<typeof KeyRoleSchema>;

/**
 * An API key as anyone may see it: never the secret, never its hash.
 *
 * @example
 * ApiKeySchema.parse({ id: 'k_3f9a1c2b', name: 'Servicedesk Nord', role: 'vendor', vendor: 'fagsys-nord',
 *   createdAt: '2026-11-26T08:00:00.000Z', expiresAt: null, revokedAt: null, lastUsedAt: null });
 */
export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string().check(z.maxLength(120)),
  role: KeyRoleSchema,
  /** Required for `vendor` keys; optional for `admin` keys (whose changes are then signed `admin`). */
  vendor: z.nullable(SlugSchema),
  createdAt: TimestampSchema,
  expiresAt: z.nullable(TimestampSchema),
  revokedAt: z.nullable(TimestampSchema),
  lastUsedAt: z.nullable(TimestampSchema),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;
