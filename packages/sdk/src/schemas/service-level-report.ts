import { z } from 'zod/mini';
import { ServiceLevelSchema } from './component.js';
import { SlugSchema, TimestampSchema } from './primitives.js';
import { IncidentImpactSchema, MaintenanceStatusSchema } from './status.js';

/**
 * A calendar month, `YYYY-MM` (1970 on). The report's month is the month in Copenhagen, as the
 * site's history counts its days: it begins at local midnight of its first day.
 *
 * @example
 * ReportMonthSchema.parse('2026-11');
 */
export const ReportMonthSchema = z
  .string()
  .check(z.regex(/^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/, { error: 'must be a month as YYYY-MM, e.g. 2026-11' }));
export type ReportMonth = z.infer<typeof ReportMonthSchema>;

/** The forms the report is sent in: JSON, or one CSV row per component. */
export const SERVICE_LEVEL_REPORT_FORMATS = ['json', 'csv'] as const;

/**
 * `GET /api/v1/admin/reports/service-levels`: `month` (default: the last whole month) and
 * `format=csv` (or `Accept: text/csv`) for the spreadsheet.
 *
 * @example
 * ServiceLevelReportQuerySchema.parse({ month: '2026-11', format: 'csv' });
 */
export const ServiceLevelReportQuerySchema = z.strictObject({
  month: z.optional(ReportMonthSchema),
  format: z.optional(z.enum(SERVICE_LEVEL_REPORT_FORMATS)),
});
export type ServiceLevelReportQuery = z.infer<typeof ServiceLevelReportQuerySchema>;

/** A verdict against a target: met, missed, or `null` when no target is set (or it cannot be told yet). */
const verdict = z.nullable(z.boolean());
const count = z.int().check(z.nonnegative());

/**
 * Incidents counted by impact (the worst impact each one had).
 *
 * @example
 * ImpactCountsSchema.parse({ none: 0, minor: 1, major: 2, critical: 0 });
 */
export const ImpactCountsSchema = z.object({ none: count, minor: count, major: count, critical: count });
export type ImpactCounts = z.infer<typeof ImpactCountsSchema>;

/**
 * A component's uptime in the month, by the site's uptime math (major outage minutes count fully,
 * partial outage at 0.3, degraded performance and maintenance not at all), over the minutes it
 * existed. `percent` is what its users saw (its effective status, dependencies included: the
 * site's number); `ownPercent` counts only its own status (what its vendor answers for), and the
 * target is judged on it.
 *
 * @example
 * UptimeReportSchema.parse({ percent: 99.2, ownPercent: 99.6, targetPercent: 99.5, met: true,
 *   dataMinutes: 43200, downtimeMinutes: 345.6, ownDowntimeMinutes: 172.8 });
 */
export const UptimeReportSchema = z.object({
  percent: z.nullable(z.number()),
  ownPercent: z.nullable(z.number()),
  targetPercent: z.nullable(z.number()),
  met: verdict,
  /** Minutes of the month the component existed (up to now, in the current month). */
  dataMinutes: z.number(),
  downtimeMinutes: z.number(),
  ownDowntimeMinutes: z.number(),
});
export type UptimeReport = z.infer<typeof UptimeReportSchema>;

/**
 * One incident that started in the month: how fast its vendor wrote the first update after the
 * opening message, and how long it took to resolve.
 *
 * @example
 * ReportIncidentSchema.parse({ id: 'inc_1', title: 'Nedbrud i STS', vendor: 'infra-drift', impact: 'major',
 *   components: ['sts'], startedAt: '2026-11-03T08:00:00.000Z', firstUpdateAt: '2026-11-03T08:40:00.000Z',
 *   firstUpdateMinutes: 40, firstUpdateTargetMinutes: 30, firstUpdateMet: false,
 *   resolvedAt: '2026-11-03T10:00:00.000Z', resolveMinutes: 120 });
 */
