import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Incident } from '@kdi-status/sdk';
import type { OpenIncidentRequest } from '@kdi-status/sdk/admin';
import { component, incident, maintenance, T0 } from '../test-support/fixtures.js';
import {
  adminKey,
  changesOf,
  givenContext,
  ownStatusAfter,
  vendor,
  vendorKey,
  type Given,
  refusal,
} from '../test-support/write-context.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, type DomainError } from './errors.js';
import {
  addIncidentUpdate,
  correctIncidentUpdate,
  openIncident,
  reopenIncident,
  resolveIncident,
  setIncidentComponents,
} from './incident-commands.js';

// Given these records, when this incident command, then these changes (or this error). The
// clock stands at T1, an hour after the records were written, so what a command touches shows.

const T1 = '2026-11-26T09:00:00.000Z';
const now = new Date(T1);

/** `a` and `b` belong to v1, `c` to v2; `old` (v1) is retired. */
const landscape = [component('a'), component('b', ['a']), component('c', [], { vendor: 'v2' }), component('old', [], { retiredAt: T0 })];

const given = (extra: Omit<Given, 'principal' | 'now'> & { principal?: Given['principal'] } = {}): Given => ({
  principal: vendorKey('v1'),
  now,
  components: landscape,
  ...extra,
});

const openOn = (components: OpenIncidentRequest['components'], extra: Partial<OpenIncidentRequest> = {}): OpenIncidentRequest => ({
  title: { da: 'Nedbrud i A' },
  impact: 'major',
  components,
  message: { da: 'Vi undersøger fejlen' },
  ...extra,
});

/** The one incident a decision stores. */
const theIncident = (decision: { changes: Parameters<typeof changesOf>[0]; result: Incident }): Incident => {
  const stored = changesOf(decision.changes, 'incident.changed');
  assert.equal(decision.changes.length, 1);
  assert.equal(stored.length, 1);
  assert.deepEqual(decision.result, stored[0]);
  return stored[0]!;
};

const resolvedIncident = (id: string, affected: Record<string, Incident['components'][number]['status']>, extra: Partial<Incident> = {}) =>
  incident(id, affected, {
    status: 'resolved',
    resolvedAt: T0,
    updates: [
      { id: `${id}-u2`, at: T0, status: 'resolved', message: { da: 'Fejlen er rettet' }, author: 'v1' },
      { id: `${id}-u1`, at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'v1' },
    ],
    ...extra,
  });

