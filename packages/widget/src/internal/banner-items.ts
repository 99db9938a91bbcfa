import { statusSeverity } from '@kdi-status/sdk';
import type { ComponentStatus } from '@kdi-status/sdk';
import type { ImpactSourceView, IncidentUpdateView, IncidentView, MaintenanceView, SummaryView, VendorView } from '@kdi-status/sdk/read';

interface ItemBase {
  /** Stable across polls: `incident:<id>`, `maintenance:<id>` or `status:<component id>`. */
  key: string;
  /** What this trouble does to the given components (the worst, when it reaches them several ways). */
  status: ComponentStatus;
  /** Component names from the given component's direct dependency to the source; empty when the source is a given component itself. */
  via: string[];
  /** The vendor responsible: the incident's or maintenance's, or the owner of a component set by hand. */
  vendor: VendorView | undefined;
}

export interface IncidentItem extends ItemBase {
  kind: 'incident';
  incident: IncidentView;
  /** Updates are newest first; the first is what operators said last. */
  latest: IncidentUpdateView | undefined;
  updatedAt: string;
}

export interface MaintenanceItem extends ItemBase {
  kind: 'maintenance';
  maintenance: MaintenanceView;
  updatedAt: string;
  /** Not begun yet: it starts within the notice period (`maintenance-notice` hours). */
  upcoming?: boolean;
}

/** A component whose status an operator set by hand, with no incident or maintenance behind it. */
export interface StatusItem extends ItemBase {
  kind: 'status';
  componentName: string;
}

export type BannerItem = IncidentItem | MaintenanceItem | StatusItem;

/**
 * What the banner shows for `componentIds`: one entry per active incident, maintenance in
 * progress, or status set by hand that reaches them, directly or through dependencies, however
 * many components and paths it reaches them by (the shortest path is the one named); and
 * maintenance that starts within `noticeHours` of `now` on them or what they depend on. Worst
 * first (upcoming maintenance last), then most recently updated. Unknown ids are ignored.
 *
 * @example
 * bannerItems(summary, ['ky']).map((item) => item.key); // ['incident:inc_1']
 */
