import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Component } from '@kdi-status/sdk';
import type { CreateComponentRequest } from '@kdi-status/sdk/admin';
import type { Change } from '../store/store.js';
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
import { createComponent, editComponent, putVendor, retireComponent, setComponentStatus } from './component-commands.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, type DomainError } from './errors.js';

// Given these records, when this component or vendor command, then these changes or this error.

const LATER = '2026-11-26T09:30:00.000Z';

/** The messages of a refusal, for the ones that say what is in the way. */
function messagesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    return (error as DomainError).errors?.map((e) => e.message) ?? [];
  }
  assert.fail('expected the command to be refused');
}

/** The one component a decision stores. */
const onlyComponent = (changes: readonly Change[]): Component => {
  assert.equal(changes.length, 1);
  const [changed] = changesOf(changes, 'component.changed');
  assert.ok(changed, 'a component.changed');
  return changed;
};

/** v1 owns ky (on serviceplatformen, on sts) and flis; v2 owns cpr; old (v1) is retired. */
const landscape = () => [
  component('ky', ['serviceplatformen']),
  component('serviceplatformen', ['sts']),
  component('sts'),
  component('flis'),
  component('cpr', [], { vendor: 'v2' }),
  component('old', [], { retiredAt: '2026-01-01T00:00:00.000Z' }),
];

const newComponent = (extra: Partial<CreateComponentRequest> = {}) => ({
  id: 'ydelsesindeks',
  name: 'Ydelsesindeks',
  kind: 'support-system' as const,
  vendor: 'v1',
  dependsOn: ['sts'],
  links: {},
  ...extra,
});

describe('setComponentStatus', () => {
  it("sets a vendor key's own component's status with the reason, which its own status then shows", () => {
    const given: Given = { principal: vendorKey('v1'), components: landscape() };

    const { changes } = setComponentStatus(givenContext(given), 'flis', {
      status: 'degraded_performance',
      reason: 'Langsom rapportkørsel',
    });

    assert.deepEqual(onlyComponent(changes), {
      ...component('flis'),
      status: 'degraded_performance',
      statusReason: 'Langsom rapportkørsel',
    });
    assert.equal(ownStatusAfter(given, changes).get('flis'), 'degraded_performance');
  });

  it('decides no change for the status and reason the component already has, and records a new reason', () => {
    const flis = component('flis', [], { status: 'partial_outage', statusReason: 'Login fejler' });
    const ctx = givenContext({ principal: vendorKey('v1'), components: [flis] });

    const same = setComponentStatus(ctx, 'flis', { status: 'partial_outage', reason: 'Login fejler' });
    assert.deepEqual(same.changes, []);
    assert.deepEqual(same.result, flis);

    const reason = setComponentStatus(ctx, 'flis', { status: 'partial_outage', reason: 'Login fejler for nogle kommuner' });
    assert.equal(onlyComponent(reason.changes).statusReason, 'Login fejler for nogle kommuner');
  });

  it("refuses a vendor key another vendor's component, and lets an admin key set any", () => {
    const request = { status: 'major_outage' as const, reason: 'Nede' };
    assert.throws(
      () => setComponentStatus(givenContext({ principal: vendorKey('v1'), components: landscape() }), 'cpr', request),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
    const { changes } = setComponentStatus(givenContext({ principal: adminKey(), components: landscape() }), 'cpr', request);
    assert.equal(onlyComponent(changes).status, 'major_outage');
  });

  it('answers 404 for an unknown or a retired component', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    for (const id of ['ghost', 'old']) {
      assert.throws(
        () => setComponentStatus(ctx, id, { status: 'major_outage', reason: 'Nede' }),
        refusal(NotFoundError, 404, 'component_not_found'),
      );
    }
  });
});

