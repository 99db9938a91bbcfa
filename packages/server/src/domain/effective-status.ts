import {
  isActiveMaintenance,
  statusSeverity,
  worseStatus,
  type Component,
  type ComponentStatus,
  type EffectiveStatus,
  type ImpactSource,
  type Incident,
  type Maintenance,
} from '@kdi-status/sdk';

interface OwnState {
  status: ComponentStatus;
  incidentIds: string[];
  maintenanceIds: string[];
}

/**
 * A component's own state: the status an operator set, made worse by its unresolved incidents and
 * by maintenance in progress. Deriving it (instead of storing it) means a resolved incident stops
 * counting by itself, while another open incident or maintenance still holds the component.
 */
function ownStates(
  components: readonly Component[],
  incidents: readonly Incident[],
  maintenances: readonly Maintenance[],
): Map<string, OwnState> {
  const own = new Map<string, OwnState>(components.map((c) => [c.id, { status: c.status, incidentIds: [], maintenanceIds: [] }]));
  for (const incident of incidents) {
    if (incident.status === 'resolved') continue;
    for (const affected of incident.components) {
      const state = own.get(affected.id);
      if (!state) continue;
      state.status = worseStatus(state.status, affected.status);
      state.incidentIds.push(incident.id);
    }
  }
  for (const maintenance of maintenances) {
    if (!isActiveMaintenance(maintenance)) continue;
    for (const id of maintenance.components) {
      const state = own.get(id);
      if (!state) continue;
      state.status = worseStatus(state.status, 'under_maintenance');
      state.maintenanceIds.push(maintenance.id);
    }
  }
  return own;
}

const hasTrouble = (state: OwnState) => state.status !== 'operational' || state.incidentIds.length > 0 || state.maintenanceIds.length > 0;

/**
 * Shortest dependency path from `start` to every component it reaches, by breadth-first search in
 * the order dependencies are declared (so the chosen path is stable). Each component is reached
 * once, which counts diamonds once and would stop at a cycle, should one ever get past validation.
 */
function pathsFrom(start: string, byId: ReadonlyMap<string, Component>): Map<string, string[]> {
  const paths = new Map<string, string[]>([[start, []]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    const path = paths.get(id)!;
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (paths.has(dep) || !byId.has(dep)) continue;
      paths.set(dep, [...path, dep]);
      queue.push(dep);
    }
  }
  return paths;
}

function bySeverityThenDistance(a: ImpactSource, b: ImpactSource): number {
  return statusSeverity(b.status) - statusSeverity(a.status) || a.path.length - b.path.length || a.componentId.localeCompare(b.componentId);
}

/**
 * The effective status of every component: the worst of its own status and of everything it
 * depends on, transitively, with the path the trouble came through and the incidents and
 * maintenance behind it. Computed once per change, never per request.
 *
 * @example
 * const effective = computeEffectiveStatuses(components, activeIncidents, maintenances);
 * effective.get('ky'); // { status: 'degraded_performance', cause: { type: 'dependency', path: ['serviceplatformen', 'sts'] }, ... }
 */
export function computeEffectiveStatuses(
  components: readonly Component[],
  incidents: readonly Incident[],
  maintenances: readonly Maintenance[],
): Map<string, EffectiveStatus> {
  const byId = new Map(components.map((c) => [c.id, c]));
  const own = ownStates(components, incidents, maintenances);
  const result = new Map<string, EffectiveStatus>();

  for (const component of components) {
    const sources: ImpactSource[] = [];
    for (const [id, path] of pathsFrom(component.id, byId)) {
      const state = own.get(id)!;
      if (!hasTrouble(state)) continue;
      sources.push({ componentId: id, status: state.status, path, incidentIds: state.incidentIds, maintenanceIds: state.maintenanceIds });
    }
    sources.sort(bySeverityThenDistance);

    const ownStatus = own.get(component.id)!.status;
    const worst = sources[0];
    // Own trouble wins a tie: the component's users should hear about its own fault first.
    const fromDependency = worst !== undefined && statusSeverity(worst.status) > statusSeverity(ownStatus);
    result.set(component.id, {
      status: fromDependency ? worst.status : ownStatus,
      own: ownStatus,
      cause: fromDependency ? { type: 'dependency', path: worst.path } : { type: 'own' },
      sources,
    });
  }
  return result;
}
