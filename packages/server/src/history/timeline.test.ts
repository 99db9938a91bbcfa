import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor, ChangeEvent, EventChange } from '@kdi-status/sdk';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { component, incident, maintenance, tempSqliteStore } from '../test-support/fixtures.js';
import { foldEventLog, TimelineFold, timelinesFromEvents } from './timeline.js';
import { dailyUptime } from './uptime.js';

const system: Actor = { type: 'system', id: 'test' };
const key: Actor = { type: 'key', id: 'k_v1', vendor: 'v1' };

function events(...entries: [string, EventChange][]): ChangeEvent[] {
  return entries.map(([at, change], i) => ({ ...change, seq: i + 1, at, actor: system }) as ChangeEvent);
}

describe('TimelineFold', () => {
  it('records a change point per component only when its effective status moves', () => {
    const timelines = timelinesFromEvents(
      events(
        ['2026-11-26T08:00:00.000Z', { type: 'component.changed', data: component('sts') }],
        ['2026-11-26T08:00:00.000Z', { type: 'component.changed', data: component('ky', ['sts']) }],
        ['2026-11-26T09:00:00.000Z', { type: 'incident.changed', data: incident('i1', { sts: 'degraded_performance' }) }],
        // A new update with the same status, a vendor and a content change: no status moves.
        [
          '2026-11-26T09:10:00.000Z',
          { type: 'incident.changed', data: incident('i1', { sts: 'degraded_performance' }, { status: 'identified' }) },
        ],
        ['2026-11-26T09:20:00.000Z', { type: 'vendor.changed', data: { id: 'v1', name: 'V1', servicedesk: {} } }],
        ['2026-11-26T09:30:00.000Z', { type: 'incident.changed', data: incident('i2', { ky: 'partial_outage' }) }],
        [
          '2026-11-26T10:00:00.000Z',
          { type: 'incident.changed', data: incident('i1', { sts: 'degraded_performance' }, { status: 'resolved' }) },
        ],
      ),
    );

    assert.deepEqual(timelines.get('sts'), [
      { at: '2026-11-26T08:00:00.000Z', status: 'operational' },
      { at: '2026-11-26T09:00:00.000Z', status: 'degraded_performance' },
      { at: '2026-11-26T10:00:00.000Z', status: 'operational' },
    ]);
    // KY inherits STS's trouble, then its own partial outage is worse
    assert.deepEqual(timelines.get('ky'), [
      { at: '2026-11-26T08:00:00.000Z', status: 'operational' },
      { at: '2026-11-26T09:00:00.000Z', status: 'degraded_performance' },
      { at: '2026-11-26T09:30:00.000Z', status: 'partial_outage' },
    ]);
  });

  it('keeps only where several events at one instant end up, and nothing if they end where they began', () => {
    const timelines = timelinesFromEvents(
      events(
        ['2026-11-26T08:00:00.000Z', { type: 'component.changed', data: component('ky') }],
        ['2026-11-26T09:00:00.000Z', { type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) }],
        ['2026-11-26T09:00:00.000Z', { type: 'incident.changed', data: incident('i1', { ky: 'partial_outage' }) }],
        ['2026-11-26T10:00:00.000Z', { type: 'incident.changed', data: incident('i2', { ky: 'major_outage' }) }],
        ['2026-11-26T10:00:00.000Z', { type: 'incident.changed', data: incident('i2', { ky: 'major_outage' }, { status: 'resolved' }) }],
      ),
    );

    assert.deepEqual(timelines.get('ky'), [
      { at: '2026-11-26T08:00:00.000Z', status: 'operational' },
      { at: '2026-11-26T09:00:00.000Z', status: 'partial_outage' },
    ]);
  });

  it('marks a retired component as without data, counts maintenance only while in progress, and ignores an event folded twice', () => {
    const fold = new TimelineFold();
    const log = events(
      ['2026-11-26T08:00:00.000Z', { type: 'component.changed', data: component('old') }],
      ['2026-11-26T09:00:00.000Z', { type: 'maintenance.changed', data: maintenance('m1', ['old'], { status: 'scheduled' }) }],
      ['2026-11-26T10:00:00.000Z', { type: 'maintenance.changed', data: maintenance('m1', ['old'], { status: 'in_progress' }) }],
      ['2026-11-26T11:00:00.000Z', { type: 'maintenance.changed', data: maintenance('m1', ['old'], { status: 'completed' }) }],
      ['2026-11-26T12:00:00.000Z', { type: 'component.changed', data: component('old', [], { retiredAt: '2026-11-26T12:00:00.000Z' }) }],
    );
    for (const event of log) fold.apply(event);
    fold.apply(log[2]!); // again: a page read twice

    assert.equal(fold.seq, 5);
    assert.deepEqual(fold.timeline('old'), [
      { at: '2026-11-26T08:00:00.000Z', status: 'operational' },
      { at: '2026-11-26T10:00:00.000Z', status: 'under_maintenance' },
      { at: '2026-11-26T11:00:00.000Z', status: 'operational' },
      { at: '2026-11-26T12:00:00.000Z', status: null },
    ]);
    assert.deepEqual(fold.timeline('never-named'), []);
  });

  it('never lets time run backwards when a later event carries an earlier time', () => {
    const timelines = timelinesFromEvents(
      events(
        ['2026-11-26T08:00:00.000Z', { type: 'component.changed', data: component('ky') }],
        ['2026-11-26T09:00:00.000Z', { type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) }],
        ['2026-11-26T08:59:59.000Z', { type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }, { status: 'resolved' }) }],
      ),
    );
    assert.deepEqual(
      timelines.get('ky')!.map((c) => c.status),
      ['operational'],
    );
  });
});

