// `@kdi-status/sdk/read`: the browser's read path without zod. The live subscription (fetch
// reader) and the summary request, validated by lean checks compiled from the same zod schemas
// projected to the fields a browser reads (src/read/read-projection.ts) and typed as that
// projection (`SummaryView`, `LiveEventView`), the pure helpers a renderer needs, the errors and
// every type. What weighs in a
// page (zod's runtime, the EventSource transport, the admin client) stays in the root entry.
import { leanChecks } from './read/read-checks.js';
import { subscribeWith, summaryPath } from './client/live-subscription.js';
import { createRequester, type ClientOptions } from './client/request.js';
import type { SummaryRequestOptions } from './client/status-client.js';
import type { LiveEventView, SummaryView } from './read/read-projection.js';
import type { SubscribeOptions } from './client/live-subscription.js';

export type * from './index.js';
export { leanChecks } from './read/read-checks.js';
export type {
  ComponentView,
  ImpactSourceView,
  IncidentUpdateView,
  IncidentView,
  LiveEventView,
  MaintenanceView,
  SummaryView,
  VendorView,
} from './read/read-projection.js';
export { localized, LANGS } from './schemas/primitives.js';
export { COMPONENT_STATUSES, statusSeverity, worseStatus, worstStatus } from './schemas/status.js';
export { isActiveMaintenance, isFinishedMaintenance } from './schemas/maintenance.js';
export { affectsMunicipality, MUNICIPALITY_CODE_PATTERN } from './schemas/municipality.js';
export { overallStatus } from './schemas/summary.js';
export * from './client/errors.js';
export { applyLiveEvent } from './client/apply-live-event.js';

/**
 * `subscribeLive` of `@kdi-status/sdk` for browsers that count bytes: the same subscription
 * (fetch reader honouring `retry:`, heartbeat watchdog, resume by `Last-Event-ID`, backoff with
 * full jitter and `Retry-After`, ETag polling of `?components=` while there is no stream),
 * validated by the lean checks and typed as what they check ({@link LiveEventView}).
 * `options.EventSource` is ignored: there is no EventSource transport here.
 *
 * @returns A function that ends the subscription.
 *
 * @example
 * const stop = subscribeLive({ baseUrl: 'https://status.example.dk' }, (event) => {
 *   summary = applyLiveEvent(summary, event);
 * }, { components: ['ky'] });
 */
export function subscribeLive(client: ClientOptions, onEvent: (event: LiveEventView) => void, options?: SubscribeOptions): () => void {
  return subscribeWith(leanChecks, undefined, client, onEvent, options);
}

/**
 * The summary (`GET /api/v1/summary`, only `components` and their dependencies when given),
 * checked by the lean check and typed as what it checks ({@link SummaryView}).
 *
 * @example
 * const summary = await fetchSummary({ baseUrl: 'https://status.example.dk' }, { components: ['ky'] });
 */
export async function fetchSummary(client: ClientOptions, { components, ...init }: SummaryRequestOptions = {}): Promise<SummaryView> {
  const result = await createRequester(client, leanChecks.problem).get(leanChecks.summary, summaryPath(components), init);
  if ('notModified' in result) throw new Error('Unexpected 304 for /api/v1/summary');
  return result.data;
}
