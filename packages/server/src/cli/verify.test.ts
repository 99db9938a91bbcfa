import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { LogVerification } from '@kdi-status/sdk/admin';
import { demoSeed } from '../seed/demo-seed.js';
import type { Store } from '../store/store.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import { runCli } from '../test-support/server-process.js';

// Issue 12, item 5 ("Done when"): changing any byte of a stored event in SQLite or PostgreSQL
// makes `kdi-status verify` (the CLI, run as a process) fail naming that sequence number; an
// untouched log verifies.

/** Every column of the events table, and how verify names a change to it. */
const COLUMNS = [
  ['data', 'hash_mismatch'],
  ['at', 'hash_mismatch'],
  ['actor', 'hash_mismatch'],
  ['actor_id', 'hash_mismatch'],
  ['type', 'hash_mismatch'],
  ['subject_id', 'hash_mismatch'],
  ['components', 'hash_mismatch'],
  ['vendors', 'hash_mismatch'],
  ['hash', 'hash_mismatch'],
  // A row moved to another sequence number leaves a gap where it was.
  ['seq', 'seq_gap'],
] as const;

/** One byte changed: the first letter upper-cased, or the first digit counted on (JSON stays JSON). */
function oneByteChanged(text: string): string {
  const i = text.search(/[a-z0-9]/);
  assert.ok(i >= 0, `nothing to change in ${text}`);
  const c = text[i]!;
  const changed = /[a-z]/.test(c) ? c.toUpperCase() : String((Number(c) + 1) % 10);
  return text.slice(0, i) + changed + text.slice(i + 1);
}

/** A log in use: the demo seed and a key made by the CLI's actor. */
async function fill(store: Store): Promise<number> {
  const at = new Date('2026-11-26T08:00:00.000Z');
  const events = await store.commitIfNoComponents(demoSeed(at), { type: 'system', id: 'seed' }, at.toISOString());
  await store.saveKey(
    {
      id: 'k_abc',
      name: 'Servicedesk',
      role: 'vendor',
      vendor: 'infra-drift',
      createdAt: at.toISOString(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      secretHash: 'x'.repeat(43),
    },
    { type: 'system', id: 'cli' },
    at.toISOString(),
  );
  return events!.length + 1;
}

async function verifyCli(database: string): Promise<{ code: number; result: LogVerification; stderr: string }> {
  const run = await runCli(['verify', '--database', database, '--json'], {});
  return { code: run.code, result: JSON.parse(run.stdout) as LogVerification, stderr: run.stderr };
}

/** The store's SQL, whichever it is: read a cell as text, write it. */
interface Cells {
  read(column: string, seq: number): Promise<string>;
  write(column: string, seq: number, value: string): Promise<void>;
}

function tamperSuite(name: string, open: () => Promise<{ url: string; cells: Cells; count: number; cleanup: () => Promise<void> }>) {
  describe(`kdi-status verify on ${name}`, () => {
    let db: Awaited<ReturnType<typeof open>>;
    /** An event in the middle of the log with every column non-empty (a component's change). */
    let seq = 0;
    before(async () => {
      db = await open();
      for (seq = 3; (await db.cells.read('components', seq)) === ',,'; seq++);
      assert.ok(seq < db.count - 1);
    });
    after(async () => {
      await db?.cleanup();
    });

    it('an untouched log verifies: every event, exit 0', async () => {
      const { code, result, stderr } = await verifyCli(db.url);
      assert.equal(code, 0, stderr);
      assert.equal(result.ok, true);
      assert.equal(result.events, db.count);
      assert.equal(result.lastSeq, db.count);
      assert.match(result.lastHash ?? '', /^[0-9a-f]{64}$/);
      assert.equal(result.failure, null);
    });

    for (const [column, reason] of COLUMNS) {
      it(`one byte changed in "${column}" of an event fails naming its sequence number (${reason}), exit 1`, async () => {
        const original = await db.cells.read(column, seq);
        const changed = column === 'seq' ? String(seq + 1000) : oneByteChanged(original);
        assert.notEqual(changed, original);
        await db.cells.write(column, seq, changed);
        try {
          const { code, result } = await verifyCli(db.url);
          assert.equal(code, 1);
          assert.equal(result.ok, false);
          assert.equal(result.failure?.seq, seq);
          assert.equal(result.failure?.reason, reason);
          assert.equal(result.events, seq - 1, 'the events before it verified');
        } finally {
          await db.cells.write(column, column === 'seq' ? seq + 1000 : seq, original);
        }
      });
    }

    it('says so in words without --json', async () => {
      const original = await db.cells.read('data', 7);
      await db.cells.write('data', 7, oneByteChanged(original));
      try {
        const run = await runCli(['verify', '--database', db.url], {});
        assert.equal(run.code, 1);
        assert.match(run.stdout, /does not verify at sequence 7 \(hash_mismatch\)/);
      } finally {
        await db.cells.write('data', 7, original);
      }
    });

    it('put back, the log verifies again', async () => {
      const { code, result } = await verifyCli(db.url);
      assert.equal(code, 0);
      assert.equal(result.events, db.count);
    });
  });
}

tamperSuite('SQLite', async () => {
  const { store, file, cleanup } = await tempSqliteStore();
  const count = await fill(store);
  await store.close();
  const sql = new Database(file);
  const cells: Cells = {
    async read(column, seq) {
      return String((sql.prepare(`SELECT ${column} AS v FROM events WHERE seq = ?`).get(seq) as { v: unknown }).v);
    },
    async write(column, seq, value) {
      sql.prepare(`UPDATE events SET ${column} = ? WHERE seq = ?`).run(column === 'seq' ? Number(value) : value, seq);
    },
  };
  return {
    url: `sqlite:${file}`,
    cells,
    count,
    cleanup: async () => {
      sql.close();
      await cleanup();
    },
  };
});

tamperSuite('PostgreSQL', async () => {
  const { store, url, cleanup } = await tempPostgresStore();
  const count = await fill(store);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cells: Cells = {
    async read(column, seq) {
      return (await client.query<{ v: string }>(`SELECT ${column}::text AS v FROM events WHERE seq = $1`, [seq])).rows[0]!.v;
    },
    async write(column, seq, value) {
      // json columns take the text as it is (json, not jsonb): the byte changed stays changed.
      await client.query(`UPDATE events SET ${column} = $1 WHERE seq = $2`, [value, seq]);
    },
  };
  return {
    url,
    cells,
    count,
    cleanup: async () => {
      await client.end();
      await cleanup();
    },
  };
});
