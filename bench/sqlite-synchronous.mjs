// One-off measurement (not part of `pnpm bench`): what SQLite's synchronous=FULL (the server's
// setting: an acknowledged write survives a power loss) costs per admin write against NORMAL
// (survives a process crash only). Two real servers in this process, each on its own file in
// the system temp dir, the same N sequential admin writes over loopback, rounds alternating;
// median per write. Usage (after `pnpm build`):
//   node bench/sqlite-synchronous.mjs            # BENCH_WRITES=200 BENCH_ROUNDS=5
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp, openSqliteStore } from '../packages/server/dist/index.js';
import { generateKey } from '../packages/server/dist/domain/api-keys.js';

const WRITES = Number(process.env.BENCH_WRITES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'kdi-bench-sync-'));

async function start(mode) {
  const app = await createApp({
    store: openSqliteStore(join(dir, `${mode}.db`), { synchronous: mode }),
    logLevel: 'error',
    rateLimitPerMinute: 1e9,
  });
  const now = new Date();
  const { token, stored } = generateKey({ role: 'admin', vendor: null, name: 'bench' }, [], now);
  await app.store.saveKey(stored, { type: 'system', id: 'bench' }, now.toISOString());
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  return { app, token, url: `http://127.0.0.1:${app.http.server.address().port}/api/v1/admin/components/ky/status` };
}

/** N writes one after another (each waits for the previous acknowledgement); ms per write. */
async function round(target) {
  const started = performance.now();
  for (let i = 0; i < WRITES; i++) {
    const response = await fetch(target.url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: i % 2 ? 'operational' : 'degraded_performance', reason: `måling ${i}` }),
    });
    if (response.status !== 200) throw new Error(`write answered ${response.status}: ${await response.text()}`);
  }
  return (performance.now() - started) / WRITES;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const targets = { NORMAL: await start('NORMAL'), FULL: await start('FULL') };
const perWrite = { NORMAL: [], FULL: [] };
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of r % 2 ? ['FULL', 'NORMAL'] : ['NORMAL', 'FULL']) perWrite[mode].push(await round(targets[mode]));
  }
} finally {
  await Promise.all(Object.values(targets).map((t) => t.app.http.close()));
  rmSync(dir, { recursive: true, force: true });
}
const [normal, full] = [median(perWrite.NORMAL), median(perWrite.FULL)];
console.log(
  JSON.stringify(
    {
      writes: WRITES,
      rounds: ROUNDS,
      msPerWrite: { NORMAL: +normal.toFixed(2), FULL: +full.toFixed(2) },
      ratio: +(full / normal).toFixed(2),
      extraMsPerWrite: +(full - normal).toFixed(2),
      rounds_ms: perWrite,
    },
    null,
    2,
  ),
);
