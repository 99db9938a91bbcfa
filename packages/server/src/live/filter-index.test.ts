import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeEvent, Component, Incident, Maintenance, StatusEvent } from '@kdi-status/sdk';
import fc from 'fast-check';
import { buildStatusView, type StatusView } from '../read/status-view.js';
import { demoSeed } from '../seed/demo-seed.js';
import { incident, maintenance, T0 } from '../test-support/fixtures.js';
import { createFilterIndex, type FilterGroup } from './filter-index.js';
import { encodeEvent } from './sse-frames.js';
import { createStatusFrames } from './status-frames.js';
import { concerns, streamFilter } from './stream-filter.js';

// The index must route exactly as the plain definitions do (every filter checked against every
// event, every filter's status compared as a whole), which is what the hub did before it had one.

const seed = demoSeed(new Date(T0));
const landscape = seed.flatMap((c) => (c.type === 'component.changed' ? [c.data] : []));
const vendors = seed.flatMap((c) => (c.type === 'vendor.changed' ? [c.data] : []));
const ids = landscape.map((c) => c.id);
const actor = { type: 'system', id: 'test' } as const;

const filterIds = fc.option(fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 5 }), { freq: 8 });
const statuses = fc.constantFrom<Component['status']>('degraded_performance', 'partial_outage', 'major_outage');
const someIds = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 });
const event: fc.Arbitrary<ChangeEvent> = fc.oneof(
  fc.tuple(someIds, statuses).map(([on, status]) => ({
    seq: 1,
    at: T0,
    actor,
    type: 'incident.changed' as const,
    data: incident('i', Object.fromEntries(on.map((id) => [id, status]))),
  })),
  someIds.map((on) => ({ seq: 1, at: T0, actor, type: 'maintenance.changed' as const, data: maintenance('m', on) })),
  fc.constantFrom(...ids).map((on) => ({
    seq: 1,
    at: T0,
    actor,
    type: 'content.changed' as const,
    data: { id: 'c', componentId: on, type: 'news' as const, title: { da: 'Nyt' }, body: { da: 'Tekst' }, date: T0, updatedAt: T0 },
  })),
  fc.constant({ seq: 1, at: T0, actor, type: 'vendor.changed' as const, data: vendors[0]! }),
  fc.constant({
    seq: 1,
    at: T0,
    actor,
    type: 'key.changed' as const,
    data: { id: 'k', name: 'k', role: 'admin' as const, vendor: null, createdAt: T0, expiresAt: null, revokedAt: null, lastUsedAt: null },
  }),
  fc.option(someIds, { freq: 3 }).map((on) => webhookChanged(on)),
);

function webhookChanged(components: string[] | null): ChangeEvent {
  const data = {
    id: 'wh_1',
    url: 'https://hooks.example/kdi',
    components,
    contact: 'drift@example.dk',
    vendor: vendors[0]!.id,
    createdBy: 'k',
    createdAt: T0,
    state: 'active' as const,
    disabledAt: null,
    disabledReason: null,
  };
  return { seq: 1, at: T0, actor, type: 'webhook.changed', data };
}

/** What the hub sent as status before it had an index: the asked components' effective status, as one object. */
const statusOf = (askedIds: readonly string[] | null, view: StatusView): StatusEvent['data'] => ({
  components: (askedIds ?? [...view.componentsById.keys()]).flatMap((id) =>
    view.componentsById.has(id) ? [{ id, effective: view.componentsById.get(id)!.effective }] : [],
  ),
});

const viewWith = (components: Component[], incidents: Incident[], maintenances: Maintenance[] = []) =>
  buildStatusView({ vendors, components, incidents, maintenances, sequence: 1, lastEventAt: T0 });

