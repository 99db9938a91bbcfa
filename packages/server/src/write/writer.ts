import type { ApiKey } from '@kdi-status/sdk/admin';
import { keyActor } from '../domain/api-keys.js';
import type { Decision } from '../domain/decision.js';
import { ConflictError } from '../domain/errors.js';
import { writeContext, type WriteContext } from '../domain/write-context.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Change, IdempotentResponse, Store } from '../store/store.js';
import type { Idempotency } from './idempotency.js';

export type WriteOutcome<T> = { result: T; replayed: false } | { result: unknown; replayed: true; status: number };

/**
 * Runs write commands one at a time (in this process, and across processes through
 * `store.exclusive`): load the current landscape from the store, let a domain command decide
 * (loading the records it changes through its context), commit its changes with their events,
 * refresh the read model. One at a time, so two writes never decide on the same stale state.
 *
 * @example
 * const writer = createWriter({ store, readModel, now: () => new Date() });
 * const { result } = await writer.run(principal, (ctx) => resolveIncident(ctx, id, body));
 */
export function createWriter(deps: { store: Store; readModel: ReadModelHolder; now: () => Date }) {
  const { store, readModel, now } = deps;
  let queue: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  function replay(stored: IdempotentResponse, idempotency: Idempotency): WriteOutcome<never> {
    if (stored.requestHash !== idempotency.requestHash) {
      throw new ConflictError('idempotency_key_reused', `Idempotency-Key "${idempotency.key}" was used for a different request.`);
    }
    return { result: stored.body, replayed: true, status: stored.status };
  }

  return {
    /** Applies one decision by `principal` (an API key). With `idempotency`, a repeat returns the first answer. */
    run<T>(
      principal: ApiKey,
      decide: (ctx: WriteContext) => Promise<Decision<T>> | Decision<T>,
      idempotency?: Idempotency,
    ): Promise<WriteOutcome<T>> {
      const actor = keyActor(principal);
      return serialized(() =>
        store.exclusive(async () => {
          const at = now();
          if (idempotency) {
            const stored = await store.idempotentResponse(principal.id, idempotency.key, at.toISOString());
            if (stored) return replay(stored, idempotency);
          }
          const snapshot = await store.snapshot({ since: at.toISOString() });
          const { changes, result } = await decide(writeContext(principal, at, snapshot, store));
          let events;
          if (idempotency) {
            const committed = await store.commitIdempotent(changes, actor, at.toISOString(), {
              keyId: principal.id,
              ...idempotency,
              body: result,
            });
            if ('replay' in committed) return replay(committed.replay, idempotency);
            events = committed.events;
          } else {
            events = await store.commit(changes, actor, at.toISOString());
          }
          // Answer only once reads show the change (read your own write).
          if (events.length) await readModel.refreshTo(events.at(-1)!.seq);
          return { result, replayed: false } as const;
        }),
      );
    },

    /** Commits changes the system decides (the maintenance clock), under the same one-at-a-time rule. */
    system(id: string, decide: (at: Date) => Promise<readonly Change[]>): Promise<number> {
      return serialized(() =>
        store.exclusive(async () => {
          const at = now();
          const changes = await decide(at);
          if (changes.length === 0) return 0;
          const events = await store.commit(changes, { type: 'system', id }, at.toISOString());
          await readModel.refreshTo(events.at(-1)!.seq);
          return changes.length;
        }),
      );
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;
