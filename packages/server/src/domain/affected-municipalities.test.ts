import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OpenIncidentRequest } from '@kdi-status/sdk/admin';
import { component, incident, maintenance, T0 } from '../test-support/fixtures.js';
import { changesOf, givenContext, refusal, vendorKey, type Given } from '../test-support/write-context.js';
import { checkedMunicipalities } from './affected-municipalities.js';
import { UnprocessableError } from './errors.js';
import { addIncidentUpdate, openIncident } from './incident-commands.js';
import { scheduleMaintenance, updateMaintenance } from './maintenance-commands.js';

// Given these records, when a command names municipalities, then the record is limited to them
// (or the command is refused naming the code at fault).

const now = new Date('2026-11-26T09:00:00.000Z');
const given = (extra: Partial<Given> = {}): Given => ({ principal: vendorKey('v1'), now, components: [component('a')], ...extra });
const open: OpenIncidentRequest = {
  title: { da: 'Fejl i A' },
  impact: 'minor',
  components: [{ id: 'a', status: 'partial_outage' }],
  message: { da: 'Vi undersøger fejlen' },
};
const window = {
  title: { da: 'Opdatering' },
  description: { da: 'A opdateres' },
  components: ['a'],
  startsAt: '2026-11-28T23:00:00.000Z',
  endsAt: '2026-11-29T07:00:00.000Z',
};

describe('checkedMunicipalities', () => {
  it('keeps known codes, sorted', () => {
    assert.deepEqual(checkedMunicipalities(['0751', '0101', '0147']), ['0101', '0147', '0751']);
  });

  it('refuses a four-digit code that is no municipality and a code named twice, naming each', () => {
    assert.throws(
      () => checkedMunicipalities(['0101', '0411', '0000', '0101']),
      refusal(UnprocessableError, 422, 'unknown_municipality', ['municipalities.1', 'municipalities.2', 'municipalities.3']),
    );
  });
});

describe('incidents limited to municipalities', () => {
  it('are opened for all municipalities unless some are named', () => {
    const [all] = changesOf(openIncident(givenContext(given()), open).changes, 'incident.changed');
    assert.equal('municipalities' in all!, false);
    const [some] = changesOf(
      openIncident(givenContext(given()), { ...open, municipalities: ['0147', '0101'] }).changes,
      'incident.changed',
    );
    assert.deepEqual(some!.municipalities, ['0101', '0147']);
  });

  it('refuses an unknown code when opening, naming its field', () => {
    assert.throws(
      () => openIncident(givenContext(given()), { ...open, municipalities: ['0101', '0411'] }),
      refusal(UnprocessableError, 422, 'unknown_municipality', ['municipalities.1']),
    );
  });

  it('get their municipalities replaced by an update, kept by one that names none, and reset to all by null', async () => {
    const limited = incident('i1', { a: 'partial_outage' }, { municipalities: ['0101'] });
    const update = { status: 'identified', message: { da: 'Fejlen er fundet' } } as const;

    const [kept] = changesOf(
      (await addIncidentUpdate(givenContext(given({ incidents: [limited] })), 'i1', update)).changes,
      'incident.changed',
    );
    assert.deepEqual(kept!.municipalities, ['0101']);
    const [replaced] = changesOf(
      (await addIncidentUpdate(givenContext(given({ incidents: [limited] })), 'i1', { ...update, municipalities: ['0751', '0851'] }))
        .changes,
      'incident.changed',
    );
    assert.deepEqual(replaced!.municipalities, ['0751', '0851']);
    const [reset] = changesOf(
      (await addIncidentUpdate(givenContext(given({ incidents: [limited] })), 'i1', { ...update, municipalities: null })).changes,
      'incident.changed',
    );
    assert.equal('municipalities' in reset!, false);
  });
});

describe('maintenance limited to municipalities', () => {
  it('is scheduled for the municipalities named, or all', () => {
    const [some] = changesOf(
      scheduleMaintenance(givenContext(given()), { ...window, municipalities: ['0400'] }).changes,
      'maintenance.changed',
    );
    assert.deepEqual(some!.municipalities, ['0400']);
    const [all] = changesOf(scheduleMaintenance(givenContext(given()), window).changes, 'maintenance.changed');
    assert.equal('municipalities' in all!, false);
    assert.throws(
      () => scheduleMaintenance(givenContext(given()), { ...window, municipalities: ['0411'] }),
      refusal(UnprocessableError, 422, 'unknown_municipality', ['municipalities.0']),
    );
  });

  it('gets its municipalities replaced or reset to all (null) by an update; an update naming the same ones changes nothing', async () => {
    const planned = maintenance('m1', ['a'], {
      status: 'scheduled',
      municipalities: ['0101'],
      startsAt: window.startsAt,
      endsAt: window.endsAt,
      updatedAt: T0,
    });
    const ctx = () => givenContext(given({ maintenances: [planned] }));

    const [replaced] = changesOf((await updateMaintenance(ctx(), 'm1', { municipalities: ['0147'] })).changes, 'maintenance.changed');
    assert.deepEqual(replaced!.municipalities, ['0147']);
    const [reset] = changesOf((await updateMaintenance(ctx(), 'm1', { municipalities: null })).changes, 'maintenance.changed');
    assert.equal('municipalities' in reset!, false);
    assert.deepEqual((await updateMaintenance(ctx(), 'm1', { municipalities: ['0101'] })).changes, []);
  });
});