describe('openIncident', () => {
  it("opens an incident on the vendor's own component, investigating, with its first update signed by the vendor", () => {
    const ctx = givenContext(given());

    const opened = theIncident(openIncident(ctx, openOn([{ id: 'a', status: 'major_outage' }])));

    assert.deepEqual(opened, {
      id: 'id-1',
      title: { da: 'Nedbrud i A' },
      impact: 'major',
      status: 'investigating',
      vendor: 'v1',
      components: [{ id: 'a', status: 'major_outage' }],
      updates: [{ id: 'id-2', at: T1, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'v1' }],
      startedAt: T1,
      resolvedAt: null,
      updatedAt: T1,
    });
  });

  it('opens with the status given, on the incident and its first update', () => {
    const ctx = givenContext(given());

    const opened = theIncident(openIncident(ctx, openOn([{ id: 'a', status: 'partial_outage' }], { status: 'identified' })));

    assert.equal(opened.status, 'identified');
    assert.deepEqual(
      opened.updates.map((u) => u.status),
      ['identified'],
    );
  });

  it('gives the component the status the incident names', () => {
    const state = given();

    const { changes } = openIncident(givenContext(state), openOn([{ id: 'a', status: 'partial_outage' }]));

    assert.equal(ownStatusAfter(state, changes).get('a'), 'partial_outage');
  });

  it('lets a vendor key name its own vendor as responsible', () => {
    const opened = theIncident(openIncident(givenContext(given()), openOn([{ id: 'a', status: 'major_outage' }], { vendor: 'v1' })));

    assert.equal(opened.vendor, 'v1');
  });

  it("refuses a vendor key another vendor's component", () => {
    const ctx = givenContext(given());

    assert.throws(
      () =>
        openIncident(
          ctx,
          openOn([
            { id: 'a', status: 'major_outage' },
            { id: 'c', status: 'major_outage' },
          ]),
        ),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it('refuses a vendor key that names another vendor as responsible', () => {
    const ctx = givenContext(given());

    assert.throws(
      () => openIncident(ctx, openOn([{ id: 'a', status: 'major_outage' }], { vendor: 'v2' })),
      refusal(ForbiddenError, 403, 'not_your_vendor'),
    );
  });

  it('lets an admin open on any component for the vendor it names, signed admin', () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    const opened = theIncident(
      openIncident(
        ctx,
        openOn(
          [
            { id: 'a', status: 'major_outage' },
            { id: 'c', status: 'degraded_performance' },
          ],
          { vendor: 'v2' },
        ),
      ),
    );

    assert.equal(opened.vendor, 'v2');
    assert.deepEqual(opened.components, [
      { id: 'a', status: 'major_outage' },
      { id: 'c', status: 'degraded_performance' },
    ]);
    assert.equal(opened.updates[0]!.author, 'admin');
  });

  it("makes an admin key acting for a vendor responsible by default, signed with that vendor's name", () => {
    const ctx = givenContext(given({ principal: adminKey('kombit'), vendors: [vendor('v1'), vendor('v2'), vendor('kombit')] }));

    const opened = theIncident(openIncident(ctx, openOn([{ id: 'c', status: 'major_outage' }])));

    assert.equal(opened.vendor, 'kombit');
    assert.equal(opened.updates[0]!.author, 'kombit');
  });

  it('refuses an admin key without a vendor that names none, on the field vendor', () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    assert.throws(
      () => openIncident(ctx, openOn([{ id: 'a', status: 'major_outage' }])),
      refusal(UnprocessableError, 422, 'vendor_required', ['vendor']),
    );
  });

  it('refuses an admin naming an unknown vendor, on the field vendor', () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    assert.throws(
      () => openIncident(ctx, openOn([{ id: 'a', status: 'major_outage' }], { vendor: 'nobody' })),
      refusal(UnprocessableError, 422, 'unknown_vendor', ['vendor']),
    );
  });

  it('refuses an unknown component, naming its field', () => {
    const ctx = givenContext(given());

    assert.throws(
      () => openIncident(ctx, openOn([{ id: 'ghost', status: 'major_outage' }])),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0.id']),
    );
  });

  it('refuses a retired component as unknown, even to an admin', () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    assert.throws(
      () =>
        openIncident(
          ctx,
          openOn(
            [
              { id: 'a', status: 'major_outage' },
              { id: 'old', status: 'major_outage' },
            ],
            { vendor: 'v1' },
          ),
        ),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.1.id']),
    );
  });

  it('refuses a component named twice, on the second mention', () => {
    const ctx = givenContext(given());

    assert.throws(
      () =>
        openIncident(
          ctx,
          openOn([
            { id: 'a', status: 'major_outage' },
            { id: 'a', status: 'degraded_performance' },
          ]),
        ),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.1.id']),
    );
  });

  it('names every faulty component at once', () => {
    const ctx = givenContext(given());

    assert.throws(
      () =>
        openIncident(
          ctx,
          openOn([
            { id: 'ghost', status: 'major_outage' },
            { id: 'a', status: 'major_outage' },
            { id: 'old', status: 'major_outage' },
          ]),
        ),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0.id', 'components.2.id']),
    );
  });
});

