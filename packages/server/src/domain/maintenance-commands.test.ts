import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Maintenance } from '@kdi-status/sdk';
import type { ScheduleMaintenanceRequest } from '@kdi-status/sdk/admin';
import { component, maintenance, T0 } from '../test-support/fixtures.js';
import { adminKey, changesOf, givenContext, ownStatusAfter, vendorKey, type Given, refusal } from '../test-support/write-context.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from './errors.js';
import {
  cancelMaintenance,
  dueTransitions,
  nextBoundary,
  scheduleMaintenance,
  statusAt,
  updateMaintenance,
} from './maintenance-commands.js';

// Given these records, when this maintenance command (or the clock), then these changes or this error.

const HOUR = 3_600_000;
/** The time `hours` after T0 (the context's now), as the API writes it. */
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
const now = (hours: number) => new Date(at(hours));

/** A window tomorrow (24 to 26 hours from now), not yet begun. */
const tomorrow = { status: 'scheduled', startsAt: at(24), endsAt: at(26) } as const;

const schedule = (components: string[], extra: Partial<ScheduleMaintenanceRequest> = {}): ScheduleMaintenanceRequest => ({
  title: { da: 'Opdatering' },
  description: { da: 'Systemet opdateres' },
  components,
  startsAt: at(24),
  endsAt: at(26),
  ...extra,
});

/** Two vendors' components: v1 owns sts and ky, v2 owns cpr; old was v1's and is retired. */
const landscape = () => [
  component('sts'),
  component('ky'),
  component('cpr', [], { vendor: 'v2' }),
  component('old', [], { retiredAt: at(-100) }),
];

const onlyChange = (changes: Parameters<typeof changesOf>[0]): Maintenance => {
  const all = changesOf(changes, 'maintenance.changed');
  assert.equal(changes.length, 1);
  assert.equal(all.length, 1);
  return all[0]!;
};

describe('statusAt: where the clock puts a maintenance', () => {
  const window = maintenance('m1', ['sts'], { status: 'scheduled' }); // T0 to T0+2h

  it('is scheduled before the window, in progress inside it (from its first instant), completed from its end', () => {
    assert.equal(statusAt(window, now(-1)), 'scheduled');
    assert.equal(statusAt(window, now(0)), 'in_progress');
    assert.equal(statusAt(window, now(1)), 'in_progress');
    assert.equal(statusAt(window, now(2)), 'completed');
    assert.equal(statusAt(window, now(5)), 'completed');
  });

  it('holds verifying (set by an operator) until the window ends', () => {
    const verifying = { ...window, status: 'verifying' as const };
    assert.equal(statusAt(verifying, now(1.5)), 'verifying');
    assert.equal(statusAt(verifying, now(2)), 'completed');
  });

  it('never moves a finished maintenance', () => {
    assert.equal(statusAt({ ...window, status: 'cancelled' }, now(1)), 'cancelled');
    assert.equal(statusAt({ ...window, status: 'cancelled' }, now(-1)), 'cancelled');
    assert.equal(statusAt({ ...window, status: 'completed' }, now(1)), 'completed');
    assert.equal(statusAt({ ...window, status: 'completed' }, now(-1)), 'completed');
  });
});

describe('dueTransitions: what the clock changes', () => {
  it('catches up at start-up on a window that began and one that ended while the server was down, stamping the time', () => {
    const began = maintenance('began', ['sts'], { status: 'scheduled', startsAt: at(-1), endsAt: at(3) });
    const ended = maintenance('ended', ['ky'], { status: 'in_progress', startsAt: at(-3), endsAt: at(-1) });
    const ahead = maintenance('ahead', ['cpr'], tomorrow);

    const changes = dueTransitions([began, ended, ahead], now(0));

    assert.deepEqual(changesOf(changes, 'maintenance.changed'), [
      { ...began, status: 'in_progress', updatedAt: at(0) },
      { ...ended, status: 'completed', updatedAt: at(0) },
    ]);
  });

  it('leaves a verifying maintenance alone inside its window and completes it at the end', () => {
    const verifying = maintenance('m1', ['sts'], { status: 'verifying' });
    assert.deepEqual(dueTransitions([verifying], now(1)), []);
    assert.deepEqual(
      changesOf(dueTransitions([verifying], now(2)), 'maintenance.changed').map((m) => m.status),
      ['completed'],
    );
  });

  it('never moves completed or cancelled maintenance, whatever its window says', () => {
    const completedEarly = maintenance('done', ['sts'], { status: 'completed' });
    const cancelledAhead = maintenance('off', ['ky'], { ...tomorrow, status: 'cancelled' });
    assert.deepEqual(dueTransitions([completedEarly, cancelledAhead], now(1)), []);
    assert.deepEqual(dueTransitions([completedEarly, cancelledAhead], now(25)), []);
  });

  it('puts the components under maintenance when a window begins, and frees them when it ends', () => {
    const given: Given = {
      principal: adminKey(),
      components: landscape(),
      maintenances: [maintenance('m1', ['sts'], { status: 'scheduled' })],
    };
    const started = dueTransitions(given.maintenances!, now(0));
    assert.equal(ownStatusAfter(given, []).get('sts'), 'operational');
    assert.equal(ownStatusAfter(given, started).get('sts'), 'under_maintenance');

    const running: Given = { ...given, maintenances: changesOf(started, 'maintenance.changed') };
    assert.equal(ownStatusAfter(running, dueTransitions(running.maintenances!, now(2))).get('sts'), 'operational');
  });
});

