import { z } from 'zod/mini';
import { LogHashSchema } from './log.js';

/**
 * Why a sequence number of the log does not verify: its hash is not what its content and the
 * previous hash give, a sequence number is missing, a row has no hash; or a checkpoint does not
 * match the chain, is not signed by a known key, or names an event the log no longer has.
 */
export const LOG_FAILURE_REASONS = [
  'hash_mismatch',
  'seq_gap',
  'missing_hash',
  'checkpoint_mismatch',
  'checkpoint_signature',
  'checkpoint_unknown_key',
  'checkpoint_beyond_log',
] as const;
export const LogFailureReasonSchema = z.enum(LOG_FAILURE_REASONS);
export type LogFailureReason = z.infer<typeof LogFailureReasonSchema>;

/**
 * What `kdi-status verify` and `GET /api/v1/admin/log/verify` answer: whether the whole log and
 * every stored checkpoint verify, and if not, the first sequence number that does not, and why.
 *
 * @example
 * const result = LogVerificationSchema.parse(await admin.verifyLog());
 * if (!result.ok) console.log(`seq ${result.failure.seq}: ${result.failure.reason}`);
 */
export const LogVerificationSchema = z.object({
  ok: z.boolean(),
  /** Events checked. */
  events: z.int().check(z.nonnegative()),
  /** The last event's sequence number and hash (0 and null for an empty log). */
  lastSeq: z.int().check(z.nonnegative()),
  lastHash: z.nullable(LogHashSchema),
  /** Checkpoints checked. */
  checkpoints: z.int().check(z.nonnegative()),
  failure: z.nullable(z.object({ seq: z.int(), reason: LogFailureReasonSchema, message: z.string() })),
});
export type LogVerification = z.infer<typeof LogVerificationSchema>;
