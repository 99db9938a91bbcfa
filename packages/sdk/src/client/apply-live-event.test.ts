import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Component, ComponentWithStatus, EffectiveStatus } from '../schemas/component.js';
import type { ChangeEvent, LiveEvent } from '../schemas/event.js';
import type { Incident } from '../schemas/incident.js';
import type { Maintenance } from '../schemas/maintenance.js';
import type { ComponentStatus } from '../schemas/status.js';
import { SummarySchema, type Summary } from '../schemas/summary.js';
import type { LiveEventView, SummaryView } from '../read/read-projection.js';
import { leanChecks } from '../read/read-checks.js';
import { readSchemas } from '../read/read-schemas.js';
import { applyLiveEvent } from './apply-live-event.js';

// ---------------------------------------------------------------------------------------------
// Fixtures: a small landscape (KY depends on STS), valid against the SDK's own schema.

const AT = '2026-11-26T07:08:00.000Z';
const LATER = '2026-11-26T07:30:00.000Z';

function effective(status: ComponentStatus, sources: EffectiveStatus['sources'] = []): EffectiveStatus {
  return { status, own: status, cause: { type: 'own' }, sources };
}

function component(id: string, fields: Partial<Component> = {}): Component {
  return { id, name: id.toUpperCase(), kind: 'application', vendor: 'netic', dependsOn: [], status: 'operational', links: {}, ...fields };
}

function incident(id: string, fields: Partial<Incident> = {}): Incident {
  return {
    id,
    title: { da: `Fejl ${id}` },
    impact: 'major',
    status: 'investigating',
    vendor: 'netic',
    components: [{ id: 'sts', status: 'partial_outage' }],
    updates: [],
    startedAt: AT,
    resolvedAt: null,
    updatedAt: AT,
    ...fields,
  };
}

function maintenance(id: string, status: Maintenance['status']): Maintenance {
  return {
    id,
    title: { da: 'Opdatering' },
    description: { da: 'Ny version' },
    status,
    vendor: 'kombit',
    components: ['sts'],
    startsAt: AT,
    endsAt: LATER,
    updatedAt: AT,
  };
}

function base(fields: Partial<Summary> = {}): Summary {
  const components: ComponentWithStatus[] = [
    { ...component('ky', { dependsOn: ['sts'], vendor: 'fagsys-nord' }), effective: effective('operational') },
    { ...component('sts'), effective: effective('operational') },
  ];
  return SummarySchema.parse({
    status: 'operational',
    vendors: [{ id: 'netic', name: 'Netic', servicedesk: {} }],
    components,
    incidents: [incident('inc-old')],
    maintenances: { active: [maintenance('m-active', 'in_progress')], upcoming: [maintenance('m-next', 'scheduled')] },
    sequence: 10,
    updatedAt: AT,
    ...fields,
  });
}

const actor = { type: 'system', id: 'test' } as const;

/** A change event of `type` with `data`, at seq 11 unless given. */
function change<T extends ChangeEvent['type']>(type: T, data: Extract<ChangeEvent, { type: T }>['data'], seq = 11): LiveEvent {
  return { type, seq, at: LATER, actor, data } as LiveEvent;
}

