import {
  FINISHED_MAINTENANCE_STATUSES,
  type Actor,
  type ChangeEvent,
  type Checkpoint,
  type Component,
  type ContentItem,
  type ContentType,
  type EventChange,
  type Incident,
  type Maintenance,
  type Vendor,
} from '@kdi-status/sdk';
import type { ApiKey, AuditQuery } from '@kdi-status/sdk/admin';
import type { ExportDocument, ExportedLogKey, StoredKey } from '@kdi-status/sdk/export';
import type { HashedEventRow } from './event-chain.js';
import type { NoticeDraft, NotificationStore } from './notification-store.js';

/**
 * A change to apply: the entity as it becomes. The store writes it and appends it to the event
 * log, with a sequence number, the time and the actor, in one transaction.
 */
export type Change = EventChange;

/** What the read model is built from. */
export interface Snapshot {
  vendors: Vendor[];
  /** Every component, retired ones included (they keep their ids). */
  components: Component[];
  /** Unresolved incidents, and those resolved at or after `since`. */
  incidents: Incident[];
  /** Maintenance not yet over, and maintenance that ended (or was cancelled) at or after `since`. */
  maintenances: Maintenance[];
  /** The last event's sequence number (0 for an empty log) and time. */
  sequence: number;
  lastEventAt: string | null;
}

/** A page of incidents and the number of all that matched. */
export interface IncidentPage {
  incidents: Incident[];
  total: number;
}

/**
 * A retry-safe create: the response of the first request with this `Idempotency-Key` (per API key)
 * is stored with the change, in the same transaction, and replayed for every retry.
 */
export interface IdempotentResponse {
  keyId: string;
  key: string;
  /** Hash of method, path and body: the same key with another request is refused. */
  requestHash: string;
  status: number;
  body: unknown;
}

/**
 * The checkpoint signing key a server generated on its first start (no `SIGNING_KEY` given),
 * kept in its database: PKCS#8 and SPKI PEM.
 */
export interface StoredSigningKey {
  keyId: string;
  privateKey: string;
  publicKey: string;
  createdAt: string;
}

export type CommitResult = { events: ChangeEvent[] } | { replay: IdempotentResponse };

/**
 * Where the status data lives: SQLite (default) or PostgreSQL, behind this one interface and one
 * contract test suite. Every method is async so that a networked database can implement it.
 */
export interface Store extends NotificationStore {
  /** Brings the schema up to date; safe to call on every start. */
  migrate(): Promise<void>;
  /** Everything the read model needs, read consistently. */
  snapshot(options: { since: string }): Promise<Snapshot>;
  incident(id: string): Promise<Incident | undefined>;
  maintenance(id: string): Promise<Maintenance | undefined>;
  contentItem(id: string): Promise<ContentItem | undefined>;
  /**
   * Incidents open at some time in the period [`from`, `until`) (ISO times): started before
   * `until` and not resolved before `from`, newest start first (the history page's month).
   */
  incidentsDuring(period: { from: string; until: string }): Promise<Incident[]>;
  /**
   * Finished maintenance (completed or cancelled), the latest end first, `offset` skipped, at most
   * `limit` (the maintenance page's past windows, paged).
   */
  finishedMaintenances(page: { limit: number; offset: number }): Promise<Maintenance[]>;
  /** Content items, newest `date` first. */
  contentItems(filter: { componentId?: string; type?: ContentType }): Promise<ContentItem[]>;
  /**
   * One page of the incidents that affect any of `componentIds` (resolved or not), latest
   * `startedAt` first (then by id), and how many there are in all: a fagløsning's paged history.
   */
  incidentsOfComponent(componentIds: readonly string[], page: { limit: number; offset: number }): Promise<IncidentPage>;
  /**
   * The incidents (resolved or not) whose link to an upstream incident is disputed
   * (`causedBy.state` `disputed`), the oldest dispute first (then by id): KOMBIT's list to settle.
   */
  disputedIncidents(): Promise<Incident[]>;

  /**
   * Applies the changes and appends one event each, and writes `notices` (each names the change
   * whose event causes it) to the outbox, atomically. Returns the events.
   */
  commit(changes: readonly Change[], actor: Actor, at: string, notices?: readonly NoticeDraft[]): Promise<ChangeEvent[]>;
  /**
   * Like commit, and stores `response` under its idempotency key in the same transaction. If a
   * response is already stored under that key, nothing is written and it is returned instead.
   */
  commitIdempotent(
    changes: readonly Change[],
    actor: Actor,
    at: string,
    response: IdempotentResponse,
    notices?: readonly NoticeDraft[],
  ): Promise<CommitResult>;
  /** A response stored under an idempotency key, if any, younger than 24 hours at `at` (default: now). */
  idempotentResponse(keyId: string, key: string, at?: string): Promise<IdempotentResponse | undefined>;
  /**
   * Like commit, but only while the database has no component yet: for the first-start seed. Keys
   * made with the CLI before the first start do not count. Decided inside the write transaction,
   * so of several instances starting at once exactly one seeds.
   */
  commitIfNoComponents(changes: readonly Change[], actor: Actor, at: string): Promise<ChangeEvent[] | null>;

