import type { AffectedComponent, Incident, IncidentStatus, LocalizedText } from '@kdi-status/sdk';
import type {
  AddIncidentUpdateRequest,
  CorrectIncidentUpdateRequest,
  EditIncidentRequest,
  IncidentMessageRequest,
  OpenIncidentRequest,
  SetIncidentComponentsRequest,
} from '@kdi-status/sdk/admin';
import { withMunicipalities } from './affected-municipalities.js';
import { assertOwnsComponents, assertOwnsRecord, authorOf } from './authorization.js';
import { changed, withCitizenText, type Decision } from './decision.js';
import { ConflictError, NotFoundError, UnprocessableError } from './errors.js';
import { causeResolutionChanges } from './incident-links.js';
import { existingComponents, liveComponent, responsibleVendor, type WriteContext } from './write-context.js';

/** The components an incident may name: live ones, and for a vendor key only its own. */
function checkedComponents(ctx: WriteContext, components: readonly AffectedComponent[]): AffectedComponent[] {
  const found = existingComponents(
    ctx,
    components.map((c) => c.id),
    (i) => `components.${i}.id`,
  );
  assertOwnsComponents(ctx.principal, found);
  return components.map(({ id, status }) => ({ id, status }));
}

/** Loads the incident if the key may change it; a resolved one only where `allowResolved`. */
async function changeable(ctx: WriteContext, id: string, allowResolved = false): Promise<Incident> {
  const incident = await ctx.incident(id);
  if (!incident) throw new NotFoundError('incident_not_found', `No incident "${id}".`);
  assertOwnsRecord(ctx.principal, 'incident', incident);
  // The record may name components that are not (or no longer) the vendor's: they decide too.
  assertOwnsComponents(
    ctx.principal,
    incident.components.map(({ id: cid }) => ctx.components.get(cid) ?? { id: cid, vendor: '' }),
  );
  if (!allowResolved && incident.status === 'resolved') {
    throw new ConflictError('incident_resolved', `Incident ${id} is resolved: reopen it before changing it.`);
  }
  return incident;
}

function withUpdate(ctx: WriteContext, incident: Incident, status: IncidentStatus, message: LocalizedText): Incident {
  const at = ctx.now.toISOString();
  const update = { id: ctx.newId(), at, status, message, author: authorOf(ctx.principal) };
  return { ...incident, status, updates: [update, ...incident.updates], updatedAt: at };
}

/**
 * Opens an incident on components the key may change, with its first update.
 *
 * @example
 * const { changes, result } = openIncident(ctx, { title: { da: 'Nedbrud i STS' }, impact: 'major',
 *   components: [{ id: 'sts', status: 'major_outage' }], message: { da: 'Vi undersøger fejlen' } });
 */
export function openIncident(ctx: WriteContext, request: OpenIncidentRequest): Decision<Incident> {
  const components = checkedComponents(ctx, request.components);
  const vendor = responsibleVendor(ctx, request.vendor);
  const at = ctx.now.toISOString();
  const opened: Incident = {
    id: ctx.newId(),
    title: request.title,
    impact: request.impact,
    status: request.status ?? 'investigating',
    vendor,
    components,
    updates: [],
    startedAt: at,
    resolvedAt: null,
    updatedAt: at,
    ...(request.citizenText ? { citizenText: request.citizenText } : {}),
  };
  return changed('incident.changed', withUpdate(ctx, withMunicipalities(opened, request.municipalities), opened.status, request.message));
}

/**
 * Adds an update; may change the affected components, the impact and the municipalities
 * (`null`: all again) with it.
 *
 * @example
 * addIncidentUpdate(ctx, id, { status: 'identified', message: { da: 'Fejlen er fundet' } });
 */
export async function addIncidentUpdate(ctx: WriteContext, id: string, request: AddIncidentUpdateRequest): Promise<Decision<Incident>> {
  const incident = await changeable(ctx, id);
  const components = request.components ? checkedComponents(ctx, request.components) : incident.components;
  const limited = withMunicipalities(incident, request.municipalities);
  return changed(
    'incident.changed',
    withUpdate(ctx, { ...limited, components, impact: request.impact ?? incident.impact }, request.status, request.message),
  );
}

/**
 * Edits what is not an update: the citizen text (`null` removes it). Allowed on a resolved
 * incident too, as correcting an update is: the wording citizens read may need mending after.
 *
 * @example
 * editIncident(ctx, id, { citizenText: { da: 'Du kan ikke søge om boligstøtte lige nu.' } });
 */
