import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Incident, Maintenance } from '@kdi-status/sdk';
import { incident, maintenance, T0 } from '../test-support/fixtures.js';
import { noticeKind, noticesFor } from './notices.js';

// Given the record before and the change, then what subscribers are told.

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
const update = (id: string, status: Incident['status']) => ({ id, at: T0, status, message: { da: 'Nyt' }, author: 'v1' });
const open = incident('i1', { sts: 'major_outage' });
const withUpdate = { ...open, updates: [update('u2', 'identified'), ...open.updates] };
const resolved = { ...withUpdate, status: 'resolved' as const, resolvedAt: at(1) };
const planned = maintenance('m1', ['sts'], { status: 'scheduled', startsAt: at(48), endsAt: at(50) });

const kind = (data: Incident | Maintenance, before?: Incident | Maintenance) =>
  noticeKind('impact' in data ? { type: 'incident.changed', data } : { type: 'maintenance.changed', data }, before);

describe('noticeKind', () => {
  it('tells an incident opened, updated, resolved — and not a retitle or a correction', () => {
    assert.equal(kind(open), 'incident.opened');
    assert.equal(kind(withUpdate, open), 'incident.updated');
    assert.equal(kind(resolved, withUpdate), 'incident.resolved');
    assert.equal(kind({ ...open, title: { da: 'Ny titel' } }, open), null);
    assert.equal(kind(resolved, resolved), null, 'resolving again tells nothing');
  });

  it('tells a reopened incident as an update, and one created resolved as opened', () => {
    assert.equal(kind({ ...withUpdate, status: 'investigating', resolvedAt: null }, resolved), 'incident.updated');
    assert.equal(kind(resolved), 'incident.opened');
  });

  it('tells a window scheduled, moved, started, completed, cancelled — and not an edit of its text', () => {
    assert.equal(kind(planned), 'maintenance.scheduled');
    assert.equal(kind({ ...planned, startsAt: at(72), endsAt: at(74) }, planned), 'maintenance.scheduled');
    assert.equal(kind({ ...planned, title: { da: 'Andet' } }, planned), null);
    const started = { ...planned, status: 'in_progress' as const };
    assert.equal(kind(started, planned), 'maintenance.started');
    assert.equal(kind({ ...planned, status: 'verifying' }, started), null);
    assert.equal(kind(started, { ...planned, status: 'verifying' }), null, 'back from verifying is not a new start');
    assert.equal(kind({ ...planned, status: 'completed' }, started), 'maintenance.completed');
    assert.equal(kind({ ...planned, status: 'cancelled' }, planned), 'maintenance.cancelled');
  });
});

describe('noticesFor', () => {
  const lead = 24 * HOUR;

  it('adds a reminder due the lead before a window that starts later than that', () => {
    const notices = noticesFor([{ type: 'maintenance.changed', data: planned }], () => undefined, new Date(T0), lead);
    assert.deepEqual(notices, [
      { changeIndex: 0, kind: 'maintenance.scheduled', subjectId: 'm1', dueAt: T0 },
      { changeIndex: 0, kind: 'maintenance.reminder', subjectId: 'm1', dueAt: at(24) },
    ]);
  });

  it('adds no reminder to a window that starts within the lead', () => {
    const soon = { ...planned, startsAt: at(3), endsAt: at(4) };
    const kinds = noticesFor([{ type: 'maintenance.changed', data: soon }], () => undefined, new Date(T0), lead).map((n) => n.kind);
    assert.deepEqual(kinds, ['maintenance.scheduled']);
  });

  it('names the change each notice comes from, and skips changes that tell nothing', () => {
    const notices = noticesFor(
      [
        { type: 'component.changed', data: { id: 'sts' } as never },
        { type: 'incident.changed', data: withUpdate },
      ],
      () => open,
      new Date(T0),
      lead,
    );
    assert.deepEqual(notices, [{ changeIndex: 1, kind: 'incident.updated', subjectId: 'i1', dueAt: T0 }]);
  });
});