describe('nextBoundary: when the clock next wakes', () => {
  it('is the earliest start or end still ahead; a window that has begun counts only its end', () => {
    const running = maintenance('running', ['sts'], { startsAt: at(-1), endsAt: at(3) });
    const ahead = maintenance('ahead', ['ky'], tomorrow);
    assert.deepEqual(nextBoundary([ahead, running], now(0)), now(3));
    assert.deepEqual(nextBoundary([ahead], now(0)), now(24));
    assert.deepEqual(nextBoundary([ahead], now(24.5)), now(26));
  });

  it('leaves out cancelled and completed maintenance, even with a window ahead', () => {
    const cancelled = maintenance('off', ['sts'], { ...tomorrow, startsAt: at(1), status: 'cancelled' });
    const completed = maintenance('done', ['ky'], { status: 'completed', startsAt: at(-1), endsAt: at(2) });
    const ahead = maintenance('ahead', ['cpr'], tomorrow);
    assert.equal(nextBoundary([cancelled, completed], now(0)), null);
    assert.deepEqual(nextBoundary([cancelled, completed, ahead], now(0)), now(24));
  });

  it('is null when nothing is pending, and does not count a boundary that is now (it is due, not ahead)', () => {
    assert.equal(nextBoundary([], now(0)), null);
    assert.equal(nextBoundary([maintenance('m1', ['sts'], { startsAt: at(-2), endsAt: at(0) })], now(0)), null);
  });
});

describe('scheduleMaintenance', () => {
  it("schedules a vendor key's window on its own components for its own vendor", () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape() });

    const { changes, result } = scheduleMaintenance(ctx, schedule(['sts', 'ky']));

    const scheduled = onlyChange(changes);
    assert.deepEqual(scheduled, {
      id: 'id-1',
      title: { da: 'Opdatering' },
      description: { da: 'Systemet opdateres' },
      status: 'scheduled',
      vendor: 'v1',
      components: ['sts', 'ky'],
      startsAt: at(24),
      endsAt: at(26),
      updatedAt: at(0),
    });
    assert.deepEqual(result, scheduled);
  });

  it('starts a window that has already begun in progress, which puts its components under maintenance at once', () => {
    const given: Given = { principal: vendorKey('v1'), components: landscape() };

    const { changes } = scheduleMaintenance(givenContext(given), schedule(['sts'], { startsAt: at(-0.5), endsAt: at(1) }));

    assert.equal(onlyChange(changes).status, 'in_progress');
    assert.equal(ownStatusAfter(given, changes).get('sts'), 'under_maintenance');
    assert.equal(ownStatusAfter(given, changes).get('ky'), 'operational');
  });

  it('refuses a window that ends before (or when) it starts, naming endsAt', () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape() });
    for (const endsAt of [at(23), at(24)]) {
      assert.throws(
        () => scheduleMaintenance(ctx, schedule(['sts'], { endsAt })),
        refusal(UnprocessableError, 422, 'invalid_window', ['endsAt']),
      );
    }
  });

  it('refuses a window that is already over, naming endsAt', () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape() });
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['sts'], { startsAt: at(-3), endsAt: at(-1) })),
      refusal(UnprocessableError, 422, 'invalid_window', ['endsAt']),
    );
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['sts'], { startsAt: at(-3), endsAt: at(0) })),
      refusal(UnprocessableError, 422, 'invalid_window', ['endsAt']),
    );
  });

  it('refuses an unknown, a retired and a twice-named component, each by its index', () => {
    const ctx = givenContext({ principal: adminKey('v1'), components: landscape() });
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['ghost'])),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0']),
    );
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['old'])),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0']),
    );
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['sts', 'sts'])),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.1']),
    );
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['ghost', 'sts', 'old'])),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0', 'components.2']),
    );
  });

  it("refuses a vendor key another vendor's component, and naming another vendor as responsible", () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape() });
    assert.throws(() => scheduleMaintenance(ctx, schedule(['sts', 'cpr'])), refusal(ForbiddenError, 403, 'not_your_component'));
    assert.throws(() => scheduleMaintenance(ctx, schedule(['sts'], { vendor: 'v2' })), refusal(ForbiddenError, 403, 'not_your_vendor'));
    assert.equal(scheduleMaintenance(ctx, schedule(['sts'], { vendor: 'v1' })).result.vendor, 'v1');
  });

  it('lets an admin key schedule on any component for the vendor it names, or its own', () => {
    const components = landscape();
    const named = scheduleMaintenance(givenContext({ principal: adminKey(), components }), schedule(['sts', 'cpr'], { vendor: 'v2' }));
    assert.equal(onlyChange(named.changes).vendor, 'v2');
    const own = scheduleMaintenance(givenContext({ principal: adminKey('v2'), components }), schedule(['sts']));
    assert.equal(onlyChange(own.changes).vendor, 'v2');
  });

  it('refuses an admin key without a vendor that names none, or names an unknown one, on the field vendor', () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    assert.throws(() => scheduleMaintenance(ctx, schedule(['sts'])), refusal(UnprocessableError, 422, 'vendor_required', ['vendor']));
    assert.throws(
      () => scheduleMaintenance(ctx, schedule(['sts'], { vendor: 'nobody' })),
      refusal(UnprocessableError, 422, 'unknown_vendor', ['vendor']),
    );
  });
});

