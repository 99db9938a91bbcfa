import type { Store } from '../store/store.js';
import { etagOf } from './etag.js';
import { buildStatusView, RECENT_MS, type StatusView } from './status-view.js';

/** The read model plus the summary already serialized, so the hottest route only writes bytes. */
export interface ReadModel {
  view: StatusView;
  summaryBody: Buffer;
  summaryEtag: string;
}

/**
 * Holds the current read model and rebuilds it from the store after each change.
 *
 * @example
 * const readModel = createReadModel(store, () => new Date());
 * await readModel.refresh();
 * readModel.current().summaryEtag;
 */
export function createReadModel(store: Store, now: () => Date) {
  let current: ReadModel | undefined;
  /** The last rebuild started or queued. */
  let building: Promise<ReadModel> | undefined;
  /** A rebuild queued behind it that has not read the store yet: it will see every commit so far. */
  let waiting: Promise<ReadModel> | undefined;

  async function build(): Promise<ReadModel> {
    const snapshot = await store.snapshot({ since: new Date(now().getTime() - RECENT_MS).toISOString() });
    const view = buildStatusView(snapshot);
    const summaryBody = Buffer.from(JSON.stringify(view.summary));
    return { view, summaryBody, summaryEtag: etagOf(summaryBody) };
  }

  const holder = {
    current(): ReadModel {
      if (!current) throw new Error('read model used before the first refresh');
      return current;
    },
    /** Rebuilds unless the model already reflects event `seq` (a commit this process has seen). */
    async refreshTo(seq: number): Promise<ReadModel> {
      if (current && current.view.summary.sequence >= seq) return current;
      // A rebuild already under way may have read the store after this commit: wait for it first.
      await building?.catch(() => undefined);
      if (current && current.view.summary.sequence >= seq) return current;
      return holder.refresh();
    },
    /**
     * Rebuilds from the store. Rebuilds run one after another, so the last one sees every change;
     * callers that come while one is queued and has not read yet share it (a burst of commits, or
     * several listeners of one commit, cost one rebuild, not one each).
     */
    refresh(): Promise<ReadModel> {
      if (waiting) return waiting;
      const previous = building;
      const next = (async () => {
        await previous?.catch(() => undefined);
        // From here on it reads: a caller that comes now may have a commit it misses, and queues anew.
        waiting = undefined;
        current = await build();
        return current;
      })();
      building = waiting = next;
      return next;
    },
  };
  return holder;
}

export type ReadModelHolder = ReturnType<typeof createReadModel>;
