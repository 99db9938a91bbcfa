import {
  isActiveMaintenance,
  overallStatus,
  type ComponentWithStatus,
  type Incident,
  type Maintenance,
  type Summary,
} from '@kdi-status/sdk';
import { computeEffectiveStatuses } from '../domain/effective-status.js';
import type { Snapshot } from '../store/store.js';

/** How far back "recent" reaches: resolved incidents and ended maintenance of the last 7 days. */
export const RECENT_MS = 7 * 24 * 3_600_000;

/**
 * The read model every public read is answered from: built once per change from a store
 * snapshot, never per request.
 */
export interface StatusView {
  summary: Summary;
  componentsById: ReadonlyMap<string, ComponentWithStatus>;
  incidents: { active: Incident[]; recent: Incident[] };
  maintenances: { active: Maintenance[]; upcoming: Maintenance[] };
}

/**
 * Builds the read model: effective status with propagation, the overall status, the lists.
 *
 * @example
 * const view = buildStatusView(await store.snapshot({ since }));
 * view.summary.status; // 'partial_outage'
 */
export function buildStatusView(snapshot: Snapshot): StatusView {
  const active = snapshot.incidents.filter((i) => i.status !== 'resolved');
  const activeMaintenances = snapshot.maintenances.filter(isActiveMaintenance);
  const upcoming = snapshot.maintenances.filter((m) => m.status === 'scheduled');
  // Retired components are history: gone from every public list (nothing live depends on them).
  const live = snapshot.components.filter((c) => !c.retiredAt);
  const effective = computeEffectiveStatuses(live, active, activeMaintenances);

  const components = live.map((c) => ({ ...c, effective: effective.get(c.id)! }));
  const summary: Summary = {
    status: overallStatus(components),
    vendors: snapshot.vendors,
    components,
    incidents: active,
    maintenances: { active: activeMaintenances, upcoming },
    sequence: snapshot.sequence,
    updatedAt: snapshot.lastEventAt ?? new Date(0).toISOString(),
  };
  return {
    summary,
    componentsById: new Map(components.map((c) => [c.id, c])),
    incidents: { active, recent: snapshot.incidents },
    maintenances: { active: activeMaintenances, upcoming },
  };
}
