import { gzipSync } from 'node:zlib';
import type { Store } from '../store/store.js';
import { createBoundedCache } from './bounded-cache.js';
import { etagOf } from './etag.js';
import { filterSummary } from './filtered-summary.js';
import { municipalityView } from './municipality-view.js';
import { buildStatusView, RECENT_MS, type StatusView } from './status-view.js';

/** A summary as it goes on the wire: its bytes and their ETag. */
export interface SerializedSummary {
  /**
   * The known component ids it is filtered to, sorted and joined (`*`: the whole summary), then
   * `@` and the municipality when it is one's (`ky@0101`, `*@0101`).
   */
  key: string;
  body: Buffer;
  etag: string;
  /** The same bytes gzipped, made when first asked for (a filtered summary is read by every page view of a widget). */
  gzipped(): { body: Buffer; etag: string };
}

/** A serialized summary whose gzip twin is made once, on first use. */
function serialized(key: string, body: Buffer): SerializedSummary {
  const etag = etagOf(body);
  let gz: { body: Buffer; etag: string } | undefined;
  return {
    key,
    body,
    etag,
    // A strong ETag per representation: the coded bytes differ (RFC 9110 §8.8.3).
    gzipped: () => (gz ??= { body: gzipSync(body, { level: 6 }), etag: `${etag.slice(0, -1)}-gz"` }),
  };
}

/** The read model plus the summary already serialized, so the hottest route only writes bytes. */
export interface ReadModel {
  view: StatusView;
  summaryBody: Buffer;
  summaryEtag: string;
  /**
   * The summary for a widget of `ids` (null: the whole one), serialized once per distinct set of
   * known ids per model: unknown ids are ignored, so `ky,nope` and `ky` share one entry and ETag.
   */
  summaryFor(ids: readonly string[] | null, municipality?: string | null): SerializedSummary;
  /**
   * The view as one municipality (a known kommunekode) sees it, or the whole view for null: made
   * when first asked for, once per model and municipality (read/municipality-view.ts).
   */
  viewFor(municipality: string | null): StatusView;
}

/**
 * Distinct filters kept serialized per model. Bounded in bytes too: a filter of a component that
 * depends on half the landscape is nearly the whole summary.
 */
const FILTERED_CACHE = { maxEntries: 500, maxBytes: 16 * 1024 * 1024 };

/** The ReadModel of a view: the whole summary serialized now, the filtered ones when first asked for. */
function readModelOf(view: StatusView): ReadModel {
  const summaryBody = Buffer.from(JSON.stringify(view.summary));
  const whole = serialized('*', summaryBody);
  const filtered = createBoundedCache<SerializedSummary>({ ...FILTERED_CACHE, sizeOf: (s) => 2 * s.body.length + s.key.length });
  // At most 98, each a few KB of objects shared with the whole view.
  const municipalities = new Map<string, StatusView>();
  const viewFor = (municipality: string | null): StatusView => {
    if (municipality === null) return view;
    let scoped = municipalities.get(municipality);
    if (!scoped) municipalities.set(municipality, (scoped = municipalityView(view, municipality)));
    return scoped;
  };
  return {
    view,
    summaryBody,
    summaryEtag: whole.etag,
    viewFor,
    summaryFor(ids, municipality = null) {
      if (ids === null && municipality === null) return whole;
      const known = ids && [...new Set(ids.filter((id) => view.componentsById.has(id)))].sort();
      // The municipality is part of the key: two municipalities never share an entry.
      const key = `${known ? known.join(',') : '*'}${municipality === null ? '' : `@${municipality}`}`;
      const cached = filtered.get(key);
      if (cached) return cached;
      const { summary } = viewFor(municipality);
      const body = Buffer.from(JSON.stringify(known ? filterSummary(summary, known) : summary));
      return filtered.set(key, serialized(key, body));
    },
  };
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
    return readModelOf(buildStatusView(snapshot));
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
