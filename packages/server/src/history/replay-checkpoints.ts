import { RECENT_MS } from '../read/status-view.js';
import type { Snapshot, Store } from '../store/store.js';
import { applyEvent, emptyReplay, pruneReplay, snapshotOfReplay, type ReplayState } from './replay.js';

/** Events read from the store per query: a page bounds the memory of one replay, whatever the log's length. */
export const REPLAY_PAGE_SIZE = 1000;

/** How often a checkpoint is taken and how many are kept (see `ReplayCheckpoints`). */
export interface CheckpointOptions {
  /** A checkpoint every this many events (at first; doubles each time the list is thinned). */
  every: number;
  /** At most this many checkpoints, the empty one at sequence 0 included. */
  max: number;
}

/** A checkpoint every 1000 events, at most 64: a 64,000-event log replays at most 1000 events per `at`. */
export const DEFAULT_CHECKPOINTS: CheckpointOptions = { every: 1000, max: 64 };

/** The replay after a prefix of the log, kept to start later replays from. */
interface Checkpoint {
  state: ReplayState;
  /** How many events the prefix holds (sequence numbers may have gaps). */
  events: number;
  /** The latest event time in the prefix (ms): the checkpoint serves every `at` at or after it. */
  maxAtMs: number;
}

/** The answer of one replay and how many events it folded in beyond its checkpoint (its cost). */
export interface CountedSnapshot {
  snapshot: Snapshot;
  replayed: number;
}

/** A shallow copy: the entities themselves are never changed in place (each event brings a new one). */
function cloneReplay(state: ReplayState): ReplayState {
  return {
    vendors: new Map(state.vendors),
    components: new Map(state.components),
    incidents: new Map(state.incidents),
    maintenances: new Map(state.maintenances),
    sequence: state.sequence,
    lastEventAt: state.lastEventAt,
  };
}

const sinceOf = (atMs: number) => new Date(atMs - RECENT_MS).toISOString();

/**
 * Bounded checkpoints of the event-log replay, so that "the summary at `at`" folds in at most
 * `every` events past the nearest checkpoint instead of the whole log. A checkpoint is the replay
 * after the first k·`every` events, pruned as a snapshot taken at its latest event time allows
 * (exact: see `pruneReplay`). It answers every `at` at or after its latest event time, because
 * the full replay of such an `at` passes that whole prefix unchanged. When the list grows past
 * `max`, every other checkpoint is dropped and `every` doubles: memory stays at `max` pruned
 * landscapes, and the cost of one `at` grows with the log's length ÷ `max`, never with the log.
 *
 * New events are read when asked (only those after the last one read), one reader at a time.
 *
 * @example
 * const checkpoints = new ReplayCheckpoints(store, { every: 1000, max: 64 });
 * const snapshot = await checkpoints.snapshotAt(new Date('2026-03-03T09:14:00Z'));
 */
export class ReplayCheckpoints {
  readonly #store: Store;
  readonly #max: number;
  #every: number;
  readonly #checkpoints: Checkpoint[] = [{ state: emptyReplay(), events: 0, maxAtMs: -Infinity }];
  /** The replay of everything read so far, where the next checkpoint is taken from. */
  readonly #head = emptyReplay();
  #headEvents = 0;
  #headMaxAtMs = -Infinity;
  #reading: Promise<void> = Promise.resolve();

  constructor(store: Store, options: CheckpointOptions = DEFAULT_CHECKPOINTS) {
    if (!Number.isInteger(options.every) || options.every < 1)
      throw new RangeError(`every must be a positive integer, not ${options.every}`);
    if (!Number.isInteger(options.max) || options.max < 2) throw new RangeError(`max must be an integer of at least 2, not ${options.max}`);
    this.#store = store;
    this.#every = options.every;
    this.#max = options.max;
  }

  /** The distance between checkpoints now, in events: the most one `at` replays past the log read so far. */
  get every(): number {
    return this.#every;
  }

  /** How many checkpoints are kept (the empty one included); never more than `max`. */
  get count(): number {
    return this.#checkpoints.length;
  }

