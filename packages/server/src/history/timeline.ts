import {
  isActiveMaintenance,
  type ChangeEvent,
  type Component,
  type ComponentStatus,
  type Incident,
  type Maintenance,
} from '@kdi-status/sdk';
import { computeEffectiveStatuses } from '../domain/effective-status.js';
import type { Store } from '../store/store.js';

/**
 * From `at` on, a component's effective status was `status`, until the next change. `null` means
 * the component did not exist (it was retired): a time with no data, not a time of good health.
 * Before its first change a component did not exist either.
 */
export interface StatusChange {
  at: string;
  status: ComponentStatus | null;
}

/** Every component's effective-status timeline, change points oldest first, by component id. */
export type StatusTimelines = ReadonlyMap<string, readonly StatusChange[]>;

/** How many events one `eventsAfter` call reads when folding the log from a store. */
export const EVENT_PAGE_SIZE = 500;

/**
 * Folds the event log, in sequence order, into effective-status timelines: after each event that
 * can move a status (a component, incident or maintenance changed), the effective status of every
 * component is computed with `computeEffectiveStatuses`, as the read model does, and a change
 * point is recorded for each component whose status moved. So an outage on a støttesystem shows
 * on every fagløsning that depends on it, from the instant it was published.
 *
 * Times are the events' `at`: when the change was written, i.e. what the status page said, not
 * a `startedAt` an operator may have typed in later. Feed it more events at any time (e.g. after
 * each commit); it keeps only what it needs (live components, unresolved incidents, maintenance in
 * progress).
 *
 * @example
 * const fold = new TimelineFold();
 * for (const event of events) fold.apply(event);
 * fold.timeline('ky'); // [{ at: '2026-03-01T08:00:00.000Z', status: 'operational' }, …]
 */
export class TimelineFold {
  readonly #components = new Map<string, Component>();
  readonly #incidents = new Map<string, Incident>();
  readonly #maintenances = new Map<string, Maintenance>();
  readonly #timelines = new Map<string, StatusChange[]>();
  /** Own-status timelines (the component's own status, dependencies left out), when asked for. */
  readonly #ownTimelines: Map<string, StatusChange[]> | null;
  #seq = 0;
  #lastAt = '';

  /** `own`: also keep each component's own-status timeline (the service-level report judges a vendor on it). */
  constructor(options: { own?: boolean } = {}) {
    this.#ownTimelines = options.own ? new Map() : null;
  }

  /** The sequence number of the last event folded in (0 before any). */
  get seq(): number {
    return this.#seq;
  }

  /**
   * Folds in one event. Events must come in sequence order; one already folded in is ignored,
   * so reading a page twice does no harm.
   *
   * @example
   * fold.apply({ type: 'incident.changed', seq: 7, at, actor, data: incident });
   */
  apply(event: ChangeEvent): void {
    if (event.seq <= this.#seq) return;
    this.#seq = event.seq;
    // Time never runs backwards in a timeline, even if two writers' clocks disagreed a little.
    const at = event.at > this.#lastAt ? event.at : this.#lastAt;
    this.#lastAt = at;
    switch (event.type) {
      case 'component.changed':
        this.#components.set(event.data.id, event.data);
        break;
      case 'incident.changed':
        if (event.data.status === 'resolved') this.#incidents.delete(event.data.id);
        else this.#incidents.set(event.data.id, event.data);
        break;
      case 'maintenance.changed':
        if (isActiveMaintenance(event.data)) this.#maintenances.set(event.data.id, event.data);
        else this.#maintenances.delete(event.data.id);
        break;
      default:
        return; // vendors, content and keys move no status
    }
    this.#record(at);
  }

  #record(at: string): void {
    // As the read model does: retired components are gone, and nothing live depends on them.
    const live = [...this.#components.values()].filter((c) => !c.retiredAt);
    const effective = computeEffectiveStatuses(live, [...this.#incidents.values()], [...this.#maintenances.values()]);
    for (const id of this.#components.keys()) {
      const status = effective.get(id);
      record(this.#timelines, id, at, status?.status ?? null);
      if (this.#ownTimelines) record(this.#ownTimelines, id, at, status?.own ?? null);
    }
  }

  /**
   * One component's own-status timeline (its operator status, its incidents and maintenance; not
   * its dependencies'), for a fold made with `{ own: true }`; empty otherwise.
   *
   * @example
   * new TimelineFold({ own: true }).ownTimeline('ky'); // []
   */
  ownTimeline(componentId: string): readonly StatusChange[] {
    return this.#ownTimelines?.get(componentId) ?? [];
  }

  /**
   * One component's timeline, oldest change first; empty if the log never named it.
   *
   * @example
   * fold.timeline('sts').at(-1)?.status; // 'major_outage'
   */
  timeline(componentId: string): readonly StatusChange[] {
    return this.#timelines.get(componentId) ?? [];
  }

  /**
   * Every component's timeline, retired components included (their history stays).
   *
   * @example
   * for (const [id, timeline] of fold.timelines()) console.log(id, timeline.length);
   */
  timelines(): StatusTimelines {
    return this.#timelines;
  }
}

/** Records that `id`'s status is `status` from `at` on, in `timelines`. */
function record(timelines: Map<string, StatusChange[]>, id: string, at: string, status: ComponentStatus | null): void {
  let timeline = timelines.get(id);
  if (!timeline) timelines.set(id, (timeline = []));
  const last = timeline.at(-1);
  if (last?.status === status) return;
  if (last?.at === at) {
    // Several events at one instant (one commit): only where they end up lasted any time.
    timeline.pop();
    if (timeline.at(-1)?.status === status) return;
  }
  timeline.push({ at, status });
}

/**
 * The timelines of a list of events (sequence order), folded from nothing.
 *
 * @example
 * timelinesFromEvents(events).get('ky');
 */
export function timelinesFromEvents(events: Iterable<ChangeEvent>): StatusTimelines {
  const fold = new TimelineFold();
  for (const event of events) fold.apply(event);
  return fold.timelines();
}

/**
 * Reads the store's event log after `fold.seq` in pages of `pageSize` and folds it in: the whole
 * log for a new fold, only what is new for one kept from before. Returns the fold.
 *
 * @example
 * const fold = await foldEventLog(store);
 * store.onCommit(() => void foldEventLog(store, fold)); // keep it current
 */
export async function foldEventLog(store: Store, fold = new TimelineFold(), pageSize = EVENT_PAGE_SIZE): Promise<TimelineFold> {
  for (;;) {
    const page = await store.eventsAfter(fold.seq, pageSize);
    for (const event of page) fold.apply(event);
    if (page.length < pageSize) return fold;
  }
}