describe('filter index', () => {
  it('sends each event to exactly the filters it concerns, each once and in order', () => {
    fc.assert(
      fc.property(
        fc.array(filterIds, { minLength: 1, maxLength: 40 }),
        fc.array(event, { minLength: 1, maxLength: 6 }),
        (filters, events) => {
          const index = createFilterIndex<number>();
          const groups = filters.map((f, member) => index.add(member, streamFilter(f, landscape)));
          const route = index.route(events, new Set());
          for (const group of new Set(groups)) {
            const expected = events.flatMap((e, i) => (concerns(e, group.filter) ? [i] : []));
            assert.deepEqual(route.events.get(group.scope) ?? [], expected, `filter ${group.filter.key}`);
          }
          assert.equal(route.status.size, 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sends no filter an API key or a webhook endpoint, though they name components and vendors', () => {
    const index = createFilterIndex<string>();
    const groups = [index.add('all', streamFilter(null, landscape)), index.add('ky', streamFilter(['ky'], landscape))];
    const key = {
      seq: 1,
      at: T0,
      actor,
      type: 'key.changed',
      data: {
        id: 'k',
        name: 'k',
        role: 'vendor',
        vendor: vendors[0]!.id,
        createdAt: T0,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      },
    } as const;
    const route = index.route([key, webhookChanged(null), webhookChanged(['ky'])], new Set());
    assert.equal(route.events.size, 0, 'no scope gets any of them');
    for (const group of groups) assert.ok(!concerns(webhookChanged(['ky']), group.filter), `filter ${group.filter.key}`);
  });

  it('shares one scope between filters with the same closure, and one group between the same filter', () => {
    const index = createFilterIndex<string>();
    // ky depends on serviceplatformen; asking for both is the same closure as asking for ky.
    const ky = index.add('a', streamFilter(['ky'], landscape));
    const kyAndSp = index.add('b', streamFilter(['ky', 'serviceplatformen'], landscape));
    const kyAgain = index.add('c', streamFilter(['ky'], landscape));
    assert.equal(ky, kyAgain);
    assert.notEqual(ky, kyAndSp);
    assert.equal(ky.scope, kyAndSp.scope);
    assert.deepEqual(index.size(), { groups: 2, scopes: 1 });
    index.remove('a', ky);
    index.remove('c', ky);
    assert.deepEqual(index.size(), { groups: 1, scopes: 1 });
    index.remove('b', kyAndSp);
    assert.deepEqual(index.size(), { groups: 0, scopes: 0 });
  });

  it('gives a status frame to exactly the filters whose status moved, with the bytes the whole object would give', () => {
    const incidents = fc
      .array(fc.tuple(someIds, statuses), { maxLength: 3 })
      .map((list) => list.map(([on, status], n) => incident(`i${n}`, Object.fromEntries(on.map((id) => [id, status])))));
    // Some steps retire a component: it leaves the status of every filter that asked for it.
    const step = fc.tuple(incidents, fc.option(fc.constantFrom(...ids), { freq: 4 }));
    fc.assert(
      fc.property(
        fc.array(filterIds, { minLength: 1, maxLength: 30 }),
        fc.array(step, { minLength: 2, maxLength: 5 }),
        (filters, steps) => {
          const index = createFilterIndex<number>();
          const frames = createStatusFrames();
          let view = viewWith(landscape, []);
          frames.advance(view);
          const groups = [...new Set(filters.map((f, member) => index.add(member, streamFilter(f, landscape))))];
          const sent = new Map<FilterGroup<number>, string>(groups.map((g) => [g, JSON.stringify(statusOf(g.filter.ids, view))]));
          steps.forEach(([active, retire], n) => {
            const components = landscape.map((c) => (c.id === retire ? { ...c, retiredAt: T0 } : c));
            view = viewWith(components, active);
            const route = index.route([], frames.advance(view));
            for (const group of groups) {
              const now = JSON.stringify(statusOf(group.filter.ids, view));
              assert.equal(route.status.has(group), now !== sent.get(group), `step ${n}, filter ${group.filter.key}`);
              sent.set(group, now);
              const expected = encodeEvent({ type: 'status', seq: 7, data: statusOf(group.filter.ids, view) });
              assert.deepEqual(frames.frame(group.filter.ids, 7), expected);
              const before = Buffer.from('id: 6\ndata: {}\n\n');
              assert.deepEqual(frames.frame(group.filter.ids, 7, before), Buffer.concat([before, expected]));
            }
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('after a dependency edit routes as filters built afresh would', () => {
    const edit = fc.tuple(fc.constantFrom(...ids), fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 3 }));
    fc.assert(
      fc.property(
        fc.array(filterIds, { minLength: 1, maxLength: 30 }),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        fc.array(event, { minLength: 1, maxLength: 4 }),
        (filters, edits, events) => {
          const index = createFilterIndex<number>();
          filters.forEach((f, member) => index.add(member, streamFilter(f, landscape)));
          let components = landscape;
          for (const [id, dependsOn] of edits) {
            // A cycle is refused by the writer; the closure walk does not care, which is all this needs.
            components = components.map((c) => (c.id === id ? { ...c, dependsOn: dependsOn.filter((d) => d !== id) } : c));
            index.refilter([id], components);
          }
          const route = index.route(events, new Set());
          for (const group of index.groups()) {
            const fresh = streamFilter(group.filter.ids, components);
            assert.deepEqual(group.filter.closure && [...group.filter.closure].sort(), fresh.closure && [...fresh.closure].sort());
            const expected = events.flatMap((e, i) => (concerns(e, fresh) ? [i] : []));
            assert.deepEqual(route.events.get(group.scope) ?? [], expected, `filter ${group.filter.key}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