describe('updateMaintenance', () => {
  const scheduled = () => maintenance('m1', ['sts'], tomorrow);

  it('changes only the fields given, keeping the rest, and stamps the time', async () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [scheduled()] });

    const { changes } = await updateMaintenance(ctx, 'm1', { endsAt: at(27) });

    assert.deepEqual(onlyChange(changes), { ...scheduled(), endsAt: at(27), updatedAt: at(0) });
  });

  it('changes the text and the components (checked again: known, live, the key’s own)', async () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [scheduled()] });

    const { changes } = await updateMaintenance(ctx, 'm1', { title: { da: 'Ny titel' }, components: ['sts', 'ky'] });
    const updated = onlyChange(changes);
    assert.deepEqual(updated.title, { da: 'Ny titel' });
    assert.deepEqual(updated.components, ['sts', 'ky']);

    await assert.rejects(
      updateMaintenance(ctx, 'm1', { components: ['sts', 'ghost'] }),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.1']),
    );
    await assert.rejects(
      updateMaintenance(ctx, 'm1', { components: ['old'] }),
      refusal(UnprocessableError, 422, 'unknown_component', ['components.0']),
    );
    await assert.rejects(updateMaintenance(ctx, 'm1', { components: ['sts', 'cpr'] }), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('checks a new window again: its order, and that it is not over', async () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [scheduled()] });
    await assert.rejects(
      updateMaintenance(ctx, 'm1', { startsAt: at(30) }),
      refusal(UnprocessableError, 422, 'invalid_window', ['endsAt']),
    );
    await assert.rejects(updateMaintenance(ctx, 'm1', { endsAt: at(23) }), refusal(UnprocessableError, 422, 'invalid_window', ['endsAt']));
    await assert.rejects(
      updateMaintenance(ctx, 'm1', { startsAt: at(-3), endsAt: at(-1) }),
      refusal(UnprocessableError, 422, 'invalid_window', ['endsAt']),
    );
  });

  it('puts a window moved to now in progress, and one moved ahead back to scheduled (freeing its components)', async () => {
    const given: Given = { principal: vendorKey('v1'), components: landscape(), maintenances: [scheduled()] };
    const begun = await updateMaintenance(givenContext(given), 'm1', { startsAt: at(-1) });
    assert.equal(onlyChange(begun.changes).status, 'in_progress');
    assert.equal(ownStatusAfter(given, begun.changes).get('sts'), 'under_maintenance');

    const running: Given = { ...given, maintenances: [maintenance('m1', ['sts'])] };
    const postponed = await updateMaintenance(givenContext(running), 'm1', { startsAt: at(24), endsAt: at(26) });
    assert.equal(onlyChange(postponed.changes).status, 'scheduled');
    assert.equal(ownStatusAfter(running, postponed.changes).get('sts'), 'operational');
  });

  it('marks a maintenance in progress verifying, which still holds its components', async () => {
    const given: Given = { principal: vendorKey('v1'), components: landscape(), maintenances: [maintenance('m1', ['sts'])] };

    const { changes } = await updateMaintenance(givenContext(given), 'm1', { status: 'verifying' });

    assert.equal(onlyChange(changes).status, 'verifying');
    assert.equal(ownStatusAfter(given, changes).get('sts'), 'under_maintenance');
  });

  it('keeps verifying through other edits inside the window', async () => {
    const ctx = givenContext({
      principal: vendorKey('v1'),
      components: landscape(),
      maintenances: [maintenance('m1', ['sts'], { status: 'verifying' })],
    });
    const { changes } = await updateMaintenance(ctx, 'm1', { description: { da: 'Vi tester' }, endsAt: at(3) });
    assert.equal(onlyChange(changes).status, 'verifying');
  });

  it('refuses verifying for a maintenance not in progress, also when the new window has not begun, naming status', async () => {
    const ahead = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [scheduled()] });
    await assert.rejects(
      updateMaintenance(ahead, 'm1', { status: 'verifying' }),
      refusal(UnprocessableError, 422, 'invalid_status', ['status']),
    );

    const running = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [maintenance('m1', ['sts'])] });
    await assert.rejects(
      updateMaintenance(running, 'm1', { status: 'verifying', startsAt: at(24), endsAt: at(26) }),
      refusal(UnprocessableError, 422, 'invalid_status', ['status']),
    );
  });

  it('accepts verifying again on a verifying maintenance (a retried PATCH), as no change', async () => {
    const ctx = givenContext({
      principal: vendorKey('v1'),
      components: landscape(),
      maintenances: [maintenance('m1', ['sts'], { status: 'verifying' })],
    });
    assert.deepEqual((await updateMaintenance(ctx, 'm1', { status: 'verifying' })).changes, []);
    const { changes } = await updateMaintenance(ctx, 'm1', { status: 'verifying', title: { da: 'Ny' } });
    assert.equal(onlyChange(changes).status, 'verifying');
    assert.deepEqual(onlyChange(changes).title, { da: 'Ny' });
  });

  it('refuses to complete a maintenance that has not begun, naming status: it is cancelled instead', async () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [scheduled()] });
    await assert.rejects(
      updateMaintenance(ctx, 'm1', { status: 'completed' }),
      refusal(UnprocessableError, 422, 'invalid_status', ['status']),
    );
  });

  it('completes a maintenance early, which frees its components while another maintenance still holds its own', async () => {
    const given: Given = {
      principal: vendorKey('v1'),
      components: landscape(),
      maintenances: [maintenance('m1', ['sts', 'ky']), maintenance('m2', ['ky'])],
    };
    assert.equal(ownStatusAfter(given, []).get('sts'), 'under_maintenance');

    const { changes } = await updateMaintenance(givenContext(given), 'm1', { status: 'completed' });

    const completed = onlyChange(changes);
    assert.equal(completed.status, 'completed');
    assert.equal(completed.endsAt, at(2), 'the planned window is kept');
    assert.equal(ownStatusAfter(given, changes).get('sts'), 'operational');
    assert.equal(ownStatusAfter(given, changes).get('ky'), 'under_maintenance');
  });

  it('decides no change for an update that changes nothing, answering with the record as it was', async () => {
    const stored = { ...scheduled(), updatedAt: at(-5) };
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [stored] });
    for (const request of [{}, { title: stored.title }, { endsAt: stored.endsAt, components: ['sts'] }]) {
      const { changes, result } = await updateMaintenance(ctx, 'm1', request);
      assert.deepEqual(changes, [], JSON.stringify(request));
      assert.deepEqual(result, stored);
    }
  });

  it('refuses to change a completed or cancelled maintenance with 409', async () => {
    const ctx = givenContext({
      principal: adminKey(),
      components: landscape(),
      maintenances: [
        maintenance('done', ['sts'], { status: 'completed' }),
        maintenance('off', ['sts'], { ...tomorrow, status: 'cancelled' }),
      ],
    });
    await assert.rejects(updateMaintenance(ctx, 'done', { endsAt: at(5) }), refusal(ConflictError, 409, 'maintenance_over'));
    await assert.rejects(updateMaintenance(ctx, 'off', { title: { da: 'Alligevel' } }), refusal(ConflictError, 409, 'maintenance_over'));
  });

  it('answers 404 for an unknown maintenance', async () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape() });
    await assert.rejects(updateMaintenance(ctx, 'nope', { endsAt: at(5) }), refusal(NotFoundError, 404, 'maintenance_not_found'));
  });
});

