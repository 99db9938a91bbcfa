import { INCIDENT_IMPACTS, type ChangeEvent, type Component, type Incident, type IncidentImpact, type Maintenance } from '@kdi-status/sdk';
import type {
  ImpactCounts,
  ReportComponent,
  ReportIncident,
  ReportMaintenance,
  ReportVendor,
  ServiceLevelReport,
} from '@kdi-status/sdk/admin';
import { UnprocessableError } from '../domain/errors.js';
import { EVENT_PAGE_SIZE, TimelineFold } from '../history/timeline.js';
import { addDays, copenhagenDate, copenhagenMidnight, dailyUptime, periodUptime } from '../history/uptime.js';
import type { Store } from '../store/store.js';

/** What one report is asked for. */
export interface ServiceLevelReportOptions {
  /** `YYYY-MM`: a Copenhagen month that has begun. */
  month: string;
  /** The time of the report: the log up to it (incidents are followed past the month's end, to now). */
  now: Date;
  /** Only this vendor's components and what touched them (a vendor key's report); null: all. */
  vendor?: string | null;
  /** Events read per `eventsAfter` call. */
  pageSize?: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * The month after (`by` 1) or before (-1) a `YYYY-MM`.
 *
 * @example
 * shiftMonth('2026-12', 1); // '2027-01'
 */
export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, m - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/**
 * The month a report is for when none is asked: the last whole Copenhagen month before `now`.
 *
 * @example
 * defaultReportMonth(new Date('2026-12-03T10:00:00Z')); // '2026-11'
 */
export function defaultReportMonth(now: Date): string {
  return shiftMonth(copenhagenDate(now).slice(0, 7), -1);
}

const noImpacts = (): ImpactCounts => ({ none: 0, minor: 0, major: 0, critical: 0 });
const worseImpact = (a: IncidentImpact, b: IncidentImpact): IncidentImpact =>
  INCIDENT_IMPACTS.indexOf(a) >= INCIDENT_IMPACTS.indexOf(b) ? a : b;
const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / MINUTE;

/** What the log says of one incident that started in the month. */
interface IncidentTrack {
  latest: Incident;
  impact: IncidentImpact;
  components: Set<string>;
}

/** What the log says of one maintenance window: the event that first created it, and where it ended up. */
interface MaintenanceTrack {
  announcedAt: string;
  latest: Maintenance;
}

/** The log folded once: timelines, the landscape at the month's end, the month's incidents, every window. */
interface Folded {
  fold: TimelineFold;
  components: Map<string, Component>;
  vendorNames: Map<string, string>;
  incidents: Map<string, IncidentTrack>;
  maintenances: Map<string, MaintenanceTrack>;
  sequence: number;
}

async function foldLog(store: Store, from: number, until: number, pageSize: number): Promise<Folded> {
  const folded: Folded = {
    fold: new TimelineFold({ own: true }),
    components: new Map(),
    vendorNames: new Map(),
    incidents: new Map(),
    maintenances: new Map(),
    sequence: 0,
  };
  const apply = (event: ChangeEvent) => {
    folded.fold.apply(event);
    folded.sequence = event.seq;
    const before = Date.parse(event.at) < until;
    switch (event.type) {
      case 'component.changed':
        // Targets (and names, vendors) as they stood at the end of the month: a later change does not rewrite it.
        if (before || !folded.components.has(event.data.id)) folded.components.set(event.data.id, event.data);
        break;
      case 'vendor.changed':
        if (before || !folded.vendorNames.has(event.data.id)) folded.vendorNames.set(event.data.id, event.data.name);
        break;
      case 'incident.changed': {
        const started = Date.parse(event.data.startedAt);
        if (started < from || started >= until) break;
        const track = folded.incidents.get(event.data.id);
        const ids = event.data.components.map((c) => c.id);
        if (track) {
          track.latest = event.data;
          track.impact = worseImpact(track.impact, event.data.impact);
          for (const id of ids) track.components.add(id);
        } else {
          folded.incidents.set(event.data.id, { latest: event.data, impact: event.data.impact, components: new Set(ids) });
        }
        break;
      }
      case 'maintenance.changed': {
        const track = folded.maintenances.get(event.data.id);
        if (track) track.latest = event.data;
        else folded.maintenances.set(event.data.id, { announcedAt: event.at, latest: event.data });
        break;
      }
      default:
        break;
    }
  };
  for (let after = 0; ;) {
    const page = await store.eventsAfter(after, pageSize);
    for (const event of page) apply(event);
    if (page.length < pageSize) return folded;
    after = page.at(-1)!.seq;
  }
}

/** The first update after the opening message (updates are newest first; the opening is the last). */
function firstFollowUp(incident: Incident): string | null {
  return incident.updates.length >= 2 ? incident.updates[incident.updates.length - 2]!.at : null;
}

/**
 * Whether the first update was later than `target` minutes: by its time, or, while there is
 * none, by the time gone since the start (`null` while the target has not passed yet).
 */
function lateAgainst(target: number | undefined, minutes: number | null, elapsed: number): boolean | null {
  if (target === undefined) return null;
  if (minutes !== null) return minutes > target;
  return elapsed > target ? true : null;
}

/**
 * The service-level report of one Copenhagen month, from the event log (read in pages): per
 * component, its uptime by the site's uptime math against its target (judged on its own status),
 * its incidents by impact, how many had their first update after the opening message later than
 * its target, and how many maintenance windows were announced with less notice than it requires;
 * per incident and per window the figures behind those counts; per vendor the same rolled up.
 * Targets, names and vendors are as they stood at the end of the month. A month that has not
 * begun is a 422 naming `month`.
 *
 * @example
 * const report = await serviceLevelReport(store, { month: '2026-11', now: new Date() });
 * report.components.find((c) => c.id === 'sts')?.uptime.ownPercent; // 99.86
 */
export async function serviceLevelReport(store: Store, options: ServiceLevelReportOptions): Promise<ServiceLevelReport> {
  const { month, now, vendor = null, pageSize = EVENT_PAGE_SIZE } = options;
  const current = copenhagenDate(now).slice(0, 7);
  if (month > current) {
    throw new UnprocessableError('month_in_future', [
      { field: 'month', message: `is after this month (${current}): the log holds only what has happened` },
    ]);
  }
  const next = shiftMonth(month, 1);
  const from = copenhagenMidnight(`${month}-01`);
  const until = copenhagenMidnight(`${next}-01`);
  const nowMs = now.getTime();
  const folded = await foldLog(store, from, until, pageSize);
  const period = { from: `${month}-01`, to: addDays(`${next}-01`, -1) };

  // The components of the report: those that existed in the month (and, for a vendor, its own).
  const rows = new Map<string, ReportComponent>();
  for (const component of [...folded.components.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    if (vendor !== null && component.vendor !== vendor) continue;
    const days = dailyUptime(folded.fold.timeline(component.id), period, now);
    const ownDays = dailyUptime(folded.fold.ownTimeline(component.id), period, now);
    const dataMinutes = days.reduce((sum, d) => sum + d.dataMinutes, 0);
    if (dataMinutes === 0) continue;
    const percent = periodUptime(days);
    const ownPercent = periodUptime(ownDays);
    const targetPercent = component.serviceLevel?.uptimePercent ?? null;
    rows.set(component.id, {
      id: component.id,
      name: component.name,
      vendor: component.vendor,
      serviceLevel: component.serviceLevel ?? null,
      uptime: {
        percent,
        ownPercent,
        targetPercent,
        met: targetPercent === null || ownPercent === null ? null : ownPercent >= targetPercent,
        dataMinutes,
        downtimeMinutes: days.reduce((sum, d) => sum + d.downtimeMinutes, 0),
        ownDowntimeMinutes: ownDays.reduce((sum, d) => sum + d.downtimeMinutes, 0),
      },
      incidents: noImpacts(),
      incidentIds: [],
      firstUpdatesLate: 0,
      maintenances: 0,
      maintenancesLate: 0,
    });
  }
  const target = (id: string) => folded.components.get(id)?.serviceLevel;

  // Each incident counted once per component it named; lateness judged on each component's own target.
  const lateIncidents = new Map<string, Set<string>>(); // component id → incidents late against its target
  const incidents: ReportIncident[] = [];
  const tracks = [...folded.incidents.values()].sort((a, b) => a.latest.startedAt.localeCompare(b.latest.startedAt));
  for (const { latest, impact, components } of tracks) {
    const ids = [...components];
    if (vendor !== null && latest.vendor !== vendor && !ids.some((id) => rows.has(id))) continue;
    const firstUpdateAt = firstFollowUp(latest);
    const firstUpdateMinutes = firstUpdateAt === null ? null : minutesBetween(latest.startedAt, firstUpdateAt);
    const elapsed = (nowMs - Date.parse(latest.startedAt)) / MINUTE;
    const targets = ids.flatMap((id) => {
      const minutes = target(id)?.firstUpdateMinutes?.[impact];
      return minutes === undefined ? [] : [minutes];
    });
    const strictest = targets.length ? Math.min(...targets) : undefined;
    const late = lateAgainst(strictest, firstUpdateMinutes, elapsed);
    incidents.push({
      id: latest.id,
      title: latest.title.da,
      vendor: latest.vendor,
      impact,
      components: ids,
      startedAt: latest.startedAt,
      firstUpdateAt,
      firstUpdateMinutes,
      firstUpdateTargetMinutes: strictest ?? null,
      firstUpdateMet: late === null ? null : !late,
      resolvedAt: latest.resolvedAt,
      resolveMinutes: latest.resolvedAt === null ? null : minutesBetween(latest.startedAt, latest.resolvedAt),
    });
    for (const id of ids) {
      const row = rows.get(id);
      if (!row) continue;
      row.incidents[impact]++;
      row.incidentIds.push(latest.id);
      if (lateAgainst(target(id)?.firstUpdateMinutes?.[impact], firstUpdateMinutes, elapsed) === true) {
        row.firstUpdatesLate++;
        lateIncidents.set(id, (lateIncidents.get(id) ?? new Set()).add(latest.id));
      }
    }
  }

  // Windows that started (or were to start) in the month and were not called off.
  const lateWindows = new Map<string, Set<string>>();
  const maintenances: ReportMaintenance[] = [];
  const windows = [...folded.maintenances.values()]
    .filter(({ latest }) => {
      const starts = Date.parse(latest.startsAt);
      return starts >= from && starts < until && latest.status !== 'cancelled';
    })
    .sort((a, b) => a.latest.startsAt.localeCompare(b.latest.startsAt));
  for (const { announcedAt, latest } of windows) {
    if (vendor !== null && latest.vendor !== vendor && !latest.components.some((id) => rows.has(id))) continue;
    const noticeHours = (Date.parse(latest.startsAt) - Date.parse(announcedAt)) / HOUR;
    const required = latest.components.flatMap((id) => {
      const hours = target(id)?.maintenanceNoticeHours;
      return hours === undefined ? [] : [hours];
    });
    const noticeTargetHours = required.length ? Math.max(...required) : null;
    maintenances.push({
      id: latest.id,
      title: latest.title.da,
      vendor: latest.vendor,
      components: latest.components,
      status: latest.status,
      announcedAt,
      startsAt: latest.startsAt,
      noticeHours,
      noticeTargetHours,
      noticeMet: noticeTargetHours === null ? null : noticeHours >= noticeTargetHours,
    });
    for (const id of latest.components) {
      const row = rows.get(id);
      if (!row) continue;
      row.maintenances++;
      const hours = target(id)?.maintenanceNoticeHours;
      if (hours !== undefined && noticeHours < hours) {
        row.maintenancesLate++;
        lateWindows.set(id, (lateWindows.get(id) ?? new Set()).add(latest.id));
      }
    }
  }

  // Per vendor: over its components, each incident and window once.
  const impactOf = new Map(incidents.map((i) => [i.id, i.impact]));
  const byVendor = new Map<string, ReportComponent[]>();
  for (const row of rows.values()) byVendor.set(row.vendor, [...(byVendor.get(row.vendor) ?? []), row]);
  const vendors: ReportVendor[] = [...byVendor.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, own]) => {
      const union = (sets: Iterable<Iterable<string>>) => new Set([...sets].flatMap((s) => [...s]));
      const ownIncidents = union(own.map((c) => c.incidentIds));
      const counts = noImpacts();
      for (const incident of ownIncidents) counts[impactOf.get(incident)!]++;
      return {
        id,
        name: folded.vendorNames.get(id) ?? id,
        components: own.map((c) => c.id),
        componentsMeetingUptime: own.filter((c) => c.uptime.met === true).length,
        componentsMissingUptime: own.filter((c) => c.uptime.met === false).length,
        incidents: counts,
        firstUpdatesLate: union(own.map((c) => lateIncidents.get(c.id) ?? [])).size,
        maintenances: maintenances.filter((m) => m.components.some((c) => own.some((o) => o.id === c))).length,
        maintenancesLate: union(own.map((c) => lateWindows.get(c.id) ?? [])).size,
      };
    });

  return {
    month,
    from: new Date(from).toISOString(),
    until: new Date(until).toISOString(),
    generatedAt: now.toISOString(),
    complete: nowMs >= until,
    sequence: folded.sequence,
    vendor,
    components: [...rows.values()],
    vendors,
    incidents,
    maintenances,
  };
}
