import type { ChangeEvent, ContentItem, Incident, Maintenance } from '@kdi-status/sdk';
import type { Store } from '../store/store.js';

/**
 * A record the calendar shows, with its revision number: how many times what its VEVENT says
 * (times, title, text, cancelled or not) has changed since it was first written.
 */
export interface Revisioned<T> {
  data: T;
  /** The VEVENT's SEQUENCE: 0 when first written, one more at each change of what the event says. */
  revision: number;
  /** When it was first written (the event's time). */
  createdAt: string;
  /** When that last revision was made (the event's time): the VEVENT's DTSTAMP. */
  revisedAt: string;
  /** The fields the revision counts, serialized, to tell a revision from a change that does not show. */
  fingerprint: string;
  /** A deleted release stays, cancelled, so calendars remove it instead of keeping it forever. */
  deleted: boolean;
}

/** What the feeds and calendars are rendered from: every incident, maintenance window and release the log holds. */
export interface FeedState {
  /** The last event applied. */
  seq: number;
  incidents: Map<string, Incident>;
  maintenances: Map<string, Revisioned<Maintenance>>;
  releases: Map<string, Revisioned<ContentItem>>;
}

/**
 * A new, empty state (before the first event).
 *
 * @example
 * const state = emptyFeedState(); // state.seq === 0
 */
export function emptyFeedState(): FeedState {
  return { seq: 0, incidents: new Map(), maintenances: new Map(), releases: new Map() };
}

/** What a maintenance window's VEVENT says: a change to anything else (the clock moving it to `in_progress`) is not a revision. */
const maintenanceFingerprint = (m: Maintenance) =>
  JSON.stringify([m.title, m.description, m.startsAt, m.endsAt, m.components, m.status === 'cancelled']);

const releaseFingerprint = (c: ContentItem, deleted: boolean) => JSON.stringify([c.title, c.body, c.date, c.componentId, deleted]);

/** Records `data` as the latest version: one revision more when what the event says changed. */
function revise<T>(map: Map<string, Revisioned<T>>, id: string, data: T, fingerprint: string, at: string, deleted = false): void {
  const before = map.get(id);
  if (!before) return void map.set(id, { data, revision: 0, createdAt: at, revisedAt: at, fingerprint, deleted });
  const changed = before.fingerprint !== fingerprint;
  map.set(id, {
    data,
    createdAt: before.createdAt,
    revision: changed ? before.revision + 1 : before.revision,
    revisedAt: changed ? at : before.revisedAt,
    fingerprint,
    deleted,
  });
}

/**
 * Applies one event of the log to the state (in place): the latest version of each incident,
 * maintenance window and release, and the windows' and releases' revision numbers. Events at or
 * below `state.seq` are ignored, so a replay is harmless.
 *
 * @example
 * const state = emptyFeedState();
 * for (const event of await store.eventsAfter(0, 1000)) applyFeedEvent(state, event);
 */
export function applyFeedEvent(state: FeedState, event: ChangeEvent): void {
  if (event.seq <= state.seq) return;
  state.seq = event.seq;
  switch (event.type) {
    case 'incident.changed':
      state.incidents.set(event.data.id, event.data);
      break;
    case 'maintenance.changed':
      revise(state.maintenances, event.data.id, event.data, maintenanceFingerprint(event.data), event.at);
      break;
    case 'content.changed': {
      const item = event.data;
      const before = state.releases.get(item.id);
      if (item.type === 'release') revise(state.releases, item.id, item, releaseFingerprint(item, false), event.at);
      // A release turned into news is no release any more: cancel its calendar event.
      else if (before && !before.deleted)
        revise(state.releases, item.id, before.data, releaseFingerprint(before.data, true), event.at, true);
      break;
    }
    case 'content.deleted': {
      const before = state.releases.get(event.data.id);
      if (before && !before.deleted)
        revise(state.releases, event.data.id, before.data, releaseFingerprint(before.data, true), event.at, true);
      break;
    }
    default:
      break;
  }
}

/** Events read from the store per round trip while catching up. */
const PAGE = 1000;

/** The feeds' projection of the event log, kept up to date on demand. */
export interface FeedIndex {
  /** Reads the events the store has beyond the last one applied, then returns the state. */
  current(): Promise<FeedState>;
}

/**
 * A projection of the store's event log for the feeds and calendars, built on first use and
 * caught up incrementally (only the new events) each time a feed is rendered, i.e. once per
 * change. Catch-ups run one at a time; a failed one (database away) fails only its caller.
 * Revision numbers come from the log itself, so every instance sharing a database computes the
 * same SEQUENCE without a column of its own.
 *
 * @example
 * const index = createFeedIndex(store);
 * const { maintenances } = await index.current();
 */
export function createFeedIndex(store: Pick<Store, 'eventsAfter'>): FeedIndex {
  const state = emptyFeedState();
  let chain: Promise<unknown> = Promise.resolve();
  const catchUp = async () => {
    for (;;) {
      const events = await store.eventsAfter(state.seq, PAGE);
      for (const event of events) applyFeedEvent(state, event);
      if (events.length < PAGE) return state;
    }
  };
  return {
    current() {
      const next = chain.then(catchUp, catchUp);
      chain = next;
      return next;
    },
  };
}
