import type { Incident, IncidentCause } from '@kdi-status/sdk';
import type { DisputeLinkRequest, LinkIncidentRequest, SettleLinkRequest } from '@kdi-status/sdk/admin';
import { assertAdmin, assertOwnsRecord, authorOf } from './authorization.js';
import { changed, type Decision } from './decision.js';
import { dependencyClosure } from './dependency-graph.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from './errors.js';
import type { WriteContext } from './write-context.js';

// The chain of responsibility (kædeansvar, docs/adr/0018): a downstream incident names the
// upstream incident it is caused by; the upstream vendor may dispute the link; KOMBIT (an admin
// key) settles the dispute. Every step is one `incident.changed` of the downstream incident, so
// the audit trail shows each with the key that made it.

/** How far a chain of causes is followed looking for a cycle: far beyond any real chain. */
const MAX_CHAIN = 100;

async function downstreamIncident(ctx: WriteContext, id: string): Promise<Incident> {
  const incident = await ctx.incident(id);
  if (!incident) throw new NotFoundError('incident_not_found', `No incident "${id}".`);
  return incident;
}

/**
 * The upstream incident `upstreamId` names, if `downstream` may be linked to it: it exists, is not
 * `downstream` itself, each of its components is a dependency (transitively, not itself) of one of
 * the downstream incident's components, and following its own causes never leads back. Else a
 * 422 on `incident` saying why.
 */
async function checkedUpstream(ctx: WriteContext, downstream: Incident, upstreamId: string): Promise<Incident> {
  const on = (message: string) => [{ field: 'incident', message }];
  if (upstreamId === downstream.id) throw new UnprocessableError('cause_is_itself', on('an incident cannot be caused by itself'));
  const upstream = await ctx.incident(upstreamId);
  if (!upstream) throw new UnprocessableError('unknown_incident', on(`unknown incident "${upstreamId}"`));

  const components = [...ctx.components.values()];
  const reached = new Set<string>();
  for (const { id } of downstream.components) {
    for (const dep of dependencyClosure([id], components)) if (dep !== id) reached.add(dep);
  }
  const outside = upstream.components.map((c) => c.id).filter((id) => !reached.has(id));
  if (outside.length) {
    const from = downstream.components.map((c) => `"${c.id}"`).join(', ');
    throw new UnprocessableError(
      'cause_outside_dependencies',
      on(
        `${outside.map((id) => `"${id}"`).join(', ')} of incident ${upstream.id} ${outside.length === 1 ? 'is' : 'are'} not a dependency of ${from} (of incident ${downstream.id}): a cause must be upstream in the dependency graph`,
      ),
    );
  }

  const seen = new Set([downstream.id]);
  let next: Incident | undefined = upstream;
  for (let step = 0; next?.causedBy && step < MAX_CHAIN; step++) {
    const causeId: string = next.causedBy.incident;
    if (seen.has(causeId)) {
      throw new UnprocessableError(
        'cause_cycle',
        on(`incident ${upstream.id} is itself caused, through ${causeId}, by incident ${downstream.id}: a chain cannot loop`),
      );
    }
    seen.add(causeId);
    next = await ctx.incident(causeId);
  }
  return upstream;
}

/** The cause as a link to `upstream` records it: its vendor and components copied in. */
function causeOf(ctx: WriteContext, upstream: Incident): IncidentCause {
  return {
    incident: upstream.id,
    vendor: upstream.vendor,
    components: upstream.components.map((c) => c.id),
    state: 'linked',
    linkedBy: authorOf(ctx.principal),
    linkedAt: ctx.now.toISOString(),
    upstreamResolvedAt: upstream.resolvedAt,
  };
}