  /**
   * The snapshot the store would have given at `at` (as `replaySnapshotAt` computes it by folding
   * the whole log), from the nearest checkpoint at or before it.
   *
   * @example
   * const snapshot = await checkpoints.snapshotAt(new Date());
   */
  async snapshotAt(at: Date): Promise<Snapshot> {
    return (await this.countedSnapshotAt(at)).snapshot;
  }

  /**
   * Like `snapshotAt`, and says how many events it folded in past its checkpoint.
   *
   * @example
   * const { replayed } = await checkpoints.countedSnapshotAt(at); // ≤ checkpoints.every (+ events newer than the last read)
   */
  async countedSnapshotAt(at: Date): Promise<CountedSnapshot> {
    await this.#catchUp();
    const atMs = at.getTime();
    const since = sinceOf(atMs);
    const start = this.#nearest(atMs);
    const state = cloneReplay(start.state);
    let replayed = 0;
    for (;;) {
      const page = await this.#store.eventsAfter(state.sequence, REPLAY_PAGE_SIZE);
      for (const event of page) {
        // The log is in commit order and every event's time was taken before its commit: the
        // first event after `at` ends the prefix that was served at `at`.
        if (Date.parse(event.at) > atMs) return { snapshot: snapshotOfReplay(state, since), replayed };
        applyEvent(state, event);
        replayed++;
      }
      if (page.length < REPLAY_PAGE_SIZE) return { snapshot: snapshotOfReplay(state, since), replayed };
      pruneReplay(state, since);
    }
  }

  /** The last checkpoint whose latest event is at or before `atMs` (the times only grow along the list). */
  #nearest(atMs: number): Checkpoint {
    let low = 0;
    let high = this.#checkpoints.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#checkpoints[middle]!.maxAtMs <= atMs) low = middle;
      else high = middle - 1;
    }
    return this.#checkpoints[low]!;
  }

  /** Reads the events after the last one read, taking checkpoints on the way; one reader at a time. */
  #catchUp(): Promise<void> {
    const run = this.#reading.then(() => this.#readNew());
    this.#reading = run.catch(() => undefined);
    return run;
  }

  async #readNew(): Promise<void> {
    for (;;) {
      const page = await this.#store.eventsAfter(this.#head.sequence, REPLAY_PAGE_SIZE);
      for (const event of page) {
        applyEvent(this.#head, event);
        this.#headEvents++;
        this.#headMaxAtMs = Math.max(this.#headMaxAtMs, Date.parse(event.at));
        if (this.#headEvents - this.#checkpoints.at(-1)!.events >= this.#every) this.#takeCheckpoint();
      }
      if (page.length < REPLAY_PAGE_SIZE) return;
    }
  }

  #takeCheckpoint(): void {
    // Every `at` this checkpoint (or a later one) serves is at or after the head's latest event.
    pruneReplay(this.#head, sinceOf(this.#headMaxAtMs));
    this.#checkpoints.push({ state: cloneReplay(this.#head), events: this.#headEvents, maxAtMs: this.#headMaxAtMs });
    if (this.#checkpoints.length <= this.#max) return;
    // Thin out: keep the empty one and every other after it; the distance doubles.
    const kept = this.#checkpoints.filter((_, i) => i % 2 === 0);
    this.#checkpoints.splice(0, this.#checkpoints.length, ...kept);
    this.#every *= 2;
  }
}

/** One set of checkpoints per store object: the API's `?at=` and the site's `/as-of` share them. */
const byStore = new WeakMap<Store, ReplayCheckpoints>();

/**
 * The checkpoints of `store`, made on first use (with `options`, or the defaults). Held as long
 * as the store object is.
 *
 * @example
 * const snapshot = await checkpointsOf(store).snapshotAt(at);
 */
export function checkpointsOf(store: Store, options?: CheckpointOptions): ReplayCheckpoints {
  let checkpoints = byStore.get(store);
  if (!checkpoints) byStore.set(store, (checkpoints = new ReplayCheckpoints(store, options)));
  return checkpoints;
}
