import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Actor } from '@kdi-status/sdk';
import type { ExportDocument } from '@kdi-status/sdk/export';
import { createApp } from '../app.js';
import { verifyLog } from '../read/verify-log.js';
import { demoSeed } from '../seed/demo-seed.js';
import { createTestKey } from '../test-support/admin-server.js';
import { component, T0, tempSqliteStore } from '../test-support/fixtures.js';
import { runCli } from '../test-support/server-process.js';
import { makeCheckpoint } from '../write/log-checkpoints.js';
import { createLogSigner } from '../write/signing-key.js';
import { tempPostgresStore } from './postgres/test-database.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import { sqliteMigrations } from './sqlite/migrations.js';
import type { Store } from './store.js';

// Issue 12, item 5: the chain holds under concurrent writers, across export and import in both
// directions, for a log written before the chain (migration 3 back-fills it); instances starting
// at once agree on one signing key; a checkpoint catches events removed from the end.

const seed: Actor = { type: 'system', id: 'seed' };
const at = new Date(T0);

async function seeded(store: Store): Promise<void> {
  await store.commitIfNoComponents(demoSeed(at), seed, T0);
}

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'kdi-chain-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the log chain on PostgreSQL with several instances', () => {
  it('two instances committing at once (2 × 50) keep one valid chain', async () => {
    const db = await tempPostgresStore();
    try {
      const other = await db.reopen();
      await db.store.commit([{ type: 'component.changed', data: component('base') }], seed, T0);
      const writes = (store: Store, name: string) =>
        (async () => {
          for (let i = 0; i < 50; i++) await store.commit([{ type: 'component.changed', data: component(`${name}-${i}`) }], seed, T0);
        })();
      await Promise.all([writes(db.store, 'a'), writes(other, 'b')]);
      const result = await verifyLog(other);
      assert.equal(result.failure, null);
      assert.equal(result.ok, true);
      assert.equal(result.events, 101);
      assert.equal(result.lastSeq, 101);
    } finally {
      await db.cleanup();
    }
  });

  it('two instances starting at once agree on one generated signing key', async () => {
    const db = await tempPostgresStore();
    try {
      const [a, b] = await Promise.all([db.reopen(), db.reopen()]);
      const apps = await Promise.all(
        [a, b].map((store) => createApp({ store, scheduler: false, checkpointIntervalMs: 0, notify: { worker: false } })),
      );
      try {
        assert.equal(apps[0]!.signer.publicKey.keyId, apps[1]!.signer.publicKey.keyId);
        assert.equal(apps[0]!.signer.publicKey.publicKeyPem, apps[1]!.signer.publicKey.publicKeyPem);
        assert.deepEqual(
          (await a.logKeys()).map((key) => key.keyId),
          [apps[0]!.signer.publicKey.keyId],
        );
        // What one signs, the other's published key verifies.
        const made = await makeCheckpoint(a, apps[0]!.signer, new Date());
        assert.equal((await verifyLog(b)).checkpoints, 1);
        assert.ok(made?.created);
      } finally {
        await Promise.all(apps.map((app) => app.http.close()));
      }
    } finally {
      await db.cleanup();
    }
  });
});