describe('cancelMaintenance', () => {
  it('cancels a scheduled maintenance, stamping the time', async () => {
    const ctx = givenContext({ principal: vendorKey('v1'), components: landscape(), maintenances: [maintenance('m1', ['sts'], tomorrow)] });

    const { changes } = await cancelMaintenance(ctx, 'm1');

    assert.deepEqual(onlyChange(changes), { ...maintenance('m1', ['sts'], tomorrow), status: 'cancelled', updatedAt: at(0) });
  });

  it('cancels a maintenance in progress, which frees its components', async () => {
    const given: Given = { principal: vendorKey('v1'), components: landscape(), maintenances: [maintenance('m1', ['sts'])] };
    assert.equal(ownStatusAfter(given, []).get('sts'), 'under_maintenance');

    const { changes } = await cancelMaintenance(givenContext(given), 'm1');

    assert.equal(ownStatusAfter(given, changes).get('sts'), 'operational');
  });

  it('refuses to cancel a cancelled or completed maintenance with 409, and an unknown one with 404', async () => {
    const ctx = givenContext({
      principal: vendorKey('v1'),
      components: landscape(),
      maintenances: [
        maintenance('off', ['sts'], { ...tomorrow, status: 'cancelled' }),
        maintenance('done', ['sts'], { status: 'completed' }),
      ],
    });
    await assert.rejects(cancelMaintenance(ctx, 'off'), refusal(ConflictError, 409, 'maintenance_over'));
    await assert.rejects(cancelMaintenance(ctx, 'done'), refusal(ConflictError, 409, 'maintenance_over'));
    await assert.rejects(cancelMaintenance(ctx, 'nope'), refusal(NotFoundError, 404, 'maintenance_not_found'));
  });
});

