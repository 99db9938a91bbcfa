import type { Component } from '@kdi-status/sdk';
import type { ApiKey } from '@kdi-status/sdk/admin';
import { ForbiddenError } from './errors.js';

/**
 * Only an admin key may do this.
 *
 * @example
 * assertAdmin(principal, 'create components');
 */
export function assertAdmin(principal: ApiKey, what: string): void {
  if (principal.role !== 'admin')
    throw new ForbiddenError('admin_only', `Only an admin key may ${what}; key ${principal.id} is a vendor key.`);
}

/**
 * A vendor key may touch only components its vendor owns; an admin key may touch all. Names the
 * components that are not the key's.
 *
 * @example
 * assertOwnsComponents(principal, [sts]); // throws for a fagsys-nord key: sts belongs to infra-drift
 */
export function assertOwnsComponents(principal: ApiKey, components: readonly Pick<Component, 'id' | 'vendor'>[]): void {
  if (principal.role === 'admin') return;
  const foreign = components.filter((c) => c.vendor !== principal.vendor);
  if (foreign.length) {
    throw new ForbiddenError(
      'not_your_component',
      `Key ${principal.id} (${principal.vendor}) may not change ${foreign.map((c) => `"${c.id}" (${c.vendor})`).join(', ')}.`,
    );
  }
}

/**
 * A vendor key may change only incidents and maintenance its vendor is responsible for.
 *
 * @example
 * assertOwnsRecord(principal, 'incident', incident);
 */
export function assertOwnsRecord(principal: ApiKey, kind: string, record: { id: string; vendor: string }): void {
  if (principal.role === 'admin' || record.vendor === principal.vendor) return;
  throw new ForbiddenError(
    `not_your_${kind}`,
    `Key ${principal.id} (${principal.vendor}) may not change ${kind} ${record.id} of ${record.vendor}.`,
  );
}

/**
 * Who signs an update or a change: the key's vendor, or `admin` for an admin key without one.
 *
 * @example
 * authorOf(principal); // 'infra-drift'
 */
export function authorOf(principal: ApiKey): string {
  return principal.vendor ?? 'admin';
}