/** The store check: events written with `commit`, read back in pages, folded and counted per day. */
function describeThroughStore(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  describe(`Uptime from the event log (${name})`, () => {
    it('reads the log in pages and gives the per-day result, inherited outage and DST day included', async () => {
      const { store, cleanup } = await open();
      try {
        // Given STS and KY (depending on it) since 1 October, a major outage on STS over the autumn
        // change (kl. 01.30 summer time to kl. 02.30 winter time: 2 hours) and a partial outage on
        // KY itself kl. 10.00–11.00 the same 25-hour day
        await store.commit(
          [
            { type: 'vendor.changed', data: { id: 'v1', name: 'V1', servicedesk: {} } },
            { type: 'component.changed', data: component('sts', [], { kind: 'support-system' }) },
            { type: 'component.changed', data: component('ky', ['sts']) },
          ],
          system,
          '2026-09-30T22:00:00.000Z',
        );
        await store.commit([{ type: 'incident.changed', data: incident('i1', { sts: 'major_outage' }) }], key, '2026-10-24T23:30:00.000Z');
        await store.commit(
          [
            {
              type: 'incident.changed',
              data: incident('i1', { sts: 'major_outage' }, { status: 'resolved', resolvedAt: '2026-10-25T01:30:00.000Z' }),
            },
          ],
          key,
          '2026-10-25T01:30:00.000Z',
        );
        await store.commit([{ type: 'incident.changed', data: incident('i2', { ky: 'partial_outage' }) }], key, '2026-10-25T09:00:00.000Z');
        await store.commit(
          [
            {
              type: 'incident.changed',
              data: incident('i2', { ky: 'partial_outage' }, { status: 'resolved', resolvedAt: '2026-10-25T10:00:00.000Z' }),
            },
          ],
          key,
          '2026-10-25T10:00:00.000Z',
        );

        // When the log is folded two events a page and the days are computed
        const fold = await foldEventLog(store, new TimelineFold(), 2);
        const now = '2026-10-27T12:00:00.000Z';
        const [ky24, ky25, ky26] = dailyUptime(fold.timeline('ky'), { from: '2026-10-24', to: '2026-10-26' }, now);
        const [sts25] = dailyUptime(fold.timeline('sts'), { from: '2026-10-25', to: '2026-10-25' }, now);

        // Then KY's 25 October has 1500 minutes: 120 inherited major outage, 60 partial (18 down)
        assert.equal(fold.seq, 7);
        assert.deepEqual(ky25!.minutes, {
          operational: 1320,
          under_maintenance: 0,
          degraded_performance: 0,
          partial_outage: 60,
          major_outage: 120,
        });
        assert.equal(ky25!.dataMinutes, 1500);
        assert.equal(ky25!.downtimeMinutes, 138);
        assert.equal(ky25!.uptime, 90.8);
        assert.equal(ky25!.worst, 'major_outage');
        assert.deepEqual([ky24!.uptime, ky26!.uptime], [100, 100]);
        assert.deepEqual([sts25!.downtimeMinutes, sts25!.worst], [120, 'major_outage']);

        // And a fold kept from before reads only what is new
        await store.commit([{ type: 'incident.changed', data: incident('i3', { ky: 'major_outage' }) }], key, '2026-10-26T11:00:00.000Z');
        await foldEventLog(store, fold, 2);
        assert.equal(fold.seq, 8);
        const [ky26Again] = dailyUptime(fold.timeline('ky'), { from: '2026-10-26', to: '2026-10-26' }, now);
        assert.deepEqual([ky26Again!.minutes.major_outage, ky26Again!.worst], [720, 'major_outage']);
      } finally {
        await cleanup();
      }
    });
  });
}

describeThroughStore('SQLite', tempSqliteStore);
describeThroughStore('PostgreSQL', tempPostgresStore);
