import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import pg from 'pg';
import type { Actor } from '@kdi-status/sdk';
import { buildStatusView } from '../../read/status-view.js';
import { component, incident, maintenance, T0, tempSqliteStore } from '../../test-support/fixtures.js';
import { openStore } from '../open-store.js';
import { describeNotificationContract } from '../notification-contract.js';
import { describeStoreContract } from '../store-contract.js';
import type { DeliveryDraft } from '../notification-store.js';
import type { Store } from '../store.js';
import { openPostgresStore } from './postgres-store.js';
import { tempPostgresDatabase, tempPostgresStore } from './test-database.js';

const seed: Actor = { type: 'system', id: 'seed' };
const key: Actor = { type: 'key', id: 'k_v1', vendor: 'v1' };

describeStoreContract('PostgreSQL', tempPostgresStore);
describeNotificationContract('PostgreSQL', tempPostgresStore);

/** Two server instances: two stores, two pools, one fresh database; all closed and dropped afterwards. */
async function withTwoInstances(work: (a: Store, b: Store, db: { name: string; url: string }) => Promise<void>, migrate = true) {
  const db = await tempPostgresDatabase();
  const a = openPostgresStore(db.url);
  const b = openPostgresStore(db.url);
  try {
    if (migrate) await Promise.all([a.migrate(), b.migrate()]);
    await work(a, b, db);
  } finally {
    await Promise.allSettled([a.close(), b.close()]);
    await db.drop();
  }
}

async function sql<R extends object>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Resolves with the first value `listener` is called with that passes `accept`, or rejects after `ms`. */
function nextCall(store: Store, accept: (seq: number) => boolean, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no onCommit call within ${ms} ms`));
    }, ms);
    const unsubscribe = store.onCommit((seq) => {
      if (!accept(seq)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(seq);
    });
  });
}

/** Waits until the store's LISTEN connection is up (it starts with the first onCommit). */
async function listening(db: { name: string; url: string }): Promise<number> {
  for (let i = 0; i < 100; i += 1) {
    const rows = await sql<{ pid: number }>(
      db.url,
      // Its last statement is the LISTEN, or the catch-up read that follows it.
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'kdi-status-listen' AND state = 'idle'
         AND (query LIKE 'LISTEN%' OR query LIKE '%FROM event_counter')`,
      [db.name],
    );
    if (rows[0]) return rows[0].pid;
    await sleep(20);
  }
  throw new Error('the store never started listening');
}

