import { SummarySchema } from '@kdi-status/sdk';
import type { ComponentStatus, ComponentWithStatus, ImpactSource, Incident, Maintenance, Summary, Vendor } from '@kdi-status/sdk';

/**
 * Test data for the widget's tests, typed and validated by the SDK's own schema so no shape is
 * re-declared here. The landscape, with a diamond from Serviceplatformen to STS:
 *
 *   ky  → serviceplatformen → sts
 *   ksd → organisation            ↗ (serviceplatformen → organisation → sts)
 */

export const AT = '2025-11-26T07:08:00.000Z'; // kl. 08.08 in Copenhagen (CET)

export const vendors: Vendor[] = [
  { id: 'kombit', name: 'KOMBIT', servicedesk: { email: 'servicedesk@kombit.example', phone: '+45 33 34 94 00' } },
  { id: 'netic', name: 'Netic', servicedesk: { url: 'https://netic.example/support' } },
  { id: 'fagsys-nord', name: 'Fagsystem Nord', servicedesk: {} },
];

const graph: Record<string, { name: string; vendor: string; dependsOn: string[] }> = {
  ky: { name: 'KY', vendor: 'fagsys-nord', dependsOn: ['serviceplatformen'] },
  ksd: { name: 'KSD', vendor: 'fagsys-nord', dependsOn: ['organisation'] },
  serviceplatformen: { name: 'Serviceplatformen', vendor: 'kombit', dependsOn: ['sts', 'organisation'] },
  organisation: { name: 'Organisation', vendor: 'kombit', dependsOn: ['sts'] },
  sts: { name: 'STS', vendor: 'netic', dependsOn: [] },
};

/** A source as the server computes it; `path` from the component's direct dependency to the source. */
export function source(
  componentId: string,
  status: ComponentStatus,
  path: string[],
  ids: { incidents?: string[]; maintenances?: string[] } = {},
): ImpactSource {
  return { componentId, status, path, incidentIds: ids.incidents ?? [], maintenanceIds: ids.maintenances ?? [] };
}

/** A component of the landscape above; with no sources it is operational. */
export function component(id: string, sources: ImpactSource[] = [], own: ComponentStatus = 'operational'): ComponentWithStatus {
  const node = graph[id];
  if (!node) throw new Error(`no component ${id} in the test landscape`);
  const worst = sources[0];
  return {
    id,
    ...node,
    kind: id === 'ky' || id === 'ksd' ? 'application' : 'support-system',
    status: own,
    links: {},
    effective: {
      status: worst?.status ?? own,
      own,
      cause: !worst || worst.path.length === 0 ? { type: 'own' } : { type: 'dependency', path: worst.path },
      sources,
    },
  };
}

export function incident(id: string, fields: Partial<Incident> = {}): Incident {
  return {
    id,
    title: { da: `Fejl ${id}` },
    impact: 'minor',
    status: 'investigating',
    vendor: 'netic',
    components: [{ id: 'sts', status: 'partial_outage' }],
    updates: [
      { id: `${id}-u1`, at: AT, status: 'investigating', message: { da: 'Vi undersøger langsomme svar fra STS.' }, author: 'netic' },
    ],
    startedAt: AT,
    resolvedAt: null,
    updatedAt: AT,
    ...fields,
  };
}

export function maintenance(id: string, fields: Partial<Maintenance> = {}): Maintenance {
  return {
    id,
    title: { da: 'Opdatering af Organisation' },
    description: { da: 'Organisation opdateres til ny version.' },
    status: 'in_progress',
    vendor: 'kombit',
    components: ['organisation'],
    startsAt: AT,
    endsAt: '2025-11-26T09:00:00.000Z',
    updatedAt: AT,
    ...fields,
  };
}

/** A valid summary: every component of the landscape, operational unless given. */
export function summary(
  fields: { components?: ComponentWithStatus[]; incidents?: Incident[]; maintenances?: Maintenance[]; upcoming?: Maintenance[] } = {},
): Summary {
  const given = new Map((fields.components ?? []).map((c) => [c.id, c]));
  const components = Object.keys(graph).map((id) => given.get(id) ?? component(id));
  return SummarySchema.parse({
    status: 'operational',
    vendors,
    components,
    incidents: fields.incidents ?? [],
    maintenances: { active: fields.maintenances ?? [], upcoming: fields.upcoming ?? [] },
    sequence: 1,
    updatedAt: AT,
  });
}

/** STS slow, reaching KY two hops away through Serviceplatformen. */
export function stsIncidentSummary(fields: Partial<Incident> = {}): Summary {
  return summary({
    components: [
      component('ky', [source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-sts'] })]),
      component('serviceplatformen', [source('sts', 'partial_outage', ['sts'], { incidents: ['inc-sts'] })]),
      component('organisation', [source('sts', 'partial_outage', ['sts'], { incidents: ['inc-sts'] })]),
      component('ksd', [source('sts', 'partial_outage', ['organisation', 'sts'], { incidents: ['inc-sts'] })]),
      component('sts', [source('sts', 'partial_outage', [], { incidents: ['inc-sts'] })], 'partial_outage'),
    ],
    incidents: [incident('inc-sts', fields)],
  });
}

/** Forgets what earlier tests kept: dismissed messages, last known states, and what was announced. */
export function clearStorage(): void {
  localStorage.clear();
  sessionStorage.clear();
  // An empty list rather than none: the announcer's in-memory fallback is only for a tab without storage.
  sessionStorage.setItem('kdi-status:announced', '[]');
  for (const region of document.querySelectorAll('[data-kdi-status-announcer]')) region.textContent = '';
}

/** KY itself down: a major outage on a given component, with a critical incident. */
export function majorSummary(id = 'inc-ky'): Summary {
  return summary({
    components: [component('ky', [source('ky', 'major_outage', [], { incidents: [id] })], 'major_outage')],
    incidents: [
      incident(id, {
        title: { da: 'KY er nede' },
        impact: 'critical',
        vendor: 'fagsys-nord',
        components: [{ id: 'ky', status: 'major_outage' }],
      }),
    ],
  });
}

/** Organisation in maintenance now, reaching KY through Serviceplatformen. */
export function maintenanceSummary(): Summary {
  return summary({
    components: [
      component('ky', [source('organisation', 'under_maintenance', ['serviceplatformen', 'organisation'], { maintenances: ['mnt-1'] })]),
    ],
    maintenances: [maintenance('mnt-1')],
  });
}

/** Maintenance on STS that starts `hours` from `now`, for two hours; all is well until then. */
export function upcomingSummary(hours: number, now = new Date()): Summary {
  const at = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  return summary({
    upcoming: [
      maintenance('mnt-up', {
        title: { da: 'Opdatering af STS' },
        description: { da: 'STS opdateres.' },
        status: 'scheduled',
        vendor: 'netic',
        components: ['sts'],
        startsAt: at(hours),
        endsAt: at(hours + 2),
      }),
    ],
  });
}
