import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { LogPublicKey } from '@kdi-status/sdk';
import type { Store } from '../store/store.js';

/** What `SIGNING_KEY` must be, said when it is not. */
export const SIGNING_KEY_FORMS = 'must be an Ed25519 private key: PKCS#8 PEM, or its DER in base64';

/**
 * The Ed25519 private key of `SIGNING_KEY`: a PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, newlines
 * as they are or written `\n`) or the same key's DER in base64. Throws `SIGNING_KEY_FORMS` for
 * anything else (another algorithm, a public key, garbage).
 *
 * @example
 * const key = parseSigningKey(process.env.SIGNING_KEY!);
 */
export function parseSigningKey(value: string): KeyObject {
  const text = value.trim();
  let key: KeyObject;
  try {
    key = text.startsWith('-----BEGIN')
      ? createPrivateKey({ key: text.replace(/\\n/g, '\n'), format: 'pem' })
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error(SIGNING_KEY_FORMS);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(SIGNING_KEY_FORMS);
  return key;
}

/** The raw 32-byte Ed25519 public key. */
const rawPublicKey = (publicKey: KeyObject) => Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');

/**
 * What the server publishes of its key (`GET /api/v1/log/public-key`): the key id (the first 16
 * hex digits of the SHA-256 of the raw key), SPKI PEM and the raw key in base64.
 *
 * @example
 * publicKeyView(createPublicKey(privateKey)).keyId; // '3f2a9c…'
 */
export function publicKeyView(publicKey: KeyObject): LogPublicKey {
  const raw = rawPublicKey(publicKey);
  return {
    keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16),
    algorithm: 'Ed25519',
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKey: raw.toString('base64'),
  };
}

/** The server's checkpoint signer: its published key and a signature (base64) of a message. */
export interface LogSigner {
  publicKey: LogPublicKey;
  sign(message: string): string;
}

/**
 * The signer of this server: the configured key (`SIGNING_KEY`), or else the key generated on the
 * first start and kept in the database — instances starting at once agree on one (the store keeps
 * the first stored). Its public key is recorded, so checkpoints it signs can be checked after the
 * key changes.
 *
 * @example
 * const signer = await createLogSigner(store, config.app.signingKey, new Date());
 * signer.sign(checkpointMessage(checkpoint));
 */
export async function createLogSigner(store: Store, configured: KeyObject | undefined, now: Date): Promise<LogSigner> {
  let privateKey = configured;
  if (!privateKey) {
    const candidate = generateKeyPairSync('ed25519');
    const stored = await store.generatedSigningKey({
      keyId: publicKeyView(candidate.publicKey).keyId,
      privateKey: candidate.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicKey: candidate.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      createdAt: now.toISOString(),
    });
    privateKey = createPrivateKey(stored.privateKey);
  }
  const publicKey = publicKeyView(createPublicKey(privateKey));
  await store.saveLogKey({ keyId: publicKey.keyId, publicKey: publicKey.publicKeyPem, createdAt: now.toISOString() });
  const key = privateKey;
  return { publicKey, sign: (message) => sign(null, Buffer.from(message, 'utf8'), key).toString('base64') };
}
