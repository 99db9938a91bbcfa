import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, Vendor } from '@kdi-status/sdk';
import type { ApiKey, KeyRole } from '@kdi-status/sdk/admin';
import type { StoredKey } from '@kdi-status/sdk/export';
import { InvalidInputError } from './errors.js';

/** A token is `kdi_<key id>_<secret>`: the id finds the key, the secret proves it. */
const TOKEN = /^kdi_(k_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export interface NewKey {
  role: KeyRole;
  vendor?: string | null | undefined;
  name?: string | undefined;
  expiresAt?: string | null | undefined;
}

/**
 * Makes a new API key: the token to show once, and what to store (only the secret's hash).
 * A vendor key must name an existing vendor.
 *
 * @example
 * const { token, stored } = generateKey({ role: 'vendor', vendor: 'fagsys-nord' }, vendors, new Date());
 * await store.saveKey(stored, actor, now.toISOString());
 * console.log(token); // kdi_k_3f9a1c2b4d5e_…
 */
export function generateKey(request: NewKey, vendors: readonly Vendor[], now: Date): { token: string; stored: StoredKey } {
  const errors = [];
  // An empty vendor is no vendor: for a vendor key that is missing, for an admin key an unknown one.
  if (request.role === 'vendor' && !request.vendor) errors.push({ field: 'vendor', message: 'a vendor key must name its vendor' });
  else if (request.vendor != null && !vendors.some((v) => v.id === request.vendor)) {
    errors.push({ field: 'vendor', message: `unknown vendor "${request.vendor}"` });
  }
  if (request.expiresAt && Date.parse(request.expiresAt) <= now.getTime())
    errors.push({ field: 'expiresAt', message: 'must be in the future' });
  if (errors.length) throw new InvalidInputError('invalid_key', errors);

  const id = `k_${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  return {
    token: `kdi_${id}_${secret}`,
    stored: {
      id,
      name: request.name ?? '',
      role: request.role,
      vendor: request.vendor ?? null,
      createdAt: now.toISOString(),
      expiresAt: request.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
      secretHash: hashSecret(secret),
    },
  };
}

/**
 * Splits a bearer token into key id and secret; null when it is not shaped like one of ours.
 *
 * @example
 * parseToken('kdi_k_3f9a1c2b4d5e_…')?.id; // 'k_3f9a1c2b4d5e'
 */
export function parseToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** Why a key cannot be used, or null when it can. Compares the secret's hash in constant time. */
export function keyRejection(key: StoredKey | undefined, secret: string, now: Date): string | null {
  if (!key) return 'unknown key';
  const given = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(key.secretHash);
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return 'wrong secret';
  if (key.revokedAt) return 'the key was revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'the key has expired';
  return null;
}

/**
 * Who is acting, for the event log, when a key makes a change.
 *
 * @example
 * keyActor(key); // { type: 'key', id: 'k_3f9a1c2b4d5e', vendor: 'fagsys-nord' }
 */
export function keyActor(key: ApiKey): Actor {
  return { type: 'key', id: key.id, vendor: key.vendor };
}
