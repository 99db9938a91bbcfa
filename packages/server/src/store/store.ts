import type { Actor, ChangeEvent, Component, Incident, Maintenance, Vendor } from '@kdi-status/sdk';

/**
 * A change to apply: the entity as it becomes. The store writes it and appends it to the event
 * log, with a sequence number, the time and the actor, in one transaction.
 */
export type Change = ChangeEvent extends infer E ? (E extends ChangeEvent ? Omit<E, 'seq' | 'at' | 'actor'> : never) : never;

/** What the read model is built from. */
export interface Snapshot {
  vendors: Vendor[];
  components: Component[];
  /** Unresolved incidents, and those resolved at or after `since`. */
  incidents: Incident[];
  /** Maintenance not yet over, and maintenance that ended (or was cancelled) at or after `since`. */
  maintenances: Maintenance[];
  /** The last event's sequence number (0 for an empty log) and time. */
  sequence: number;
  lastEventAt: string | null;
}

/**
 * Where the status data lives: SQLite (default) or PostgreSQL, behind this one interface and one
 * contract test suite. Every method is async so that a networked database can implement it.
 */
export interface Store {
  /** Brings the schema up to date; safe to call on every start. */
  migrate(): Promise<void>;
  /** Everything the read model needs, read consistently. */
  snapshot(options: { since: string }): Promise<Snapshot>;
  incident(id: string): Promise<Incident | undefined>;
  /** Applies the changes and appends one event each, atomically. Returns the events. */
  commit(changes: readonly Change[], actor: Actor, at: string): Promise<ChangeEvent[]>;
  /** Like commit, but only when nothing has ever been written (no event): for the first-start seed. */
  commitIfEmpty(changes: readonly Change[], actor: Actor, at: string): Promise<ChangeEvent[] | null>;
  /** Events with a sequence number above `afterSeq`, in order, at most `limit`. */
  eventsAfter(afterSeq: number, limit: number): Promise<ChangeEvent[]>;
  close(): Promise<void>;
}
