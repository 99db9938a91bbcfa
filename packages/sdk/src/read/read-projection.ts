import type { LiveEvent } from '../schemas/event.js';
import type { Summary } from '../schemas/summary.js';
import type { Spec, View } from './projection.js';

// What the browser read path reads of the summary and the live events: the widget
// (packages/widget/src) and applyLiveEvent, which folds the events into the summary. The lean
// checks validate exactly this (read-schemas.ts), and the read path's types are this (below): a
// field outside it is neither checked nor typed, so reading one does not compile. Add a field here
// when a reader needs it.

/** What `<kdi-status>` and `applyLiveEvent` read of a summary. */
export const summaryProjection = {
  // Kept by applyLiveEvent (the overall status from each component's own): for readers of the full summary.
  status: true,
  updatedAt: true,
  sequence: true,
  vendors: { id: true, name: true, servicedesk: { email: true, phone: true, url: true } },
  components: {
    id: true,
    name: true,
    // The kind and group name what a cause is ("fejl i Organisation (Støttesystemerne)").
    kind: true,
    group: true,
    vendor: true,
    dependsOn: true,
    effective: { status: true, own: true, sources: true },
  },
  incidents: {
    id: true,
    title: true,
    impact: true,
    status: true,
    vendor: true,
    components: true,
    updates: { id: true, at: true, message: true },
    updatedAt: true,
    citizenText: true,
    // The chain of responsibility the banner tells, and the municipalities the widget filters by.
    causedBy: { incident: true, vendor: true, components: true, state: true, upstreamResolvedAt: true },
    municipalities: true,
  },
  maintenances: true,
} as const satisfies Spec<Summary>;

/** What `applyLiveEvent` reads of each live event (the actor never; content and key events only move `seq`). */
export const liveEventProjection = {
  summary: { seq: true, data: summaryProjection },
  status: { seq: true, data: { components: { id: true, effective: summaryProjection.components.effective } } },
  'vendor.changed': { seq: true, at: true, data: summaryProjection.vendors },
  // A component's own status and retirement: what a changed component brings before its `status` event.
  'component.changed': {
    seq: true,
    at: true,
    data: { id: true, name: true, kind: true, group: true, vendor: true, dependsOn: true, status: true, retiredAt: true },
  },
  'incident.changed': { seq: true, at: true, data: summaryProjection.incidents },
  'maintenance.changed': { seq: true, at: true, data: true },
  'content.changed': { seq: true, at: true },
  'key.changed': { seq: true, at: true },
  'webhook.changed': { seq: true, at: true },
  'content.deleted': { seq: true, at: true },
} as const satisfies Spec<LiveEvent>;

/**
 * The summary as the read path (`@kdi-status/sdk/read`) hands it out: the fields the browser
 * reads, each checked as `SummarySchema` checks it.
 *
 * @example
 * const summary: SummaryView = await fetchSummary({ baseUrl }, { components: ['ky'] });
 */
export type SummaryView = View<Summary, typeof summaryProjection>;

/**
 * A live event as the read path hands it out; `applyLiveEvent` folds it into a {@link SummaryView}.
 *
 * @example
 * subscribeLive({ baseUrl }, (event: LiveEventView) => (summary = applyLiveEvent(summary, event)));
 */
export type LiveEventView = View<LiveEvent, typeof liveEventProjection>;

/** @example const names = summary.components.map((c: ComponentView) => c.name); */
export type ComponentView = SummaryView['components'][number];
/** @example const desk = (vendor: VendorView) => vendor.servicedesk.email; */
export type VendorView = SummaryView['vendors'][number];
/** @example const latest = (incident: IncidentView) => incident.updates[0]; */
export type IncidentView = SummaryView['incidents'][number];
/** @example const said = (update: IncidentUpdateView) => update.message.da; */
export type IncidentUpdateView = IncidentView['updates'][number];
/** @example const ends = (maintenance: MaintenanceView) => maintenance.endsAt; */
export type MaintenanceView = SummaryView['maintenances']['active'][number];
/** @example const via = (source: ImpactSourceView) => source.path; */
export type ImpactSourceView = ComponentView['effective']['sources'][number];
