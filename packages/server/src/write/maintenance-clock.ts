import { dueTransitions, nextBoundary } from './domain/maintenance-commands.js';
import type { Store } from './store/store.js';
import type { Writer } from './writer.js';

/** Even with nothing due, look again this often: a window changed on another instance is picked up. */
const MAX_SLEEP_MS = 60_000;
/** After a failed tick (the database busy, say), try again this soon. */
const RETRY_MS = 5_000;

/**
 * Moves maintenance along by the clock: `scheduled` → `in_progress` at the window's start,
 * → `completed` at its end. State lives in the store, so it survives restarts: `start()` first
 * applies everything that came due while the server was down, then sleeps until the next
 * boundary (or a minute). `poke()` re-plans after a maintenance was changed.
 *
 * @example
 * const scheduler = createMaintenanceScheduler({ store, writer, now: () => new Date() });
 * await scheduler.start();
 */
export function createMaintenanceScheduler(deps: { store: Store; writer: Writer; now: () => Date }) {
  const { store, writer, now } = deps;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  /** One tick at a time, so a poke during a tick never leaves two timers. Never rejects. */
  const tick = (): Promise<void> => (running = running.then(tickOnce));

  /** Applies what is due and sleeps until the next boundary; a failure is logged and retried soon, never lost. */
  async function tickOnce(): Promise<void> {
    clearTimeout(timer);
    if (stopped) return;
    let sleep = RETRY_MS;
    try {
      await writer.system('scheduler', async (at) => dueTransitions((await store.snapshot({ since: at.toISOString() })).maintenances, at));
      const at = now();
      const next = nextBoundary((await store.snapshot({ since: at.toISOString() })).maintenances, at);
      sleep = Math.min(MAX_SLEEP_MS, Math.max(0, (next?.getTime() ?? Infinity) - at.getTime()));
    } catch (error) {
      console.error('maintenance scheduler failed; retrying in 5 s', error);
    } finally {
      if (!stopped) {
        timer = setTimeout(() => void tick(), sleep);
        timer.unref();
      }
    }
  }

  return {
    /** Applies what came due while stopped, then keeps time. */
    start: () => tick(),
    /** Re-plans now (after a maintenance was scheduled or changed). */
    poke: () => tick(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
