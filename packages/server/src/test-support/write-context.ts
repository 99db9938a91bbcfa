import type { Component, ComponentStatus, ContentItem, Incident, Maintenance, Vendor } from '@kdi-status/sdk';
import type { ApiKey } from '@kdi-status/sdk/admin';
import assert from 'node:assert/strict';
import { computeEffectiveStatuses } from '../domain/effective-status.js';
import type { DomainError } from '../domain/errors.js';
import { writeContext, type WriteContext } from '../domain/write-context.js';
import type { Change } from '../store/store.js';
import { T0 } from './fixtures.js';

// Command tests in given/when/then form, without a store: given these records, when this
// command, then these changes (or this error).

const key = (role: ApiKey['role'], vendor: string | null): ApiKey => ({
  id: `k_${role}_${vendor ?? 'none'}`,
  name: `${role} ${vendor ?? ''}`.trim(),
  role,
  vendor,
  createdAt: T0,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
});

/** An admin key (KOMBIT), optionally acting for a vendor. */
export const adminKey = (vendor: string | null = null): ApiKey => key('admin', vendor);
/** A vendor key: may touch only `vendor`'s components and records. */
export const vendorKey = (vendor: string): ApiKey => key('vendor', vendor);

/** A vendor with an empty service desk. */
export const vendor = (id: string, extra: Partial<Vendor> = {}): Vendor => ({ id, name: id.toUpperCase(), servicedesk: {}, ...extra });

/** The records a command is given. Incidents and maintenance of every status; the context shows the open ones as open. */
export interface Given {
  principal: ApiKey;
  now?: Date;
  vendors?: Vendor[];
  components?: Component[];
  incidents?: Incident[];
  maintenances?: Maintenance[];
  content?: ContentItem[];
}

/**
 * The write context a command sees, over in-memory records. New ids are `id-1`, `id-2`, … so a
 * test can name what a command creates.
 *
 * @example
 * const ctx = givenContext({ principal: vendorKey('v1'), components: [component('a')] });
 * const { changes } = openIncident(ctx, body);
 */
export function givenContext(given: Given): WriteContext {
  const byId = <T extends { id: string }>(records: readonly T[] = []) => new Map(records.map((r) => [r.id, r]));
  const incidents = byId(given.incidents);
  const maintenances = byId(given.maintenances);
  const content = byId(given.content);
  let next = 0;
  const ctx = writeContext(
    given.principal,
    given.now ?? new Date(T0),
    {
      vendors: given.vendors ?? [vendor('v1'), vendor('v2')],
      components: given.components ?? [],
      incidents: given.incidents ?? [],
      maintenances: given.maintenances ?? [],
    },
    {
      incident: async (id) => incidents.get(id),
      maintenance: async (id) => maintenances.get(id),
      contentItem: async (id) => content.get(id),
    },
  );
  return { ...ctx, newId: () => `id-${++next}` };
}

type DataOf = { [C in Change as C['type']]: C['data'] };

/**
 * The entity each change stores, by type: what a test checks after a command.
 *
 * @example
 * const [incident] = changesOf(changes, 'incident.changed');
 */
export function changesOf<K extends Change['type']>(changes: readonly Change[], type: K): DataOf[K][] {
  return changes.filter((c) => c.type === type).map((c) => c.data as DataOf[K]);
}

/**
 * The own status of each component once `changes` are applied to the given records, as every
 * reader computes it (set status, open incidents, maintenance in progress).
 *
 * @example
 * ownStatusAfter(given, changes).get('a'); // 'operational' after the incident on it was resolved
 */
export function ownStatusAfter(given: Given, changes: readonly Change[]): Map<string, ComponentStatus> {
  const apply = <T extends { id: string }>(records: readonly T[] = [], type: Change['type']) => {
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const change of changes) if (change.type === type) byId.set(change.data.id, change.data as unknown as T);
    return [...byId.values()];
  };
  const components = apply(given.components, 'component.changed').filter((c) => !c.retiredAt);
  const effective = computeEffectiveStatuses(
    components,
    apply(given.incidents, 'incident.changed'),
    apply(given.maintenances, 'maintenance.changed'),
  );
  return new Map([...effective].map(([id, status]) => [id, status.own]));
}

/**
 * What a refused command must say, for `assert.rejects`/`assert.throws`: its class and HTTP
 * status, its stable code, and (when given) the fields it names, in order.
 *
 * @example
 * await assert.rejects(resolveIncident(ctx, 'nope', body), refusal(NotFoundError, 404, 'incident_not_found'));
 */
export function refusal(kind: new (...args: never[]) => DomainError, status: number, code: string, fields?: string[]) {
  return (error: unknown): true => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    if (fields)
      assert.deepEqual(
        error.errors?.map((e) => e.field),
        fields,
      );
    return true;
  };
}
