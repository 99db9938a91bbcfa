import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CheckpointSchema, LogPublicKeySchema, type Checkpoint } from '@kdi-status/sdk';
import { checkpointSignatureValid } from '../read/verify-log.js';
import type { Store } from '../store/store.js';
import { publicKeyView } from '../write/signing-key.js';
import { UsageError } from './args.js';

/** Why a kept checkpoint does not hold. */
export type KeptCheckpointReason = 'key_replaced' | 'checkpoint_signature' | 'event_missing' | 'missing_hash' | 'hash_mismatch';

/** The outcome of holding the log to a checkpoint someone kept. */
export interface KeptCheckpointResult {
  ok: boolean;
  seq: number;
  /** The hash the kept checkpoint names. */
  hash: string;
  keyId: string;
  /** The hash the log has at `seq` now (null: none, or not asked because the checkpoint was refused first). */
  current: string | null;
  failure: { reason: KeptCheckpointReason; message: string } | null;
}

/** Where the key and the hashes come from: a running server (no key needed) or the database. */
export interface CheckpointSource {
  /** Where, in words: "the server" or "the database". */
  name: string;
  /** The key to check the checkpoint with, or undefined when there is none under `keyId`; `keyId` is computed from the key, not taken on trust. */
  key(keyId: string): Promise<{ keyId: string; key: KeyObject } | undefined>;
  /** The stored hash of event `seq` (null: it has none); undefined when there is no such event. */
  eventHash(seq: number): Promise<string | null | undefined>;
}

/**
 * Reads a kept checkpoint (the JSON of `GET /api/v1/log/checkpoints/latest`) from a file.
 *
 * @example
 * const checkpoint = await readKeptCheckpoint('checkpoint-2026-12-03.json');
 */
export async function readKeptCheckpoint(file: string): Promise<Checkpoint> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not a JSON checkpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = CheckpointSchema.safeParse(value);
  if (!parsed.success) {
    const shown = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(document)'}: ${issue.message}`);
    throw new Error(`${file} is not a checkpoint { seq, hash, at, keyId, signature }: ${shown.join('; ')}`);
  }
  return parsed.data;
}

/**
 * The published key and hashes of a running server, over plain HTTP (public routes: no API key).
 *
 * @example
 * const source = serverSource('https://status.example', fetch);
 */
export function serverSource(baseUrl: string, fetchFn: typeof fetch = fetch): CheckpointSource {
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol))
    throw new UsageError(`--server must be an http(s) URL (got "${baseUrl}")`);
  const url = (path: string) => new URL(`/api/v1/log/${path}`, baseUrl).toString();
  const answer = async (path: string) => {
    const res = await fetchFn(url(path), { headers: { accept: 'application/json' } });
    return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
  };
  return {
    name: 'the server',
    async key() {
      const { status, body } = await answer('public-key');
      if (status !== 200) throw new Error(`${url('public-key')} answered HTTP ${status}: the server publishes no key`);
      const published = LogPublicKeySchema.parse(body);
      const key = createPublicKey(published.publicKeyPem);
      return { keyId: publicKeyView(key).keyId, key };
    },
    async eventHash(seq) {
      const { status, body } = await answer(`events/${seq}/hash`);
      if (status === 404) return undefined;
      if (status !== 200) throw new Error(`${url(`events/${seq}/hash`)} answered HTTP ${status}`);
      return (body as { hash: string | null }).hash;
    },
  };
}

/**
 * The database's own record: the public key recorded under the checkpoint's key id (its id
 * recomputed from the key), and the stored hashes.
 *
 * @example
 * const source = databaseSource(store);
 */
export function databaseSource(store: Store): CheckpointSource {
  return {
    name: 'the database',
    async key(keyId) {
      for (const recorded of await store.logKeys()) {
        if (recorded.keyId !== keyId) continue;
        const key = createPublicKey(recorded.publicKey);
        return { keyId: publicKeyView(key).keyId, key };
      }
      return undefined;
    },
    eventHash: (seq) => store.eventHash(seq),
  };
}

/**
 * Holds the log to a checkpoint someone kept: its signature must hold under the key `source`
 * signs with now (a different key id is refused: the key may have been replaced), and the log
 * must still have the checkpoint's hash at its sequence number (docs/adr/0021-tamper-evident-log.md).
 *
 * @example
 * const result = await holdToCheckpoint(await readKeptCheckpoint(file), serverSource(url));
 * if (!result.ok) console.error(result.failure.message);
 */
export async function holdToCheckpoint(checkpoint: Checkpoint, source: CheckpointSource): Promise<KeptCheckpointResult> {
  const { seq, hash, keyId } = checkpoint;
  const outcome = (current: string | null, reason?: KeptCheckpointReason, message?: string): KeptCheckpointResult => ({
    ok: reason === undefined,
    seq,
    hash,
    keyId,
    current,
    failure: reason ? { reason, message: message! } : null,
  });
  const key = await source.key(keyId);
  if (!key || key.keyId !== keyId)
    return outcome(
      null,
      'key_replaced',
      key
        ? `The checkpoint is signed by key ${keyId}, but ${source.name} signs with key ${key.keyId} now: the key may have been replaced. Ask the operator why, and for the public key ${keyId}.`
        : `The checkpoint is signed by key ${keyId}, which ${source.name} does not know: the key may have been replaced.`,
    );
  if (!checkpointSignatureValid(checkpoint, key.key))
    return outcome(
      null,
      'checkpoint_signature',
      `The checkpoint's signature does not hold under key ${keyId}: it was not signed so (the file was changed, or forged).`,
    );
  const current = await source.eventHash(seq);
  if (current === undefined)
    return outcome(
      null,
      'event_missing',
      `There is no event ${seq} in ${source.name}: events were removed from the log since the checkpoint.`,
    );
  if (current === null) return outcome(null, 'missing_hash', `Event ${seq} has no stored hash in ${source.name}: the log was changed.`);
  if (current !== hash)
    return outcome(
      current,
      'hash_mismatch',
      `Event ${seq} has hash ${current} in ${source.name}, but the checkpoint says ${hash}: the log was rewritten at or before event ${seq}.`,
    );
  return outcome(current);
}