describe('addIncidentUpdate', () => {
  it('adds the update newest first with its status, keeping components and impact when not given', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    const updated = theIncident(await addIncidentUpdate(ctx, 'i1', { status: 'identified', message: { da: 'Fejlen er fundet' } }));

    assert.equal(updated.status, 'identified');
    assert.deepEqual(
      updated.updates.map((u) => u.id),
      ['id-1', 'i1-u1'],
    );
    assert.deepEqual(updated.updates[0], { id: 'id-1', at: T1, status: 'identified', message: { da: 'Fejlen er fundet' }, author: 'v1' });
    assert.deepEqual(updated.components, [{ id: 'a', status: 'major_outage' }]);
    assert.equal(updated.impact, 'major');
    assert.equal(updated.updatedAt, T1);
    assert.equal(updated.startedAt, T0);
  });

  it('changes the affected components and the impact along with the update', async () => {
    const state = given({ incidents: [incident('i1', { a: 'degraded_performance' })] });

    const decision = await addIncidentUpdate(givenContext(state), 'i1', {
      status: 'identified',
      message: { da: 'Det er værre' },
      components: [
        { id: 'a', status: 'major_outage' },
        { id: 'b', status: 'partial_outage' },
      ],
      impact: 'critical',
    });

    const updated = theIncident(decision);
    assert.equal(updated.impact, 'critical');
    assert.deepEqual(updated.components, [
      { id: 'a', status: 'major_outage' },
      { id: 'b', status: 'partial_outage' },
    ]);
    const own = ownStatusAfter(state, decision.changes);
    assert.equal(own.get('a'), 'major_outage');
    assert.equal(own.get('b'), 'partial_outage');
  });

  it('refuses an unknown component in the update, naming its field', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      addIncidentUpdate(ctx, 'i1', { status: 'identified', message: { da: 'x' }, components: [{ id: 'ghost', status: 'major_outage' }] }),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0.id']),
    );
  });

  it("refuses a vendor key that adds another vendor's component to its incident", async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      addIncidentUpdate(ctx, 'i1', { status: 'identified', message: { da: 'x' }, components: [{ id: 'c', status: 'major_outage' }] }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it("refuses a vendor key another vendor's incident", async () => {
    const ctx = givenContext(given({ incidents: [incident('i2', { c: 'major_outage' }, { vendor: 'v2' })] }));

    await assert.rejects(
      addIncidentUpdate(ctx, 'i2', { status: 'identified', message: { da: 'x' } }),
      refusal(ForbiddenError, 403, 'not_your_incident'),
    );
  });

  it("refuses a vendor key its own incident when the incident names another vendor's component", async () => {
    // An admin made v1 responsible for trouble on v2's component.
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage', c: 'major_outage' })] }));

    await assert.rejects(
      addIncidentUpdate(ctx, 'i1', { status: 'identified', message: { da: 'x' }, impact: 'none' }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it('refuses a vendor key its own incident when a component it names has since passed to another vendor', async () => {
    const ctx = givenContext(
      given({
        components: [component('a', [], { vendor: 'v2' })],
        incidents: [incident('i1', { a: 'major_outage' })],
      }),
    );

    await assert.rejects(
      addIncidentUpdate(ctx, 'i1', { status: 'identified', message: { da: 'x' } }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it('refuses a vendor key its own incident when a component it names no longer exists', async () => {
    const ctx = givenContext(
      given({ components: [component('a')], incidents: [incident('i1', { a: 'major_outage', gone: 'major_outage' })] }),
    );

    await assert.rejects(
      addIncidentUpdate(ctx, 'i1', { status: 'identified', message: { da: 'x' } }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it("lets an admin update any vendor's incident, signed admin", async () => {
    const ctx = givenContext(given({ principal: adminKey(), incidents: [incident('i2', { c: 'major_outage' }, { vendor: 'v2' })] }));

    const updated = theIncident(await addIncidentUpdate(ctx, 'i2', { status: 'monitoring', message: { da: 'Vi holder øje' } }));

    assert.equal(updated.status, 'monitoring');
    assert.equal(updated.vendor, 'v2');
    assert.equal(updated.updates[0]!.author, 'admin');
  });

  it('refuses a resolved incident with 409: reopen it first', async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      addIncidentUpdate(ctx, 'i1', { status: 'monitoring', message: { da: 'x' } }),
      refusal(ConflictError, 409, 'incident_resolved'),
    );
  });

  it("tells another vendor's resolved incident as forbidden, not as resolved", async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i2', { c: 'major_outage' }, { vendor: 'v2' })] }));

    await assert.rejects(
      addIncidentUpdate(ctx, 'i2', { status: 'monitoring', message: { da: 'x' } }),
      refusal(ForbiddenError, 403, 'not_your_incident'),
    );
  });

  it('refuses an unknown incident with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(
      addIncidentUpdate(ctx, 'nope', { status: 'identified', message: { da: 'x' } }),
      refusal(NotFoundError, 404, 'incident_not_found'),
    );
  });
});

describe('setIncidentComponents', () => {
  it('decides no change when the components are the ones it already has', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    const decision = await setIncidentComponents(ctx, 'i1', { components: [{ id: 'a', status: 'major_outage' }] });

    assert.deepEqual(decision.changes, []);
    assert.equal(decision.result.updatedAt, T0);
  });

  it('replaces the affected components without adding an update or changing the status', async () => {
    const state = given({ incidents: [incident('i1', { a: 'major_outage' })] });

    const decision = await setIncidentComponents(givenContext(state), 'i1', {
      components: [{ id: 'b', status: 'degraded_performance' }],
    });

    const set = theIncident(decision);
    assert.deepEqual(set.components, [{ id: 'b', status: 'degraded_performance' }]);
    assert.equal(set.status, 'investigating');
    assert.deepEqual(
      set.updates.map((u) => u.id),
      ['i1-u1'],
    );
    assert.equal(set.updatedAt, T1);
    const own = ownStatusAfter(state, decision.changes);
    assert.equal(own.get('a'), 'operational');
    assert.equal(own.get('b'), 'degraded_performance');
  });

  it('refuses a component named twice, on the second mention', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      setIncidentComponents(ctx, 'i1', {
        components: [
          { id: 'a', status: 'partial_outage' },
          { id: 'a', status: 'major_outage' },
        ],
      }),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.1.id']),
    );
  });

  it('refuses a retired component, naming its field', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      setIncidentComponents(ctx, 'i1', { components: [{ id: 'old', status: 'partial_outage' }] }),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0.id']),
    );
  });

  it("refuses a vendor key another vendor's component", async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      setIncidentComponents(ctx, 'i1', { components: [{ id: 'c', status: 'major_outage' }] }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it("refuses a vendor key its own incident that names another vendor's component, even to move it onto its own", async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { c: 'major_outage' })] }));

    await assert.rejects(
      setIncidentComponents(ctx, 'i1', { components: [{ id: 'a', status: 'major_outage' }] }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });

  it('refuses a resolved incident with 409', async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      setIncidentComponents(ctx, 'i1', { components: [{ id: 'a', status: 'partial_outage' }] }),
      refusal(ConflictError, 409, 'incident_resolved'),
    );
  });

  it('refuses an unknown incident with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(
      setIncidentComponents(ctx, 'nope', { components: [{ id: 'a', status: 'partial_outage' }] }),
      refusal(NotFoundError, 404, 'incident_not_found'),
    );
  });
});

