import { LangSchema } from '@kdi-status/sdk';
import { z } from 'zod/mini';

// The answers of the Statuspage v2 read API (`/api/v2/*.json`), field for field as that API's
// public documentation names them (docs/adr/0013-statuspage-v2-mapping.md). Defined once here:
// the routes build to these types, the tests parse every answer with them, and the OpenAPI
// document is generated from them.

/** A v2 time: ISO 8601 (Statuspage sends an offset; ours are UTC, `Z`). */
const V2TimeSchema = z.iso.datetime({ offset: true });
const nullableTime = z.nullable(V2TimeSchema);

/** Component statuses of that API (the same five as ours). */
export const V2_COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
/**
 * @example
 * V2ComponentStatusSchema.parse('under_maintenance');
 */
export const V2ComponentStatusSchema = z.enum(V2_COMPONENT_STATUSES);
export type V2ComponentStatus = z.infer<typeof V2ComponentStatusSchema>;

/** The page's status indicator, best first. */
export const V2_INDICATORS = ['none', 'maintenance', 'minor', 'major', 'critical'] as const;
/**
 * @example
 * V2IndicatorSchema.parse('major');
 */
export const V2IndicatorSchema = z.enum(V2_INDICATORS);
export type V2Indicator = z.infer<typeof V2IndicatorSchema>;

/** Incident statuses of that API (`postmortem` is never sent by us: we keep no postmortems). */
export const V2_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
/**
 * @example
 * V2IncidentStatusSchema.parse('monitoring');
 */
export const V2IncidentStatusSchema = z.enum(V2_INCIDENT_STATUSES);
export type V2IncidentStatus = z.infer<typeof V2IncidentStatusSchema>;

/** Scheduled maintenance statuses of that API (ours has `cancelled` besides: not sent). */
export const V2_MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
/**
 * @example
 * V2MaintenanceStatusSchema.parse('verifying');
 */
export const V2MaintenanceStatusSchema = z.enum(V2_MAINTENANCE_STATUSES);
export type V2MaintenanceStatus = z.infer<typeof V2MaintenanceStatusSchema>;

/** Incident impact (the same four as ours) and, on scheduled maintenance, `maintenance`. */
export const V2_IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
/**
 * @example
 * V2ImpactSchema.parse('maintenance');
 */
export const V2ImpactSchema = z.enum(V2_IMPACTS);
export type V2Impact = z.infer<typeof V2ImpactSchema>;

/**
 * The `page` object every answer starts with.
 *
 * @example
 * V2PageSchema.parse({ id: 'kdi-status', name: 'Driftsstatus', url: 'https://status.example',
 *   time_zone: 'Europe/Copenhagen', updated_at: '2026-11-26T08:08:00.000Z' });
 */
export const V2PageSchema = z.object({
  id: z.string(),
  name: z.string(),
  url: z.url(),
  time_zone: z.string(),
  updated_at: V2TimeSchema,
});
export type V2Page = z.infer<typeof V2PageSchema>;

/**
 * The blended status of the whole page: an indicator and its words.
 *
 * @example
 * V2StatusSchema.parse({ indicator: 'none', description: 'Alle systemer kører' });
 */
export const V2StatusSchema = z.object({
  indicator: V2IndicatorSchema,
  description: z.string(),
});
export type V2Status = z.infer<typeof V2StatusSchema>;

/**
 * A component, or a component group (`group: true`, with the ids of its `components`).
 *
 * @example
 * V2ComponentSchema.parse({ id: 'ky', name: 'KY', status: 'operational', created_at: '2026-11-26T08:00:00.000Z',
 *   updated_at: '2026-11-26T08:00:00.000Z', position: 2, description: null, showcase: true, start_date: null,
 *   group_id: 'kind_application', page_id: 'kdi-status', group: false, only_show_if_degraded: false });
 */
export const V2ComponentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: V2ComponentStatusSchema,
  created_at: V2TimeSchema,
  updated_at: V2TimeSchema,
  position: z.int(),
  description: z.nullable(z.string()),
  showcase: z.boolean(),
  start_date: z.nullable(z.string()),
  group_id: z.nullable(z.string()),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  /** Only on a group: its members' ids. */
  components: z.optional(z.array(z.string())),
});
export type V2Component = z.infer<typeof V2ComponentSchema>;

/**
 * A component as an update names it (Statuspage: only when the update changed it).
 *
 * @example
 * V2AffectedComponentSchema.parse({ code: 'sts', name: 'STS', old_status: 'operational', new_status: 'major_outage' });
 */
export const V2AffectedComponentSchema = z.object({
  code: z.string(),
  name: z.string(),
  old_status: V2ComponentStatusSchema,
  new_status: V2ComponentStatusSchema,
});

/**
 * One update on an incident or a scheduled maintenance: its status then, and what was said.
 *
 * @example
 * V2IncidentUpdateSchema.parse({ id: 'u1', status: 'investigating', body: 'Vi undersøger fejlen', incident_id: 'inc-1',
 *   created_at: '2026-11-26T08:08:00.000Z', updated_at: '2026-11-26T08:08:00.000Z', display_at: '2026-11-26T08:08:00.000Z',
 *   affected_components: null, deliver_notifications: true, custom_tweet: null, tweet_id: null });
 */
