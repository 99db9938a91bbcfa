import type { EffectiveStatus } from '../schemas/component.js';
import type { LiveEvent } from '../schemas/event.js';
import { isActiveMaintenance, type Maintenance } from '../schemas/maintenance.js';
import { worstStatus } from '../schemas/status.js';
import type { Summary } from '../schemas/summary.js';
import type { ComponentView, LiveEventView, SummaryView } from '../read/read-projection.js';

/** Replaces the item with the same id where it is, or appends it; a new array either way. */
function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  return index === -1 ? [...list, item] : list.map((x, i) => (i === index ? item : x));
}

const without = <T extends { id: string }>(list: readonly T[], id: string): T[] => list.filter((x) => x.id !== id);

function withComponents(summary: SummaryView, components: ComponentView[]): SummaryView {
  // `overallStatus` (schemas/summary.ts), for a component view: the worst own status.
  return { ...summary, components, status: worstStatus(components.map((c) => c.effective.own)) };
}

function placeMaintenance(maintenances: SummaryView['maintenances'], maintenance: Maintenance): SummaryView['maintenances'] {
  const active = without(maintenances.active, maintenance.id);
  const upcoming = without(maintenances.upcoming, maintenance.id);
  if (isActiveMaintenance(maintenance)) active.push(maintenance);
  else if (maintenance.status === 'scheduled') upcoming.push(maintenance);
  return { active, upcoming };
}

/**
 * The effective status a component the summary did not have yet starts with: its own status
 * and nothing else. The `status` event that follows its creation brings the server's.
 */
function provisionalEffective(status: EffectiveStatus['own'], id: string): EffectiveStatus {
  return {
    status,
    own: status,
    cause: { type: 'own' },
    sources: status === 'operational' ? [] : [{ componentId: id, status, path: [], incidentIds: [], maintenanceIds: [] }],
  };
}

/**
 * Folds one live event into a summary, returning a new one (the input is never changed), so a
 * subscriber can keep an up-to-date {@link Summary} without fetching it again:
 *
 * - `summary`: its data, whatever came before.
 * - `status`: the listed components get the `effective` status sent; others are left as they are.
 * - `incident.changed`: upserted into `incidents`, or removed when resolved.
 * - `maintenance.changed`: in `maintenances.active` while `in_progress`/`verifying`, in
 *   `upcoming` while `scheduled`, in neither once completed or cancelled.
 * - `component.changed`: the component's fields replaced, its `effective` kept (a `status` event
 *   brings the new one); a retired component is removed; a new one is added with its own status.
 * - `vendor.changed`: upserted into `vendors`.
 * - content and key events: nothing to show in a summary.
 *
 * `sequence` follows the event's `seq` and `updatedAt` a change event's `at`; the overall `status`
 * is recomputed from the components. Before the first summary (`undefined`) only a `summary`
 * event makes one. An event the summary already reflects (a change with `seq` ≤ `sequence`, a
 * `status` with `seq` < `sequence`, e.g. sent twice around a reconnect) returns it unchanged, so
 * an older version of an entity never overwrites a newer one.
 *
 * With a `components` filter the server sends only what concerns those components and their
 * dependencies: the rest of the summary then stays as it was when the last `summary` came.
 *
 * @example
 * let summary: Summary | undefined;
 * client.subscribe((event) => {
 *   summary = applyLiveEvent(summary, event);
 *   if (summary) render(summary);
 * }, { components: ['ky'] });
 */
export function applyLiveEvent(summary: Summary | undefined, event: LiveEvent): Summary | undefined;
/**
 * The same on the read path's projection (`@kdi-status/sdk/read`): a {@link SummaryView} and a
 * {@link LiveEventView}, as its lean checks hand them out.
 *
 * @example
 * let summary: SummaryView | undefined;
 * subscribeLive({ baseUrl }, (event) => (summary = applyLiveEvent(summary, event)));
 */
export function applyLiveEvent(summary: SummaryView | undefined, event: LiveEventView): SummaryView | undefined;
// Written against the views, so it reads nothing the read path does not check; it copies what it
// does not read, so a full summary and full events give a full summary.
export function applyLiveEvent(summary: SummaryView | undefined, event: LiveEventView): SummaryView | undefined {
  if (event.type === 'summary') return event.data;
  if (!summary) return undefined;
  if (event.type === 'status') {
    if (event.seq < summary.sequence) return summary;
    const sent = new Map(event.data.components.map((c) => [c.id, c.effective]));
    const components = summary.components.map((c) => {
      const effective = sent.get(c.id);
      return effective ? { ...c, effective } : c;
    });
    return { ...withComponents(summary, components), sequence: event.seq };
  }
  if (event.seq <= summary.sequence) return summary;
  const next: SummaryView = { ...summary, sequence: event.seq, updatedAt: event.at };
  switch (event.type) {
    case 'incident.changed':
      return {
        ...next,
        incidents: event.data.status === 'resolved' ? without(summary.incidents, event.data.id) : upsert(summary.incidents, event.data),
      };
    case 'maintenance.changed':
      return { ...next, maintenances: placeMaintenance(summary.maintenances, event.data) };
    case 'component.changed': {
      const { data } = event;
      if (data.retiredAt) return withComponents(next, without(summary.components, data.id));
      const effective = summary.components.find((c) => c.id === data.id)?.effective ?? provisionalEffective(data.status, data.id);
      return withComponents(next, upsert(summary.components, { ...data, effective }));
    }
    case 'vendor.changed':
      return { ...next, vendors: upsert(summary.vendors, event.data) };
    default:
      return next;
  }
}