describe('PostgreSQL store: several instances on one database', () => {
  it('two instances migrating at once both succeed, and each migration is applied once', async () => {
    await withTwoInstances(async (a, b, db) => {
      await Promise.all([a.migrate(), b.migrate()]);
      assert.deepEqual(await sql(db.url, 'SELECT version, name FROM schema_migrations'), [
        { version: 1, name: 'initial' },
        { version: 2, name: 'notifications' },
        { version: 3, name: 'log-chain' },
        { version: 4, name: 'subscriber municipality' },
      ]);
      await a.commit([{ type: 'component.changed', data: component('a') }], seed, T0);
      assert.equal((await b.snapshot({ since: T0 })).sequence, 1);
    }, false);
  });

  it('two instances seeding an empty database at once: one seeds, the other finds it seeded', async () => {
    await withTwoInstances(async (a, b) => {
      const seedOf = (id: string) =>
        [
          { type: 'component.changed', data: component(`${id}-1`) },
          { type: 'component.changed', data: component(`${id}-2`) },
        ] as const;
      const results = await Promise.all([a.commitIfNoComponents(seedOf('a'), seed, T0), b.commitIfNoComponents(seedOf('b'), seed, T0)]);
      assert.equal(results.filter((r) => r === null).length, 1);
      assert.equal((await a.eventsAfter(0, 10)).length, 2);
      assert.equal((await b.snapshot({ since: T0 })).components.length, 2);
    });
  });

  it('two instances with one idempotency key: one writes, the other replays', async () => {
    await withTwoInstances(async (a, b) => {
      const now = new Date().toISOString();
      const response = (id: string) => ({ keyId: 'k_v1', key: 'one', requestHash: 'h', status: 201, body: { id } });
      const results = await Promise.all(
        [a, b].map((store, i) =>
          store.commitIdempotent(
            [{ type: 'incident.changed', data: incident(`i${i}`, { x: 'major_outage' }) }],
            key,
            now,
            response(`i${i}`),
          ),
        ),
      );
      assert.deepEqual(results.map((r) => ('events' in r ? 'wrote' : 'replayed')).sort(), ['replayed', 'wrote']);
      assert.equal((await a.eventsAfter(0, 10)).length, 1);
    });
  });

  it("a commit through A reaches B's onCommit listener within a second, and B's commits reach A", async () => {
    await withTwoInstances(async (a, b, db) => {
      const heardByB: number[] = [];
      b.onCommit((seq) => heardByB.push(seq));
      await listening(db);

      const started = Date.now();
      const arrived = nextCall(b, (seq) => seq === 2, 1000);
      const events = await a.commit(
        [
          { type: 'component.changed', data: component('sts') },
          { type: 'incident.changed', data: incident('i1', { sts: 'major_outage' }) },
        ],
        key,
        T0,
      );
      assert.equal(await arrived, events.at(-1)!.seq);
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(heardByB, [2]);
      // What B hears is enough to catch up: the change is readable through B.
      assert.deepEqual(await b.incident('i1'), incident('i1', { sts: 'major_outage' }));

      const heardByA = nextCall(a, (seq) => seq === 3, 1000);
      await b.commit([{ type: 'maintenance.changed', data: maintenance('m1', ['sts']) }], key, T0);
      assert.equal(await heardByA, 3);
      await sleep(100);
      assert.deepEqual(heardByB, [2, 3], 'B heard its own commit once');
    });
  });

  it('the listener reconnects when its connection drops and tells what was committed meanwhile', async () => {
    await withTwoInstances(async (a, b, db) => {
      const heard: number[] = [];
      b.onCommit((seq) => heard.push(seq));
      const pid = await listening(db);
      await sql(db.url, 'SELECT pg_terminate_backend($1)', [pid]);
      await a.commit([{ type: 'component.changed', data: component('while-away') }], seed, T0);
      const caughtUp = heard.includes(1) ? 1 : await nextCall(b, (seq) => seq === 1, 5000);
      assert.equal(caughtUp, 1);
      const newPid = await listening(db);
      assert.notEqual(newPid, pid);
      const next = nextCall(b, (seq) => seq === 2, 1000);
      await a.commit([{ type: 'component.changed', data: component('after') }], seed, T0);
      assert.equal(await next, 2);
    });
  });

  it('exclusive on A blocks exclusive on B until A is done', async () => {
    await withTwoInstances(async (a, b) => {
      const log: string[] = [];
      let aHasLock!: () => void;
      const aStarted = new Promise<void>((resolve) => (aHasLock = resolve));
      const first = a.exclusive(async () => {
        log.push('A starts');
        aHasLock();
        await sleep(300);
        await a.commit([{ type: 'component.changed', data: component('from-a') }], seed, T0);
        log.push('A ends');
      });
      await aStarted;
      const second = b.exclusive(async () => {
        log.push(`B starts and sees sequence ${(await b.snapshot({ since: T0 })).sequence}`);
      });
      await Promise.all([first, second]);
      assert.deepEqual(log, ['A starts', 'A ends', 'B starts and sees sequence 1']);

      // A failed work releases the lock too.
      await assert.rejects(a.exclusive(() => Promise.reject(new Error('no'))));
      assert.equal(await Promise.race([b.exclusive(async () => 'B got it'), sleep(2000, 'B is stuck')]), 'B got it');
    });
  });

  it('close() ends the pool and the listening connection', async () => {
    await withTwoInstances(async (a, b, db) => {
      a.onCommit(() => undefined);
      await listening(db);
      await a.snapshot({ since: T0 });
      await a.close();
      await a.close();
      await assert.rejects(a.snapshot({ since: T0 }), 'a closed store does not query');
      assert.equal(
        (await sql(db.url, `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'kdi-status-listen'`, [db.name]))
          .length,
        0,
      );
      assert.equal((await b.snapshot({ since: T0 })).sequence, 0);
    });
  });
});

