import { isFinishedMaintenance, type ChangeEvent, type Component, type Incident, type Maintenance, type Vendor } from '@kdi-status/sdk';
import type { Snapshot } from '../store/store.js';

/**
 * The landscape as a prefix of the event log made it: every entity as its last event left it
 * (each event carries its entity whole, so the last one is the entity), and where the log stood.
 * Only what a snapshot can hold is kept (see `pruneReplay`), so it is as big as the landscape and
 * its recent history, not as big as the log.
 */
export interface ReplayState {
  vendors: Map<string, Vendor>;
  components: Map<string, Component>;
  incidents: Map<string, Incident>;
  maintenances: Map<string, Maintenance>;
  /** The last event folded in (0: none yet) and its time. */
  sequence: number;
  lastEventAt: string | null;
}

/**
 * The state before the first event: nothing, at sequence 0.
 *
 * @example
 * const state = emptyReplay();
 * state.sequence; // 0
 */
export function emptyReplay(): ReplayState {
  return { vendors: new Map(), components: new Map(), incidents: new Map(), maintenances: new Map(), sequence: 0, lastEventAt: null };
}

/**
 * Folds one event into the state, as the store applies the change it records. Content, key and
 * webhook events change nothing a snapshot holds, but they move the sequence (the store's
 * snapshot names the last event of any kind). Events must come in sequence order.
 *
 * @example
 * for (const event of await store.eventsAfter(0, 1000)) applyEvent(state, event);
 */
export function applyEvent(state: ReplayState, event: ChangeEvent): void {
  if (event.seq <= state.sequence) throw new Error(`event ${event.seq} folded after ${state.sequence}: events must come in order`);
  switch (event.type) {
    case 'vendor.changed':
      state.vendors.set(event.data.id, event.data);
      break;
    case 'component.changed':
      state.components.set(event.data.id, event.data);
      break;
    case 'incident.changed':
      state.incidents.set(event.data.id, event.data);
      break;
    case 'maintenance.changed':
      state.maintenances.set(event.data.id, event.data);
      break;
    case 'content.changed':
    case 'content.deleted':
    case 'key.changed':
    case 'webhook.changed':
      break;
  }
  state.sequence = event.seq;
  state.lastEventAt = event.at;
}

/** Whether a snapshot taken with `since` holds this incident: unresolved, or resolved at or after `since`. */
const incidentKept = (incident: Incident, since: string) => incident.resolvedAt === null || incident.resolvedAt >= since;
/** Whether a snapshot taken with `since` holds this maintenance: not over, or ended at or after `since`. */
const maintenanceKept = (maintenance: Maintenance, since: string) => !isFinishedMaintenance(maintenance) || maintenance.endsAt >= since;

/**
 * Drops the incidents and maintenance that no snapshot with this `since` (or a later one) holds.
 * Exact, not an approximation: should a later event change one of them again, that event brings
 * it back whole.
 *
 * @example
 * pruneReplay(state, since); // after each page of events
 */
export function pruneReplay(state: ReplayState, since: string): void {
  for (const [id, incident] of state.incidents) if (!incidentKept(incident, since)) state.incidents.delete(id);
  for (const [id, maintenance] of state.maintenances) if (!maintenanceKept(maintenance, since)) state.maintenances.delete(id);
}

/** Byte order, as the stores sort (`COLLATE "C"` in PostgreSQL, BINARY in SQLite); ids and times are ASCII. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The snapshot `store.snapshot({ since })` would have returned when the log stood where `state`
 * stands: the same entities, filtered and ordered as the stores' queries do (vendors and
 * components by id, incidents newest start first, maintenance by start).
 *
 * @example
 * const view = buildStatusView(snapshotOfReplay(state, since));
 */
export function snapshotOfReplay(state: ReplayState, since: string): Snapshot {
  return {
    vendors: [...state.vendors.values()].sort((a, b) => byText(a.id, b.id)),
    components: [...state.components.values()].sort((a, b) => byText(a.id, b.id)),
    incidents: [...state.incidents.values()]
      .filter((i) => incidentKept(i, since))
      .sort((a, b) => byText(b.startedAt, a.startedAt) || byText(a.id, b.id)),
    maintenances: [...state.maintenances.values()]
      .filter((m) => maintenanceKept(m, since))
      .sort((a, b) => byText(a.startsAt, b.startsAt) || byText(a.id, b.id)),
    sequence: state.sequence,
    lastEventAt: state.lastEventAt,
  };
}