  /** Events with a sequence number above `afterSeq`, in order, at most `limit`. */
  eventsAfter(afterSeq: number, limit: number): Promise<ChangeEvent[]>;
  /** The audit trail: events matching every filter given, oldest first, at most `limit` (default 100). */
  audit(query: AuditQuery): Promise<ChangeEvent[]>;

  /**
   * The event log's rows exactly as stored, with their chain hashes: sequence numbers above
   * `afterSeq`, in order, at most `limit` (verify walks them; docs/adr/0021-tamper-evident-log.md).
   */
  eventRows(afterSeq: number, limit: number): Promise<HashedEventRow[]>;
  /** The last event's sequence number and stored hash; null for an empty log. */
  chainHead(): Promise<{ seq: number; hash: string | null } | null>;
  /** The stored hash of event `seq` (null: it has none); undefined when there is no such event. */
  eventHash(seq: number): Promise<string | null | undefined>;
  /**
   * The signing key generated on first start: `candidate` is stored unless a key already is, and
   * the stored one is returned, so instances starting at once agree on one key.
   */
  generatedSigningKey(candidate: StoredSigningKey): Promise<StoredSigningKey>;
  /** Records a public key that signs checkpoints; one already recorded under its id is kept. */
  saveLogKey(key: ExportedLogKey): Promise<void>;
  /** Every public key that signed (or signs) checkpoints, oldest first. */
  logKeys(): Promise<ExportedLogKey[]>;
  /** Stores a checkpoint unless one for its sequence number exists; true when it was stored. */
  saveCheckpoint(checkpoint: Checkpoint): Promise<boolean>;
  /** Checkpoints below `beforeSeq` (default: all), the highest sequence number first, at most `limit`. */
  checkpoints(page: { limit: number; beforeSeq?: number }): Promise<Checkpoint[]>;

  /** Creates or changes an API key (e.g. revokes it) and appends a `key.changed` event without the hash. */
  saveKey(key: StoredKey, actor: Actor, at: string): Promise<ChangeEvent>;
  key(id: string): Promise<StoredKey | undefined>;
  keys(): Promise<ApiKey[]>;
  /** Records when a key was last used. Not an audited change: no event. */
  touchKey(id: string, at: string): Promise<void>;

  /** The whole state, keys (hashed) and event log included. */
  exportState(at: string): Promise<ExportDocument>;
  /** Loads an export into an empty database, events with their original sequence numbers. */
  importState(doc: ExportDocument): Promise<void>;

  /**
   * Runs `work` while no other writer runs — in this process and in every other process sharing
   * the database (PostgreSQL: an advisory lock) — so read-decide-commit stays consistent when
   * several instances write.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Calls `listener` with the last sequence number after every commit that appended events, by
   * this process or any other sharing the database (PostgreSQL: LISTEN/NOTIFY; SQLite: the file's
   * `data_version`, polled). Returns a function that unsubscribes. Listeners must not throw.
   */
  onCommit(listener: (seq: number) => void): () => void;

  close(): Promise<void>;
}

/**
 * The statuses of finished maintenance as an SQL list (`'completed', 'cancelled'`), made from the
 * SDK's one definition, for the snapshot query of every store. The values are constants of ours,
 * never input.
 */
export const FINISHED_MAINTENANCE_SQL = FINISHED_MAINTENANCE_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The database cannot be used just now: PostgreSQL is down, restarting or unreachable, or the disk
 * under SQLite is full or read-only. Nothing was written; the same request may succeed later
 * (the HTTP layer answers 503 with `Retry-After: retryAfterSeconds`). Every other error of a store
 * is a bug or bad data, not this.
 *
 * @example
 * if (error instanceof StoreUnavailableError) reply.header('retry-after', String(error.retryAfterSeconds));
 */
export class StoreUnavailableError extends Error {
  readonly code = 'database_unavailable';
  readonly retryAfterSeconds = 5;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * The store with every rejection that `unavailable` recognizes (it returns why, or undefined)
 * turned into a `StoreUnavailableError`; other errors, a domain error thrown inside `exclusive`
 * among them, pass unchanged. Each implementation knows its own driver's errors.
 *
 * @example
 * return guardUnavailable(store, (error) => (isConnectionError(error) ? 'PostgreSQL is not reachable' : undefined));
 */
export function guardUnavailable(store: Store, unavailable: (error: unknown) => string | undefined): Store {
  const translate = (error: unknown) => {
    if (error instanceof StoreUnavailableError) return error;
    const why = unavailable(error);
    return why === undefined ? error : new StoreUnavailableError(why, { cause: error });
  };
  const guarded: Record<string, unknown> = { ...store };
  for (const [name, method] of Object.entries(store) as [keyof Store, (...args: unknown[]) => unknown][]) {
    if (name === 'onCommit') continue;
    guarded[name] = (...args: unknown[]) =>
      (method(...args) as Promise<unknown>).catch((error: unknown) => {
        throw translate(error);
      });
  }
  return guarded as unknown as Store;
}
