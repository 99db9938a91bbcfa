import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { Actor, Component, ContentItem, Incident, Vendor } from '@kdi-status/sdk';
import type { StoredKey } from '@kdi-status/sdk/export';
import { publicKey } from '@kdi-status/sdk/export';
import { component, incident, maintenance, T0 } from '../test-support/fixtures.js';
import type { Change, IdempotentResponse, Store } from './store.js';

/** A store on a fresh, migrated, empty database, as a contract test gets it. */
export interface OpenedStore {
  store: Store;
  /** Opens another store on the same database (migrated), as a restart would; `cleanup` closes it too. */
  reopen?: () => Promise<Store>;
  /** Closes every store opened on the database (a store already closed included) and removes the database. */
  cleanup: () => Promise<void>;
}

const seed: Actor = { type: 'system', id: 'seed' };
const keyV1: Actor = { type: 'key', id: 'k_v1', vendor: 'v1' };
const keyV2: Actor = { type: 'key', id: 'k_v2', vendor: 'v2' };
const admin: Actor = { type: 'key', id: 'k_admin', vendor: null };
const hours = (h: number) => new Date(Date.parse(T0) + h * 3_600_000).toISOString();
const vendor = (id: string, extra: Partial<Vendor> = {}): Vendor => ({ id, name: id.toUpperCase(), servicedesk: {}, ...extra });
const content = (id: string, componentId: string, type: ContentItem['type'], date: string): ContentItem => ({
  id,
  componentId,
  type,
  title: { da: `Nyhed ${id}` },
  body: { da: 'Tekst' },
  date,
  updatedAt: T0,
});
const storedKey = (id: string, extra: Partial<StoredKey> = {}): StoredKey => ({
  id,
  name: 'Servicedesk',
  role: 'vendor',
  vendor: 'v1',
  createdAt: T0,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  secretHash: `hash-of-${id}-`.padEnd(43, 'x'),
  ...extra,
});
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);
const seqs = (events: readonly { seq: number }[]) => events.map((e) => e.seq);
/** Deep equality that also holds key order and every character: what a byte-identical export needs. */
const sameJson = (actual: unknown, expected: unknown) => assert.equal(JSON.stringify(actual), JSON.stringify(expected));

/** A little of everything, as a landscape that has been in use for a while. */
async function useForAWhile(store: Store): Promise<void> {
  await store.commit(
    [
      { type: 'vendor.changed', data: vendor('v1') },
      { type: 'vendor.changed', data: vendor('v2', { servicedesk: { email: 'drift@v2.example', hours: 'Hverdage 08.00-16.00' } }) },
      { type: 'component.changed', data: component('sts', [], { vendor: 'v2', kind: 'support-system' }) },
      { type: 'component.changed', data: component('ky', ['sts']) },
    ],
    seed,
    T0,
  );
  await store.commit([{ type: 'incident.changed', data: incident('i1', { sts: 'major_outage' }, { vendor: 'v2' }) }], keyV2, hours(1));
  await store.commit(
    [{ type: 'incident.changed', data: incident('i0', { ky: 'degraded_performance' }, { status: 'resolved', resolvedAt: hours(2) }) }],
    keyV1,
    hours(2),
  );
  await store.commit([{ type: 'maintenance.changed', data: maintenance('m1', ['ky']) }], keyV1, hours(3));
  await store.commit(
    [
      { type: 'content.changed', data: content('c1', 'ky', 'news', hours(4)) },
      { type: 'content.changed', data: content('c2', 'ky', 'faq', hours(4)) },
    ],
    admin,
    hours(4),
  );
  await store.commit([{ type: 'content.deleted', data: { id: 'c2', componentId: 'ky' } }], admin, hours(5));
  await store.saveKey(storedKey('k_v1'), { type: 'system', id: 'cli' }, hours(5));
  await store.touchKey('k_v1', hours(6));
  await store.commitIdempotent([{ type: 'incident.changed', data: incident('i2', { ky: 'partial_outage' }) }], keyV1, hours(6), {
    keyId: 'k_v1',
    key: 'retry-1',
    requestHash: 'h',
    status: 201,
    body: { id: 'i2' },
  });
}

/**
 * The one contract every `Store` meets (see store.ts), run against each implementation: each
 * test gets a fresh database from `open` and removes it afterwards.
 *
 * @example
 * describeStoreContract('SQLite', async () => {
 *   const { store, cleanup } = await tempSqliteStore();
 *   return { store, cleanup };
 * });
 */