function withCause(ctx: WriteContext, incident: Incident, cause: IncidentCause | undefined, removed?: IncidentCause): Incident {
  const { causedBy: _old, removedCause: _removed, ...rest } = incident;
  return {
    ...rest,
    ...(cause ? { causedBy: cause } : {}),
    ...((removed ?? incident.removedCause) ? { removedCause: removed ?? incident.removedCause } : {}),
    updatedAt: ctx.now.toISOString(),
  };
}

/**
 * The downstream vendor (or an admin) may change the link while nobody disputes it; a link KOMBIT
 * confirmed only an admin may change.
 */
function assertLinkChangeable(ctx: WriteContext, incident: Incident): void {
  assertOwnsRecord(ctx.principal, 'incident', incident);
  const state = incident.causedBy?.state;
  if (state === 'disputed') {
    throw new ConflictError(
      'link_disputed',
      `The link of incident ${incident.id} to ${incident.causedBy!.incident} is disputed: KOMBIT settles it (POST …/caused-by/settle).`,
    );
  }
  if (state === 'confirmed' && ctx.principal.role !== 'admin') {
    throw new ConflictError(
      'link_confirmed',
      `KOMBIT confirmed the link of incident ${incident.id} to ${incident.causedBy!.incident}: only an admin key may change it.`,
    );
  }
}

/**
 * Names the upstream incident `id` is caused by (`PUT …/caused-by`): the downstream incident's
 * vendor or an admin. The same link again changes nothing.
 *
 * @example
 * await linkIncident(ctx, 'inc_ky', { incident: 'inc_sp' }); // causedBy: { incident: 'inc_sp', state: 'linked', … }
 */
export async function linkIncident(ctx: WriteContext, id: string, request: LinkIncidentRequest): Promise<Decision<Incident>> {
  const incident = await downstreamIncident(ctx, id);
  assertLinkChangeable(ctx, incident);
  if (incident.causedBy?.incident === request.incident && incident.causedBy.state === 'linked') return { changes: [], result: incident };
  const removed = incident.removedCause;
  if (removed?.incident === request.incident && removed.settlement?.outcome === 'removed' && ctx.principal.role !== 'admin') {
    throw new ConflictError(
      'link_removed',
      `KOMBIT removed the link of incident ${id} to ${request.incident} when it settled a dispute: only an admin key may link it again.`,
    );
  }
  const upstream = await checkedUpstream(ctx, incident, request.incident);
  return changed('incident.changed', withCause(ctx, incident, causeOf(ctx, upstream)));
}

/**
 * Removes the link (`DELETE …/caused-by`): the downstream incident's vendor or an admin, not while
 * it is disputed. No link: nothing changes.
 *
 * @example
 * await unlinkIncident(ctx, 'inc_ky');
 */
export async function unlinkIncident(ctx: WriteContext, id: string): Promise<Decision<Incident>> {
  const incident = await downstreamIncident(ctx, id);
  assertLinkChangeable(ctx, incident);
  if (!incident.causedBy) return { changes: [], result: incident };
  return changed('incident.changed', withCause(ctx, incident, undefined));
}

/** The link of `incident`, or a 409 when it has none. */
function linkOf(incident: Incident): IncidentCause {
  if (!incident.causedBy) throw new ConflictError('not_linked', `Incident ${incident.id} names no upstream incident as its cause.`);
  return incident.causedBy;
}

/**
 * The upstream vendor objects to the link (`POST …/caused-by/dispute`): "fejlen er ikke hos os".
 * Only a key of the vendor the link names as the cause's (an admin settles rather than disputes);
 * not a link that is disputed already, nor one KOMBIT confirmed.
 *
 * @example
 * await disputeLink(ctx, 'inc_ky', { reason: 'Fejlen er ikke hos os' }); // state: 'disputed'
 */
