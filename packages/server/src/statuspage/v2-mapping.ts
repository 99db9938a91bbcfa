import {
  COMPONENT_KINDS,
  localized,
  worstStatus,
  type ComponentStatus,
  type ComponentWithStatus,
  type Incident,
  type IncidentImpact,
  type IncidentUpdate,
  type Lang,
  type Maintenance,
  type MaintenanceStatus,
} from '@kdi-status/sdk';
import { messagesFor } from '../site/messages.js';
import {
  V2_INDICATORS,
  type V2Component,
  type V2Incident,
  type V2IncidentUpdate,
  type V2Indicator,
  type V2MaintenanceStatus,
  type V2Page,
  type V2ScheduledMaintenance,
  type V2Status,
} from './v2-schemas.js';
import { indicatorDescription } from './v2-text.js';

// Pure functions from our read model to the Statuspage v2 shapes: no I/O, no clock. The table
// of decisions is docs/adr/0013-statuspage-v2-mapping.md.

/** The `page.id` of every answer: one kdi-status server is one page. */
export const V2_PAGE_ID = 'kdi-status';
/** Where our times are shown (and the site's day boundaries). */
export const V2_TIME_ZONE = 'Europe/Copenhagen';

/** What every mapping needs besides the thing it maps. */
export interface V2Context {
  lang: Lang;
  /** Where the status site is reached, without a trailing slash (`https://status.example`). */
  origin: string;
  /** The time of the read model's last change: `page.updated_at`, and every component's `updated_at`. */
  updatedAt: string;
  /** The time of the event log's first event: every component's `created_at`. */
  createdAt: string;
}

/** A link to a page of the status site, in the context's language. */
function siteLink(context: V2Context, path: string): string {
  return `${context.origin}${path}${context.lang === 'en' ? '?lang=en' : ''}`;
}

/**
 * The `page` object.
 *
 * @example
 * v2Page(context); // { id: 'kdi-status', name: 'Driftsstatus', url: 'https://status.example/', time_zone: 'Europe/Copenhagen', … }
 */
export function v2Page(context: V2Context): V2Page {
  return {
    id: V2_PAGE_ID,
    name: messagesFor(context.lang).siteName,
    url: siteLink(context, '/'),
    time_zone: V2_TIME_ZONE,
    updated_at: context.updatedAt,
  };
}

/**
 * The indicator a component status gives the page: major outage is critical, partial outage
 * major, degraded performance minor, maintenance `maintenance`.
 *
 * @example
 * indicatorOfStatus('partial_outage'); // 'major'
 */
export function indicatorOfStatus(status: ComponentStatus): V2Indicator {
  const map: Record<ComponentStatus, V2Indicator> = {
    operational: 'none',
    under_maintenance: 'maintenance',
    degraded_performance: 'minor',
    partial_outage: 'major',
    major_outage: 'critical',
  };
  return map[status];
}

/**
 * The indicator an unresolved incident's impact gives the page (the same words: `none` adds nothing).
 *
 * @example
 * indicatorOfImpact('critical'); // 'critical'
 */
export function indicatorOfImpact(impact: IncidentImpact): V2Indicator {
  return impact;
}

/**
 * The page indicator: the worst of what the components' statuses and the unresolved incidents'
 * impacts give, in the order none < maintenance < minor < major < critical.
 *
 * @example
 * v2Indicator(['operational', 'under_maintenance'], []); // 'maintenance'
 * v2Indicator(['degraded_performance'], ['critical']); // 'critical'
 */
export function v2Indicator(statuses: Iterable<ComponentStatus>, impacts: Iterable<IncidentImpact>): V2Indicator {
  let worst = 0;
  for (const status of statuses) worst = Math.max(worst, V2_INDICATORS.indexOf(indicatorOfStatus(status)));
  for (const impact of impacts) worst = Math.max(worst, V2_INDICATORS.indexOf(indicatorOfImpact(impact)));
  return V2_INDICATORS[worst]!;
}

/**
 * The page `status`: the indicator of the components (effective status) and the unresolved
 * incidents, with its words in the context's language.
 *
 * @example
 * v2Status(view.summary.components, view.incidents.active, 'en'); // { indicator: 'none', description: 'All Systems Operational' }
 */
export function v2Status(components: readonly ComponentWithStatus[], unresolved: readonly Incident[], lang: Lang): V2Status {
  const indicator = v2Indicator(
    components.map((c) => c.effective.status),
    unresolved.map((i) => i.impact),
  );
  return { indicator, description: indicatorDescription(indicator, lang) };
}

/**
 * The id of the group of a component kind. `_` is no slug character, so no component id can
 * ever equal it.
 *
 * @example
 * groupIdOf('support-system'); // 'kind_support-system'
 */
export function groupIdOf(kind: ComponentWithStatus['kind']): string {
  return `kind_${kind}`;
}

/**
 * The components as that API lists them: per kind (application, infrastructure, support system,
 * external) a group, followed by its members, positions counted through the whole list. A
 * member's status is its **effective** status; a group's, the worst of its members'.
 *
 * @example
 * v2Components(view.summary.components, context).filter((c) => c.group).map((c) => c.id); // ['kind_application', …]
 */