/** A committed incident whose notice is expanded into `drafts` (through `store`); returns the deliveries' ids. */
async function outbox(store: Store, drafts: DeliveryDraft[]): Promise<number[]> {
  await store.commit([{ type: 'incident.changed', data: incident('i1', { a: 'major_outage' }) }], key, T0, [
    { changeIndex: 0, kind: 'incident.opened', subjectId: 'i1', dueAt: T0 },
  ]);
  const [notice] = await store.dueNotices(T0, 1);
  await store.expandNotice(notice!.id, drafts, 'expanded', T0);
  return (await store.deliveries({ limit: 100_000 })).filter((d) => d.noticeId === notice!.id).map((d) => d.id);
}

describe('PostgreSQL store: two instances sharing one outbox', () => {
  const mail = (recipient: string): DeliveryDraft => ({
    kind: 'incident.opened',
    channel: 'mail',
    recipient,
    subjectId: 'i1',
    giveUpAt: '2026-11-27T08:00:00.000Z',
  });

  it('claiming at once, they never get the same delivery, and between them they get every one', async () => {
    await withTwoInstances(async (a, b) => {
      const all = await outbox(
        a,
        Array.from({ length: 1_000 }, (_, i) => mail(`s${i}`)),
      );
      const claims = Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? a : b).claimDeliveries({ channel: 'mail', at: T0, limit: 25, leaseMs: 60_000, worker: i % 2 ? 'a' : 'b' }),
      );
      const claimed = (await Promise.all(claims)).flat();
      const claimedIds = claimed.map((d) => d.id);
      assert.equal(new Set(claimedIds).size, claimedIds.length, 'no delivery claimed twice');
      assert.deepEqual(
        [...claimedIds].sort((x, y) => x - y),
        all,
        'every delivery claimed',
      );
      assert.ok(
        claimed.every((d) => d.attempts === 1 && d.state === 'sending'),
        'each claimed once: one attempt',
      );
      for (const d of claimed) assert.equal((await a.delivery(d.id))?.claimedBy, d.claimedBy, `delivery ${d.id} is held by its claimer`);
    });
  });

  it('claiming webhooks at once, each endpoint has at most one delivery in flight, in order', async () => {
    await withTwoInstances(async (a, b) => {
      const endpoints = Array.from({ length: 20 }, (_, i) => `wh_${i}`);
      const rounds: number[][] = [];
      for (let round = 0; round < 3; round += 1) {
        rounds.push(
          await outbox(
            a,
            endpoints.map((id) => ({ ...mail(id), channel: 'webhook' })),
          ),
        );
      }
      const claimAll = () =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? a : b).claimDeliveries({ channel: 'webhook', at: T0, limit: 5, leaseMs: 60_000, worker: i % 2 ? 'a' : 'b' }),
          ),
        ).then((batches) => batches.flat());
      for (const expected of rounds) {
        const claimed = await claimAll();
        assert.deepEqual(
          claimed.map((d) => d.id).sort((x, y) => x - y),
          expected,
          'one per endpoint, the oldest first',
        );
        for (const d of claimed) await (d.claimedBy === 'a' ? a : b).finishDelivery(d.id, d.claimedBy!, { state: 'sent', at: T0 });
      }
      assert.deepEqual(await claimAll(), []);
    });
  });
});