export const ReportIncidentSchema = z.object({
  id: z.string(),
  /** The Danish title. */
  title: z.string(),
  vendor: SlugSchema,
  /** The worst impact it had. */
  impact: IncidentImpactSchema,
  /** Every component it named at any time. */
  components: z.array(SlugSchema),
  startedAt: TimestampSchema,
  /** The first update after the opening message; null while there is none. */
  firstUpdateAt: z.nullable(TimestampSchema),
  firstUpdateMinutes: z.nullable(z.number()),
  /** The strictest target of its components for its impact; null when none has one. */
  firstUpdateTargetMinutes: z.nullable(z.number()),
  /** Against that target; false too when there is no update yet and the target has passed. */
  firstUpdateMet: verdict,
  resolvedAt: z.nullable(TimestampSchema),
  resolveMinutes: z.nullable(z.number()),
});
export type ReportIncident = z.infer<typeof ReportIncidentSchema>;

/**
 * One maintenance window that started (or was to start) in the month, not cancelled: how long
 * before its start it was announced (the event that first created it).
 *
 * @example
 * ReportMaintenanceSchema.parse({ id: 'mnt_1', title: 'Opdatering', vendor: 'infra-drift', components: ['sts'],
 *   status: 'completed', announcedAt: '2026-11-01T10:00:00.000Z', startsAt: '2026-11-05T22:00:00.000Z',
 *   noticeHours: 108, noticeTargetHours: 120, noticeMet: false });
 */
export const ReportMaintenanceSchema = z.object({
  id: z.string(),
  title: z.string(),
  vendor: SlugSchema,
  components: z.array(SlugSchema),
  status: MaintenanceStatusSchema,
  announcedAt: TimestampSchema,
  startsAt: TimestampSchema,
  /** Hours from the announcement to the start (negative: announced after it began). */
  noticeHours: z.number(),
  /** The longest notice any of its components requires; null when none has a target. */
  noticeTargetHours: z.nullable(z.number()),
  noticeMet: verdict,
});
export type ReportMaintenance = z.infer<typeof ReportMaintenanceSchema>;

/**
 * One component's month against its targets (as they stood at the end of the month).
 *
 * @example
 * report.components.find((c) => c.id === 'sts')?.uptime.met; // false
 */
export const ReportComponentSchema = z.object({
  id: SlugSchema,
  name: z.string(),
  vendor: SlugSchema,
  serviceLevel: z.nullable(ServiceLevelSchema),
  uptime: UptimeReportSchema,
  incidents: ImpactCountsSchema,
  /** The ids of the incidents of `incidents`, in the order they started. */
  incidentIds: z.array(z.string()),
  /** Incidents whose first update came later than this component's target for their impact. */
  firstUpdatesLate: count,
  maintenances: count,
  /** Maintenance announced with less notice than this component's target. */
  maintenancesLate: count,
});
export type ReportComponent = z.infer<typeof ReportComponentSchema>;

/**
 * A vendor's month rolled up over its components: each incident and window counted once.
 *
 * @example
 * report.vendors.find((v) => v.id === 'infra-drift')?.componentsMissingUptime; // 1
 */
export const ReportVendorSchema = z.object({
  id: SlugSchema,
  name: z.string(),
  components: z.array(SlugSchema),
  componentsMeetingUptime: count,
  componentsMissingUptime: count,
  incidents: ImpactCountsSchema,
  firstUpdatesLate: count,
  maintenances: count,
  maintenancesLate: count,
});
export type ReportVendor = z.infer<typeof ReportVendorSchema>;

/**
 * The monthly service-level report KOMBIT controls vendors with, computed from the event log:
 * per component and rolled up per vendor. A vendor key gets its own vendor's part only.
 *
 * @example
 * const report = await admin.serviceLevelReport('2026-11');
 * report.components.filter((c) => c.uptime.met === false).map((c) => c.id); // ['sts']
 */
export const ServiceLevelReportSchema = z.object({
  month: ReportMonthSchema,
  /** The month's first instant (Copenhagen midnight) and the next month's, UTC. */
  from: TimestampSchema,
  until: TimestampSchema,
  generatedAt: TimestampSchema,
  /** False while the month is still running: the numbers cover it up to `generatedAt`. */
  complete: z.boolean(),
  /** The last event-log sequence the report reflects. */
  sequence: z.int().check(z.nonnegative()),
  /** The vendor the report is limited to (a vendor key's), or null for all. */
  vendor: z.nullable(SlugSchema),
  components: z.array(ReportComponentSchema),
  vendors: z.array(ReportVendorSchema),
  incidents: z.array(ReportIncidentSchema),
  maintenances: z.array(ReportMaintenanceSchema),
});
export type ServiceLevelReport = z.infer<typeof ServiceLevelReportSchema>;