export function v2Components(components: readonly ComponentWithStatus[], context: V2Context): V2Component[] {
  const words = messagesFor(context.lang);
  const common = {
    created_at: context.createdAt,
    updated_at: context.updatedAt,
    start_date: null,
    page_id: V2_PAGE_ID,
    only_show_if_degraded: false,
  };
  const list: V2Component[] = [];
  for (const kind of COMPONENT_KINDS) {
    const members = components.filter((c) => c.kind === kind);
    if (!members.length) continue;
    const groupId = groupIdOf(kind);
    list.push({
      id: groupId,
      name: words.kindHeading[kind],
      status: worstStatus(members.map((c) => c.effective.status)),
      ...common,
      position: list.length + 1,
      description: null,
      showcase: false,
      group_id: null,
      group: true,
      components: members.map((c) => c.id),
    });
    for (const c of members) {
      list.push({
        id: c.id,
        name: c.name,
        status: c.effective.status,
        ...common,
        position: list.length + 1,
        description: c.description ?? null,
        showcase: true,
        group_id: groupId,
        group: false,
      });
    }
  }
  return list;
}

/** The components an incident or maintenance names, as v2 components (retired ones are left out). */
function affected(ids: readonly string[], components: ReadonlyMap<string, V2Component>): V2Component[] {
  return ids.flatMap((id) => components.get(id) ?? []);
}

/** When an update was last worded: its time, or its latest correction's. */
function updateChangedAt(update: IncidentUpdate): string {
  return (update.corrections ?? []).reduce((latest, c) => (c.at > latest ? c.at : latest), update.at);
}

/**
 * One incident update: the current wording in the context's language (earlier wordings of a
 * corrected update are not sent; its `updated_at` says when it was last corrected).
 *
 * @example
 * v2IncidentUpdate(incident.updates[0]!, incident.id, 'en').body;
 */
export function v2IncidentUpdate(update: IncidentUpdate, incidentId: string, lang: Lang): V2IncidentUpdate {
  return {
    id: update.id,
    status: update.status,
    body: localized(update.message, lang),
    incident_id: incidentId,
    created_at: update.at,
    updated_at: updateChangedAt(update),
    display_at: update.at,
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

/**
 * An incident. `created_at` is its first update's time (`started_at` may be set earlier, when
 * the trouble began); `monitoring_at` the first update that moved it to monitoring.
 *
 * @example
 * v2Incident(incident, componentsById, context).shortlink; // 'https://status.example/incidents/inc-1'
 */
export function v2Incident(incident: Incident, components: ReadonlyMap<string, V2Component>, context: V2Context): V2Incident {
  // Updates are newest first: the oldest is the last.
  const oldest = incident.updates.at(-1);
  const monitoring = incident.updates.findLast((u) => u.status === 'monitoring');
  return {
    id: incident.id,
    name: localized(incident.title, context.lang),
    status: incident.status,
    impact: incident.impact,
    created_at: oldest?.at ?? incident.startedAt,
    updated_at: incident.updatedAt,
    monitoring_at: monitoring?.at ?? null,
    resolved_at: incident.resolvedAt,
    shortlink: siteLink(context, `/incidents/${encodeURIComponent(incident.id)}`),
    started_at: incident.startedAt,
    page_id: V2_PAGE_ID,
    incident_updates: incident.updates.map((u) => v2IncidentUpdate(u, incident.id, context.lang)),
    components: affected(
      incident.components.map((c) => c.id),
      components,
    ),
  };
}

/**
 * A maintenance status in that API, or null for `cancelled`, which it does not have: cancelled
 * maintenance is left out of every list (a reader would show it as completed work).
 *
 * @example
 * v2MaintenanceStatus('cancelled'); // null
 */
export function v2MaintenanceStatus(status: MaintenanceStatus): V2MaintenanceStatus | null {
  return status === 'cancelled' ? null : status;
}

/**
 * A scheduled maintenance, or null when cancelled. Our maintenance has a description, not a
 * list of updates: it is sent as one update with the maintenance's current status.
 *
 * @example
 * v2Maintenance(maintenance, componentsById, context)?.scheduled_for; // maintenance.startsAt
 */
export function v2Maintenance(
  maintenance: Maintenance,
  components: ReadonlyMap<string, V2Component>,
  context: V2Context,
): V2ScheduledMaintenance | null {
  const status = v2MaintenanceStatus(maintenance.status);
  if (status === null) return null;
  const at = maintenance.updatedAt;
  return {
    id: maintenance.id,
    name: localized(maintenance.title, context.lang),
    status,
    impact: 'maintenance',
    created_at: at,
    updated_at: at,
    monitoring_at: null,
    resolved_at: status === 'completed' ? at : null,
    shortlink: siteLink(context, '/maintenance'),
    started_at: maintenance.startsAt,
    page_id: V2_PAGE_ID,
    incident_updates: [
      {
        id: `${maintenance.id}-${status}`,
        status,
        body: localized(maintenance.description, context.lang),
        incident_id: maintenance.id,
        created_at: at,
        updated_at: at,
        display_at: at,
        affected_components: null,
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      },
    ],
    components: affected(maintenance.components, components),
    scheduled_for: maintenance.startsAt,
    scheduled_until: maintenance.endsAt,
  };
}