export function describeStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  const test = (title: string, body: (opened: OpenedStore) => Promise<void>) =>
    it(title, async () => {
      const opened = await open();
      try {
        await body(opened);
      } finally {
        await opened.cleanup();
      }
    });

  describe(`${name} store: the Store contract`, () => {
    test('migrates idempotently, and a store reopened on the database sees what was committed', async ({ store, reopen }) => {
      await store.migrate();
      await store.migrate();
      const events = await store.commit([{ type: 'component.changed', data: component('base') }], seed, T0);
      if (!reopen) return;
      const before = await store.snapshot({ since: T0 });
      await store.close();
      const again = await reopen();
      await again.migrate();
      assert.deepEqual(await again.eventsAfter(0, 10), events);
      assert.deepEqual(await again.snapshot({ since: T0 }), before);
    });

    test('commit applies the changes and appends one event per change, with a monotonic sequence, the actor and the time', async ({
      store,
    }) => {
      assert.deepEqual(await store.snapshot({ since: T0 }), {
        vendors: [],
        components: [],
        incidents: [],
        maintenances: [],
        sequence: 0,
        lastEventAt: null,
      });
      const first = await store.commit(
        [
          { type: 'vendor.changed', data: vendor('v1') },
          { type: 'component.changed', data: component('base') },
          { type: 'component.changed', data: component('app', ['base']) },
        ],
        seed,
        T0,
      );
      const second = await store.commit([{ type: 'incident.changed', data: incident('i1', { base: 'major_outage' }) }], keyV1, hours(1));
      assert.deepEqual(seqs([...first, ...second]), [1, 2, 3, 4]);
      assert.deepEqual(second[0], {
        type: 'incident.changed',
        data: incident('i1', { base: 'major_outage' }),
        seq: 4,
        at: hours(1),
        actor: keyV1,
      });
      assert.deepEqual(
        first.map((e) => [e.type, e.at, e.actor]),
        [
          ['vendor.changed', T0, seed],
          ['component.changed', T0, seed],
          ['component.changed', T0, seed],
        ],
      );
      assert.deepEqual(await store.eventsAfter(0, 10), [...first, ...second]);

      const snapshot = await store.snapshot({ since: T0 });
      assert.equal(snapshot.sequence, 4);
      assert.equal(snapshot.lastEventAt, hours(1));
      assert.deepEqual(snapshot.vendors, [vendor('v1')]);
      assert.deepEqual(snapshot.components, [component('app', ['base']), component('base')]);
      assert.deepEqual(snapshot.incidents, [incident('i1', { base: 'major_outage' })]);

      // A change is the entity as it becomes: the stored one is replaced, not merged.
      await store.commit([{ type: 'component.changed', data: component('base', [], { status: 'partial_outage' }) }], keyV1, hours(2));
      assert.deepEqual((await store.snapshot({ since: T0 })).components[1], component('base', [], { status: 'partial_outage' }));
    });

    test('lists vendors and components in byte order of their ids, as SQLite compares text', async ({ store }) => {
      await store.commit(
        ['ab', 'a-b', 'a0', 'b', 'a'].map((id): Change => ({ type: 'component.changed', data: component(id) })),
        seed,
        T0,
      );
      await store.commit(
        ['v-2', 'v2', 'v10'].map((id): Change => ({ type: 'vendor.changed', data: vendor(id) })),
        seed,
        T0,
      );
      const snapshot = await store.snapshot({ since: T0 });
      assert.deepEqual(ids(snapshot.components), ['a', 'a-b', 'a0', 'ab', 'b']);
      assert.deepEqual(ids(snapshot.vendors), ['v-2', 'v10', 'v2']);
    });

    test('writes nothing when a change in the batch fails: no entity, no event', async ({ store }) => {
      await store.commit([{ type: 'component.changed', data: component('base') }], seed, T0);
      const before = await store.exportState(T0);
      const broken = { type: 'component.changed', data: { ...component('half'), vendor: null } } as never;
      await assert.rejects(store.commit([{ type: 'component.changed', data: component('first') }, broken], seed, T0));
      assert.deepEqual(await store.exportState(T0), before);
      assert.deepEqual((await store.snapshot({ since: T0 })).sequence, 1);

      const next = await store.commit([{ type: 'component.changed', data: component('later') }], seed, T0);
      assert.ok(next[0]!.seq > 1, 'the sequence goes on after a failed commit');
    });

    test('snapshot keeps unresolved incidents and unfinished maintenance, and finished ones from `since` on', async ({ store }) => {
      const since = '2026-11-27T00:00:00.000Z';
      await store.commit(
        [
          { type: 'incident.changed', data: incident('open-early', { a: 'major_outage' }, { startedAt: hours(-5) }) },
          { type: 'incident.changed', data: incident('open-b', { a: 'major_outage' }, { startedAt: hours(1) }) },
          { type: 'incident.changed', data: incident('open-a', { a: 'major_outage' }, { startedAt: hours(1) }) },
          { type: 'incident.changed', data: incident('resolved-old', { a: 'major_outage' }, { status: 'resolved', resolvedAt: hours(2) }) },
          {
            type: 'incident.changed',
            data: incident('resolved-at-since', { a: 'degraded_performance' }, { status: 'resolved', resolvedAt: since }),
          },
          {
            type: 'incident.changed',
            data: incident('resolved-late', { a: 'major_outage' }, { status: 'resolved', resolvedAt: hours(30) }),
          },
        ],
        seed,
        T0,
      );
      await store.commit(
        [
          {
            type: 'maintenance.changed',
            data: maintenance('upcoming', ['a'], { status: 'scheduled', startsAt: hours(48), endsAt: hours(50) }),
          },
          {
            type: 'maintenance.changed',
            data: maintenance('overdue', ['a'], { status: 'in_progress', startsAt: hours(-4), endsAt: hours(-2) }),
          },
          { type: 'maintenance.changed', data: maintenance('done-old', ['a'], { status: 'completed' }) },
          { type: 'maintenance.changed', data: maintenance('cancelled-old', ['a'], { status: 'cancelled' }) },
          { type: 'maintenance.changed', data: maintenance('done-late', ['a'], { status: 'completed', endsAt: hours(20) }) },
          { type: 'maintenance.changed', data: maintenance('cancelled-at-since', ['a'], { status: 'cancelled', endsAt: since }) },
        ],
        seed,
        T0,
      );
      const snapshot = await store.snapshot({ since });
      // Newest start first (ties by id); maintenance by start (ties by id).
      assert.deepEqual(ids(snapshot.incidents), ['open-a', 'open-b', 'resolved-at-since', 'resolved-late', 'open-early']);
      assert.deepEqual(ids(snapshot.maintenances), ['overdue', 'cancelled-at-since', 'done-late', 'upcoming']);
      const later = await store.snapshot({ since: hours(40) });
      assert.deepEqual(ids(later.incidents), ['open-a', 'open-b', 'open-early']);
      assert.deepEqual(ids(later.maintenances), ['overdue', 'upcoming']);
      assert.equal((await store.incident('resolved-old'))?.status, 'resolved', 'what the snapshot leaves out is still there');
    });

    test('finds incidents, maintenance and content by id, and lists content by component and type, newest first', async ({ store }) => {
      await store.commit(
        [
          { type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) },
          { type: 'maintenance.changed', data: maintenance('m1', ['ky']) },
          { type: 'content.changed', data: content('c1', 'ky', 'news', hours(1)) },
          { type: 'content.changed', data: content('c2', 'ky', 'release', hours(3)) },
          { type: 'content.changed', data: content('c3', 'ksd', 'faq', hours(2)) },
          { type: 'content.changed', data: content('c4', 'ky', 'news', hours(3)) },
        ],
        seed,
        T0,
      );
      assert.deepEqual(await store.incident('i1'), incident('i1', { ky: 'major_outage' }));
      assert.deepEqual(await store.maintenance('m1'), maintenance('m1', ['ky']));
      assert.deepEqual(await store.contentItem('c3'), content('c3', 'ksd', 'faq', hours(2)));
      assert.equal(await store.incident('m1'), undefined);
      assert.equal(await store.maintenance('nope'), undefined);
      assert.equal(await store.contentItem('nope'), undefined);

      assert.deepEqual(ids(await store.contentItems({})), ['c2', 'c4', 'c3', 'c1']);
      assert.deepEqual(ids(await store.contentItems({ componentId: 'ky' })), ['c2', 'c4', 'c1']);
      assert.deepEqual(ids(await store.contentItems({ type: 'news' })), ['c4', 'c1']);
      assert.deepEqual(ids(await store.contentItems({ componentId: 'ksd', type: 'faq' })), ['c3']);
      assert.deepEqual(await store.contentItems({ componentId: 'ksd', type: 'news' }), []);
      assert.deepEqual(await store.contentItems({ componentId: 'ky', type: 'release' }), [content('c2', 'ky', 'release', hours(3))]);

      const [deleted] = await store.commit([{ type: 'content.deleted', data: { id: 'c4', componentId: 'ky' } }], admin, hours(4));
      assert.deepEqual(deleted!.data, { id: 'c4', componentId: 'ky' });
      assert.equal(await store.contentItem('c4'), undefined);
      assert.deepEqual(ids(await store.contentItems({ type: 'news' })), ['c1']);
    });

    test('commitIfNoComponents seeds a database without components, once; a key made first does not stop it', async ({ store }) => {
      await store.saveKey(storedKey('k_first', { role: 'admin', vendor: null }), { type: 'system', id: 'cli' }, T0);
      const seeded = await store.commitIfNoComponents([{ type: 'component.changed', data: component('seeded') }], seed, T0);
      assert.deepEqual(seqs(seeded ?? []), [2]);
      assert.equal(await store.commitIfNoComponents([{ type: 'component.changed', data: component('again') }], seed, T0), null);
      assert.deepEqual(ids((await store.snapshot({ since: T0 })).components), ['seeded']);
      assert.equal((await store.eventsAfter(0, 10)).length, 2);
    });

    test('onCommit hears commits made by another store on the same database (another process, such as the CLI)', async ({
      store,
      reopen,
    }) => {
      if (!reopen) return;
      await store.commit([{ type: 'component.changed', data: component('before') }], seed, T0);
      const other = await reopen();
      const told: number[] = [];
      const heard = (seq: number) =>
        new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + 5_000;
          const check = () =>
            told.includes(seq)
              ? resolve()
              : Date.now() > deadline
                ? reject(new Error(`never told ${seq}: ${told}`))
                : setTimeout(check, 20);
          check();
        });
      store.onCommit((seq) => told.push(seq));
      await other.saveKey(storedKey('k_cli'), { type: 'system', id: 'cli' }, T0);
      await heard(2);
      await other.commit([{ type: 'component.changed', data: component('theirs') }], seed, T0);
      await heard(3);
      assert.deepEqual(ids((await store.snapshot({ since: T0 })).components), ['before', 'theirs']);
      await store.commit([{ type: 'component.changed', data: component('mine') }], seed, T0);
      await sleep(600);
      assert.deepEqual(told, [2, 3, 4], 'each commit once, in order, whichever store made it');
    });

    test('commitIdempotent stores the response with the change and replays it for a repeat, for 24 hours', async ({ store }) => {
      const now = new Date().toISOString();
      const response: IdempotentResponse = {
        keyId: 'k_v1',
        key: 'idem-1',
        requestHash: 'sha-of-request',
        status: 201,
        body: { id: 'i1', title: { da: 'Fejl i <b>STS</b> – æøå' }, n: 1.5, list: [null, true, 'x'] },
      };
      const first = await store.commitIdempotent(
        [{ type: 'incident.changed', data: incident('i1', { a: 'major_outage' }) }],
        keyV1,
        now,
        response,
      );
      assert.ok('events' in first);
      assert.deepEqual(seqs(first.events), [1]);
      assert.deepEqual(await store.idempotentResponse('k_v1', 'idem-1'), response);

      const repeat = await store.commitIdempotent([{ type: 'incident.changed', data: incident('i2', { a: 'major_outage' }) }], keyV1, now, {
        ...response,
        body: { id: 'i2' },
      });
      assert.deepEqual(repeat, { replay: response });
      assert.equal(await store.incident('i2'), undefined, 'a replay writes nothing');
      assert.equal((await store.eventsAfter(0, 10)).length, 1);

      // Keys are per API key: another key's `idem-1` is another request.
      const other = await store.commitIdempotent(
        [{ type: 'incident.changed', data: incident('i3', { a: 'degraded_performance' }) }],
        keyV2,
        now,
        {
          ...response,
          keyId: 'k_v2',
        },
      );
      assert.ok('events' in other);
      assert.equal(await store.idempotentResponse('k_v1', 'unknown'), undefined);
      assert.equal(await store.idempotentResponse('k_v3', 'idem-1'), undefined);

      // Older than 24 hours: forgotten, so the key may be used again.
      const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
      await store.commitIdempotent([{ type: 'incident.changed', data: incident('old', { a: 'degraded_performance' }) }], keyV1, dayAgo, {
        ...response,
        key: 'idem-old',
      });
      assert.equal(await store.idempotentResponse('k_v1', 'idem-old'), undefined);
      const reused = await store.commitIdempotent(
        [{ type: 'incident.changed', data: incident('new', { a: 'degraded_performance' }) }],
        keyV1,
        now,
        {
          ...response,
          key: 'idem-old',
          requestHash: 'another-request',
        },
      );
      assert.ok('events' in reused);
      assert.equal((await store.idempotentResponse('k_v1', 'idem-old'))?.requestHash, 'another-request');
    });

    test('two concurrent commitIdempotent calls with one key give one write and one replay', async ({ store }) => {
      const now = new Date().toISOString();
      const response = (id: string): IdempotentResponse => ({ keyId: 'k_v1', key: 'same', requestHash: 'h', status: 201, body: { id } });
      const results = await Promise.all(
        ['i1', 'i2'].map((id) =>
          store.commitIdempotent([{ type: 'incident.changed', data: incident(id, { a: 'major_outage' }) }], keyV1, now, response(id)),
        ),
      );
      const written = results.filter((r) => 'events' in r);
      const replayed = results.flatMap((r) => ('replay' in r ? [r.replay] : []));
      assert.equal(written.length, 1);
      assert.equal(replayed.length, 1);
      const events = await store.eventsAfter(0, 10);
      assert.equal(events.length, 1);
      assert.deepEqual(replayed[0], response(events[0]!.data.id), 'the replay is the answer of the request that wrote');
    });

    test('eventsAfter pages through the log in order', async ({ store }) => {
      const events = await store.commit(
        ['a', 'b', 'c', 'd', 'e'].map((id): Change => ({ type: 'component.changed', data: component(id) })),
        seed,
        T0,
      );
      assert.deepEqual(await store.eventsAfter(0, 2), events.slice(0, 2));
      assert.deepEqual(await store.eventsAfter(2, 2), events.slice(2, 4));
      assert.deepEqual(await store.eventsAfter(4, 2), events.slice(4));
      assert.deepEqual(await store.eventsAfter(5, 2), []);
      assert.deepEqual(await store.eventsAfter(0, 100), events);
    });

    test('audit filters by component, vendor, actor and time, oldest first, paged with after and limit', async ({ store }) => {
      await store.commit(
        [
          { type: 'vendor.changed', data: vendor('v1') },
          { type: 'vendor.changed', data: vendor('v2') },
          { type: 'component.changed', data: component('sts', [], { vendor: 'v2' }) },
          { type: 'component.changed', data: component('ky', ['sts']) },
        ],
        seed,
        T0,
      );
      await store.commit([{ type: 'incident.changed', data: incident('i1', { sts: 'major_outage' }, { vendor: 'v2' }) }], keyV2, hours(1));
      await store.commit([{ type: 'maintenance.changed', data: maintenance('m1', ['ky', 'sts']) }], keyV1, hours(2));
      await store.commit([{ type: 'content.changed', data: content('c1', 'ky', 'news', hours(3)) }], admin, hours(3));
      const audit = async (query: Parameters<Store['audit']>[0]) => seqs(await store.audit(query));

      assert.deepEqual(await store.audit({}), await store.eventsAfter(0, 100));
      assert.deepEqual(await audit({ component: 'sts' }), [3, 5, 6]);
      assert.deepEqual(await audit({ component: 'ky' }), [4, 6, 7]);
      assert.deepEqual(await audit({ component: 'st' }), [], 'an id matches whole, not in part');
      assert.deepEqual(await audit({ vendor: 'v1' }), [1, 4, 6], "the entity's vendor, and the acting key's");
      assert.deepEqual(await audit({ vendor: 'v2' }), [2, 3, 5]);
      assert.deepEqual(await audit({ actor: 'k_v2' }), [5]);
      assert.deepEqual(await audit({ actor: 'seed' }), [1, 2, 3, 4]);
      assert.deepEqual(await audit({ since: hours(1) }), [5, 6, 7]);
      assert.deepEqual(await audit({ until: hours(2) }), [1, 2, 3, 4, 5], 'until is exclusive');
      assert.deepEqual(await audit({ since: hours(1), until: hours(3) }), [5, 6]);
      assert.deepEqual(await audit({ component: 'ky', vendor: 'v1', actor: 'k_v1' }), [6]);
      assert.deepEqual(await audit({ after: 2, limit: 2 }), [3, 4]);
      assert.deepEqual(await audit({ component: 'sts', after: 3, limit: 1 }), [5]);
      assert.deepEqual(await audit({ after: 7 }), []);

      await store.commit(
        Array.from({ length: 120 }, (_, i): Change => ({ type: 'content.changed', data: content(`n${i}`, 'ky', 'news', T0) })),
        admin,
        hours(4),
      );
      assert.equal((await store.audit({})).length, 100, 'at most 100 unless asked');
      assert.equal((await store.audit({ limit: 1000 })).length, 127);
    });

    test('keys: the hash is stored but never shown in events or key lists; touchKey records use without an event', async ({ store }) => {
      const cli: Actor = { type: 'system', id: 'cli' };
      const key = storedKey('k_abc');
      const event = await store.saveKey(key, cli, T0);
      assert.deepEqual(event, { type: 'key.changed', data: publicKey(key), seq: 1, at: T0, actor: cli });
      assert.equal('secretHash' in event.data, false);
      await store.saveKey(storedKey('k_0', { role: 'admin', vendor: null }), cli, T0);

      assert.deepEqual(await store.key('k_abc'), key);
      assert.equal(await store.key('k_nope'), undefined);
      assert.deepEqual(await store.keys(), [publicKey(storedKey('k_0', { role: 'admin', vendor: null })), publicKey(key)]);

      await store.touchKey('k_abc', hours(1));
      await store.touchKey('k_nope', hours(1));
      assert.equal((await store.key('k_abc'))?.lastUsedAt, hours(1));
      assert.equal((await store.eventsAfter(0, 10)).length, 2, 'using a key is not an event');

      // Revoking keeps when the key was last used.
      const revoked = await store.saveKey({ ...key, revokedAt: hours(2) }, cli, hours(2));
      assert.equal(revoked.seq, 3);
      assert.deepEqual(await store.key('k_abc'), { ...key, revokedAt: hours(2), lastUsedAt: hours(1) });
      assert.deepEqual((await store.keys())[1], publicKey({ ...key, revokedAt: hours(2), lastUsedAt: hours(1) }));

      const everything = JSON.stringify([await store.eventsAfter(0, 10), await store.audit({}), await store.keys()]);
      assert.ok(!everything.includes(key.secretHash), 'no event or key list holds the hash');
      assert.deepEqual(seqs(await store.audit({ vendor: 'v1' })), [1, 3]);
      assert.deepEqual((await store.exportState(T0)).keys, [storedKey('k_0', { role: 'admin', vendor: null }), await store.key('k_abc')]);
    });

    test('exportState → importState into a fresh store gives an equal export, and new commits continue the sequence', async ({ store }) => {
      await useForAWhile(store);
      const exported = await store.exportState(hours(9));
      assert.equal(exported.events.length, 12);

      const target = await open();
      try {
        const told: number[] = [];
        target.store.onCommit((seq) => told.push(seq));
        await target.store.importState(structuredClone(exported));
        sameJson(await target.store.exportState(hours(9)), exported);
        assert.deepEqual(await target.store.snapshot({ since: T0 }), await store.snapshot({ since: T0 }));
        assert.deepEqual(await target.store.audit({ vendor: 'v2' }), await store.audit({ vendor: 'v2' }));
        assert.deepEqual(await target.store.key('k_v1'), await store.key('k_v1'));
        assert.deepEqual(told, [12], 'listeners hear of the imported log');

        const [next] = await target.store.commit([{ type: 'component.changed', data: component('new') }], seed, hours(10));
        assert.equal(next!.seq, 13);
      } finally {
        await target.cleanup();
      }

      // A log with gaps (events pruned, or merged) exported before the chain (no hashes): the
      // hashes are computed across the gaps, and the sequence continues above the highest.
      const gappy = await open();
      try {
        await gappy.store.importState({ ...exported, events: exported.events.map(({ hash: _, ...e }) => ({ ...e, seq: e.seq * 10 })) });
        assert.equal((await gappy.store.snapshot({ since: T0 })).sequence, 120);
        const [next] = await gappy.store.commit([{ type: 'component.changed', data: component('new') }], seed, hours(10));
        assert.equal(next!.seq, 121);
      } finally {
        await gappy.cleanup();
      }
    });

    test('importState refuses a database that is not empty, and changes nothing', async ({ store }) => {
      await store.commit([{ type: 'component.changed', data: component('mine') }], seed, T0);
      const before = await store.exportState(T0);
      const told: number[] = [];
      store.onCommit((seq) => told.push(seq));
      const other = { ...before, components: [component('theirs')], events: [] };
      await assert.rejects(store.importState(other), /not empty/);
      await assert.rejects(store.importState({ ...before, events: before.events.map((e) => ({ ...e, seq: e.seq + 1 })) }), /not empty/);
      await sleep(50);
      assert.deepEqual(await store.exportState(T0), before);
      assert.deepEqual(told, [], 'a refused import is not a commit');
    });

    test('exclusive passes on what the work returns or throws, and lets the next work run after a failure', async ({ store }) => {
      assert.equal(await store.exclusive(async () => 42), 42);
      await assert.rejects(
        store.exclusive(async () => {
          throw new Error('decided against it');
        }),
        /decided against it/,
      );
      const inside = await store.exclusive(async () => {
        await store.commit([{ type: 'component.changed', data: component('a') }], seed, T0);
        return (await store.snapshot({ since: T0 })).sequence;
      });
      assert.equal(inside, 1, 'the work may read and commit');
    });

    test('exclusive runs concurrent works one at a time', async ({ store }) => {
      const log: string[] = [];
      let running = 0;
      const work = (name: string) => async () => {
        running += 1;
        log.push(`${name} starts with ${running} running`);
        await sleep(30);
        running -= 1;
        return name;
      };
      assert.deepEqual(await Promise.all([store.exclusive(work('a')), store.exclusive(work('b')), store.exclusive(work('c'))]), [
        'a',
        'b',
        'c',
      ]);
      assert.deepEqual(log.sort(), ['a starts with 1 running', 'b starts with 1 running', 'c starts with 1 running']);
    });

    test('onCommit tells listeners the last sequence number after each commit that appended events', async ({ store }) => {
      const told: number[] = [];
      const unsubscribe = store.onCommit((seq) => told.push(seq));
      const now = new Date().toISOString();
      const response: IdempotentResponse = { keyId: 'k_v1', key: 'k', requestHash: 'h', status: 201, body: {} };

      await store.commitIfNoComponents(
        [
          { type: 'component.changed', data: component('a') },
          { type: 'component.changed', data: component('b') },
        ],
        seed,
        T0,
      );
      assert.deepEqual(told, [2], 'by the time commit resolves');
      await store.commit([{ type: 'component.changed', data: component('c') }], seed, T0);
      await store.commitIfNoComponents([{ type: 'component.changed', data: component('d') }], seed, T0);
      await store.commitIdempotent([{ type: 'component.changed', data: component('e') }], keyV1, now, response);
      await store.commitIdempotent([{ type: 'component.changed', data: component('f') }], keyV1, now, response);
      await store.saveKey(storedKey('k_v1'), seed, T0);
      await store.touchKey('k_v1', T0);
      await assert.rejects(store.importState(await store.exportState(T0)));
      await sleep(50);
      assert.deepEqual(told, [2, 3, 4, 5], 'once per commit; not for a seed, replay, touch or import that wrote nothing');

      unsubscribe();
      await store.commit([{ type: 'component.changed', data: component('g') }], seed, T0);
      await sleep(50);
      assert.deepEqual(told, [2, 3, 4, 5]);
    });

    // Part E (issue 10): a fagløsning's paged incident history.
    test('incidentsOfComponent pages the incidents affecting any of the ids, latest start first, with the total', async ({ store }) => {
      await store.commit(
        [
          { type: 'component.changed', data: component('sts') },
          { type: 'component.changed', data: component('ky', ['sts']) },
          { type: 'component.changed', data: component('other') },
        ],
        seed,
        T0,
      );
      const started = (id: string, h: number, affected: Record<string, Component['status']>) =>
        ({ type: 'incident.changed', data: incident(id, affected, { startedAt: hours(h) }) }) as const;
      await store.commit(
        [
          started('a', 1, { ky: 'major_outage' }),
          started('b', 3, { sts: 'partial_outage' }),
          started('c', 2, { ky: 'degraded_performance', sts: 'degraded_performance' }),
          started('d', 4, { other: 'major_outage' }),
          // Same start as b: the id decides.
          started('a2', 3, { ky: 'partial_outage' }),
          {
            type: 'incident.changed',
            data: incident('e', { ky: 'major_outage' }, { startedAt: hours(0), status: 'resolved', resolvedAt: hours(1) }),
          },
        ],
        seed,
        hours(5),
      );
      const page = async (ids: string[], limit: number, offset: number) => {
        const { incidents, total } = await store.incidentsOfComponent(ids, { limit, offset });
        return { ids: incidents.map((i) => i.id), total };
      };
      assert.deepEqual(await page(['ky', 'sts'], 10, 0), { ids: ['a2', 'b', 'c', 'a', 'e'], total: 5 }, 'c, on both, counted once');
      assert.deepEqual(await page(['ky', 'sts'], 2, 0), { ids: ['a2', 'b'], total: 5 });
      assert.deepEqual(await page(['ky', 'sts'], 2, 2), { ids: ['c', 'a'], total: 5 });
      assert.deepEqual(await page(['ky', 'sts'], 2, 4), { ids: ['e'], total: 5 }, 'resolved ones too');
      assert.deepEqual(await page(['ky', 'sts'], 2, 6), { ids: [], total: 5 }, 'past the end: nothing, and still the total');
      assert.deepEqual(await page(['ky'], 10, 0), { ids: ['a2', 'c', 'a', 'e'], total: 4 });
      assert.deepEqual(await page(['k'], 10, 0), { ids: [], total: 0 }, 'an id matches whole, not in part');
      assert.deepEqual(await page([], 10, 0), { ids: [], total: 0 });
      sameJson((await store.incidentsOfComponent(['other'], { limit: 1, offset: 0 })).incidents, [await store.incident('d')]);
    });

    // Issue 12: KOMBIT's list of disputed links.
    test('disputedIncidents lists the incidents whose link is disputed, resolved ones too, the oldest dispute first', async ({ store }) => {
      await store.commit([{ type: 'component.changed', data: component('sts') }], seed, T0);
      const cause = (state: 'linked' | 'disputed' | 'confirmed', disputedAt?: string) => ({
        incident: 'up',
        vendor: 'v1',
        components: ['sts'],
        state,
        linkedBy: 'v1',
        linkedAt: T0,
        upstreamResolvedAt: null,
        ...(disputedAt ? { dispute: { by: 'v1', at: disputedAt, reason: 'Ikke os' } } : {}),
      });
      const linked = (id: string, causedBy: ReturnType<typeof cause> | undefined, extra: Partial<Incident> = {}) =>
        ({
          type: 'incident.changed',
          data: incident(id, { sts: 'major_outage' }, { ...(causedBy ? { causedBy } : {}), ...extra }),
        }) as const;
      await store.commit(
        [
          linked('up', undefined),
          linked('late', cause('disputed', hours(3))),
          linked('early', cause('disputed', hours(1)), { status: 'resolved', resolvedAt: hours(2) }),
          linked('plain', cause('linked')),
          linked('settled', cause('confirmed', hours(0))),
        ],
        seed,
        hours(4),
      );

      assert.deepEqual(
        (await store.disputedIncidents()).map((i) => i.id),
        ['early', 'late'],
      );
      sameJson((await store.disputedIncidents())[1], await store.incident('late'));
    });

    test('values round-trip exactly: every character, and the order of keys', async ({ store }) => {
      const tricky = "Ærø – “citat” 'apostrof' \\ back\\slash </script><script>alert(1)</script> 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 e\u0301 \u2028\u0000 ${x}";
      // Keys deliberately not in alphabetical (or schema) order: jsonb would reorder them.
      const odd: Component = {
        status: 'operational',
        id: 'tricky',
        vendor: 'v1',
        name: tricky,
        kind: 'application',
        dependsOn: [],
        links: {},
      };
      const withText = incident('hændelse-ø', { tricky: 'major_outage' }, { title: { da: tricky, en: '<img src=x onerror=alert(1)>' } });
      const item = { ...content('c-ø', 'tricky', 'faq', T0), body: { da: tricky } };
      const events = await store.commit(
        [
          { type: 'vendor.changed', data: vendor('v1', { name: tricky, servicedesk: { hours: tricky } }) },
          { type: 'component.changed', data: odd },
          { type: 'incident.changed', data: withText },
          { type: 'maintenance.changed', data: maintenance('m1', ['tricky'], { description: { da: tricky } }) },
          { type: 'content.changed', data: item },
        ],
        { type: 'key', id: 'k_ø', vendor: 'v1' },
        T0,
      );
      const snapshot = await store.snapshot({ since: T0 });
      sameJson(snapshot.components, [odd]);
      sameJson(snapshot.vendors[0]!.name, tricky);
      sameJson(await store.incident('hændelse-ø'), withText);
      sameJson(await store.contentItem('c-ø'), item);
      sameJson((await store.maintenance('m1'))?.description.da, tricky);
      // The events commit returns list their fields in another order than those read back: equal, not byte-equal.
      assert.deepEqual(await store.eventsAfter(0, 10), events);
      sameJson(
        (await store.audit({ actor: 'k_ø' })).map((e) => e.data),
        events.map((e) => e.data),
      );

      const body = { z: 1, a: [tricky, 1.25, -0, 1e21, null, false], nested: { b: {}, a: '' } };
      // PostgreSQL text cannot hold U+0000 (JSON escapes it in documents), and no header carries it.
      const idempotencyKey = 'ø-<script>-😀';
      await store.commitIdempotent([], keyV1, new Date().toISOString(), {
        keyId: 'k_ø',
        key: idempotencyKey,
        requestHash: 'h',
        status: 201,
        body,
      });
      sameJson((await store.idempotentResponse('k_ø', idempotencyKey))?.body, body);
    });
    // --- Part D (site history pages): incidents by period, finished maintenance paged ---------
    test('incidentsDuring lists the incidents open at some time in [from, until), newest start first', async ({ store }) => {
      const opened = (id: string, startedAt: string, resolvedAt: string | null) =>
        ({
          type: 'incident.changed',
          data: incident(id, { a: 'major_outage' }, { startedAt, resolvedAt, status: resolvedAt ? 'resolved' : 'investigating' }),
        }) as const;
      await store.commit(
        [
          opened('before', '2026-10-01T10:00:00.000Z', '2026-10-02T10:00:00.000Z'),
          opened('into', '2026-10-31T22:00:00.000Z', '2026-11-01T01:00:00.000Z'),
          opened('inside-b', '2026-11-10T10:00:00.000Z', '2026-11-10T12:00:00.000Z'),
          opened('inside-a', '2026-11-10T10:00:00.000Z', null),
          opened('over', '2026-09-01T10:00:00.000Z', null),
          opened('at-end', '2026-12-01T00:00:00.000Z', null),
          opened('ended-at-start', '2026-10-30T00:00:00.000Z', '2026-11-01T00:00:00.000Z'),
        ],
        seed,
        T0,
      );
      const november = { from: '2026-11-01T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' };
      assert.deepEqual(ids(await store.incidentsDuring(november)), ['inside-a', 'inside-b', 'into', 'ended-at-start', 'over']);
      assert.deepEqual(ids(await store.incidentsDuring({ from: '2027-01-01T00:00:00.000Z', until: '2027-02-01T00:00:00.000Z' })), [
        'at-end',
        'inside-a',
        'over',
      ]);
      assert.deepEqual(await store.incidentsDuring({ from: '2020-01-01T00:00:00.000Z', until: '2020-02-01T00:00:00.000Z' }), []);
    });

    test('finishedMaintenances pages the completed and cancelled windows, the latest end first', async ({ store }) => {
      const window = (id: string, status: 'completed' | 'cancelled' | 'scheduled' | 'in_progress', endsAt: string) =>
        ({ type: 'maintenance.changed', data: maintenance(id, ['a'], { status, startsAt: '2026-01-01T00:00:00.000Z', endsAt }) }) as const;
      await store.commit(
        [
          window('m-old', 'completed', '2026-02-01T00:00:00.000Z'),
          window('m-cancelled', 'cancelled', '2026-05-01T00:00:00.000Z'),
          window('m-new', 'completed', '2026-06-01T00:00:00.000Z'),
          window('m-b', 'completed', '2026-03-01T00:00:00.000Z'),
          window('m-a', 'completed', '2026-03-01T00:00:00.000Z'),
          window('m-planned', 'scheduled', '2027-01-01T00:00:00.000Z'),
          window('m-running', 'in_progress', '2026-04-01T00:00:00.000Z'),
        ],
        seed,
        T0,
      );
      assert.deepEqual(ids(await store.finishedMaintenances({ limit: 2, offset: 0 })), ['m-new', 'm-cancelled']);
      assert.deepEqual(ids(await store.finishedMaintenances({ limit: 2, offset: 2 })), ['m-a', 'm-b']);
      assert.deepEqual(ids(await store.finishedMaintenances({ limit: 2, offset: 4 })), ['m-old']);
      assert.deepEqual(await store.finishedMaintenances({ limit: 2, offset: 6 }), []);
    });
  });
}