describe('export and import keep the chain', () => {
  it('SQLite → PostgreSQL → SQLite: hashes and checkpoints kept, verify passes each time', async () => {
    const { dir, cleanup } = tempDir();
    const pgDb = await tempPostgresStore();
    try {
      const first = openSqliteStore(join(dir, 'first.db'));
      await first.migrate();
      await seeded(first);
      const signer = await createLogSigner(first, undefined, at);
      await makeCheckpoint(first, signer, at);
      await first.commit([{ type: 'component.changed', data: component('later') }], seed, T0);
      await makeCheckpoint(first, signer, at);
      const exported = await first.exportState(T0);
      await first.close();
      assert.equal(exported.checkpoints?.length, 2);
      assert.ok(exported.events.every((event) => /^[0-9a-f]{64}$/.test(event.hash ?? '')));
      const file = join(dir, 'first.json');
      writeFileSync(file, JSON.stringify(exported));

      // Through the CLI (the file as a user has it) into PostgreSQL.
      const intoPg = await runCli(['import', file, '--database', pgDb.url], {});
      assert.equal(intoPg.code, 0, intoPg.stderr);
      const onPg = await verifyLog(pgDb.store);
      assert.equal(onPg.ok, true, JSON.stringify(onPg.failure));
      assert.equal(onPg.checkpoints, 2, 'the checkpoints hold under the exported public key');
      assert.equal(onPg.lastHash, exported.events.at(-1)!.hash);

      const back = await pgDb.store.exportState(T0);
      assert.equal(JSON.stringify(back), JSON.stringify(exported), 'byte for byte the same document');
      const again = openSqliteStore(join(dir, 'again.db'));
      await again.migrate();
      await again.importState(JSON.parse(JSON.stringify(back)) as ExportDocument);
      const onSqlite = await verifyLog(again);
      assert.equal(onSqlite.ok, true, JSON.stringify(onSqlite.failure));
      assert.equal(onSqlite.lastHash, exported.events.at(-1)!.hash);
      // New events chain on from the imported ones.
      await again.commit([{ type: 'component.changed', data: component('after-import') }], seed, T0);
      assert.equal((await verifyLog(again)).ok, true);
      await again.close();
    } finally {
      await pgDb.cleanup();
      cleanup();
    }
  });

  it('an export whose chain is broken is refused, naming the sequence; nothing is written', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const source = openSqliteStore(join(dir, 'source.db'));
      await source.migrate();
      await seeded(source);
      const exported = await source.exportState(T0);
      await source.close();
      const tampered = structuredClone(exported);
      const victim = tampered.events[4]!;
      assert.equal(victim.type, 'vendor.changed');
      (victim.data as { name: string }).name += '!';
      const file = join(dir, 'tampered.json');
      writeFileSync(file, JSON.stringify(tampered));
      const target = `sqlite:${join(dir, 'target.db')}`;
      const refused = await runCli(['import', file, '--database', target], {});
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, new RegExp(`does not verify at sequence ${victim.seq} \\(hash_mismatch\\)`));
      const empty = openSqliteStore(join(dir, 'target.db'));
      assert.equal((await empty.exportState(T0)).events.length, 0, 'nothing was imported');
      await empty.close();

      // Without hashes (an export made before the chain) it is taken, and hashed on import.
      const pgDb = await tempPostgresStore();
      try {
        const old = { ...tampered, events: tampered.events.map(({ hash: _, ...event }) => event) };
        delete old.checkpoints;
        delete old.logKeys;
        await pgDb.store.importState(old);
        assert.equal((await verifyLog(pgDb.store)).ok, true);
        // One event without a hash among others with one: refused.
        const mixed = await tempPostgresStore();
        try {
          const events = exported.events.map((event, i) => (i === 2 ? { ...event, hash: undefined } : event));
          await assert.rejects(mixed.store.importState({ ...exported, events }), /sequence 3 \(missing_hash\)/);
        } finally {
          await mixed.cleanup();
        }
      } finally {
        await pgDb.cleanup();
      }
    } finally {
      cleanup();
    }
  });
});

