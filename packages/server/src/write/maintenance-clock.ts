import { dueTransitions, nextBoundary } from '../domain/maintenance-commands.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Store } from '../store/store.js';
import type { Writer } from './writer.js';

/** The system actor the clock's changes are signed with in the event log. */
export const CLOCK_ACTOR_ID = 'scheduler';
/**
 * A safety net only: every commit (on any instance) re-plans at once, so this is how long a
 * clock sleeps when nothing is pending. It also keeps each timer well below setTimeout's limit.
 */
const MAX_SLEEP_MS = 15 * 60_000;
/** After a failed tick (the database busy, say), try again this soon. */
const RETRY_MS = 5_000;

export interface MaintenanceClockOptions {
  store: Store;
  writer: Writer;
  readModel: ReadModelHolder;
  now: () => Date;
}

/**
 * Moves maintenance along by the clock: `scheduled` → `in_progress` at the window's start,
 * → `completed` at its end. State lives in the store, so it survives restarts: `start()` first
 * applies everything that came due while the server was down, then sleeps until the next
 * boundary. It follows the store's commit notifications, so a window scheduled or changed on any
 * instance sharing the database is re-planned at once. With several instances each clock may
 * wake at a boundary; the writer decides again from the database in its exclusive turn, so the
 * move is made once.
 *
 * @example
 * const clock = createMaintenanceClock({ store, writer, readModel, now: () => new Date() });
 * await clock.start();
 */
export function createMaintenanceClock(options: MaintenanceClockOptions) {
  const { store, writer, readModel, now } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  let running: Promise<void> = Promise.resolve();
  /** A tick is queued and has not begun: further commits need no tick of their own. */
  let queued = false;

  /** One tick at a time, coalesced: a burst of commits costs one re-plan. Never rejects. */
  function replan(): Promise<void> {
    if (queued) return running;
    queued = true;
    running = running.then(() => {
      queued = false;
      return tickOnce();
    });
    return running;
  }

  /** Applies what is due and sleeps until the next boundary; a failure is logged and retried soon, never lost. */
  async function tickOnce(): Promise<void> {
    clearTimeout(timer);
    if (stopped) return;
    let sleep = RETRY_MS;
    try {
      // The read model holds every maintenance not yet over (upcoming and active): planning costs no query.
      const pending = () => {
        const { active, upcoming } = readModel.current().view.maintenances;
        return [...active, ...upcoming];
      };
      if (dueTransitions(pending(), now()).length > 0) {
        // Decided again inside the writer's turn, from the database as it is then.
        await writer.system(CLOCK_ACTOR_ID, async (at) =>
          dueTransitions((await store.snapshot({ since: at.toISOString() })).maintenances, at),
        );
      }
      const at = now();
      const next = nextBoundary(pending(), at);
      sleep = Math.min(MAX_SLEEP_MS, Math.max(0, (next?.getTime() ?? Infinity) - at.getTime()));
    } catch (error) {
      console.error('maintenance clock failed; retrying in 5 s', error);
    } finally {
      if (!stopped) {
        timer = setTimeout(() => void replan(), sleep);
        timer.unref();
      }
    }
  }

  return {
    /** Applies what came due while stopped, then keeps time, re-planning after every commit. */
    async start(): Promise<void> {
      unsubscribe ??= store.onCommit((seq) => {
        // Plan on a read model that has seen this commit.
        void readModel
          .refreshTo(seq)
          .then(replan)
          .catch((error: unknown) => console.error('maintenance clock could not re-plan', error));
      });
      await replan();
    },
    stop(): void {
      stopped = true;
      unsubscribe?.();
      clearTimeout(timer);
    },
  };
}

export type MaintenanceClock = ReturnType<typeof createMaintenanceClock>;