export async function disputeLink(ctx: WriteContext, id: string, request: DisputeLinkRequest): Promise<Decision<Incident>> {
  const incident = await downstreamIncident(ctx, id);
  const cause = linkOf(incident);
  const { principal } = ctx;
  if (principal.vendor !== cause.vendor) {
    throw new ForbiddenError(
      'not_upstream_vendor',
      principal.vendor
        ? `Key ${principal.id} (${principal.vendor}) may not dispute the link: the cause named is ${cause.vendor}'s incident ${cause.incident}.`
        : `Key ${principal.id} acts for no vendor: an admin settles a dispute (POST …/caused-by/settle) rather than raising one.`,
    );
  }
  if (cause.state === 'disputed') throw new ConflictError('link_disputed', `The link of incident ${id} is disputed already.`);
  if (cause.state === 'confirmed') {
    throw new ConflictError(
      'link_confirmed',
      `KOMBIT confirmed the link of incident ${id} when it settled a dispute: it cannot be disputed again.`,
    );
  }
  const dispute = { by: authorOf(principal), at: ctx.now.toISOString(), reason: request.reason };
  return changed('incident.changed', withCause(ctx, incident, { ...cause, state: 'disputed', dispute }));
}

/**
 * KOMBIT settles a disputed link (`POST …/caused-by/settle`, admin keys only), with a reason:
 * `confirm` it, `move` it to another upstream incident (the same rules as a new link), or
 * `remove` it (kept as `removedCause`, with the settlement).
 *
 * @example
 * await settleLink(ctx, 'inc_ky', { outcome: 'move', incident: 'inc_org', reason: 'Fejlen ligger i Organisation' });
 */
export async function settleLink(ctx: WriteContext, id: string, request: SettleLinkRequest): Promise<Decision<Incident>> {
  assertAdmin(ctx.principal, 'settle a disputed link');
  const incident = await downstreamIncident(ctx, id);
  const cause = linkOf(incident);
  if (cause.state !== 'disputed')
    throw new ConflictError('link_not_disputed', `The link of incident ${id} is not disputed: nothing to settle.`);
  const statement = { by: authorOf(ctx.principal), at: ctx.now.toISOString(), reason: request.reason };
  switch (request.outcome) {
    case 'confirm':
      return changed(
        'incident.changed',
        withCause(ctx, incident, { ...cause, state: 'confirmed', settlement: { ...statement, outcome: 'confirmed' } }),
      );
    case 'move': {
      if (request.incident === cause.incident) {
        throw new UnprocessableError('cause_unchanged', [
          { field: 'incident', message: `the link already names incident ${cause.incident}: confirm it instead of moving it` },
        ]);
      }
      const upstream = await checkedUpstream(ctx, incident, request.incident);
      const moved: IncidentCause = {
        ...causeOf(ctx, upstream),
        state: 'confirmed',
        ...(cause.dispute ? { dispute: cause.dispute } : {}),
        settlement: { ...statement, outcome: 'moved' },
      };
      return changed('incident.changed', withCause(ctx, incident, moved));
    }
    case 'remove':
      return changed(
        'incident.changed',
        withCause(ctx, incident, undefined, { ...cause, settlement: { ...statement, outcome: 'removed' } }),
      );
  }
}

/**
 * The changes that tell the incidents linked to `upstream` (the open ones: a resolved downstream
 * incident keeps its cause as it was) that it was resolved, or reopened: `upstreamResolvedAt`
 * set or cleared, committed with the upstream incident's own change.
 *
 * @example
 * const { changes } = changed('incident.changed', resolved);
 * changes.push(...causeResolutionChanges(ctx, resolved));
 */
export function causeResolutionChanges(ctx: WriteContext, upstream: Incident): Decision<unknown>['changes'] {
  return ctx.openIncidents
    .filter((i) => i.id !== upstream.id && i.causedBy?.incident === upstream.id && i.causedBy.upstreamResolvedAt !== upstream.resolvedAt)
    .map((i) => ({
      type: 'incident.changed' as const,
      data: withCause(ctx, i, { ...i.causedBy!, upstreamResolvedAt: upstream.resolvedAt }),
    }));
}
