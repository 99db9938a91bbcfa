import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { component, incident, T0, tempSqliteStore } from '../../test-support/fixtures.js';
import type { Store } from '../store.js';
import { openSqliteStore } from './sqlite-store.js';

const actor = { type: 'system', id: 'test' } as const;

describe('SQLite store', () => {
  let store: Store;
  let file: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ store, file, cleanup } = await tempSqliteStore()));
  after(() => cleanup());

  it('writes a real file in WAL mode and migrates idempotently', async () => {
    await store.migrate();
    const raw = new Database(file, { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      assert.deepEqual(raw.prepare('SELECT version FROM schema_migrations').all(), [{ version: 1 }]);
    } finally {
      raw.close();
    }
  });

  it('appends one event per change with a monotonic sequence, the actor and the time', async () => {
    const events = await store.commit(
      [
        { type: 'component.changed', data: component('base') },
        { type: 'component.changed', data: component('app', ['base']) },
      ],
      actor,
      T0,
    );
    const more = await store.commit([{ type: 'incident.changed', data: incident('i1', { base: 'major_outage' }) }], actor, T0);
    assert.deepEqual(
      [...events, ...more].map((e) => e.seq),
      [1, 2, 3],
    );
    assert.deepEqual(await store.eventsAfter(1, 10), [...events.slice(1), ...more]);
    assert.deepEqual(more[0]!.actor, actor);
    assert.equal(more[0]!.at, T0);

    const snapshot = await store.snapshot({ since: T0 });
    assert.equal(snapshot.sequence, 3);
    assert.deepEqual(
      snapshot.components.map((c) => c.id),
      ['app', 'base'],
    );
    assert.equal(snapshot.incidents[0]!.id, 'i1');
  });

  it('seeds only an empty database', async () => {
    assert.equal(await store.commitIfEmpty([{ type: 'component.changed', data: component('seeded') }], actor, T0), null);
    assert.equal((await store.snapshot({ since: T0 })).components.length, 2);
  });

  it('writes nothing when a change in the batch fails: the change and its events are one transaction', async () => {
    const before = await store.snapshot({ since: T0 });
    const broken = { type: 'component.changed', data: { ...component('half'), vendor: null } } as never;
    await assert.rejects(store.commit([{ type: 'component.changed', data: component('first') }, broken], actor, T0));
    assert.deepEqual(await store.snapshot({ since: T0 }), before);
    assert.deepEqual(await store.eventsAfter(3, 10), []);
  });

  it('keeps resolved incidents out of the snapshot once they are older than `since`', async () => {
    await store.commit(
      [{ type: 'incident.changed', data: incident('old', { base: 'major_outage' }, { status: 'resolved', resolvedAt: T0 }) }],
      actor,
      T0,
    );
    const later = await store.snapshot({ since: '2026-11-27T00:00:00.000Z' });
    assert.deepEqual(
      later.incidents.map((i) => i.id),
      ['i1'],
    );
    assert.equal((await store.incident('old'))?.status, 'resolved');
  });

  it('keeps what was committed across a reopen of the file', async () => {
    await store.close();
    store = openSqliteStore(file);
    await store.migrate();
    assert.equal((await store.snapshot({ since: T0 })).sequence, 4);
  });
});
