import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { Summary } from '@kdi-status/sdk';
import { component } from '../../test-support/fixtures.js';
import { runCli, startServerProcess } from '../../test-support/server-process.js';
import { openSse } from '../../test-support/sse-reader.js';
import { openSqliteStore } from './sqlite-store.js';

// Issue 8, item 6: on SQLite the CLI writes the file itself while the server runs. The server
// must notice, not wait for its own next write; and a key made before the first start must not
// stop the demo seed.

/** Polls `read` until `accept` holds, at most `ms`; returns the last value read. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after ${ms} ms`);
    await sleep(25);
  }
}

describe('SQLite: the server and other processes on the same file', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'kdi-other-process-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a key made with the CLI before the first start does not stop the demo seed', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'key-first', 'status.db')}` };
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const server = await startServerProcess(env);
    try {
      const summary = (await (await fetch(`${server.baseUrl}/api/v1/summary`)).json()) as Summary;
      assert.ok(
        summary.components.some((c) => c.id === 'serviceplatformen'),
        'the demo landscape is there',
      );
      assert.ok(
        summary.incidents.some((i) => i.components.some((c) => c.id === 'serviceplatformen')),
        'with its incident on Serviceplatformen',
      );
      const whoami = await fetch(`${server.baseUrl}/api/v1/admin/whoami`, {
        headers: { authorization: `Bearer ${created.stdout.trim()}` },
      });
      assert.equal(whoami.status, 200, 'and the key made first still works');
    } finally {
      await server.stop();
    }
  });

  it('two servers starting at once on a new file seed it once', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'together', 'status.db')}` };
    // The first creates the file and its schema; then both race for the seed.
    assert.equal((await runCli(['keys', 'list'], env)).code, 0);
    const servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    try {
      const exported = await runCli(['export', '--json'], env);
      assert.equal(exported.code, 0, exported.stderr);
      const doc = JSON.parse(exported.stdout) as { events: { actor: { id: string }; type: string; data: { id: string } }[] };
      const seeded = doc.events.filter((e) => e.actor.id === 'seed' && e.type === 'component.changed').map((e) => e.data.id);
      assert.ok(seeded.includes('serviceplatformen'));
      assert.equal(new Set(seeded).size, seeded.length, 'no component seeded twice');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });

  it('keys created and revoked with the CLI, and a commit by another connection, reach the running server without a write through it', async () => {
    const file = join(dir, 'running', 'status.db');
    const env = { DATABASE_URL: `sqlite:${file}` };
    const server = await startServerProcess(env);
    const stream = await openSse(`${server.baseUrl}/api/v1/stream`);
    try {
      const sequence = async () => ((await (await fetch(`${server.baseUrl}/healthz`)).json()) as { sequence: number }).sequence;
      const start = await sequence();
      assert.ok(start > 0, 'seeded');

      const created = await runCli(['keys', 'create', '--role', 'admin', '--json'], env);
      assert.equal(created.code, 0, created.stderr);
      const { token, key } = JSON.parse(created.stdout) as { token: string; key: { id: string } };
      assert.equal(await eventually(sequence, (seq) => seq === start + 1), start + 1, 'the key event moved the sequence');

      const revoked = await runCli(['keys', 'revoke', key.id], env);
      assert.equal(revoked.code, 0, revoked.stderr);
      await eventually(sequence, (seq) => seq === start + 2);
      const whoami = await fetch(`${server.baseUrl}/api/v1/admin/whoami`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(whoami.status, 401, 'the revoked key is refused');

      // A change of the landscape by another connection: summary, ETag and live stream follow.
      const etag = (await fetch(`${server.baseUrl}/api/v1/summary`)).headers.get('etag');
      const other = openSqliteStore(file);
      try {
        await other.commit(
          [{ type: 'component.changed', data: component('from-elsewhere', [], { vendor: 'infra-drift' }) }],
          { type: 'system', id: 'test' },
          new Date().toISOString(),
        );
      } finally {
        await other.close();
      }
      const summary = await eventually(
        async () => (await (await fetch(`${server.baseUrl}/api/v1/summary`)).json()) as Summary,
        (s) => s.components.some((c) => c.id === 'from-elsewhere'),
      );
      assert.equal(summary.sequence, start + 3);
      assert.notEqual((await fetch(`${server.baseUrl}/api/v1/summary`)).headers.get('etag'), etag);
      await stream.until(() => stream.events().some((e) => e.type === 'component.changed' && e.seq === start + 3));
    } finally {
      await stream.close();
      await server.stop();
    }
  });

  it('several connections migrating one fresh file at the same instant all succeed, none fails on a table another made', async () => {
    // Found by CI: two `keys create` on a new file, one said "table vendors already exists". Worker
    // threads stand for the processes: each opens its own connection, then all wait on one barrier
    // so that their migrations start together.
    const store = new URL('./sqlite-store.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const code = `
      const { workerData, parentPort } = require('node:worker_threads');
      import(workerData.tsx)
        .then(({ tsImport }) => tsImport(workerData.store, workerData.store))
        .then(async ({ openSqliteStore }) => {
        const store = openSqliteStore(workerData.file);
        const barrier = new Int32Array(workerData.barrier);
        Atomics.add(barrier, 0, 1);
        while (Atomics.load(barrier, 0) < workerData.count) Atomics.wait(barrier, 0, Atomics.load(barrier, 0), 5);
        try { await store.migrate(); parentPort.postMessage('ok'); }
        catch (error) { parentPort.postMessage(String(error)); }
        finally { await store.close(); }
      });`;
    for (const round of [1, 2, 3, 4, 5]) {
      const file = join(dir, `fresh-${round}.db`);
      const count = 4;
      const barrier = new SharedArrayBuffer(4);
      const answers = await Promise.all(
        Array.from({ length: count }, () => {
          const worker = new Worker(code, { eval: true, workerData: { tsx, store, file, barrier, count } });
          return new Promise<string>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
          });
        }),
      );
      assert.deepEqual(answers, Array(count).fill('ok'), `round ${round}`);
    }
  });
});
