import type { ComponentWithStatus } from '@kdi-status/sdk';
import { foldEventLog, TimelineFold } from '../history/timeline.js';
import { dailyUptime, lastDays, periodUptime, type DayPeriod, type DayUptime } from '../history/uptime.js';
import type { Store } from '../store/store.js';

/** The days of the bar on `/`. */
export const BAR_DAYS = 90;

/** One component's 90-day bar: its days and the period's uptime (null: no data at all). */
export interface ComponentBar {
  id: string;
  name: string;
  days: DayUptime[];
  uptime: number | null;
}

/** Every bar of the front page, for one instant. */
export interface UptimeBars {
  period: DayPeriod;
  bars: ComponentBar[];
}

export interface UptimeHolder {
  /** Folds in what is new in the log (nothing is read twice) and returns the fold. */
  current(): Promise<TimelineFold>;
  /** The 90-day bars of `components` (in their order) at `now`, from the fold brought up to date. */
  bars(components: readonly Pick<ComponentWithStatus, 'id' | 'name'>[], now: Date): Promise<UptimeBars>;
  /** Stops following the store's commits. */
  close(): void;
}

/**
 * The site's one `TimelineFold`: folded from the whole log once, at start, and then fed only the
 * events after the last one it holds, after each commit (by any instance: `store.onCommit`) and
 * before each render, one reader at a time. No request refolds the log.
 *
 * @example
 * const uptime = createUptimeHolder(store);
 * const { bars } = await uptime.bars(readModel.current().view.summary.components, new Date());
 */
export function createUptimeHolder(store: Store): UptimeHolder {
  const fold = new TimelineFold();
  let reading: Promise<TimelineFold> = Promise.resolve(fold);
  const catchUp = () => {
    const run = reading.then(() => foldEventLog(store, fold));
    reading = run.catch(() => fold);
    return run;
  };
  void catchUp().catch((error: unknown) => console.error('uptime fold failed', error));
  const unsubscribe = store.onCommit(() => void catchUp().catch((error: unknown) => console.error('uptime fold failed', error)));
  return {
    current: catchUp,
    async bars(components, now) {
      const folded = await catchUp();
      const period = lastDays(BAR_DAYS, now);
      return {
        period,
        bars: components.map(({ id, name }) => {
          const days = dailyUptime(folded.timeline(id), period, now);
          return { id, name, days, uptime: periodUptime(days) };
        }),
      };
    },
    close: unsubscribe,
  };
}
