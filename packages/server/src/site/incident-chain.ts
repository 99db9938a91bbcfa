import type { Component, Incident } from '@kdi-status/sdk';
import { dependencyClosure } from '../domain/dependency-graph.js';

/**
 * The incidents linked downstream of `id` (kædeansvar), directly or through others, nearest
 * first: a Serviceplatformen incident's KY incident, an Organisation incident's Serviceplatformen
 * incident and, through it, the KY one. Each once, whatever loops the links make.
 *
 * @example
 * downstreamIncidents(org.id, view.incidents.recent).map((i) => i.id); // [sp.id, ky.id]
 */
export function downstreamIncidents(id: string, incidents: readonly Incident[]): Incident[] {
  const found: Incident[] = [];
  const seen = new Set([id]);
  for (let i = -1; i < found.length; i++) {
    const upstream = i < 0 ? id : found[i]!.id;
    for (const incident of incidents)
      if (incident.causedBy?.incident === upstream && !seen.has(incident.id)) {
        seen.add(incident.id);
        found.push(incident);
      }
  }
  return found;
}

/** A fagløsning an incident reaches, and the linked incidents it reaches it through (none: only by the dependency graph). */
export interface ReachedApplication {
  component: Pick<Component, 'id' | 'name'>;
  through: Incident[];
}

/**
 * The fagløsninger (application components) that `incident` reaches: those that depend on its
 * components, and those the linked `downstream` incidents are on or reach. Each with the linked
 * incidents that reach it, by name.
 *
 * @example
 * reachedApplications(sp, [ky], components); // [{ component: { id: 'ky', … }, through: [ky] }, { component: { id: 'ksd', … }, through: [] }]
 */
export function reachedApplications(
  incident: Incident,
  downstream: readonly Incident[],
  components: ReadonlyArray<Pick<Component, 'id' | 'name' | 'kind' | 'dependsOn'>>,
): ReachedApplication[] {
  const on = (i: Incident) => i.components.map((c) => c.id);
  const reached: ReachedApplication[] = [];
  for (const component of components) {
    if (component.kind !== 'application') continue;
    const closure = dependencyClosure([component.id], components);
    const reaches = (i: Incident) => on(i).some((id) => closure.has(id));
    const through = downstream.filter(reaches);
    if (through.length || reaches(incident)) reached.push({ component: { id: component.id, name: component.name }, through });
  }
  // Those named by a linked incident first: what the vendors themselves said it reaches.
  return reached.sort((a, b) => b.through.length - a.through.length || a.component.name.localeCompare(b.component.name, 'da'));
}
