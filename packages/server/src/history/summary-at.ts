import type { Summary } from '@kdi-status/sdk';
import { UnprocessableError } from '../domain/errors.js';
import { filterSummary } from '../read/filtered-summary.js';
import { municipalityView } from '../read/municipality-view.js';
import { buildStatusView, RECENT_MS, type StatusView } from '../read/status-view.js';
import type { Snapshot, Store } from '../store/store.js';
import { applyEvent, emptyReplay, pruneReplay, snapshotOfReplay } from './replay.js';
import { checkpointsOf, REPLAY_PAGE_SIZE } from './replay-checkpoints.js';

/**
 * The snapshot the store would have given at instant `at`, from the store's replay checkpoints
 * (`checkpointsOf`): at most a checkpoint's distance of events is folded in, not the whole log.
 * Equal to `replaySnapshotAt` (tested for many instants).
 *
 * @example
 * const snapshot = await snapshotAt(store, new Date('2026-03-03T09:14:00Z'));
 */
export function snapshotAt(store: Store, at: Date): Promise<Snapshot> {
  return checkpointsOf(store).snapshotAt(at);
}

/**
 * The snapshot the store would have given at instant `at`: the event log folded in order, page by
 * page from the first event, up to the last event at or before `at`. The reference that the
 * checkpoints are tested against. The log is in commit order and every event's time
 * was taken before its commit, so the first event after `at` ends the prefix: nothing behind it
 * was served at `at`. `since` is `at` less RECENT_MS, as the read model's own refresh takes it.
 *
 * @example
 * const snapshot = await replaySnapshotAt(store, new Date('2026-03-03T09:14:00Z'));
 * snapshot.sequence; // the last event at or before 10.14 Danish time
 */
export async function replaySnapshotAt(store: Store, at: Date): Promise<Snapshot> {
  const atMs = at.getTime();
  const since = new Date(atMs - RECENT_MS).toISOString();
  const state = emptyReplay();
  for (;;) {
    const page = await store.eventsAfter(state.sequence, REPLAY_PAGE_SIZE);
    for (const event of page) {
      if (Date.parse(event.at) > atMs) return snapshotOfReplay(state, since);
      applyEvent(state, event);
    }
    if (page.length < REPLAY_PAGE_SIZE) return snapshotOfReplay(state, since);
    pruneReplay(state, since);
  }
}

/**
 * The read model as it stood at `at` (the summary, and the recent incidents a page shows besides).
 *
 * @example
 * const { summary, incidents } = await statusViewAt(store, new Date('2026-03-03T09:14:00Z'));
 */
export async function statusViewAt(store: Store, at: Date): Promise<StatusView> {
  return buildStatusView(await snapshotAt(store, at));
}

export interface SummaryAtOptions {
  /** Only what a widget of these components showed (as `?components=`); null or absent: the whole summary. */
  components?: readonly string[] | null;
  /** Only what affected this municipality (a known kommunekode, as `?municipality=`); null or absent: all. */
  municipality?: string | null;
  /** The present: an `at` after it is refused (default: the clock). */
  now?: Date;
}

/**
 * Exactly the summary the server served at instant `at` (same schema, with the `sequence` it
 * stands on), rebuilt from the event log: before the first event the empty one (sequence 0).
 * An instant after `now` is refused with a 422 naming `at`: the future is not in the log, and
 * answering with today's summary would present a guess (the maintenance clock may still move
 * things) as a record.
 *
 * @example
 * const summary = await summaryAt(store, '2026-03-03T09:14:00.000Z', { components: ['digital-post'] });
 * summary.components.find((c) => c.id === 'digital-post')?.effective.status; // 'major_outage'
 */
export async function summaryAt(store: Store, at: Date | string, options: SummaryAtOptions = {}): Promise<Summary> {
  const instant = typeof at === 'string' ? new Date(at) : at;
  const now = options.now ?? new Date();
  if (Number.isNaN(instant.getTime())) throw new UnprocessableError('invalid_instant', [{ field: 'at', message: 'is not a valid time' }]);
  if (instant.getTime() > now.getTime())
    throw new UnprocessableError(
      'instant_in_future',
      [{ field: 'at', message: `is after the server's present (${now.toISOString()}): the log holds only what has happened` }],
      `"at" is in the future: the summary of ${instant.toISOString()} is not known yet.`,
    );
  const view = await statusViewAt(store, instant);
  const { summary } = options.municipality ? municipalityView(view, options.municipality) : view;
  return options.components ? filterSummary(summary, options.components) : summary;
}
