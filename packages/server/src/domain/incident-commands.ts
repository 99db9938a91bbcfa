import type {
  AddIncidentUpdateRequest,
  AffectedComponent,
  CorrectIncidentUpdateRequest,
  Incident,
  IncidentMessageRequest,
  IncidentStatus,
  LocalizedText,
  OpenIncidentRequest,
  SetIncidentComponentsRequest,
} from '@kdi-status/sdk';
import { assertOwnsComponents, assertOwnsRecord, authorOf } from './authorization.js';
import { ConflictError, NotFoundError } from './errors.js';
import { existingComponents, responsibleVendor, type Decision, type WriteContext } from './write-context.js';

const changed = (incident: Incident): Decision<Incident> => ({ changes: [{ type: 'incident.changed', data: incident }], result: incident });

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

/** The incident if the key may change it; a resolved one only where `allowResolved`. */
function changeable(ctx: WriteContext, incident: Incident | undefined, id: string, allowResolved = false): Incident {
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
  };
  return changed(withUpdate(ctx, opened, opened.status, request.message));
}

/**
 * Adds an update; may change the affected components and the impact with it.
 *
 * @example
 * addIncidentUpdate(ctx, incident, { status: 'identified', message: { da: 'Fejlen er fundet' } });
 */
export function addIncidentUpdate(
  ctx: WriteContext,
  current: Incident | undefined,
  id: string,
  request: AddIncidentUpdateRequest,
): Decision<Incident> {
  const incident = changeable(ctx, current, id);
  const components = request.components ? checkedComponents(ctx, request.components) : incident.components;
  return changed(withUpdate(ctx, { ...incident, components, impact: request.impact ?? incident.impact }, request.status, request.message));
}

/**
 * Replaces the affected components (each with the status the incident gives it).
 *
 * @example
 * setIncidentComponents(ctx, incident, id, { components: [{ id: 'sts', status: 'degraded_performance' }] });
 */
export function setIncidentComponents(
  ctx: WriteContext,
  current: Incident | undefined,
  id: string,
  request: SetIncidentComponentsRequest,
): Decision<Incident> {
  const incident = changeable(ctx, current, id);
  return changed({ ...incident, components: checkedComponents(ctx, request.components), updatedAt: ctx.now.toISOString() });
}

/**
 * Resolves an incident. Its components stop counting it at once; each returns to operational
 * unless another open incident or maintenance still holds it (own status is derived: ADR 4).
 *
 * @example
 * resolveIncident(ctx, incident, id, { message: { da: 'Fejlen er rettet' } });
 */
export function resolveIncident(
  ctx: WriteContext,
  current: Incident | undefined,
  id: string,
  request: IncidentMessageRequest,
): Decision<Incident> {
  const incident = changeable(ctx, current, id);
  return changed({ ...withUpdate(ctx, incident, 'resolved', request.message), resolvedAt: ctx.now.toISOString() });
}

/**
 * Reopens a resolved incident (status `investigating`).
 *
 * @example
 * reopenIncident(ctx, incident, id, { message: { da: 'Fejlen er vendt tilbage' } });
 */
export function reopenIncident(
  ctx: WriteContext,
  current: Incident | undefined,
  id: string,
  request: IncidentMessageRequest,
): Decision<Incident> {
  const incident = changeable(ctx, current, id, true);
  if (incident.status !== 'resolved') throw new ConflictError('incident_not_resolved', `Incident ${id} is not resolved.`);
  return changed({ ...withUpdate(ctx, incident, 'investigating', request.message), resolvedAt: null });
}

/**
 * Corrects the wording of an update. What it said before is kept in `corrections`, never erased.
 *
 * @example
 * correctIncidentUpdate(ctx, incident, id, updateId, { message: { da: 'Opslag i CPR fejler (ikke CVR)' } });
 */
export function correctIncidentUpdate(
  ctx: WriteContext,
  current: Incident | undefined,
  id: string,
  updateId: string,
  request: CorrectIncidentUpdateRequest,
): Decision<Incident> {
  const incident = changeable(ctx, current, id, true);
  const update = incident.updates.find((u) => u.id === updateId);
  if (!update) throw new NotFoundError('update_not_found', `Incident ${id} has no update "${updateId}".`);
  const at = ctx.now.toISOString();
  const corrected = {
    ...update,
    message: request.message,
    corrections: [...(update.corrections ?? []), { at, message: update.message, author: authorOf(ctx.principal) }],
  };
  return changed({ ...incident, updates: incident.updates.map((u) => (u.id === updateId ? corrected : u)), updatedAt: at });
}
