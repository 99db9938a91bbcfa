import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeEvent, ComponentStatus, EventChange } from '@kdi-status/sdk';
import { component, incident, maintenance } from '../test-support/fixtures.js';
import { TimelineFold } from './timeline.js';
import { addDays, copenhagenDate, copenhagenMidnight, dailyUptime, lastDays, periodUptime, type DayUptime } from './uptime.js';

/** An event log written by hand: each change gets the next sequence number and the given UTC time. */
function log() {
  const events: ChangeEvent[] = [];
  return {
    events,
    at(at: string, ...changes: EventChange[]) {
      for (const change of changes)
        events.push({ ...change, seq: events.length + 1, at, actor: { type: 'system', id: 'test' } } as ChangeEvent);
    },
    days(id: string, from: string, to: string, now: string): DayUptime[] {
      const fold = new TimelineFold();
      for (const event of events) fold.apply(event);
      return dailyUptime(fold.timeline(id), { from, to }, now);
    },
  };
}

const created = (...components: ReturnType<typeof component>[]): EventChange[] =>
  components.map((data) => ({ type: 'component.changed', data }));
const opened = (id: string, affected: Record<string, ComponentStatus>): EventChange => ({
  type: 'incident.changed',
  data: incident(id, affected),
});
const resolved = (id: string, affected: Record<string, ComponentStatus>, at: string): EventChange => ({
  type: 'incident.changed',
  data: incident(id, affected, { status: 'resolved', resolvedAt: at }),
});
/** The minutes of a day in each status, without the zeros. */
const spent = (day: DayUptime) => Object.fromEntries(Object.entries(day.minutes).filter(([, m]) => m > 0));
const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);

