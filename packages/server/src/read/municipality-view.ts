import { affectsMunicipality, overallStatus, type ComponentWithStatus } from '@kdi-status/sdk';
import { computeEffectiveStatuses } from '../domain/effective-status.js';
import type { StatusView } from './status-view.js';

/**
 * The read model as one municipality sees it: the incidents and maintenance limited to other
 * municipalities are left out, and every component's effective status is computed again from
 * what is left — so a fagløsning a København-only incident holds is `operational` for Aarhus.
 * Made from the whole view (which holds everything effective status needs), never from the
 * store: a municipality costs one computation per change, when it is first asked for.
 *
 * @example
 * municipalityView(view, '0751').summary.status; // 'operational' when every incident is København's
 */
export function municipalityView(view: StatusView, code: string): StatusView {
  const affects = (record: { municipalities?: readonly string[] }) => affectsMunicipality(record, code);
  const active = view.incidents.active.filter(affects);
  const activeMaintenances = view.maintenances.active.filter(affects);
  const upcoming = view.maintenances.upcoming.filter(affects);
  const effective = computeEffectiveStatuses(view.summary.components, active, activeMaintenances);
  const components: ComponentWithStatus[] = view.summary.components.map((c) => ({ ...c, effective: effective.get(c.id)! }));
  return {
    summary: {
      ...view.summary,
      status: overallStatus(components),
      components,
      incidents: active,
      maintenances: { active: activeMaintenances, upcoming },
    },
    componentsById: new Map(components.map((c) => [c.id, c])),
    incidents: { active, recent: view.incidents.recent.filter(affects) },
    maintenances: { active: activeMaintenances, upcoming },
  };
}
