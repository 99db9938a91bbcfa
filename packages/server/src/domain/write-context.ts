import { randomUUID } from 'node:crypto';
import type { ApiKey, Component, Incident, Maintenance, Vendor } from '@kdi-status/sdk';
import type { Change, Snapshot } from '../store/store.js';
import { ForbiddenError, UnprocessableError, type FieldError } from './errors.js';

/** What a write command sees: who acts, when, and the landscape as it is now. */
export interface WriteContext {
  principal: ApiKey;
  now: Date;
  /** Every component, retired ones included. */
  components: ReadonlyMap<string, Component>;
  vendors: ReadonlyMap<string, Vendor>;
  /** Unresolved incidents and maintenance not yet over: what still names components. */
  openIncidents: readonly Incident[];
  openMaintenances: readonly Maintenance[];
  newId: () => string;
}

/** What a write command decides: the changes to commit, and what to answer. */
export interface Decision<T> {
  changes: Change[];
  result: T;
}

/**
 * Builds a context from a fresh store snapshot (the writer does this for every write).
 *
 * @example
 * const ctx = writeContext(principal, new Date(), await store.snapshot({ since }));
 */
export function writeContext(
  principal: ApiKey,
  now: Date,
  snapshot: Pick<Snapshot, 'components' | 'vendors' | 'incidents' | 'maintenances'>,
): WriteContext {
  return {
    principal,
    now,
    components: new Map(snapshot.components.map((c) => [c.id, c])),
    vendors: new Map(snapshot.vendors.map((v) => [v.id, v])),
    openIncidents: snapshot.incidents.filter((i) => i.status !== 'resolved'),
    openMaintenances: snapshot.maintenances.filter((m) => m.status !== 'completed' && m.status !== 'cancelled'),
    newId: randomUUID,
  };
}

/**
 * The decision for an edit: its one change, or none when the edit changes nothing (so an empty
 * PATCH leaves no event in the log). `updatedAt` does not count as a change.
 *
 * @example
 * return changedUnlessSame('component.changed', component, edited);
 */
export function changedUnlessSame<T extends Change['data'] & { id: string }>(type: Change['type'], before: T, after: T): Decision<T> {
  const strip = ({ updatedAt: _updated, ...rest }: T & { updatedAt?: string }) => JSON.stringify(rest);
  if (strip(before) === strip(after)) return { changes: [], result: before };
  return { changes: [{ type, data: after } as Change], result: after };
}

/**
 * The live components named by `ids`, or a 422 naming each unknown (or retired) one by its field.
 *
 * @example
 * const [sts] = existingComponents(ctx, ['sts'], (i) => `components.${i}.id`);
 */
export function existingComponents(ctx: WriteContext, ids: readonly string[], field: (index: number) => string): Component[] {
  const errors: FieldError[] = [];
  const found: Component[] = [];
  ids.forEach((id, index) => {
    const component = ctx.components.get(id);
    if (!component || component.retiredAt) errors.push({ field: field(index), message: `unknown component "${id}"` });
    else if (found.some((c) => c.id === id)) errors.push({ field: field(index), message: `"${id}" is named twice` });
    else found.push(component);
  });
  if (errors.length) throw new UnprocessableError('unknown_component', errors);
  return found;
}

/**
 * The vendor named by `id`, or a 422 on `field`.
 *
 * @example
 * existingVendor(ctx, request.vendor, 'vendor');
 */
export function existingVendor(ctx: WriteContext, id: string, field: string): Vendor {
  const vendor = ctx.vendors.get(id);
  if (!vendor) throw new UnprocessableError('unknown_vendor', [{ field, message: `unknown vendor "${id}"` }]);
  return vendor;
}

/**
 * The vendor a new incident or maintenance belongs to: the key's own, or (admin only) the one named.
 *
 * @example
 * responsibleVendor(ctx, request.vendor);
 */
export function responsibleVendor(ctx: WriteContext, requested: string | undefined): string {
  const { principal } = ctx;
  if (principal.role === 'vendor') {
    if (requested && requested !== principal.vendor) {
      throw new ForbiddenError('not_your_vendor', `Key ${principal.id} acts for "${principal.vendor}", not for "${requested}".`);
    }
    return principal.vendor!;
  }
  const vendor = requested ?? principal.vendor;
  if (!vendor)
    throw new UnprocessableError('vendor_required', [
      { field: 'vendor', message: 'an admin key without a vendor must name the responsible vendor' },
    ]);
  return existingVendor(ctx, vendor, 'vendor').id;
}
