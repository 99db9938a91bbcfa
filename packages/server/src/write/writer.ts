import type { Incident, Maintenance } from '@kdi-status/sdk';
import type { ApiKey } from '@kdi-status/sdk/admin';
import { keyActor } from '../domain/api-keys.js';
import type { Decision } from '../domain/decision.js';
import { ConflictError } from '../domain/errors.js';
import { noticesFor, noticeSubjects } from '../domain/notices.js';
import { writeContext, type WriteContext } from '../domain/write-context.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { NoticeDraft } from '../store/notification-store.js';
import type { Change, IdempotentResponse, Store } from '../store/store.js';
import type { Idempotency } from './idempotency.js';

export type WriteOutcome<T> = { result: T; replayed: false } | { result: unknown; replayed: true; status: number };

/**
 * Runs write commands one at a time (in this process, and across processes through
 * `store.exclusive`): load the current landscape from the store, let a domain command decide
 * (loading the records it changes through its context), commit its changes with their events,
 * refresh the read model. One at a time, so two writes never decide on the same stale state.
 * The notices a change causes (domain/notices.ts) are committed with it, in its transaction: the
 * outbox never misses an event and never holds one that was not committed.
 *
 * @example
 * const writer = createWriter({ store, readModel, now: () => new Date(), reminderLeadMs: 24 * 3_600_000 });
 * const { result } = await writer.run(principal, (ctx) => resolveIncident(ctx, id, body));
 */
export function createWriter(deps: { store: Store; readModel: ReadModelHolder; now: () => Date; reminderLeadMs: number }) {
  const { store, readModel, now, reminderLeadMs } = deps;
  let queue: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  /** The notices of `changes`, judged against the records as the store holds them before the commit. */
  async function notices(changes: readonly Change[], at: Date): Promise<NoticeDraft[]> {
    const { incidents, maintenances } = noticeSubjects(changes);
    if (incidents.length + maintenances.length === 0) return [];
    const before = new Map<string, Incident | Maintenance | undefined>();
    for (const id of new Set(incidents)) before.set(`incident:${id}`, await store.incident(id));
    for (const id of new Set(maintenances)) before.set(`maintenance:${id}`, await store.maintenance(id));
    const prefix = (change: Change) => (change.type === 'incident.changed' ? 'incident' : 'maintenance');
    return noticesFor(changes, (change) => before.get(`${prefix(change)}:${change.data.id}`), at, reminderLeadMs);
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
          const drafts = await notices(changes, at);
          let events;
          if (idempotency) {
            const response = { keyId: principal.id, ...idempotency, body: result };
            const committed = await store.commitIdempotent(changes, actor, at.toISOString(), response, drafts);
            if ('replay' in committed) return replay(committed.replay, idempotency);
            events = committed.events;
          } else {
            events = await store.commit(changes, actor, at.toISOString(), drafts);
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
          const events = await store.commit(changes, { type: 'system', id }, at.toISOString(), await notices(changes, at));
          await readModel.refreshTo(events.at(-1)!.seq);
          return changes.length;
        }),
      );
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;
