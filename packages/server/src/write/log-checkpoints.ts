import { checkpointMessage, type Checkpoint } from '@kdi-status/sdk';
import { ConflictError } from '../domain/errors.js';
import { verifyLog } from '../read/verify-log.js';
import type { Store } from '../store/store.js';
import type { LogSigner } from './signing-key.js';

/** What making a checkpoint gave: a new one, the latest when the log did not grow, or none for an empty log. */
export type CheckpointOutcome = { checkpoint: Checkpoint; created: boolean } | null;

/**
 * Signs a checkpoint of the log's last event, unless the latest checkpoint already covers it (the
 * log did not grow: that one is answered). The log is verified first; a log that does not verify
 * is not signed (409 `log_not_verified`). Of instances making one at once, one stores it and all
 * answer the stored one.
 *
 * @example
 * const outcome = await makeCheckpoint(store, signer, new Date());
 */
export async function makeCheckpoint(store: Store, signer: LogSigner, now: Date): Promise<CheckpointOutcome> {
  const [latest] = await store.checkpoints({ limit: 1 });
  const head = await store.chainHead();
  if (!head) return null;
  if (latest && latest.seq >= head.seq) return { checkpoint: latest, created: false };
  const verification = await verifyLog(store);
  // A log that does not verify is not signed: that would vouch for a rewritten log (409).
  const { failure } = verification;
  if (failure)
    throw new ConflictError(
      'log_not_verified',
      `The event log does not verify at sequence ${failure.seq} (${failure.reason}): no checkpoint is signed. ${failure.message}`,
    );
  // The head as verified: a commit since then gets the next checkpoint.
  const seq = verification.lastSeq;
  const hash = verification.lastHash!;
  const unsigned = { seq, hash, at: now.toISOString(), keyId: signer.publicKey.keyId };
  const checkpoint: Checkpoint = { ...unsigned, signature: signer.sign(checkpointMessage(unsigned)) };
  if (await store.saveCheckpoint(checkpoint)) return { checkpoint, created: true };
  const [stored] = await store.checkpoints({ limit: 1, beforeSeq: seq + 1 });
  return { checkpoint: stored ?? checkpoint, created: false };
}

/**
 * Makes a checkpoint every `intervalMs` while the log grows: the first when the latest is that
 * old (with none, when the first event is), then every interval. Failures are logged, not thrown: the next
 * tick tries again. The timer is unref'd; `stop` ends it.
 *
 * @example
 * const timer = startCheckpointTimer({ store, signer, now, intervalMs: 24 * 3_600_000 });
 * await timer.stop();
 */
export function startCheckpointTimer(options: { store: Store; signer: LogSigner; now: () => Date; intervalMs: number }): {
  stop(): Promise<void>;
} {
  const { store, signer, now, intervalMs } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => (running = tick()), Math.max(0, Math.min(delay, 2 ** 31 - 1)));
    timer.unref();
  };
  async function tick(): Promise<void> {
    if (stopped) return;
    try {
      await makeCheckpoint(store, signer, now());
    } catch (error) {
      console.error('checkpoint failed', error instanceof Error ? error.message : error);
    }
    schedule(intervalMs);
  }
  void (async () => {
    try {
      // Due an interval after the latest checkpoint, or after the first event when there is none:
      // from what the database holds, so restarts do not put it off.
      const [latest] = await store.checkpoints({ limit: 1 });
      const since = latest?.at ?? (await store.eventRows(0, 1))[0]?.at;
      schedule(since ? Date.parse(since) + intervalMs - now().getTime() : intervalMs);
    } catch {
      schedule(intervalMs);
    }
  })();
  return {
    /** Ends the timer; resolves when a checkpoint being made is done (the store may close then). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