describe('resolveIncident', () => {
  it('resolves with a closing update, and the component returns to operational', async () => {
    const state = given({ incidents: [incident('i1', { a: 'major_outage' })] });

    const decision = await resolveIncident(givenContext(state), 'i1', { message: { da: 'Fejlen er rettet' } });

    const resolved = theIncident(decision);
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.resolvedAt, T1);
    assert.equal(resolved.updatedAt, T1);
    assert.deepEqual(resolved.updates[0], { id: 'id-1', at: T1, status: 'resolved', message: { da: 'Fejlen er rettet' }, author: 'v1' });
    assert.equal(resolved.updates.length, 2);
    assert.deepEqual(resolved.components, [{ id: 'a', status: 'major_outage' }]);
    assert.equal(ownStatusAfter(state, decision.changes).get('a'), 'operational');
  });

  it('leaves the component held while another open incident still names it', async () => {
    const state = given({
      incidents: [incident('i1', { a: 'major_outage' }), incident('i2', { a: 'degraded_performance' })],
    });

    const { changes } = await resolveIncident(givenContext(state), 'i1', { message: { da: 'Løst' } });

    assert.equal(ownStatusAfter(state, changes).get('a'), 'degraded_performance');
  });

  it('leaves the component under maintenance while maintenance on it is in progress', async () => {
    const state = given({ incidents: [incident('i1', { a: 'major_outage' })], maintenances: [maintenance('m1', ['a'])] });

    const { changes } = await resolveIncident(givenContext(state), 'i1', { message: { da: 'Løst' } });

    assert.equal(ownStatusAfter(state, changes).get('a'), 'under_maintenance');
  });

  it('returns the component to operational when maintenance on it is only scheduled', async () => {
    const state = given({
      incidents: [incident('i1', { a: 'major_outage' })],
      maintenances: [
        maintenance('m1', ['a'], { status: 'scheduled', startsAt: '2026-11-27T08:00:00.000Z', endsAt: '2026-11-27T10:00:00.000Z' }),
      ],
    });

    const { changes } = await resolveIncident(givenContext(state), 'i1', { message: { da: 'Løst' } });

    assert.equal(ownStatusAfter(state, changes).get('a'), 'operational');
  });

  it('keeps the status an operator set by hand on the component', async () => {
    const state = given({
      components: [component('a', [], { status: 'degraded_performance', statusReason: 'Langsomme opslag' })],
      incidents: [incident('i1', { a: 'major_outage' })],
    });

    const { changes } = await resolveIncident(givenContext(state), 'i1', { message: { da: 'Løst' } });

    assert.equal(ownStatusAfter(state, changes).get('a'), 'degraded_performance');
  });

  it('refuses an incident already resolved with 409', async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i1', { a: 'major_outage' })] }));

    await assert.rejects(resolveIncident(ctx, 'i1', { message: { da: 'Igen' } }), refusal(ConflictError, 409, 'incident_resolved'));
  });

  it("refuses a vendor key another vendor's incident", async () => {
    const ctx = givenContext(given({ incidents: [incident('i2', { c: 'major_outage' }, { vendor: 'v2' })] }));

    await assert.rejects(resolveIncident(ctx, 'i2', { message: { da: 'Løst' } }), refusal(ForbiddenError, 403, 'not_your_incident'));
  });

  it("refuses a vendor key its own incident when the incident names another vendor's component", async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { c: 'major_outage' })] }));

    await assert.rejects(resolveIncident(ctx, 'i1', { message: { da: 'Løst' } }), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it("lets an admin resolve any vendor's incident", async () => {
    const state = given({ principal: adminKey(), incidents: [incident('i2', { c: 'major_outage' }, { vendor: 'v2' })] });

    const decision = await resolveIncident(givenContext(state), 'i2', { message: { da: 'Løst' } });

    assert.equal(theIncident(decision).status, 'resolved');
    assert.equal(ownStatusAfter(state, decision.changes).get('c'), 'operational');
  });

  it('refuses an unknown incident with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(resolveIncident(ctx, 'nope', { message: { da: 'Løst' } }), refusal(NotFoundError, 404, 'incident_not_found'));
  });
});

