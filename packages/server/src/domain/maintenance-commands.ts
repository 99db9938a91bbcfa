import { isActiveMaintenance, isFinishedMaintenance, type Maintenance, type MaintenanceStatus } from '@kdi-status/sdk';
import type { ScheduleMaintenanceRequest, UpdateMaintenanceRequest } from '@kdi-status/sdk/admin';
import type { Change } from '../store/store.js';
import { withMunicipalities } from './affected-municipalities.js';
import { assertOwnsComponents, assertOwnsRecord } from './authorization.js';
import { changed, patched, withCitizenText, type Decision } from './decision.js';
import { ConflictError, NotFoundError, UnprocessableError } from './errors.js';
import { existingComponents, responsibleVendor, type WriteContext } from './write-context.js';

/**
 * Where the clock puts a maintenance: `scheduled` before its window, `in_progress` inside it,
 * `completed` after it. `verifying` (set by an operator) holds until the window ends; a finished
 * maintenance stays finished.
 *
 * @example
 * statusAt(maintenance, new Date()); // 'in_progress'
 */
export function statusAt(maintenance: Maintenance, now: Date): MaintenanceStatus {
  if (isFinishedMaintenance(maintenance)) return maintenance.status;
  const t = now.getTime();
  if (t >= Date.parse(maintenance.endsAt)) return 'completed';
  if (t >= Date.parse(maintenance.startsAt)) return maintenance.status === 'verifying' ? 'verifying' : 'in_progress';
  return 'scheduled';
}

function checkedWindow(startsAt: string, endsAt: string, now: Date): void {
  if (Date.parse(endsAt) <= Date.parse(startsAt))
    throw new UnprocessableError('invalid_window', [{ field: 'endsAt', message: 'must be after startsAt' }]);
  if (Date.parse(endsAt) <= now.getTime())
    throw new UnprocessableError('invalid_window', [{ field: 'endsAt', message: 'the window is already over' }]);
}

function checkedComponents(ctx: WriteContext, ids: readonly string[]): string[] {
  const found = existingComponents(ctx, ids, (i) => `components.${i}`);
  assertOwnsComponents(ctx.principal, found);
  return [...ids];
}

/**
 * Schedules a maintenance window on components the key may change. A window that has already
 * begun starts `in_progress`.
 *
 * @example
 * scheduleMaintenance(ctx, { title: { da: 'Opdatering' }, description: { da: '…' }, components: ['serviceplatformen'],
 *   startsAt: '2026-11-28T23:00:00.000Z', endsAt: '2026-11-29T07:00:00.000Z' });
 */
export function scheduleMaintenance(ctx: WriteContext, request: ScheduleMaintenanceRequest): Decision<Maintenance> {
  const components = checkedComponents(ctx, request.components);
  const vendor = responsibleVendor(ctx, request.vendor);
  checkedWindow(request.startsAt, request.endsAt, ctx.now);
  const maintenance: Maintenance = {
    id: ctx.newId(),
    title: request.title,
    description: request.description,
    status: 'scheduled',
    vendor,
    components,
    startsAt: request.startsAt,
    endsAt: request.endsAt,
    updatedAt: ctx.now.toISOString(),
    ...(request.citizenText ? { citizenText: request.citizenText } : {}),
  };
  const limited = withMunicipalities(maintenance, request.municipalities);
  return changed('maintenance.changed', { ...limited, status: statusAt(maintenance, ctx.now) });
}

/** Loads the maintenance if the key may change it and it is not over. */
async function changeable(ctx: WriteContext, id: string): Promise<Maintenance> {
  const current = await ctx.maintenance(id);
  if (!current) throw new NotFoundError('maintenance_not_found', `No maintenance "${id}".`);
  assertOwnsRecord(ctx.principal, 'maintenance', current);
  // The record may name components that are not (or no longer) the vendor's: they decide too.
  assertOwnsComponents(
    ctx.principal,
    current.components.map((cid) => ctx.components.get(cid) ?? { id: cid, vendor: '' }),
  );
  if (isFinishedMaintenance(current)) throw new ConflictError('maintenance_over', `Maintenance ${id} is ${current.status}.`);
  return current;
}

/**
 * Changes text, components, window or municipalities (`null`: all again), or marks the maintenance `verifying` or `completed`.
 *
 * @example
 * updateMaintenance(ctx, id, { endsAt: '2026-11-29T09:00:00.000Z' });
 */
export async function updateMaintenance(ctx: WriteContext, id: string, request: UpdateMaintenanceRequest): Promise<Decision<Maintenance>> {
  const maintenance = await changeable(ctx, id);
  const { status, citizenText, municipalities, ...fields } = request;
  const next = withMunicipalities(
    withCitizenText(patched(maintenance, { ...fields, updatedAt: ctx.now.toISOString() }), citizenText),
    municipalities,
  );
  if (request.components) next.components = checkedComponents(ctx, request.components);
  if (request.startsAt || request.endsAt) checkedWindow(next.startsAt, next.endsAt, ctx.now);
  // Verifying and completing early are for a window that has begun; one that has not is cancelled.
  if (status && !isActiveMaintenance({ status: statusAt(next, ctx.now) })) {
    const message =
      status === 'completed'
        ? 'only a maintenance that has begun can be completed: cancel one that has not'
        : 'only a maintenance in progress can be verifying';
    throw new UnprocessableError('invalid_status', [{ field: 'status', message }]);
  }
  if (status === 'completed') return changed('maintenance.changed', { ...next, status }, maintenance);
  return changed('maintenance.changed', { ...next, status: statusAt({ ...next, status: status ?? next.status }, ctx.now) }, maintenance);
}

/**
 * Cancels a maintenance that has not finished.
 *
 * @example
 * cancelMaintenance(ctx, id);
 */
export async function cancelMaintenance(ctx: WriteContext, id: string): Promise<Decision<Maintenance>> {
  const maintenance = await changeable(ctx, id);
  return changed('maintenance.changed', { ...maintenance, status: 'cancelled', updatedAt: ctx.now.toISOString() });
}

/**
 * The changes the clock makes: each maintenance whose window started or ended by `now` moves
 * on. Run at start-up (catching up on what happened while the server was down) and at each
 * window boundary.
 *
 * @example
 * dueTransitions(snapshot.maintenances, new Date()); // [{ type: 'maintenance.changed', data: { …, status: 'in_progress' } }]
 */
export function dueTransitions(maintenances: readonly Maintenance[], now: Date): Change[] {
  return maintenances.flatMap((m) => {
    const status = statusAt(m, now);
    return status === m.status ? [] : [{ type: 'maintenance.changed' as const, data: { ...m, status, updatedAt: now.toISOString() } }];
  });
}

/**
 * When the clock next moves a maintenance, or null when nothing is pending.
 *
 * @example
 * nextBoundary(snapshot.maintenances, new Date()); // Date of the next window start or end
 */
export function nextBoundary(maintenances: readonly Maintenance[], now: Date): Date | null {
  const times = maintenances
    .filter((m) => !isFinishedMaintenance(m))
    .flatMap((m) => [Date.parse(m.startsAt), Date.parse(m.endsAt)])
    .filter((t) => t > now.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
