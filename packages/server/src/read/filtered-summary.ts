import { overallStatus, type Summary } from '@kdi-status/sdk';
import { dependencyClosure } from '../domain/dependency-graph.js';

/**
 * The summary restricted to `ids` and everything they depend on (the closure a widget for them
 * shows): those components, the active incidents and the maintenance that name any of them, the
 * vendors any of these name, and the overall status of what is left. Ids no live component has
 * are ignored (a retired or misspelt one simply is not in it); `sequence` and `updatedAt` are the
 * whole summary's, so a client resumes the stream from the same point.
 *
 * @example
 * filterSummary(view.summary, ['ky']).components.map((c) => c.id); // ['ky', 'serviceplatformen', 'sts', …]
 */
export function filterSummary(summary: Summary, ids: readonly string[]): Summary {
  const closure = dependencyClosure(ids, summary.components);
  const touches = (components: readonly string[]) => components.some((id) => closure.has(id));
  const components = summary.components.filter((c) => closure.has(c.id));
  const incidents = summary.incidents.filter((i) => touches(i.components.map((c) => c.id)));
  const active = summary.maintenances.active.filter((m) => touches(m.components));
  const upcoming = summary.maintenances.upcoming.filter((m) => touches(m.components));
  const named = new Set([...components, ...incidents, ...active, ...upcoming].map((x) => x.vendor));
  return {
    status: overallStatus(components),
    vendors: summary.vendors.filter((v) => named.has(v.id)),
    components,
    incidents,
    maintenances: { active, upcoming },
    sequence: summary.sequence,
    updatedAt: summary.updatedAt,
  };
}