describe('PostgreSQL store: the same answers as SQLite', () => {
  it('an export and a summary from PostgreSQL equal those from SQLite of the same state, byte for byte', async () => {
    const sqlite = await tempSqliteStore();
    const postgres = await tempPostgresStore();
    const imported = await tempPostgresStore();
    try {
      for (const store of [sqlite.store, postgres.store]) {
        await store.commit(
          [
            { type: 'vendor.changed', data: { id: 'v1', name: 'Leverandør Ø', servicedesk: { email: 'drift@v1.example' } } },
            { type: 'component.changed', data: component('sts', [], { kind: 'support-system' }) },
            { type: 'component.changed', data: component('ky', ['sts']) },
            { type: 'component.changed', data: component('k-y', ['sts']) },
          ],
          seed,
          T0,
        );
        await store.commit(
          [{ type: 'incident.changed', data: incident('i1', { sts: 'major_outage' }, { title: { da: '<script>æ</script>' } }) }],
          key,
          T0,
        );
        await store.commit([{ type: 'maintenance.changed', data: maintenance('m1', ['ky'], { status: 'scheduled' }) }], key, T0);
        await assert.rejects(store.commit([{ type: 'component.changed', data: { ...component('x'), vendor: null } as never }], seed, T0));
        await store.saveKey(
          {
            id: 'k_1',
            name: 'Nøgle',
            role: 'admin',
            vendor: null,
            createdAt: T0,
            expiresAt: null,
            revokedAt: null,
            lastUsedAt: null,
            secretHash: 'a'.repeat(43),
          },
          seed,
          T0,
        );
        await store.touchKey('k_1', T0);
        // Subscriptions and endpoints too: a move to PostgreSQL loses none of them.
        await store.saveSubscriber({
          id: 'sub_1',
          address: 'ærø@example.dk',
          components: ['ky', 'k-y'],
          lang: 'da',
          token: 't'.repeat(43),
          createdAt: T0,
          confirmedAt: T0,
          consentVersion: '2026-11 “v1”',
          consentedAt: T0,
        });
        await store.saveWebhookEndpoint(
          {
            id: 'wh_1',
            url: 'https://hooks.example.dk/ø?a=1&b=2',
            components: null,
            contact: 'drift@v1.example',
            vendor: 'v1',
            createdBy: 'k_1',
            createdAt: T0,
            state: 'disabled',
            disabledAt: T0,
            disabledReason: 'Svarede ikke i 3 døgn <script>',
            secret: 'whsec_abc',
          },
          key,
          T0,
        );
      }
      const exported = JSON.stringify(await sqlite.store.exportState(T0));
      assert.ok(exported.includes('"webhookEndpoints":[{') && exported.includes('"subscribers":[{'), 'the export holds both');
      assert.equal(JSON.stringify(await postgres.store.exportState(T0)), exported);
      const summary = async (store: Store) => JSON.stringify(buildStatusView(await store.snapshot({ since: T0 })).summary);
      assert.equal(await summary(postgres.store), await summary(sqlite.store));

      // And SQLite → export → PostgreSQL (a move to scale out) keeps the summary and the export.
      await imported.store.importState(JSON.parse(exported));
      assert.equal(JSON.stringify(await imported.store.exportState(T0)), exported);
      assert.equal(await summary(imported.store), await summary(sqlite.store));
    } finally {
      await Promise.allSettled([sqlite.cleanup(), postgres.cleanup(), imported.cleanup()]);
    }
  });

  it('openStore opens PostgreSQL for a postgres:// or postgresql:// DATABASE_URL', async () => {
    const db = await tempPostgresDatabase();
    try {
      for (const url of [db.url, db.url.replace(/^postgres:/, 'postgresql:')]) {
        const store = openStore(` ${url} `);
        try {
          await store.migrate();
          await store.commit([{ type: 'component.changed', data: component(url.slice(0, 10)) }], seed, T0);
        } finally {
          await store.close();
        }
      }
      assert.deepEqual(await sql(db.url, 'SELECT id FROM components ORDER BY id'), [{ id: 'postgres:/' }, { id: 'postgresql' }]);
    } finally {
      await db.drop();
    }
  });
});