describe('a log written before the chain', () => {
  it('migration 3 back-fills the hashes in order: the old log verifies, new events chain on', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // The database as version 2 left it, with events.
      const file = join(dir, 'old.db');
      const reference = openSqliteStore(join(dir, 'reference.db'));
      await reference.migrate();
      await seeded(reference);
      const wanted = await reference.eventRows(0, 1000);
      await reference.close();
      const old = new Database(file);
      old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      for (const migration of sqliteMigrations.filter((m) => m.version <= 2)) {
        old.exec(migration.sql);
        old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.name, T0);
      }
      const insert = old.prepare(
        'INSERT INTO events (seq, at, actor, actor_id, type, subject_id, components, vendors, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const row of wanted)
        insert.run(row.seq, row.at, row.actor, row.actorId, row.type, row.subjectId, row.components, row.vendors, row.data);
      old.close();

      const store = openSqliteStore(file);
      await store.migrate();
      assert.deepEqual(await store.eventRows(0, 1000), wanted, 'the same hashes as a log written with the chain');
      assert.equal((await verifyLog(store)).ok, true);
      await store.commit([{ type: 'component.changed', data: component('after-migration') }], seed, T0);
      assert.equal((await verifyLog(store)).events, wanted.length + 1);
      await store.close();
    } finally {
      cleanup();
    }
  });

  it('a checkpoint catches events removed from the end, which the chain alone cannot', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'cut.db');
      const store = openSqliteStore(file);
      await store.migrate();
      await seeded(store);
      const made = await makeCheckpoint(store, await createLogSigner(store, undefined, at), at);
      const sql = new Database(file);
      sql.prepare('DELETE FROM events WHERE seq = ?').run(made!.checkpoint.seq);
      sql.close();
      const result = await verifyLog(store);
      assert.equal(result.ok, false);
      assert.equal(result.failure?.seq, made!.checkpoint.seq);
      assert.equal(result.failure?.reason, 'checkpoint_beyond_log');
      await store.close();
    } finally {
      cleanup();
    }
  });
});

describe('the log routes refuse what they must, as problems naming the cause', () => {
  it('404 before any checkpoint, 400 naming a bad query, 403 for a vendor key, 409 signing a log that does not verify', async () => {
    const temp = await tempSqliteStore();
    const app = await createApp({ store: temp.store, scheduler: false, checkpointIntervalMs: 0, notify: { worker: false } });
    try {
      const call = async (method: 'GET' | 'POST', url: string, token?: string) => {
        const res = await app.http.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {} });
        return { status: res.statusCode, type: res.headers['content-type'], body: JSON.parse(res.body) as Record<string, unknown> };
      };
      const admin = await createTestKey(app.store, 'admin');
      const vendor = await createTestKey(app.store, 'vendor', 'infra-drift');

      const none = await call('GET', '/api/v1/log/checkpoints/latest');
      assert.equal(none.status, 404);
      assert.match(String(none.type), /application\/problem\+json/);
      assert.equal(none.body.code, 'checkpoint_not_found');
      const badQuery = await call('GET', '/api/v1/log/checkpoints?limit=0');
      assert.equal(badQuery.status, 400);
      assert.equal(badQuery.body.code, 'invalid_query');
      assert.equal((badQuery.body.errors as Array<{ field: string }>)[0]!.field, 'limit');
      const byVendor = await call('GET', '/api/v1/admin/log/verify', vendor);
      assert.equal(byVendor.status, 403);
      assert.equal(byVendor.body.code, 'admin_only');
      assert.equal((await call('POST', '/api/v1/admin/log/checkpoints', vendor)).body.code, 'admin_only');

      const made = await call('POST', '/api/v1/admin/log/checkpoints', admin);
      assert.equal(made.status, 201);
      const sql = new Database(temp.file);
      sql.prepare("UPDATE events SET at = '2026-01-01T00:00:00.000Z' WHERE seq = 3").run();
      sql.close();
      await app.store.commit([{ type: 'component.changed', data: component('after-tamper') }], seed, T0);
      const refused = await call('POST', '/api/v1/admin/log/checkpoints', admin);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'log_not_verified');
      assert.match(String(refused.body.detail), /sequence 3 \(hash_mismatch\)/);
      const verified = await call('GET', '/api/v1/admin/log/verify', admin);
      assert.equal(verified.status, 200);
      assert.deepEqual([verified.body.ok, (verified.body.failure as { seq: number }).seq], [false, 3]);
      assert.equal((await call('GET', '/api/v1/log/checkpoints')).body.checkpoints instanceof Array, true);
    } finally {
      await app.http.close();
      await temp.cleanup();
    }
  });
});
