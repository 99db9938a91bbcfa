import {
  ComponentListSchema,
  ContentListSchema,
  type ContentListQuery,
  IncidentListSchema,
  MaintenanceListSchema,
  type IncidentListQuery,
  type MaintenanceListQuery,
} from '../schemas/api.js';
import { ComponentWithStatusSchema, type ComponentWithStatus } from '../schemas/component.js';
import { IncidentSchema, type Incident } from '../schemas/incident.js';
import type { ContentItem } from '../schemas/content.js';
import type { Maintenance } from '../schemas/maintenance.js';
import { SummarySchema, type Summary } from '../schemas/summary.js';
import type { LiveEvent } from '../schemas/event.js';
import { ProblemSchema } from '../schemas/problem.js';
import { zodCheck } from './check.js';
import { summaryPath } from './live-subscription.js';
import { subscribeLive, watchStatus, type SubscribeOptions, type WatchedStatus, type WatchOptions } from './live.js';
import { createRequester, queryString, type ClientOptions, type RequestOptions } from './request.js';

/**
 * Options of a summary request: a request's, and the components to get it for.
 *
 * @example
 * await client.summary({ components: ['ky'], signal });
 */
export interface SummaryRequestOptions extends RequestOptions {
  /**
   * Only these components and their dependency closure, with the incidents and maintenance that
   * concern them (`?components=ky,ksd`): a page that shows one fagløsning does not download the
   * whole landscape. Default: everything.
   */
  components?: readonly string[];
}

/** The result of a conditional summary request: changed (with the new ETag) or not. */
export type SummaryPoll = { changed: true; summary: Summary; etag: string | null } | { changed: false };

/**
 * A client for the public read API (`createStatusClient`). Every response is validated against
 * the SDK's schemas; failures are typed (`HttpError`, `NetworkError`, `TimeoutError`,
 * `SchemaValidationError`, all under `KdiStatusError`).
 *
 * @example
 * function worstOf(client: StatusClient, ids: string[]) {
 *   return client.components({ ids }).then((cs) => cs.map((c) => c.effective.status));
 * }
 */
export interface StatusClient {
  /** Everything needed to render: components with effective status, active incidents, maintenance. */
  summary(init?: SummaryRequestOptions): Promise<Summary>;
  /**
   * The summary only if it changed since `etag` (a conditional request; the server answers 304).
   *
   * @example
   * let etag = null;
   * const poll = await client.pollSummary(etag);
   * if (poll.changed) { render(poll.summary); etag = poll.etag; }
   */
  pollSummary(etag: string | null, init?: SummaryRequestOptions): Promise<SummaryPoll>;
  /** All components (or those in `ids`) with effective status. */
  components(filter?: { ids?: readonly string[] }, init?: RequestOptions): Promise<ComponentWithStatus[]>;
  /** One component; an unknown id rejects with an `HttpError` whose status is 404. */
  component(id: string, init?: RequestOptions): Promise<ComponentWithStatus>;
  /** Active incidents, or with `state: 'recent'` also those resolved in the last 7 days. Newest first. */
  incidents(filter?: IncidentListQuery, init?: RequestOptions): Promise<Incident[]>;
  /** One incident with all its updates. */
  incident(id: string, init?: RequestOptions): Promise<Incident>;
  /** Maintenance in progress, or with `state: 'upcoming'` scheduled and not yet started. Soonest first. */
  maintenances(filter?: MaintenanceListQuery, init?: RequestOptions): Promise<Maintenance[]>;
  /** News, planned releases and FAQ, for one component and of one type if given. Newest first. */
  content(filter?: ContentListQuery, init?: RequestOptions): Promise<ContentItem[]>;
  /**
   * Live events from the server's stream, in order, validated; resumes, reconnects and falls
   * back to polling by itself (see {@link subscribeLive}). Returns a function that ends it.
   *
   * @example
   * const controller = new AbortController();
   * client.subscribe((event) => console.log(event.type, event.seq), { components: ['ky'], signal: controller.signal });
   */
  subscribe(onEvent: (event: LiveEvent) => void, live?: SubscribeOptions): () => void;
  /**
   * The effective status of `components`, each time it changes (see {@link watchStatus}).
   * Returns a function that ends it.
   *
   * @example
   * const stop = client.watch(['ky'], ({ components }) => render(components));
   */
  watch(components: readonly string[], onChange: (status: WatchedStatus) => void, live?: WatchOptions): () => void;
}

/**
 * Makes a {@link StatusClient} for the server at `baseUrl`.
 *
 * @example
 * const client = createStatusClient({ baseUrl: 'https://status.example.dk' });
 * const summary = await client.summary();
 * const ky = summary.components.find((c) => c.id === 'ky');
 * console.log(ky?.effective.status);
 */
export function createStatusClient(options: ClientOptions): StatusClient {
  const request = createRequester(options, zodCheck(ProblemSchema));
  const checkSummary = zodCheck(SummarySchema);

  async function get<T>(schema: Parameters<typeof zodCheck>[0], path: string, init?: RequestOptions): Promise<T> {
    const result = await request.get(zodCheck(schema), path, init);
    // Only conditional requests can get a 304, and they go through pollSummary.
    if ('notModified' in result) throw new Error(`Unexpected 304 for ${path}`);
    return result.data as T;
  }

  return {
    summary: ({ components, ...init } = {}) => get<Summary>(SummarySchema, summaryPath(components), init),

    async pollSummary(etag, { components, ...init } = {}) {
      const headers = etag ? { ...init.headers, 'if-none-match': etag } : init.headers;
      const result = await request.get(checkSummary, summaryPath(components), { ...init, ...(headers ? { headers } : {}) });
      return 'notModified' in result ? { changed: false } : { changed: true, summary: result.data, etag: result.etag };
    },

    async components(filter = {}, init) {
      const list = await get<{ components: ComponentWithStatus[] }>(
        ComponentListSchema,
        `/api/v1/components${queryString({ ids: filter.ids?.join(',') })}`,
        init,
      );
      return list.components;
    },

    component: (id, init) => get<ComponentWithStatus>(ComponentWithStatusSchema, `/api/v1/components/${encodeURIComponent(id)}`, init),

    async incidents(filter = {}, init) {
      const list = await get<{ incidents: Incident[] }>(IncidentListSchema, `/api/v1/incidents${queryString(filter)}`, init);
      return list.incidents;
    },

    incident: (id, init) => get<Incident>(IncidentSchema, `/api/v1/incidents/${encodeURIComponent(id)}`, init),

    async maintenances(filter = {}, init) {
      const list = await get<{ maintenances: Maintenance[] }>(MaintenanceListSchema, `/api/v1/maintenances${queryString(filter)}`, init);
      return list.maintenances;
    },

    async content(filter = {}, init) {
      const list = await get<{ content: ContentItem[] }>(ContentListSchema, `/api/v1/content${queryString(filter)}`, init);
      return list.content;
    },

    subscribe: (onEvent, live) => subscribeLive(options, onEvent, live),

    watch: (components, onChange, live) => watchStatus(options, components, onChange, live),
  };
}
