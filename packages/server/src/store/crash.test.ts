import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openIncidentOver } from '../test-support/admin-writes.js';
import { runCli, startServerProcess } from '../test-support/server-process.js';
import { tempPostgresDatabase } from './postgres/test-database.js';

// Issue 8, item 8: a server process killed (SIGKILL, no shutdown of any kind) in the middle of
// 200 concurrent admin writes over loopback. After a restart on the same database every write
// that was acknowledged is there, and the event log has no gap.

const WRITES = 200;
const KEYS = 4;
/** Killed once this many writes were acknowledged: well inside the burst, with many in flight. */
const KILL_AFTER = 30;

async function crashDuringWrites(databaseUrl: string): Promise<void> {
  const env = { DATABASE_URL: databaseUrl, RATE_LIMIT_PER_MINUTE: '10000' };
  // Several keys, so the per-key rate limit (however it is configured) refuses none of them.
  assert.equal((await runCli(['keys', 'list'], env)).code, 0, 'the schema is made once, first');
  const created = await Promise.all(
    Array.from({ length: KEYS }, (_, i) => runCli(['keys', 'create', '--role', 'admin', '--name', `crash ${i}`], env)),
  );
  const tokens = created.map((c) => {
    assert.equal(c.code, 0, c.stderr);
    return c.stdout.trim();
  });

  const server = await startServerProcess(env);
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  const acknowledged: string[] = [];
  let unanswered = 0;
  let killed = false;
  const writes = Array.from({ length: WRITES }, async (_, i) => {
    try {
      const answer = await openIncidentOver(server.baseUrl, tokens[i % KEYS]!, `crash ${i}`);
      assert.ok(answer.status < 500, JSON.stringify(answer.body));
      if (answer.status !== 201) return;
      acknowledged.push(answer.body.id!);
      if (acknowledged.length >= KILL_AFTER && !killed) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      unanswered += 1; // the connection died with the process
    }
  });
  await Promise.all(writes);
  if (!killed) server.child.kill('SIGKILL');
  await exited;
  assert.ok(acknowledged.length >= KILL_AFTER, `acknowledged ${acknowledged.length}`);
  assert.ok(unanswered > 0, 'the kill came while writes were in flight');

  const again = await startServerProcess(env);
  try {
    const exported = await runCli(['export', '--json'], env);
    assert.equal(exported.code, 0, exported.stderr);
    const doc = JSON.parse(exported.stdout) as { incidents: { id: string }[]; events: { seq: number }[] };
    const stored = new Set(doc.incidents.map((i) => i.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], 'every acknowledged write is in the database');
    const seqs = doc.events.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
      'the event log runs 1, 2, 3 … without a gap',
    );
    // And the restarted server serves them.
    for (const id of acknowledged.slice(-5)) assert.equal((await fetch(`${again.baseUrl}/api/v1/incidents/${id}`)).status, 200);
    const health = (await (await fetch(`${again.baseUrl}/healthz`)).json()) as { sequence: number };
    assert.equal(health.sequence, seqs.length);
    console.log(
      `# ${databaseUrl.split(':')[0]}: ${acknowledged.length} of ${WRITES} acknowledged before SIGKILL, ${unanswered} unanswered, ${stored.size} incidents stored (the seed's included), log 1…${seqs.length}`,
    );
  } finally {
    await again.stop();
  }
}

describe('SIGKILL during concurrent writes', () => {
  it('SQLite: every acknowledged write survives and the log has no gap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdi-crash-'));
    try {
      await crashDuringWrites(`sqlite:${join(dir, 'status.db')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: every acknowledged write survives and the log has no gap', async () => {
    const db = await tempPostgresDatabase();
    try {
      await crashDuringWrites(db.url);
    } finally {
      await db.drop();
    }
  });
});
