import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { T0 } from '../test-support/fixtures.js';
import { vendor } from '../test-support/write-context.js';
import { generateKey, keyRejection, keyActor, parseToken, type NewKey } from './api-keys.js';
import { InvalidInputError } from './errors.js';

// Given these vendors and this time, when a key is made or presented, then this key or this answer.

const NOW = new Date(T0);
const vendors = [vendor('fagsys-nord'), vendor('infra-drift')];
const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

/** A refused key: a 400 `invalid_key` naming each field at fault. */
function refusedOn(...fields: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `expected InvalidInputError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid_key');
    assert.deepEqual(
      error.errors?.map((e) => e.field),
      fields,
    );
    return true;
  };
}

const make = (request: NewKey, now = NOW) => generateKey(request, vendors, now);

describe('generateKey', () => {
  it('makes a token shaped kdi_<id>_<secret> whose id is the stored key, with the details given', () => {
    const { token, stored } = make({ role: 'vendor', vendor: 'fagsys-nord', name: 'Servicedesk Nord', expiresAt: inHours(24) });

    assert.match(token, /^kdi_k_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.equal(parseToken(token)?.id, stored.id);
    const { secretHash: _hash, ...key } = stored;
    assert.deepEqual(key, {
      id: stored.id,
      name: 'Servicedesk Nord',
      role: 'vendor',
      vendor: 'fagsys-nord',
      createdAt: T0,
      expiresAt: inHours(24),
      revokedAt: null,
      lastUsedAt: null,
    });
  });

  it('makes an admin key without a vendor, a name or an expiry', () => {
    const { stored } = make({ role: 'admin' });
    assert.equal(stored.role, 'admin');
    assert.equal(stored.vendor, null);
    assert.equal(stored.name, '');
    assert.equal(stored.expiresAt, null);
  });

  it('stores only a hash of the secret, and the token verifies against it', () => {
    const { token, stored } = make({ role: 'admin' });
    const { secret } = parseToken(token)!;

    assert.ok(!JSON.stringify(stored).includes(secret), 'the secret is not stored');
    assert.notEqual(stored.secretHash, secret);
    assert.equal(keyRejection(stored, secret, NOW), null);
  });

  it('makes a new id and secret each time', () => {
    const first = parseToken(make({ role: 'admin' }).token)!;
    const second = parseToken(make({ role: 'admin' }).token)!;
    assert.notEqual(first.id, second.id);
    assert.notEqual(first.secret, second.secret);
  });

  it('refuses a vendor key that names no vendor, or one that does not exist, on the field vendor', () => {
    assert.throws(() => make({ role: 'vendor' }), refusedOn('vendor'));
    assert.throws(() => make({ role: 'vendor', vendor: 'nope' }), refusedOn('vendor'));
  });

  it('refuses an admin key acting for a vendor that does not exist, and accepts one that does', () => {
    assert.throws(() => make({ role: 'admin', vendor: 'nope' }), refusedOn('vendor'));
    assert.equal(make({ role: 'admin', vendor: 'infra-drift' }).stored.vendor, 'infra-drift');
  });

  it('refuses an empty vendor, which is no vendor id (it would store a key its own schema rejects)', () => {
    assert.throws(() => make({ role: 'admin', vendor: '' }), refusedOn('vendor'));
    assert.throws(() => make({ role: 'vendor', vendor: '' }), refusedOn('vendor'));
  });

  it('refuses an expiry that is not in the future (now included), on the field expiresAt', () => {
    assert.throws(() => make({ role: 'admin', expiresAt: inHours(-1) }), refusedOn('expiresAt'));
    assert.throws(() => make({ role: 'admin', expiresAt: T0 }), refusedOn('expiresAt'));
  });

  it('names every field at fault at once', () => {
    assert.throws(() => make({ role: 'vendor', vendor: 'nope', expiresAt: inHours(-1) }), refusedOn('vendor', 'expiresAt'));
  });
});

describe('parseToken', () => {
  const secret = 'A'.repeat(43);

  it('splits one of our tokens into the key id and the secret', () => {
    assert.deepEqual(parseToken(`kdi_k_3f9a1c2b4d5e_${secret}`), { id: 'k_3f9a1c2b4d5e', secret });
    assert.deepEqual(parseToken(`kdi_k_000000000000_${'a_-Z9'.repeat(8)}abc`), { id: 'k_000000000000', secret: `${'a_-Z9'.repeat(8)}abc` });
  });

  it('answers null for anything not shaped like one of our tokens', () => {
    for (const token of [
      '',
      'abc',
      `Bearer kdi_k_3f9a1c2b4d5e_${secret}`,
      `xyz_k_3f9a1c2b4d5e_${secret}`,
      `kdi_3f9a1c2b4d5e_${secret}`,
      `kdi_k_3F9A1C2B4D5E_${secret}`,
      `kdi_k_3f9a1c2b4d5_${secret}`,
      `kdi_k_3f9a1c2b4d5e_${secret.slice(1)}`,
      `kdi_k_3f9a1c2b4d5e_${secret}A`,
      `kdi_k_3f9a1c2b4d5e_${secret.slice(1)}=`,
      `kdi_k_3f9a1c2b4d5e_${secret} `,
    ]) {
      assert.equal(parseToken(token), null, JSON.stringify(token));
    }
  });
});

describe('keyRejection', () => {
  const issued = () => {
    const { token, stored } = make({ role: 'vendor', vendor: 'fagsys-nord', expiresAt: inHours(24) });
    return { stored, secret: parseToken(token)!.secret };
  };

  it('accepts a valid key until just before it expires', () => {
    const { stored, secret } = issued();
    assert.equal(keyRejection(stored, secret, NOW), null);
    assert.equal(keyRejection(stored, secret, new Date(Date.parse(inHours(24)) - 1)), null);
  });

  it('rejects an unknown key', () => {
    assert.equal(keyRejection(undefined, issued().secret, NOW), 'unknown key');
  });

  it('rejects a wrong secret, also for a revoked or expired key (it tells nothing more without the secret)', () => {
    const { stored, secret } = issued();
    const other = issued().secret;
    assert.equal(keyRejection(stored, other, NOW), 'wrong secret');
    assert.equal(keyRejection(stored, secret.slice(0, -1), NOW), 'wrong secret');
    assert.equal(keyRejection({ ...stored, revokedAt: T0 }, other, NOW), 'wrong secret');
    assert.equal(keyRejection(stored, other, new Date(inHours(48))), 'wrong secret');
  });

  it('rejects a revoked key', () => {
    const { stored, secret } = issued();
    assert.equal(keyRejection({ ...stored, revokedAt: T0 }, secret, NOW), 'the key was revoked');
  });

  it('rejects an expired key from the instant it expires', () => {
    const { stored, secret } = issued();
    assert.equal(keyRejection(stored, secret, new Date(inHours(24))), 'the key has expired');
    assert.equal(keyRejection(stored, secret, new Date(inHours(48))), 'the key has expired');
  });
});

describe('keyActor', () => {
  it("signs a key's changes with its id and vendor", () => {
    const { stored } = make({ role: 'vendor', vendor: 'fagsys-nord' });
    assert.deepEqual(keyActor(stored), { type: 'key', id: stored.id, vendor: 'fagsys-nord' });
    const admin = make({ role: 'admin' }).stored;
    assert.deepEqual(keyActor(admin), { type: 'key', id: admin.id, vendor: null });
  });
});