export async function editIncident(ctx: WriteContext, id: string, request: EditIncidentRequest): Promise<Decision<Incident>> {
  const incident = await changeable(ctx, id, true);
  return changed('incident.changed', withCitizenText({ ...incident, updatedAt: ctx.now.toISOString() }, request.citizenText), incident);
}

/**
 * Replaces the affected components (each with the status the incident gives it).
 *
 * @example
 * setIncidentComponents(ctx, id, { components: [{ id: 'sts', status: 'degraded_performance' }] });
 */
export async function setIncidentComponents(
  ctx: WriteContext,
  id: string,
  request: SetIncidentComponentsRequest,
): Promise<Decision<Incident>> {
  const incident = await changeable(ctx, id);
  const components = checkedComponents(ctx, request.components);
  return changed('incident.changed', { ...incident, components, updatedAt: ctx.now.toISOString() }, incident);
}

/** The decision to store `incident`, with the incidents linked to it as caused by it told of its resolution (ADR 18). */
function withLinked(ctx: WriteContext, incident: Incident): Decision<Incident> {
  const decision = changed('incident.changed', incident);
  return { ...decision, changes: [...decision.changes, ...causeResolutionChanges(ctx, incident)] };
}

/**
 * Resolves an incident. Its components stop counting it at once; each returns to operational
 * unless another open incident or maintenance still holds it (own status is derived: ADR 4).
 * The open incidents linked to it as caused by it get `causedBy.upstreamResolvedAt` in the same
 * commit (and lose it again when it is reopened).
 *
 * @example
 * resolveIncident(ctx, id, { message: { da: 'Fejlen er rettet' } });
 */
export async function resolveIncident(ctx: WriteContext, id: string, request: IncidentMessageRequest): Promise<Decision<Incident>> {
  const incident = await changeable(ctx, id);
  return withLinked(ctx, { ...withUpdate(ctx, incident, 'resolved', request.message), resolvedAt: ctx.now.toISOString() });
}

/**
 * Reopens a resolved incident (status `investigating`). Not when one of its components has been
 * retired since: an open incident never names a component that is gone (open a new one).
 *
 * @example
 * reopenIncident(ctx, id, { message: { da: 'Fejlen er vendt tilbage' } });
 */
export async function reopenIncident(ctx: WriteContext, id: string, request: IncidentMessageRequest): Promise<Decision<Incident>> {
  const incident = await changeable(ctx, id, true);
  if (incident.status !== 'resolved') throw new ConflictError('incident_not_resolved', `Incident ${id} is not resolved.`);
  const retired = incident.components.filter((c) => !liveComponent(ctx, c.id));
  if (retired.length) {
    throw new UnprocessableError(
      'component_retired',
      retired.map((c) => ({ field: 'components', message: `component "${c.id}" has been retired: open a new incident instead` })),
    );
  }
  // Its own cause may have been resolved (or reopened) while it was resolved: read it afresh.
  const cause = incident.causedBy && (await ctx.incident(incident.causedBy.incident));
  const causedBy = incident.causedBy && cause ? { causedBy: { ...incident.causedBy, upstreamResolvedAt: cause.resolvedAt } } : {};
  return withLinked(ctx, { ...withUpdate(ctx, incident, 'investigating', request.message), ...causedBy, resolvedAt: null });
}

/**
 * Corrects the wording of an update. What it said before is kept in `corrections`, never erased.
 *
 * @example
 * correctIncidentUpdate(ctx, id, updateId, { message: { da: 'Opslag i CPR fejler (ikke CVR)' } });
 */
export async function correctIncidentUpdate(
  ctx: WriteContext,
  id: string,
  updateId: string,
  request: CorrectIncidentUpdateRequest,
): Promise<Decision<Incident>> {
  const incident = await changeable(ctx, id, true);
  const update = incident.updates.find((u) => u.id === updateId);
  if (!update) throw new NotFoundError('update_not_found', `Incident ${id} has no update "${updateId}".`);
  // The same wording again corrects nothing: no change, no event.
  if (JSON.stringify(update.message) === JSON.stringify(request.message)) return { changes: [], result: incident };
  const at = ctx.now.toISOString();
  const corrected = {
    ...update,
    message: request.message,
    corrections: [...(update.corrections ?? []), { at, message: update.message, author: authorOf(ctx.principal) }],
  };
  return changed('incident.changed', {
    ...incident,
    updates: incident.updates.map((u) => (u.id === updateId ? corrected : u)),
    updatedAt: at,
  });
}
