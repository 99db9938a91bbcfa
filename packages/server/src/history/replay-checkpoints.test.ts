import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Actor, EventChange } from '@kdi-status/sdk';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { component, incident, maintenance, tempSqliteStore } from '../test-support/fixtures.js';
import { ReplayCheckpoints } from './replay-checkpoints.js';
import { replaySnapshotAt } from './summary-at.js';

const STORES: Array<[name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [
  ['SQLite', tempSqliteStore],
  ['PostgreSQL', tempPostgresStore],
];
const actor: Actor = { type: 'system', id: 'test' };
const START = Date.parse('2026-09-01T08:00:00.000Z');
const HOUR = 3_600_000;

/**
 * A scripted log over 40 days (longer than the read model's 7-day "recent" window, so pruning
 * matters): components made and retired, incidents opened and resolved days later, maintenance
 * run and finished, and now and then an event whose clock is a little behind the one before it
 * (two writers). One event per commit, each with its own time.
 */
function script(): Array<{ at: string; change: EventChange }> {
  const steps: Array<{ at: string; change: EventChange }> = [];
  let t = START;
  const step = (change: EventChange, skewMs = 0) => {
    t += 5 * HOUR;
    steps.push({ at: new Date(t - skewMs).toISOString(), change });
  };
  for (const id of ['a', 'b', 'c']) step({ type: 'component.changed', data: component(id, id === 'a' ? [] : ['a']) });
  for (let i = 0; i < 40; i++) {
    const id = `i${i}`;
    const opened = new Date(t + 5 * HOUR).toISOString();
    step({
      type: 'incident.changed',
      data: incident(id, { [i % 2 ? 'a' : 'b']: 'major_outage' }, { startedAt: opened, updatedAt: opened }),
    });
    // A clock 20 minutes behind: the log's times do not always grow.
    step(
      { type: 'component.changed', data: component('c', ['a'], { status: i % 3 ? 'operational' : 'degraded_performance' }) },
      i % 5 === 0 ? 20 * 60_000 : 0,
    );
    const resolvedAt = new Date(t + 5 * HOUR).toISOString();
    step({
      type: 'incident.changed',
      data: incident(
        id,
        { [i % 2 ? 'a' : 'b']: 'major_outage' },
        { status: 'resolved', startedAt: opened, resolvedAt, updatedAt: resolvedAt },
      ),
    });
    if (i % 4 === 0) {
      const m = `m${i}`;
      const startsAt = new Date(t).toISOString();
      const endsAt = new Date(t + 4 * HOUR).toISOString();
      step({ type: 'maintenance.changed', data: maintenance(m, ['c'], { status: 'in_progress', startsAt, endsAt, updatedAt: startsAt }) });
      step({ type: 'maintenance.changed', data: maintenance(m, ['c'], { status: 'completed', startsAt, endsAt, updatedAt: endsAt }) });
    }
    if (i === 25) step({ type: 'component.changed', data: component('b', ['a'], { retiredAt: new Date(t).toISOString() }) });
  }
  return steps;
}

/** Instants to ask about: before the first event, at, just before and just after every event, between them, after the last. */
function instants(times: readonly string[]): Date[] {
  const out = [new Date(START - HOUR)];
  for (const at of times) {
    const ms = Date.parse(at);
    out.push(new Date(ms - 1), new Date(ms), new Date(ms + 1), new Date(ms + 2.5 * HOUR));
  }
  return out;
}

for (const [storeName, open] of STORES) {
  describe(`replay checkpoints (${storeName})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const steps = script();

    before(async () => {
      ({ store, cleanup } = await open());
      for (const { at, change } of steps) await store.commit([change], actor, at);
    });
    after(async () => {
      await cleanup?.();
    });

    it('answer every instant exactly as the full replay does, folding in at most `every` events each', async () => {
      // Small numbers, so the list is thinned several times over this log (about 200 events).
      const checkpoints = new ReplayCheckpoints(store, { every: 7, max: 5 });
      let compared = 0;
      for (const at of instants(steps.map((s) => s.at))) {
        const { snapshot, replayed } = await checkpoints.countedSnapshotAt(at);
        assert.deepEqual(snapshot, await replaySnapshotAt(store, at), at.toISOString());
        assert.ok(replayed <= checkpoints.every, `${at.toISOString()}: ${replayed} events replayed, more than ${checkpoints.every}`);
        compared++;
      }
      assert.ok(compared > 500, `${compared} instants compared`);
      assert.ok(checkpoints.count <= 5, `${checkpoints.count} checkpoints kept`);
      // 200-odd events over at most 5 checkpoints: thinned to 56 events apart, not 7.
      assert.ok(checkpoints.every > 7 && checkpoints.every <= 64, `every is ${checkpoints.every}`);
    });

    it('pick up events committed after the first question, and the full replay still agrees', async () => {
      const checkpoints = new ReplayCheckpoints(store, { every: 10, max: 64 });
      const last = Date.parse(steps.at(-1)!.at);
      const before = await checkpoints.snapshotAt(new Date(last + HOUR));
      const later = new Date(last + 2 * HOUR).toISOString();
      await store.commit(
        [{ type: 'incident.changed', data: incident('late', { a: 'partial_outage' }, { startedAt: later }) }],
        actor,
        later,
      );
      const after = await checkpoints.countedSnapshotAt(new Date(last + 3 * HOUR));
      assert.ok(
        after.snapshot.incidents.some((i) => i.id === 'late'),
        'the late incident is in',
      );
      assert.equal(after.snapshot.sequence, before.sequence + 1);
      assert.deepEqual(after.snapshot, await replaySnapshotAt(store, new Date(last + 3 * HOUR)));
      assert.ok(after.replayed <= 10, `${after.replayed} events replayed`);
      // The instant before it still answers without it.
      assert.deepEqual(await checkpoints.snapshotAt(new Date(last + HOUR)), before);
    });

    it('refuse nonsense options', () => {
      assert.throws(() => new ReplayCheckpoints(store, { every: 0, max: 5 }), RangeError);
      assert.throws(() => new ReplayCheckpoints(store, { every: 5, max: 1 }), RangeError);
    });
  });
}