/** Deep-frozen, so any mutation of the input throws. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

const ids = (list: ReadonlyArray<{ id: string }>) => list.map((x) => x.id);

// ---------------------------------------------------------------------------------------------

describe('applyLiveEvent', () => {
  it('takes a summary event as the whole truth, before and after a first one', () => {
    const first = base();
    assert.equal(applyLiveEvent(undefined, { type: 'summary', seq: 10, data: first }), first);
    const second = base({ sequence: 3, incidents: [] });
    assert.equal(applyLiveEvent(first, { type: 'summary', seq: 3, data: second }), second);
  });

  it('makes nothing of other events before the first summary', () => {
    assert.equal(applyLiveEvent(undefined, change('incident.changed', incident('inc-1'))), undefined);
    assert.equal(applyLiveEvent(undefined, { type: 'status', seq: 11, data: { components: [] } }), undefined);
  });

  it('replaces the effective status of the listed components only, and recomputes the overall status', () => {
    const before = frozen(base());
    const stsDown = effective('major_outage', [
      { componentId: 'sts', status: 'major_outage', path: [], incidentIds: ['inc-1'], maintenanceIds: [] },
    ]);
    const after = applyLiveEvent(before, { type: 'status', seq: 12, data: { components: [{ id: 'sts', effective: stsDown }] } })!;
    assert.deepEqual(after.components.find((c) => c.id === 'sts')?.effective, stsDown);
    assert.equal(
      after.components.find((c) => c.id === 'ky'),
      before.components.find((c) => c.id === 'ky'),
    );
    assert.equal(after.status, 'major_outage');
    assert.equal(after.sequence, 12);
    // A status event has no time of its own: updatedAt stays that of the last change.
    assert.equal(after.updatedAt, AT);
  });

  it('ignores components in a status event that the summary does not have', () => {
    const after = applyLiveEvent(base(), {
      type: 'status',
      seq: 11,
      data: { components: [{ id: 'unknown', effective: effective('major_outage') }] },
    })!;
    assert.deepEqual(ids(after.components), ['ky', 'sts']);
  });

  it('upserts an unresolved incident, replacing it where it is', () => {
    const added = applyLiveEvent(base(), change('incident.changed', incident('inc-1')))!;
    assert.deepEqual(ids(added.incidents), ['inc-old', 'inc-1']);
    const updated = applyLiveEvent(added, change('incident.changed', incident('inc-old', { status: 'identified' }), 12))!;
    assert.deepEqual(ids(updated.incidents), ['inc-old', 'inc-1']);
    assert.equal(updated.incidents[0]?.status, 'identified');
    assert.equal(updated.sequence, 12);
    assert.equal(updated.updatedAt, LATER);
  });

  it('removes a resolved incident', () => {
    const after = applyLiveEvent(base(), change('incident.changed', incident('inc-old', { status: 'resolved', resolvedAt: LATER })))!;
    assert.deepEqual(after.incidents, []);
    // One it never had, resolved: nothing to remove, nothing added.
    const other = applyLiveEvent(base(), change('incident.changed', incident('inc-x', { status: 'resolved', resolvedAt: LATER })))!;
    assert.deepEqual(ids(other.incidents), ['inc-old']);
  });

  it('moves a maintenance between upcoming and active, and drops it when it ends', () => {
    const started = applyLiveEvent(base(), change('maintenance.changed', maintenance('m-next', 'in_progress')))!;
    assert.deepEqual(ids(started.maintenances.active), ['m-active', 'm-next']);
    assert.deepEqual(started.maintenances.upcoming, []);

    const verifying = applyLiveEvent(started, change('maintenance.changed', maintenance('m-next', 'verifying'), 12))!;
    assert.equal(verifying.maintenances.active.find((m) => m.id === 'm-next')?.status, 'verifying');

    const rescheduled = applyLiveEvent(verifying, change('maintenance.changed', maintenance('m-active', 'scheduled'), 13))!;
    assert.deepEqual(ids(rescheduled.maintenances.active), ['m-next']);
    assert.deepEqual(ids(rescheduled.maintenances.upcoming), ['m-active']);

    const completed = applyLiveEvent(rescheduled, change('maintenance.changed', maintenance('m-next', 'completed'), 14))!;
    const cancelled = applyLiveEvent(completed, change('maintenance.changed', maintenance('m-active', 'cancelled'), 15))!;
    assert.deepEqual(cancelled.maintenances, { active: [], upcoming: [] });
  });

  it("replaces a component's fields but keeps its effective status", () => {
    const before = base({
      components: [{ ...component('sts', { statusReason: 'Langsom' }), effective: effective('degraded_performance') }],
    });
    const after = applyLiveEvent(before, change('component.changed', component('sts', { name: 'Security Token Service' })))!;
    const sts = after.components[0]!;
    assert.equal(sts.name, 'Security Token Service');
    assert.equal(sts.statusReason, undefined);
    assert.deepEqual(sts.effective, effective('degraded_performance'));
  });

  it('removes a retired component, and adds a new one with its own status until a status event comes', () => {
    const retired = applyLiveEvent(base(), change('component.changed', component('sts', { retiredAt: LATER })))!;
    assert.deepEqual(ids(retired.components), ['ky']);

    const added = applyLiveEvent(base(), change('component.changed', component('cpr', { status: 'partial_outage' })))!;
    assert.deepEqual(ids(added.components), ['ky', 'sts', 'cpr']);
    assert.equal(added.components[2]?.effective.status, 'partial_outage');
    assert.deepEqual(
      added.components[2]?.effective.sources.map((s) => s.componentId),
      ['cpr'],
    );
    assert.equal(added.status, 'partial_outage');
    assert.equal(SummarySchema.safeParse(added).success, true);
  });

  it('upserts a vendor', () => {
    const renamed = applyLiveEvent(base(), change('vendor.changed', { id: 'netic', name: 'Netic A/S', servicedesk: {} }))!;
    assert.deepEqual(renamed.vendors, [{ id: 'netic', name: 'Netic A/S', servicedesk: {} }]);
    const added = applyLiveEvent(renamed, change('vendor.changed', { id: 'kombit', name: 'KOMBIT', servicedesk: {} }, 12))!;
    assert.deepEqual(ids(added.vendors), ['netic', 'kombit']);
  });

  it('keeps everything but sequence and time on content and key events', () => {
    const before = base();
    const events: LiveEvent[] = [
      change('content.changed', {
        id: 'c1',
        componentId: 'ky',
        type: 'news',
        title: { da: 'Nyhed' },
        body: { da: 'Tekst' },
        date: AT,
        updatedAt: AT,
      }),
      change('content.deleted', { id: 'c1', componentId: 'ky' }),
      change('key.changed', {
        id: 'key_1',
        name: 'Drift',
        role: 'vendor',
        vendor: 'netic',
        createdAt: AT,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      }),
    ];
    for (const event of events) {
      const after = applyLiveEvent(before, event)!;
      assert.deepEqual(after, { ...before, sequence: 11, updatedAt: LATER });
    }
  });

  it('ignores an event the summary already reflects', () => {
    const before = base();
    assert.equal(applyLiveEvent(before, change('incident.changed', incident('inc-1'), 10)), before);
    assert.equal(applyLiveEvent(before, change('incident.changed', incident('inc-1'), 9)), before);
    assert.equal(applyLiveEvent(before, { type: 'status', seq: 9, data: { components: [] } }), before);
    // A status event as of the summary's own sequence (after a replay) still applies.
    const same = applyLiveEvent(before, {
      type: 'status',
      seq: 10,
      data: { components: [{ id: 'ky', effective: effective('partial_outage') }] },
    })!;
    assert.equal(same.components[0]?.effective.status, 'partial_outage');
  });

  it('never changes the summary it is given', () => {
    const before = frozen(base());
    const copy = structuredClone(before);
    const events: LiveEvent[] = [
      { type: 'status', seq: 11, data: { components: [{ id: 'ky', effective: effective('major_outage') }] } },
      change('incident.changed', incident('inc-1')),
      change('incident.changed', incident('inc-old', { status: 'resolved' })),
      change('maintenance.changed', maintenance('m-next', 'in_progress')),
      change('maintenance.changed', maintenance('m-active', 'completed')),
      change('component.changed', component('sts', { name: 'STS 2' })),
      change('component.changed', component('sts', { retiredAt: LATER })),
      change('component.changed', component('new')),
      change('vendor.changed', { id: 'netic', name: 'Netic A/S', servicedesk: {} }),
      change('content.deleted', { id: 'c1', componentId: 'ky' }),
    ];
    for (const event of events) {
      const after = applyLiveEvent(before, event);
      assert.notEqual(after, before, event.type);
    }
    assert.deepEqual(before, copy);
  });

  it("folds the read path's views as it folds the full types: the same fields read, the same result", () => {
    // The views hold only what the read projection keeps (zod of the projection strips the rest).
    const view = (summary: unknown) => readSchemas.SUMMARY.parse(summary) as SummaryView;
    const events: LiveEvent[] = [
      { type: 'status', seq: 11, data: { components: [{ id: 'sts', effective: effective('major_outage') }] } },
      change('incident.changed', incident('inc-1')),
      change('incident.changed', incident('inc-old', { status: 'resolved' })),
      change('maintenance.changed', maintenance('m-next', 'in_progress')),
      change('component.changed', component('sts', { name: 'STS 2' })),
      change('component.changed', component('sts', { retiredAt: LATER })),
      change('component.changed', component('new', { status: 'degraded_performance' })),
      change('vendor.changed', { id: 'netic', name: 'Netic A/S', servicedesk: { email: 'drift@netic.example' } }),
      change('content.deleted', { id: 'c1', componentId: 'ky' }),
    ];
    for (const event of events) {
      const folded = applyLiveEvent(view(base()), readSchemas.LIVE_EVENT.parse(event) as LiveEventView);
      assert.ok(folded && leanChecks.summary(folded).ok, event.type);
      assert.deepEqual(view(folded), view(applyLiveEvent(base(), event)!), event.type);
    }
  });
});
