import { randomUUID } from 'node:crypto';
import { isFinishedMaintenance, type Component, type ContentItem, type Incident, type Maintenance, type Vendor } from '@kdi-status/sdk';
import type { ApiKey } from '@kdi-status/sdk/admin';
import type { Snapshot, Store } from '../store/store.js';
import { ForbiddenError, UnprocessableError, type FieldError } from './errors.js';

/** Where a command loads the records it changes from: the store, or a test's records. */
export type RecordSource = Pick<Store, 'incident' | 'maintenance' | 'contentItem'>;

/** What a write command sees: who acts, when, the landscape as it is now, and its records. */
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
  /** Loads one incident (resolved ones too) as it is now. */
  incident(id: string): Promise<Incident | undefined>;
  maintenance(id: string): Promise<Maintenance | undefined>;
  contentItem(id: string): Promise<ContentItem | undefined>;
}

/**
 * Builds a context from a fresh store snapshot, loading records from `records` (the writer
 * passes the store, inside its one-at-a-time turn).
 *
 * @example
 * const ctx = writeContext(principal, new Date(), await store.snapshot({ since }), store);
 */
export function writeContext(
  principal: ApiKey,
  now: Date,
  snapshot: Pick<Snapshot, 'components' | 'vendors' | 'incidents' | 'maintenances'>,
  records: RecordSource,
): WriteContext {
  return {
    principal,
    now,
    components: new Map(snapshot.components.map((c) => [c.id, c])),
    vendors: new Map(snapshot.vendors.map((v) => [v.id, v])),
    openIncidents: snapshot.incidents.filter((i) => i.status !== 'resolved'),
    openMaintenances: snapshot.maintenances.filter((m) => !isFinishedMaintenance(m)),
    newId: randomUUID,
    incident: (id) => records.incident(id),
    maintenance: (id) => records.maintenance(id),
    contentItem: (id) => records.contentItem(id),
  };
}

/**
 * The component `id` names if it is live (exists and is not retired), else undefined.
 *
 * @example
 * liveComponent(ctx, 'sts')?.vendor; // 'infra-drift'
 */
export function liveComponent(ctx: WriteContext, id: string): Component | undefined {
  const component = ctx.components.get(id);
  return component && !component.retiredAt ? component : undefined;
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
    const component = liveComponent(ctx, id);
    if (!component) errors.push({ field: field(index), message: `unknown component "${id}"` });
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
