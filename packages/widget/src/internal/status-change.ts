import { worstStatus } from '@kdi-status/sdk';
import type { ComponentStatus } from '@kdi-status/sdk';
import type { SummaryView } from '@kdi-status/sdk/read';

/** The detail of `kdi-status-change`: the worst effective status of the given components, and each one's. */
export interface StatusChangeDetail {
  status: ComponentStatus;
  components: Array<{ id: string; status: ComponentStatus }>;
}

/**
 * The effective status of `componentIds` (dependencies included), in the order given; unknown
 * ids are left out, and with none known the status is `operational`.
 *
 * @example
 * effectiveStatus(summary, ['ky']); // { status: 'partial_outage', components: [{ id: 'ky', status: 'partial_outage' }] }
 */
export function effectiveStatus(summary: SummaryView, componentIds: readonly string[]): StatusChangeDetail {
  const byId = new Map(summary.components.map((c) => [c.id, c]));
  const components: StatusChangeDetail['components'] = [];
  for (const id of componentIds) {
    const component = byId.get(id);
    if (component) components.push({ id, status: component.effective.status });
  }
  return { status: worstStatus(components.map((c) => c.status)), components };
}