export const V2IncidentUpdateSchema = z.object({
  id: z.string(),
  status: z.union([V2IncidentStatusSchema, V2MaintenanceStatusSchema]),
  body: z.string(),
  incident_id: z.string(),
  created_at: V2TimeSchema,
  updated_at: V2TimeSchema,
  display_at: V2TimeSchema,
  affected_components: z.nullable(z.array(V2AffectedComponentSchema)),
  deliver_notifications: z.boolean(),
  custom_tweet: z.nullable(z.string()),
  tweet_id: z.nullable(z.string()),
});
export type V2IncidentUpdate = z.infer<typeof V2IncidentUpdateSchema>;

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: V2TimeSchema,
  updated_at: V2TimeSchema,
  monitoring_at: nullableTime,
  resolved_at: nullableTime,
  shortlink: z.url(),
  started_at: V2TimeSchema,
  page_id: z.string(),
  incident_updates: z.array(V2IncidentUpdateSchema),
  components: z.array(V2ComponentSchema),
};

/**
 * An incident.
 *
 * @example
 * const { incidents } = V2IncidentsResponseSchema.parse(await (await fetch('/api/v2/incidents.json')).json());
 * incidents[0]?.impact; // 'major'
 */
export const V2IncidentSchema = z.object({
  ...incidentFields,
  status: V2IncidentStatusSchema,
  impact: V2ImpactSchema,
});
export type V2Incident = z.infer<typeof V2IncidentSchema>;

/**
 * A scheduled maintenance: an incident with a window.
 *
 * @example
 * const { scheduled_maintenances } = V2ScheduledMaintenancesResponseSchema.parse(body);
 * scheduled_maintenances[0]?.scheduled_for;
 */
export const V2ScheduledMaintenanceSchema = z.object({
  ...incidentFields,
  status: V2MaintenanceStatusSchema,
  impact: V2ImpactSchema,
  scheduled_for: V2TimeSchema,
  scheduled_until: V2TimeSchema,
});
export type V2ScheduledMaintenance = z.infer<typeof V2ScheduledMaintenanceSchema>;

/**
 * `/api/v2/status.json`.
 *
 * @example
 * V2StatusResponseSchema.parse(body).status.indicator; // 'none'
 */
export const V2StatusResponseSchema = z.object({ page: V2PageSchema, status: V2StatusSchema });
export type V2StatusResponse = z.infer<typeof V2StatusResponseSchema>;

/**
 * `/api/v2/components.json`.
 *
 * @example
 * V2ComponentsResponseSchema.parse(body).components.filter((c) => !c.group);
 */
export const V2ComponentsResponseSchema = z.object({ page: V2PageSchema, components: z.array(V2ComponentSchema) });
export type V2ComponentsResponse = z.infer<typeof V2ComponentsResponseSchema>;

/**
 * `/api/v2/incidents.json` and `/api/v2/incidents/unresolved.json`.
 *
 * @example
 * V2IncidentsResponseSchema.parse(body).incidents.length;
 */
export const V2IncidentsResponseSchema = z.object({ page: V2PageSchema, incidents: z.array(V2IncidentSchema) });
export type V2IncidentsResponse = z.infer<typeof V2IncidentsResponseSchema>;

/**
 * `/api/v2/scheduled-maintenances.json`, `…/upcoming.json` and `…/active.json`.
 *
 * @example
 * V2ScheduledMaintenancesResponseSchema.parse(body).scheduled_maintenances.length;
 */
export const V2ScheduledMaintenancesResponseSchema = z.object({
  page: V2PageSchema,
  scheduled_maintenances: z.array(V2ScheduledMaintenanceSchema),
});
export type V2ScheduledMaintenancesResponse = z.infer<typeof V2ScheduledMaintenancesResponseSchema>;

/**
 * `/api/v2/summary.json`: status, components, unresolved incidents, maintenance upcoming or in progress.
 *
 * @example
 * const summary = V2SummaryResponseSchema.parse(await (await fetch('/api/v2/summary.json')).json());
 * summary.status.description; // 'Alle systemer kører'
 */
export const V2SummaryResponseSchema = z.object({
  page: V2PageSchema,
  status: V2StatusSchema,
  components: z.array(V2ComponentSchema),
  incidents: z.array(V2IncidentSchema),
  scheduled_maintenances: z.array(V2ScheduledMaintenanceSchema),
});
export type V2SummaryResponse = z.infer<typeof V2SummaryResponseSchema>;

/**
 * The one query parameter of every v2 route: the language of operator text and words (Danish
 * by default). Other parameters are ignored, as Atlassian's API does: readers add cache-busters
 * (`?_=1733140000`, `?t=…`) and must keep working unchanged.
 *
 * @example
 * V2QuerySchema.parse({ lang: 'en' });
 */
export const V2QuerySchema = z.object({ lang: z.optional(LangSchema) });
export type V2Query = z.infer<typeof V2QuerySchema>;