describe('createComponent', () => {
  it('adds a component with the fields given, operational', () => {
    const given: Given = { principal: adminKey(), components: landscape() };

    const { changes } = createComponent(givenContext(given), newComponent({ description: 'Indeks over ydelser' }));

    assert.deepEqual(onlyComponent(changes), { ...newComponent({ description: 'Indeks over ydelser' }), status: 'operational' });
    assert.equal(ownStatusAfter(given, changes).get('ydelsesindeks'), 'operational');
  });

  it('refuses an id that exists with 409, and a retired one too: ids are never reused', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.throws(() => createComponent(ctx, newComponent({ id: 'sts' })), refusal(ConflictError, 409, 'component_exists'));
    assert.throws(
      () => createComponent(ctx, newComponent({ id: 'old' })),
      (error: unknown) => refusal(ConflictError, 409, 'component_exists')(error) && /never reused/.test((error as Error).message),
    );
  });

  it('refuses an unknown vendor, naming vendor', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.throws(
      () => createComponent(ctx, newComponent({ vendor: 'nobody' })),
      refusal(UnprocessableError, 422, 'unknown_vendor', ['vendor']),
    );
  });

  it('refuses a dependency on an unknown or a retired component, naming dependsOn and the component', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    for (const missing of ['ghost', 'old']) {
      const create = () => createComponent(ctx, newComponent({ dependsOn: ['sts', missing] }));
      assert.throws(create, refusal(UnprocessableError, 422, 'unknown_dependency', ['dependsOn']));
      assert.match(messagesOf(create)[0]!, new RegExp(`"${missing}"`));
    }
  });

  it('refuses a dependency named twice, on its second mention, on create and on edit', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    const create = () => createComponent(ctx, newComponent({ dependsOn: ['sts', 'serviceplatformen', 'sts'] }));
    assert.throws(create, refusal(UnprocessableError, 422, 'duplicate_dependency', ['dependsOn.2']));
    const edit = () => editComponent(ctx, 'ky', { dependsOn: ['sts', 'sts'] });
    assert.throws(edit, refusal(UnprocessableError, 422, 'duplicate_dependency', ['dependsOn.1']));
  });

  it('refuses a component that depends on itself, naming the cycle', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    const create = () => createComponent(ctx, newComponent({ dependsOn: ['ydelsesindeks'] }));
    assert.throws(create, refusal(UnprocessableError, 422, 'dependency_cycle', ['dependsOn']));
    assert.match(messagesOf(create)[0]!, /ydelsesindeks → ydelsesindeks/);
  });
});

describe('editComponent', () => {
  it('changes only the fields given, keeping the rest', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });

    const { changes } = editComponent(ctx, 'ky', { name: 'KY 2', vendor: 'v2' });

    assert.deepEqual(onlyComponent(changes), { ...component('ky', ['serviceplatformen']), name: 'KY 2', vendor: 'v2' });
  });

  it('sets service-level targets whole, replaces them, and removes them with null', () => {
    const targets = { uptimePercent: 99.5, firstUpdateMinutes: { critical: 15, major: 30 }, maintenanceNoticeHours: 120 };
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    const set = onlyComponent(editComponent(ctx, 'sts', { serviceLevel: targets }).changes);
    assert.deepEqual(set, { ...component('sts'), serviceLevel: targets });

    const withTargets = givenContext({ principal: adminKey(), components: [...landscape().filter((c) => c.id !== 'sts'), set] });
    // A new set replaces the old one whole: the first-update targets are gone.
    assert.deepEqual(onlyComponent(editComponent(withTargets, 'sts', { serviceLevel: { uptimePercent: 99.9 } }).changes).serviceLevel, {
      uptimePercent: 99.9,
    });
    const removed = onlyComponent(editComponent(withTargets, 'sts', { serviceLevel: null }).changes);
    assert.equal('serviceLevel' in removed, false);
    assert.deepEqual(editComponent(withTargets, 'sts', { name: 'STS' }).changes, [], 'absent: kept as they were');
    assert.throws(() =>
      editComponent(givenContext({ principal: vendorKey('v1'), components: landscape() }), 'sts', { serviceLevel: null }),
    );
  });

  it('changes dependencies to other live components', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.deepEqual(onlyComponent(editComponent(ctx, 'ky', { dependsOn: ['serviceplatformen', 'cpr'] }).changes).dependsOn, [
      'serviceplatformen',
      'cpr',
    ]);
  });

  it('decides no change for an edit that changes nothing', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    for (const request of [{}, { name: 'KY' }, { dependsOn: ['serviceplatformen'], vendor: 'v1' }]) {
      const { changes, result } = editComponent(ctx, 'ky', request);
      assert.deepEqual(changes, [], JSON.stringify(request));
      assert.deepEqual(result, component('ky', ['serviceplatformen']));
    }
  });

  it('refuses a dependency edit that would close a cycle, naming dependsOn and the components around it', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    // ky → serviceplatformen → sts already; sts → ky closes the ring.
    const edit = () => editComponent(ctx, 'sts', { dependsOn: ['ky'] });
    assert.throws(edit, refusal(UnprocessableError, 422, 'dependency_cycle', ['dependsOn']));
    assert.match(messagesOf(edit)[0]!, /ky → serviceplatformen → sts → ky/);

    const self = () => editComponent(ctx, 'flis', { dependsOn: ['flis'] });
    assert.throws(self, refusal(UnprocessableError, 422, 'dependency_cycle', ['dependsOn']));
  });

  it('refuses a dependency on an unknown or retired component, and an unknown vendor', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.throws(
      () => editComponent(ctx, 'flis', { dependsOn: ['ghost'] }),
      refusal(UnprocessableError, 422, 'unknown_dependency', ['dependsOn']),
    );
    assert.throws(
      () => editComponent(ctx, 'flis', { dependsOn: ['old'] }),
      refusal(UnprocessableError, 422, 'unknown_dependency', ['dependsOn']),
    );
    assert.throws(() => editComponent(ctx, 'flis', { vendor: 'nobody' }), refusal(UnprocessableError, 422, 'unknown_vendor', ['vendor']));
  });

  it('answers 404 for an unknown or a retired component', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.throws(() => editComponent(ctx, 'ghost', { name: 'Ghost' }), refusal(NotFoundError, 404, 'component_not_found'));
    assert.throws(() => editComponent(ctx, 'old', { name: 'Old' }), refusal(NotFoundError, 404, 'component_not_found'));
  });
});