describe('reopenIncident', () => {
  it('reopens a resolved incident as investigating, and its components are held again', async () => {
    const state = given({ incidents: [resolvedIncident('i1', { a: 'partial_outage' })] });

    const decision = await reopenIncident(givenContext(state), 'i1', { message: { da: 'Fejlen er vendt tilbage' } });

    const reopened = theIncident(decision);
    assert.equal(reopened.status, 'investigating');
    assert.equal(reopened.resolvedAt, null);
    assert.equal(reopened.startedAt, T0);
    assert.deepEqual(
      reopened.updates.map((u) => [u.id, u.status]),
      [
        ['id-1', 'investigating'],
        ['i1-u2', 'resolved'],
        ['i1-u1', 'investigating'],
      ],
    );
    assert.deepEqual(reopened.updates[0]!.message, { da: 'Fejlen er vendt tilbage' });
    assert.equal(ownStatusAfter(state, decision.changes).get('a'), 'partial_outage');
  });

  it('refuses, with 422 naming it, an incident whose component was retired since it was resolved', async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i1', { a: 'partial_outage', old: 'major_outage' })] }));

    await assert.rejects(reopenIncident(ctx, 'i1', { message: { da: 'Tilbage' } }), (error: unknown) => {
      refusal(UnprocessableError, 422, 'component_retired', ['components'])(error);
      assert.match((error as DomainError).errors![0]!.message, /"old" has been retired/);
      return true;
    });
  });

  it('refuses an incident that is not resolved with 409', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(reopenIncident(ctx, 'i1', { message: { da: 'x' } }), refusal(ConflictError, 409, 'incident_not_resolved'));
  });

  it("refuses a vendor key another vendor's resolved incident", async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i2', { c: 'major_outage' }, { vendor: 'v2' })] }));

    await assert.rejects(reopenIncident(ctx, 'i2', { message: { da: 'x' } }), refusal(ForbiddenError, 403, 'not_your_incident'));
  });

  it("refuses a vendor key its own resolved incident when it names another vendor's component", async () => {
    const ctx = givenContext(given({ incidents: [resolvedIncident('i1', { a: 'major_outage', c: 'major_outage' })] }));

    await assert.rejects(reopenIncident(ctx, 'i1', { message: { da: 'x' } }), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('refuses an unknown incident with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(reopenIncident(ctx, 'nope', { message: { da: 'x' } }), refusal(NotFoundError, 404, 'incident_not_found'));
  });
});