describe('Copenhagen days', () => {
  it('begin at local midnight: 23 hours long on 29 March 2026, 25 hours on 25 October 2026', () => {
    const hours = (date: string) => (copenhagenMidnight(addDays(date, 1)) - copenhagenMidnight(date)) / 3_600_000;
    assert.equal(new Date(copenhagenMidnight('2026-03-29')).toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(new Date(copenhagenMidnight('2026-03-30')).toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal(new Date(copenhagenMidnight('2026-10-25')).toISOString(), '2026-10-24T22:00:00.000Z');
    assert.equal(new Date(copenhagenMidnight('2026-10-26')).toISOString(), '2026-10-25T23:00:00.000Z');
    assert.deepEqual(
      ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26'].map(hours),
      [24, 23, 24, 24, 25, 24],
    );
  });

  it('name an instant by its Copenhagen date, and the 90-day period ends today', () => {
    assert.equal(copenhagenDate('2026-10-24T21:59:59.999Z'), '2026-10-24');
    assert.equal(copenhagenDate('2026-10-24T22:00:00.000Z'), '2026-10-25');
    assert.equal(copenhagenDate('2026-12-31T23:30:00.000Z'), '2027-01-01');
    assert.deepEqual(lastDays(90, '2026-12-02T08:15:00.000Z'), { from: '2026-09-04', to: '2026-12-02' });
    assert.throws(() => lastDays(0, '2026-12-02T08:15:00.000Z'), RangeError);
    assert.throws(() => copenhagenMidnight('2026-3-29'), RangeError);
  });
});

describe('dailyUptime', () => {
  it('splits an incident spanning midnight between the two days', () => {
    // Given KY since 20 November, and a major outage from kl. 23.30 on the 25th to kl. 00.45 on the 26th
    const l = log();
    l.at('2026-11-19T23:00:00.000Z', ...created(component('ky')));
    l.at('2026-11-25T22:30:00.000Z', opened('i1', { ky: 'major_outage' }));
    l.at('2026-11-25T23:45:00.000Z', resolved('i1', { ky: 'major_outage' }, '2026-11-25T23:45:00.000Z'));

    // When the days around it are computed
    const [d25, d26, d27] = l.days('ky', '2026-11-25', '2026-11-27', '2026-11-28T12:00:00.000Z');

    // Then 30 minutes fall on the 25th and 45 on the 26th; the 27th is clean
    assert.deepEqual(spent(d25!), { operational: 1410, major_outage: 30 });
    assert.equal(d25!.worst, 'major_outage');
    assert.equal(d25!.downtimeMinutes, 30);
    close(d25!.uptime, (100 * 1410) / 1440); // 97.9166…
    assert.deepEqual(spent(d26!), { operational: 1395, major_outage: 45 });
    close(d26!.uptime, (100 * 1395) / 1440); // 96.875
    assert.equal(d26!.uptime, 96.875);
    assert.deepEqual(spent(d27!), { operational: 1440 });
    assert.equal(d27!.worst, 'operational');
    assert.equal(d27!.uptime, 100);
    assert.deepEqual([d25!.start, d25!.end], ['2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z']);
  });

  it('measures an incident across the spring change on a 23-hour day and one across the autumn change on a 25-hour day', () => {
    // Given a major outage on 29 March from kl. 01.00 to kl. 04.00 (2 real hours: the clock skips 02.00–03.00)
    // and a partial outage on 25 October from kl. 01.30 summer time to kl. 02.30 winter time (2 real hours)
    const l = log();
    l.at('2026-03-01T00:00:00.000Z', ...created(component('ky')));
    l.at('2026-03-29T00:00:00.000Z', opened('spring', { ky: 'major_outage' }));
    l.at('2026-03-29T02:00:00.000Z', resolved('spring', { ky: 'major_outage' }, '2026-03-29T02:00:00.000Z'));
    l.at('2026-10-24T23:30:00.000Z', opened('autumn', { ky: 'partial_outage' }));
    l.at('2026-10-25T01:30:00.000Z', resolved('autumn', { ky: 'partial_outage' }, '2026-10-25T01:30:00.000Z'));
    const now = '2026-11-01T12:00:00.000Z';

    // When the days are computed
    const [march28, march29, march30] = l.days('ky', '2026-03-28', '2026-03-30', now);
    const [october24, october25, october26] = l.days('ky', '2026-10-24', '2026-10-26', now);

    // Then the spring day has 1380 minutes, 120 of them down; the autumn day 1500, 120 of them partial (36 down)
    assert.deepEqual([march28!.dataMinutes, march29!.dataMinutes, march30!.dataMinutes], [1440, 1380, 1440]);
    assert.deepEqual(spent(march29!), { operational: 1260, major_outage: 120 });
    assert.equal(march29!.downtimeMinutes, 120);
    close(march29!.uptime, (100 * 1260) / 1380); // 91.3043…
    assert.deepEqual([october24!.dataMinutes, october25!.dataMinutes, october26!.dataMinutes], [1440, 1500, 1440]);
    assert.deepEqual(spent(october25!), { operational: 1380, partial_outage: 120 });
    assert.equal(october25!.downtimeMinutes, 36);
    assert.equal(october25!.uptime, 97.6);
    assert.deepEqual([october24!.uptime, october26!.uptime], [100, 100]);
    assert.deepEqual([october25!.start, october25!.end], ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('counts overlapping incidents on one component once, at the worse status while they overlap', () => {
    // Given a partial outage kl. 10.00–12.00 and a major outage kl. 11.00–13.00 on the same component
    const l = log();
    l.at('2026-11-01T00:00:00.000Z', ...created(component('ky')));
    l.at('2026-11-26T09:00:00.000Z', opened('i1', { ky: 'partial_outage' }));
    l.at('2026-11-26T10:00:00.000Z', opened('i2', { ky: 'major_outage' }));
    l.at('2026-11-26T11:00:00.000Z', resolved('i1', { ky: 'partial_outage' }, '2026-11-26T11:00:00.000Z'));
    l.at('2026-11-26T12:00:00.000Z', resolved('i2', { ky: 'major_outage' }, '2026-11-26T12:00:00.000Z'));

    // When the day is computed
    const [day] = l.days('ky', '2026-11-26', '2026-11-26', '2026-11-27T12:00:00.000Z');

    // Then 60 minutes are partial, 120 major (the overlap counted once, as major), 1440 in all
    assert.deepEqual(spent(day!), { operational: 1260, partial_outage: 60, major_outage: 120 });
    assert.equal(day!.dataMinutes, 1440);
    assert.equal(day!.downtimeMinutes, 138);
    close(day!.uptime, (100 * (1440 - 138)) / 1440); // 90.4166…
    assert.equal(day!.worst, 'major_outage');
  });

  it('weighs a partial outage at 0.3 and does not count degraded performance', () => {
    // Given 100 minutes of partial outage and then 60 of degraded performance
    const l = log();
    l.at('2026-11-01T00:00:00.000Z', ...created(component('ky')));
    l.at('2026-11-26T09:00:00.000Z', opened('i1', { ky: 'partial_outage' }));
    l.at('2026-11-26T10:40:00.000Z', opened('i1', { ky: 'degraded_performance' }));
    l.at('2026-11-26T11:40:00.000Z', resolved('i1', { ky: 'degraded_performance' }, '2026-11-26T11:40:00.000Z'));

    const [day] = l.days('ky', '2026-11-26', '2026-11-26', '2026-11-27T12:00:00.000Z');

    // Then downtime is 30 minutes: uptime 100 × 1410 / 1440
    assert.deepEqual(spent(day!), { operational: 1280, partial_outage: 100, degraded_performance: 60 });
    assert.equal(day!.downtimeMinutes, 30);
    close(day!.uptime, (100 * 1410) / 1440);
    assert.equal(day!.worst, 'partial_outage');
  });

  it('does not count planned maintenance as downtime, though it is the worst status of the day', () => {
    // Given maintenance in progress kl. 01.00–03.00
    const l = log();
    l.at('2026-11-01T00:00:00.000Z', ...created(component('ky')));
    l.at('2026-11-26T00:00:00.000Z', { type: 'maintenance.changed', data: maintenance('m1', ['ky'], { status: 'in_progress' }) });
    l.at('2026-11-26T02:00:00.000Z', { type: 'maintenance.changed', data: maintenance('m1', ['ky'], { status: 'completed' }) });

    const [day] = l.days('ky', '2026-11-26', '2026-11-26', '2026-11-27T12:00:00.000Z');

    assert.deepEqual(spent(day!), { operational: 1320, under_maintenance: 120 });
    assert.equal(day!.downtimeMinutes, 0);
    assert.equal(day!.uptime, 100);
    assert.equal(day!.worst, 'under_maintenance');
  });

  it('gives no data, not 100 %, for the days before a component was created, and judges its first day on the hours it existed', () => {
    // Given a component created on 26 November kl. 12.00 with a 30-minute outage that afternoon
    const l = log();
    l.at('2026-11-26T11:00:00.000Z', ...created(component('ky')));
    l.at('2026-11-26T13:00:00.000Z', opened('i1', { ky: 'major_outage' }));
    l.at('2026-11-26T13:30:00.000Z', resolved('i1', { ky: 'major_outage' }, '2026-11-26T13:30:00.000Z'));

    // When the period from the 24th to the 27th is computed
    const days = l.days('ky', '2026-11-24', '2026-11-27', '2026-11-28T00:00:00.000Z');

    // Then the 24th and the 25th have no data; the 26th has 720 minutes
    assert.deepEqual(
      days.map((d) => [d.date, d.dataMinutes, d.worst, d.uptime]),
      [
        ['2026-11-24', 0, null, null],
        ['2026-11-25', 0, null, null],
        ['2026-11-26', 720, 'major_outage', (100 * 690) / 720],
        ['2026-11-27', 1440, 'operational', 100],
      ],
    );
    // And the period is judged on the 2160 minutes it existed
    close(periodUptime(days), (100 * (2160 - 30)) / 2160);
    assert.equal(periodUptime(days.slice(0, 2)), null);
  });

  it('counts an outage inherited through dependencies for the dependent (its effective status)', () => {
    // Given KY → Serviceplatformen → STS, and a 60-minute major outage on STS only
    const l = log();
    l.at(
      '2026-11-01T00:00:00.000Z',
      ...created(component('sts'), component('serviceplatformen', ['sts']), component('ky', ['serviceplatformen']), component('other')),
    );
    l.at('2026-11-26T09:00:00.000Z', opened('i1', { sts: 'major_outage' }));
    l.at('2026-11-26T10:00:00.000Z', resolved('i1', { sts: 'major_outage' }, '2026-11-26T10:00:00.000Z'));

    const dayOf = (id: string) => l.days(id, '2026-11-26', '2026-11-26', '2026-11-27T00:00:00.000Z')[0]!;

    // Then KY had the same 60 minutes of outage as STS; a component not depending on STS had none
    for (const id of ['sts', 'serviceplatformen', 'ky']) {
      assert.deepEqual(spent(dayOf(id)), { operational: 1380, major_outage: 60 }, id);
      close(dayOf(id).uptime, (100 * 1380) / 1440);
    }
    assert.deepEqual(spent(dayOf('other')), { operational: 1440 });
  });

  it('counts today only up to now and gives later days no data', () => {
    const l = log();
    l.at('2026-11-01T00:00:00.000Z', ...created(component('ky')));
    l.at('2026-12-02T07:00:00.000Z', opened('i1', { ky: 'partial_outage' }));

    // now: kl. 09.15 on 2 December, the incident still open
    const [today, tomorrow] = l.days('ky', '2026-12-02', '2026-12-03', '2026-12-02T08:15:00.000Z');

    assert.deepEqual(spent(today!), { operational: 480, partial_outage: 75 });
    assert.equal(today!.downtimeMinutes, 22.5);
    close(today!.uptime, (100 * (555 - 22.5)) / 555);
    assert.deepEqual([tomorrow!.dataMinutes, tomorrow!.worst, tomorrow!.uptime], [0, null, null]);
  });

  it('gives no data while a component is retired, and counts fractions of a minute', () => {
    const timeline = [
      { at: '2026-11-25T23:00:00.000Z', status: 'operational' as const },
      { at: '2026-11-26T11:00:00.000Z', status: 'major_outage' as const },
      { at: '2026-11-26T11:00:30.000Z', status: null },
    ];
    const [day] = dailyUptime(timeline, { from: '2026-11-26', to: '2026-11-26' }, '2026-11-28T00:00:00.000Z');

    assert.deepEqual(spent(day!), { operational: 720, major_outage: 0.5 });
    assert.equal(day!.dataMinutes, 720.5);
    assert.equal(day!.downtimeMinutes, 0.5);
    assert.equal(day!.worst, 'major_outage');
  });
});
