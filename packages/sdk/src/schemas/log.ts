import { z } from 'zod/mini';
import { TimestampSchema } from './primitives.js';

/** A SHA-256 as 64 lowercase hex digits: an event's hash in the log's chain. */
export const LogHashSchema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lowercase hex (64 digits)'));

/**
 * A signed checkpoint of the event log: the server says, with its Ed25519 key `keyId`, that the
 * event `seq` has the chain hash `hash`. Anyone who kept one can later hold the server to it: the
 * log must still have that hash at that sequence. The signature (base64) is over
 * `checkpointMessage(checkpoint)`; see docs/adr/0021-tamper-evident-log.md.
 *
 * @example
 * const checkpoint = CheckpointSchema.parse(await (await fetch('/api/v1/log/checkpoints/latest')).json());
 */
export const CheckpointSchema = z.object({
  seq: z.int().check(z.positive()),
  hash: LogHashSchema,
  /** When the checkpoint was made. */
  at: TimestampSchema,
  keyId: z.string(),
  signature: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/**
 * The checkpoints, newest first; `next` is the `before` of the next (older) page, or null.
 *
 * @example
 * const { checkpoints } = CheckpointListSchema.parse(await res.json());
 */
export const CheckpointListSchema = z.object({
  checkpoints: z.array(CheckpointSchema),
  next: z.nullable(z.int()),
});
export type CheckpointList = z.infer<typeof CheckpointListSchema>;

/**
 * The key the server signs checkpoints with, published so anyone can check them: SPKI PEM and the
 * raw 32-byte Ed25519 public key in base64. `keyId` is the first 16 hex digits of the SHA-256 of
 * the raw key.
 *
 * @example
 * const key = crypto.createPublicKey(LogPublicKeySchema.parse(body).publicKeyPem);
 */
export const LogPublicKeySchema = z.object({
  keyId: z.string(),
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string(),
  publicKey: z.string(),
});
export type LogPublicKey = z.infer<typeof LogPublicKeySchema>;

/**
 * The exact text a checkpoint's signature is over (UTF-8): five lines, no newline at the end.
 *
 * @example
 * crypto.verify(null, Buffer.from(checkpointMessage(cp)), publicKey, Buffer.from(cp.signature, 'base64'));
 */
export function checkpointMessage(checkpoint: Pick<Checkpoint, 'seq' | 'hash' | 'at' | 'keyId'>): string {
  return ['kdi-status-checkpoint/v1', String(checkpoint.seq), checkpoint.hash, checkpoint.at, checkpoint.keyId].join('\n');
}

/**
 * Query of `GET /api/v1/log/checkpoints`: the checkpoints below sequence number `before` (default:
 * from the newest), at most `limit` (default 100).
 *
 * @example
 * CheckpointListQuerySchema.parse({ before: '120', limit: '10' }); // { before: 120, limit: 10 }
 */
export const CheckpointListQuerySchema = z.strictObject({
  before: z.optional(z.coerce.number().check(z.int(), z.positive())),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
});
export type CheckpointListQuery = z.input<typeof CheckpointListQuerySchema>;
