import type { Incident, Maintenance } from '@kdi-status/sdk';
import type { StatusView } from '../read/status-view.js';
import { v2Components, v2Incident, v2Maintenance, v2Page, v2Status, type V2Context } from './v2-mapping.js';
import type {
  V2Component,
  V2ComponentsResponse,
  V2IncidentsResponse,
  V2ScheduledMaintenancesResponse,
  V2StatusResponse,
  V2SummaryResponse,
} from './v2-schemas.js';

/** How many incidents and maintenances the history lists hold, as that API's do. */
export const V2_HISTORY_LIMIT = 50;

/** Incidents and maintenance of the history window (read from the store, not the read model). */
export interface V2History {
  incidents: readonly Incident[];
  maintenances: readonly Maintenance[];
}

/** What the documents are built from. */
export interface V2Input {
  view: StatusView;
  context: V2Context;
  /** Needed only by `incidents.json` and `scheduled-maintenances.json`. */
  history?: V2History;
}

/** The paths under `/api/v2` and the answer each gives. */
export const V2_PATHS = [
  'summary.json',
  'status.json',
  'components.json',
  'incidents.json',
  'incidents/unresolved.json',
  'scheduled-maintenances.json',
  'scheduled-maintenances/upcoming.json',
  'scheduled-maintenances/active.json',
] as const;
export type V2Path = (typeof V2_PATHS)[number];

/** The paths whose answer needs {@link V2History}. */
export const V2_HISTORY_PATHS: readonly V2Path[] = ['incidents.json', 'scheduled-maintenances.json'];

type V2Document = V2SummaryResponse | V2StatusResponse | V2ComponentsResponse | V2IncidentsResponse | V2ScheduledMaintenancesResponse;

/**
 * Builds the answer of one v2 path from the read model (and, for the two history lists, the
 * history window). Pure: the routes call it once per read-model sequence, language and origin.
 *
 * @example
 * const body = v2Document('summary.json', { view, context });
 * body.status.indicator; // 'none'
 */
export function v2Document(path: V2Path, input: V2Input): V2Document {
  const { view, context } = input;
  const page = v2Page(context);
  const components = v2Components(view.summary.components, context);
  const byId = new Map<string, V2Component>(components.map((c) => [c.id, c]));
  const incidents = (list: readonly Incident[]) => list.map((i) => v2Incident(i, byId, context));
  const maintenances = (list: readonly Maintenance[]) => list.flatMap((m) => v2Maintenance(m, byId, context) ?? []);
  const status = () => v2Status(view.summary.components, view.incidents.active, context.lang);
  const history = () => {
    if (!input.history) throw new Error(`${path} needs the history window`);
    return input.history;
  };

  switch (path) {
    case 'summary.json':
      return {
        page,
        status: status(),
        components,
        incidents: incidents(view.incidents.active),
        scheduled_maintenances: maintenances([...view.maintenances.active, ...view.maintenances.upcoming]),
      };
    case 'status.json':
      return { page, status: status() };
    case 'components.json':
      return { page, components };
    case 'incidents/unresolved.json':
      return { page, incidents: incidents(view.incidents.active) };
    case 'incidents.json': {
      const recent = [...history().incidents].sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
      return { page, incidents: incidents(recent.slice(0, V2_HISTORY_LIMIT)) };
    }
    case 'scheduled-maintenances.json': {
      const recent = history()
        .maintenances.filter((m) => m.status !== 'cancelled')
        .sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id));
      return { page, scheduled_maintenances: maintenances(recent.slice(0, V2_HISTORY_LIMIT)) };
    }
    case 'scheduled-maintenances/upcoming.json':
      return { page, scheduled_maintenances: maintenances(view.maintenances.upcoming) };
    case 'scheduled-maintenances/active.json':
      return { page, scheduled_maintenances: maintenances(view.maintenances.active) };
  }
}