describe('correctIncidentUpdate', () => {
  it('decides no change when the wording is what the update already says', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    const decision = await correctIncidentUpdate(ctx, 'i1', 'i1-u1', { message: { da: 'Vi undersøger fejlen' } });

    assert.deepEqual(decision.changes, []);
    assert.equal(decision.result.updates[0]!.corrections, undefined);
  });

  it('replaces the wording of an update and keeps what it said before in corrections', async () => {
    const ctx = givenContext(
      given({
        incidents: [
          incident(
            'i1',
            { a: 'major_outage' },
            {
              updates: [
                { id: 'u2', at: T0, status: 'identified', message: { da: 'CVR-opslag fejler' }, author: 'v1' },
                { id: 'u1', at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'v1' },
              ],
            },
          ),
        ],
      }),
    );

    const corrected = theIncident(await correctIncidentUpdate(ctx, 'i1', 'u2', { message: { da: 'CPR-opslag fejler' } }));

    assert.deepEqual(corrected.updates, [
      {
        id: 'u2',
        at: T0,
        status: 'identified',
        message: { da: 'CPR-opslag fejler' },
        author: 'v1',
        corrections: [{ at: T1, message: { da: 'CVR-opslag fejler' }, author: 'v1' }],
      },
      { id: 'u1', at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'v1' },
    ]);
    // A correction changes wording only: no new update, the incident's status as it was.
    assert.equal(corrected.status, 'investigating');
    assert.equal(corrected.updatedAt, T1);
  });

  it('appends a second correction after the first, oldest first, signed by whoever corrected', async () => {
    const earlier = { at: T0, message: { da: 'Første ordlyd' }, author: 'v1' };
    const ctx = givenContext(
      given({
        principal: adminKey(),
        incidents: [
          incident(
            'i1',
            { a: 'major_outage' },
            {
              updates: [
                { id: 'u1', at: T0, status: 'investigating', message: { da: 'Anden ordlyd' }, author: 'v1', corrections: [earlier] },
              ],
            },
          ),
        ],
      }),
    );

    const corrected = theIncident(await correctIncidentUpdate(ctx, 'i1', 'u1', { message: { da: 'Tredje ordlyd' } }));

    assert.deepEqual(corrected.updates[0]!.message, { da: 'Tredje ordlyd' });
    assert.equal(corrected.updates[0]!.author, 'v1');
    assert.deepEqual(corrected.updates[0]!.corrections, [earlier, { at: T1, message: { da: 'Anden ordlyd' }, author: 'admin' }]);
  });

  it('corrects an update of a resolved incident, which stays resolved', async () => {
    const state = given({ incidents: [resolvedIncident('i1', { a: 'major_outage' })] });

    const decision = await correctIncidentUpdate(givenContext(state), 'i1', 'i1-u1', { message: { da: 'Vi undersøgte fejlen' } });

    const corrected = theIncident(decision);
    assert.equal(corrected.status, 'resolved');
    assert.equal(corrected.resolvedAt, T0);
    assert.deepEqual(corrected.updates[1]!.message, { da: 'Vi undersøgte fejlen' });
    assert.deepEqual(corrected.updates[1]!.corrections, [{ at: T1, message: { da: 'Vi undersøger fejlen' }, author: 'v1' }]);
    assert.equal(ownStatusAfter(state, decision.changes).get('a'), 'operational');
  });

  it('refuses an update the incident does not have with 404', async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { a: 'major_outage' })] }));

    await assert.rejects(
      correctIncidentUpdate(ctx, 'i1', 'nope', { message: { da: 'x' } }),
      refusal(NotFoundError, 404, 'update_not_found'),
    );
  });

  it('refuses an unknown incident with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(
      correctIncidentUpdate(ctx, 'nope', 'u1', { message: { da: 'x' } }),
      refusal(NotFoundError, 404, 'incident_not_found'),
    );
  });

  it("refuses a vendor key another vendor's incident", async () => {
    const ctx = givenContext(given({ incidents: [incident('i2', { c: 'major_outage' }, { vendor: 'v2' })] }));

    await assert.rejects(
      correctIncidentUpdate(ctx, 'i2', 'i2-u1', { message: { da: 'x' } }),
      refusal(ForbiddenError, 403, 'not_your_incident'),
    );
  });

  it("refuses a vendor key its own incident when it names another vendor's component", async () => {
    const ctx = givenContext(given({ incidents: [incident('i1', { c: 'major_outage' })] }));

    await assert.rejects(
      correctIncidentUpdate(ctx, 'i1', 'i1-u1', { message: { da: 'x' } }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
  });
});
