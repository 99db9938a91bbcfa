import type { Actor } from '@kdi-status/sdk';
import type { Change } from '../store/store.js';

/**
 * Which components and vendors a change concerns, for filtering the audit trail: the entity's
 * own components and vendor, and the acting key's vendor. Stored with each event by every store.
 *
 * @example
 * eventScope({ type: 'incident.changed', data: incident }, actor); // { components: ['sts'], vendors: ['infra-drift'] }
 */
export function eventScope(change: Change, actor: Actor): { components: string[]; vendors: string[] } {
  const components = new Set<string>();
  const vendors = new Set<string>();
  if (actor.type === 'key' && actor.vendor) vendors.add(actor.vendor);
  switch (change.type) {
    case 'vendor.changed':
      vendors.add(change.data.id);
      break;
    case 'component.changed':
      components.add(change.data.id);
      vendors.add(change.data.vendor);
      break;
    case 'incident.changed':
      for (const c of change.data.components) components.add(c.id);
      vendors.add(change.data.vendor);
      break;
    case 'maintenance.changed':
      for (const id of change.data.components) components.add(id);
      vendors.add(change.data.vendor);
      break;
    case 'content.changed':
    case 'content.deleted':
      components.add(change.data.componentId);
      break;
    case 'key.changed':
      if (change.data.vendor) vendors.add(change.data.vendor);
      break;
  }
  return { components: [...components], vendors: [...vendors] };
}