export function bannerItems(summary: SummaryView, componentIds: readonly string[], now = new Date(), noticeHours = 48): BannerItem[] {
  const components = new Map(summary.components.map((c) => [c.id, c]));
  const incidents = new Map(summary.incidents.map((i) => [i.id, i]));
  const maintenances = new Map(summary.maintenances.active.map((m) => [m.id, m]));
  const vendors = new Map(summary.vendors.map((v) => [v.id, v]));
  const names = (path: readonly string[]) => path.map((id) => components.get(id)?.name ?? id);

  const items = new Map<string, BannerItem>();
  // Keeps one entry per key: the worst status and the shortest path win (diamonds, several components).
  const add = (item: BannerItem) => {
    const seen = items.get(item.key);
    if (!seen) {
      items.set(item.key, item);
      return;
    }
    if (statusSeverity(item.status) > statusSeverity(seen.status)) seen.status = item.status;
    if (item.via.length < seen.via.length) seen.via = item.via;
  };

  for (const id of componentIds) {
    for (const source of components.get(id)?.effective.sources ?? []) {
      let explained = false;
      for (const incidentId of source.incidentIds) {
        const incident = incidents.get(incidentId);
        if (!incident) continue;
        explained = true;
        add({
          kind: 'incident',
          key: `incident:${incident.id}`,
          status: incident.components.find((c) => c.id === source.componentId)?.status ?? source.status,
          via: names(source.path),
          vendor: vendors.get(incident.vendor),
          incident,
          latest: incident.updates[0],
          updatedAt: incident.updates[0]?.at ?? incident.updatedAt,
        });
      }
      for (const maintenanceId of source.maintenanceIds) {
        const maintenance = maintenances.get(maintenanceId);
        if (!maintenance) continue;
        explained = true;
        add({
          kind: 'maintenance',
          key: `maintenance:${maintenance.id}`,
          status: 'under_maintenance',
          via: names(source.path),
          vendor: vendors.get(maintenance.vendor),
          maintenance,
          updatedAt: maintenance.updatedAt,
        });
      }
      // A source that names an incident or maintenance not (or no longer) in the summary is not
      // a status set by hand: between a resolve and the status event of the same commit it would
      // read as an outage of its own (and be announced as one).
      const named = source.incidentIds.length + source.maintenanceIds.length > 0;
      if (!explained && !named && source.status !== 'operational')
        add(statusItem(source, components.get(source.componentId), names, vendors));
    }
  }

  // Upcoming maintenance is not in the effective status yet: found by the dependency graph,
  // breadth first from the given components, so the path named is a shortest one.
  const paths = new Map<string, string[]>();
  const queue = componentIds.filter((id) => components.has(id)).map((id) => [id, [] as string[]] as const);
  for (const [id, path] of queue) {
    if (paths.has(id)) continue;
    paths.set(id, path);
    for (const next of components.get(id)?.dependsOn ?? []) queue.push([next, [...path, next]]);
  }
  const until = now.getTime() + noticeHours * 3_600_000;
  for (const maintenance of summary.maintenances.upcoming) {
    if (Date.parse(maintenance.startsAt) > until || Date.parse(maintenance.endsAt) <= now.getTime()) continue;
    const via = maintenance.components
      .map((id) => paths.get(id))
      .filter((path) => path !== undefined)
      .sort((a, b) => a.length - b.length)[0];
    if (!via || items.has(`maintenance:${maintenance.id}`)) continue;
    items.set(`maintenance:${maintenance.id}`, {
      kind: 'maintenance',
      key: `maintenance:${maintenance.id}`,
      status: 'under_maintenance',
      via: names(via),
      vendor: vendors.get(maintenance.vendor),
      maintenance,
      updatedAt: maintenance.updatedAt,
      upcoming: true,
    });
  }

  const rank = (item: BannerItem) => statusSeverity(item.status) * 2 + (item.kind === 'maintenance' && item.upcoming ? 0 : 1);
  const time = (item: BannerItem) => ('updatedAt' in item ? Date.parse(item.updatedAt) : 0);
  return [...items.values()].sort((a, b) => rank(b) - rank(a) || time(b) - time(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function statusItem(
  source: ImpactSourceView,
  component: { name: string; vendor: string } | undefined,
  names: (path: readonly string[]) => string[],
  vendors: Map<string, VendorView>,
): StatusItem {
  return {
    kind: 'status',
    key: `status:${source.componentId}`,
    status: source.status,
    via: names(source.path),
    vendor: component ? vendors.get(component.vendor) : undefined,
    componentName: component?.name ?? source.componentId,
  };
}

/**
 * One version of a message: its key, its status and its latest update (an incident's latest
 * update id, a maintenance's `updatedAt`; an incident's cause, when it has one and `withCause`:
 * where the cause is shown). Dismissing and announcing go by it: a worse status, a newer update
 * or a shown cause disputed or resolved upstream is a new version, shown again and announced again.
 *
 * @example
 * itemVersion(item); // 'incident:inc_1|partial_outage|upd_2'
 */
export function itemVersion(item: BannerItem, withCause = true): string {
  const update = item.kind === 'incident' ? (item.latest?.id ?? item.updatedAt) : item.kind === 'maintenance' ? item.updatedAt : '';
  // A cause linked, disputed, moved or resolved upstream is news too (told only when there is one
  // and it is shown: a citizen, who is not told the cause, hears no news of it).
  const cause = item.kind === 'incident' && withCause ? item.incident.causedBy : undefined;
  return `${item.key}|${item.status}|${update}${cause ? `|${cause.incident}:${cause.state}${cause.upstreamResolvedAt ? ':resolved' : ''}` : ''}`;
}