describe('retireComponent', () => {
  it('retires a component nothing uses, stamping retiredAt, and it leaves the landscape', () => {
    const given: Given = { principal: adminKey(), now: new Date(LATER), components: landscape() };

    const { changes } = retireComponent(givenContext(given), 'flis');

    assert.deepEqual(onlyComponent(changes), { ...component('flis'), retiredAt: LATER });
    assert.equal(ownStatusAfter(given, changes).has('flis'), false);
  });

  it('refuses while a live component depends on it, an open incident or unfinished maintenance names it, listing each', () => {
    const ctx = givenContext({
      principal: adminKey(),
      components: [...landscape(), component('ky2', ['sts'])],
      incidents: [incident('i1', { sts: 'major_outage' })],
      maintenances: [
        maintenance('m1', ['sts'], { status: 'scheduled', startsAt: '2026-11-27T08:00:00.000Z', endsAt: '2026-11-27T10:00:00.000Z' }),
      ],
    });
    const retire = () => retireComponent(ctx, 'sts');

    assert.throws(retire, refusal(UnprocessableError, 422, 'component_in_use', ['id', 'id', 'id', 'id']));
    assert.deepEqual(messagesOf(retire), [
      'component "serviceplatformen" depends on it',
      'component "ky2" depends on it',
      'open incident i1 names it',
      'maintenance m1 names it',
    ]);
  });

  it('is not held back by a retired dependant, a resolved incident or finished maintenance', () => {
    const ctx = givenContext({
      principal: adminKey(),
      components: [component('flis'), component('gone', ['flis'], { retiredAt: T0 })],
      incidents: [incident('i1', { flis: 'major_outage' }, { status: 'resolved', resolvedAt: T0 })],
      maintenances: [maintenance('done', ['flis'], { status: 'completed' }), maintenance('off', ['flis'], { status: 'cancelled' })],
    });
    assert.ok(onlyComponent(retireComponent(ctx, 'flis').changes).retiredAt);
  });

  it('answers 404 for an unknown or an already retired component', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.throws(() => retireComponent(ctx, 'ghost'), refusal(NotFoundError, 404, 'component_not_found'));
    assert.throws(() => retireComponent(ctx, 'old'), refusal(NotFoundError, 404, 'component_not_found'));
  });
});

describe('putVendor', () => {
  it('creates a vendor', () => {
    const ctx = givenContext({ principal: adminKey() });
    const { changes } = putVendor(ctx, 'kommune-it', { name: 'Kommune IT', servicedesk: { email: 'sd@kommune-it.example' } });
    assert.deepEqual(changesOf(changes, 'vendor.changed'), [
      { id: 'kommune-it', name: 'Kommune IT', servicedesk: { email: 'sd@kommune-it.example' } },
    ]);
  });

  it('changes a vendor, and decides no change when nothing differs', () => {
    const v1 = vendor('v1', { servicedesk: { email: 'sd@v1.example' } });
    const ctx = givenContext({ principal: adminKey(), vendors: [v1] });

    const renamed = putVendor(ctx, 'v1', { name: 'Vendor One A/S', servicedesk: { email: 'sd@v1.example' } });
    assert.deepEqual(changesOf(renamed.changes, 'vendor.changed'), [{ ...v1, name: 'Vendor One A/S' }]);

    const same = putVendor(ctx, 'v1', { name: v1.name, servicedesk: { email: 'sd@v1.example' } });
    assert.deepEqual(same.changes, []);
    assert.deepEqual(same.result, v1);
  });
});

describe('components and vendors: admin only', () => {
  it('refuses a vendor key creating, editing (even its own), retiring a component, and changing a vendor', () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape() });
    const admin = refusal(ForbiddenError, 403, 'admin_only');
    assert.throws(() => createComponent(ctx, newComponent()), admin);
    assert.throws(() => editComponent(ctx, 'flis', { name: 'FLIS 2' }), admin);
    assert.throws(() => retireComponent(ctx, 'flis'), admin);
    assert.throws(() => putVendor(ctx, 'v1', { name: 'Nord', servicedesk: {} }), admin);
  });
});