describe('maintenance: vendor scope', () => {
  const records = () => [
    maintenance('theirs', ['cpr'], { ...tomorrow, vendor: 'v2' }),
    // An admin made v1 responsible for a window that also names v2's cpr.
    maintenance('mixed', ['sts', 'cpr'], { ...tomorrow, vendor: 'v1' }),
    maintenance('mine', ['sts', 'ky'], tomorrow),
  ];
  const asVendor = (components = landscape()) => givenContext({ principal: vendorKey('v1'), components, maintenances: records() });

  it("refuses a vendor key another vendor's maintenance", async () => {
    await assert.rejects(updateMaintenance(asVendor(), 'theirs', { endsAt: at(27) }), refusal(ForbiddenError, 403, 'not_your_maintenance'));
    await assert.rejects(cancelMaintenance(asVendor(), 'theirs'), refusal(ForbiddenError, 403, 'not_your_maintenance'));
  });

  it("refuses a vendor key its own maintenance when it names another vendor's component", async () => {
    await assert.rejects(updateMaintenance(asVendor(), 'mixed', { endsAt: at(27) }), refusal(ForbiddenError, 403, 'not_your_component'));
    // Not even to take the foreign component out of it.
    await assert.rejects(
      updateMaintenance(asVendor(), 'mixed', { components: ['sts'] }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
    await assert.rejects(cancelMaintenance(asVendor(), 'mixed'), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('refuses a vendor key its own maintenance once a component it names has moved to another vendor', async () => {
    const moved = landscape().map((c) => (c.id === 'ky' ? { ...c, vendor: 'v2' } : c));
    await assert.rejects(
      updateMaintenance(asVendor(moved), 'mine', { endsAt: at(27) }),
      refusal(ForbiddenError, 403, 'not_your_component'),
    );
    await assert.rejects(cancelMaintenance(asVendor(moved), 'mine'), refusal(ForbiddenError, 403, 'not_your_component'));
    assert.equal(onlyChange((await cancelMaintenance(asVendor(), 'mine')).changes).status, 'cancelled');
  });

  it("lets an admin key change and cancel any vendor's maintenance", async () => {
    const ctx = givenContext({ principal: adminKey(), components: landscape(), maintenances: records() });
    assert.equal(onlyChange((await updateMaintenance(ctx, 'theirs', { endsAt: at(27) })).changes).endsAt, at(27));
    assert.equal(onlyChange((await cancelMaintenance(ctx, 'mixed')).changes).status, 'cancelled');
  });
});
