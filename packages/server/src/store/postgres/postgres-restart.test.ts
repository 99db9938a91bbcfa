import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openIncidentOver, type WriteAnswer } from '../../test-support/admin-writes.js';
import { freePort, runCli, startServerProcess } from '../../test-support/server-process.js';
import { openSse } from '../../test-support/sse-reader.js';
import { StoreUnavailableError } from '../store.js';
import { openPostgresStore } from './postgres-store.js';
import { startTestCluster } from './test-cluster.js';

// Issue 8, item 9: PostgreSQL restarted under two running instances. While it is down, writes
// answer 503 problem+json with Retry-After at once and reads answer from memory; once it is back,
// writes work without restarting anything, and each instance listens again, so a change on one
// reaches the other's stream clients within a second.

/** How many instances hold their LISTEN connection on the cluster right now. */
async function listeners(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'kdi-status-listen' AND state = 'idle'
         AND (query LIKE 'LISTEN%' OR query LIKE '%FROM event_counter')`,
    );
    return rows.length;
  } finally {
    await client.end();
  }
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch((error: unknown) => error as T);
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${String(value)} after ${ms} ms`);
    await sleep(50);
  }
}

describe('PostgreSQL restarted under two running instances', () => {
  it('503 with Retry-After while down and reads from memory; afterwards writes and cross-instance push again, no restart', async () => {
    const cluster = await startTestCluster(await freePort());
    const env = { DATABASE_URL: cluster.url };
    const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
    const streams: Awaited<ReturnType<typeof openSse>>[] = [];
    try {
      const created = await runCli(['keys', 'create', '--role', 'admin'], env);
      assert.equal(created.code, 0, created.stderr);
      const token = created.stdout.trim();
      servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
      const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
      streams.push(await openSse(`${a.baseUrl}/api/v1/stream`), await openSse(`${b.baseUrl}/api/v1/stream`));
      const [onA, onB] = streams as [(typeof streams)[0], (typeof streams)[0]];
      await eventually(
        () => listeners(cluster.url),
        (n) => n === 2,
        20_000,
      );

      /** Opens an incident on `from` and waits for it on `stream`, at most a second. */
      const pushed = async (from: string, stream: typeof onA, title: string) => {
        const answer = await openIncidentOver(from, token, title);
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        await stream.until(
          () => stream.events().some((e) => e.type === 'incident.changed' && (e.data as { id: string }).id === answer.body.id),
          1_000,
        );
      };
      await pushed(a.baseUrl, onB, 'before, A to B');

      await cluster.stop();
      const down: WriteAnswer[] = [];
      for (const server of [a, b]) {
        // Bounded by the helper's 15 s abort: a hang fails the test instead of holding it.
        for (let i = 0; i < 3; i += 1) down.push(await openIncidentOver(server.baseUrl, token, `while down ${i}`));
        const summary = await fetch(`${server.baseUrl}/api/v1/summary`);
        assert.equal(summary.status, 200, 'the summary answers from memory');
        assert.ok(((await summary.json()) as { components: unknown[] }).components.length > 0);
        assert.equal((await fetch(`${server.baseUrl}/api/v1/components/ky`)).status, 200);
      }
      for (const answer of down) {
        assert.equal(answer.status, 503, JSON.stringify(answer.body));
        assert.match(answer.contentType ?? '', /^application\/problem\+json/);
        assert.equal(answer.body.code, 'database_unavailable');
        assert.ok(Number(answer.retryAfter) >= 1, 'Retry-After in seconds');
      }

      await cluster.start();
      // Writes work at once: the pool opens new connections for them.
      const back = await openIncidentOver(b.baseUrl, token, 'first write after the restart');
      assert.equal(back.status, 201, JSON.stringify(back.body));
      // LISTEN comes back with backoff (at most 5 s apart); then push is as quick as before.
      await eventually(
        () => listeners(cluster.url),
        (n) => n === 2,
        20_000,
      );
      await pushed(a.baseUrl, onB, 'after, A to B');
      await pushed(b.baseUrl, onA, 'after, B to A');
      // What B wrote before A listened again reached A too (the catch-up after LISTEN).
      await onA.until(
        () => onA.events().some((e) => e.type === 'incident.changed' && (e.data as { id: string }).id === back.body.id),
        1_000,
      );

      for (const server of servers) assert.equal(server.child.exitCode, null, `still running: ${server.output()}`);
      assert.equal(onA.ended || onB.ended, false, 'the streams stayed open throughout');
    } finally {
      await Promise.allSettled(streams.map((s) => s.close()));
      await Promise.allSettled(servers.map((s) => s.stop()));
      await cluster.destroy();
    }
  });

  it('a shutdown while a client is checked out (holding the writer lock) rejects with StoreUnavailableError, and does not crash the process', async () => {
    const cluster = await startTestCluster(await freePort());
    const store = openPostgresStore(cluster.url);
    try {
      await store.migrate();
      // The lock's client sits idle, checked out, while the work runs: the shutdown hits it there.
      await assert.rejects(
        store.exclusive(() => cluster.stop()),
        (error) => error instanceof StoreUnavailableError && error.code === 'database_unavailable',
      );
      await assert.rejects(store.snapshot({ since: new Date().toISOString() }), StoreUnavailableError);
      await cluster.start();
      assert.equal((await store.snapshot({ since: new Date().toISOString() })).sequence, 0, 'and it works again once the server is back');
    } finally {
      await store.close();
      await cluster.destroy();
    }
  });
});
