// A bench target, run as a child process (with --expose-gc and IPC): the real kdi-status server
// (built) on a fresh SQLite file with the demo data, and an admin key for triggering updates.
// All its streams come from the bench's one address: BENCH_STREAMS_PER_ADDRESS raises that cap.
// Prints { port, token } on stdout; answers { type: 'rss' } with its RSS after a full GC.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, openStore } from '../packages/server/dist/index.js';
import { generateKey } from '../packages/server/dist/domain/api-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'kdi-bench-sse-'));
const app = await createApp({
  store: openStore(`sqlite:${join(dir, 'bench.db')}`),
  logLevel: 'error',
  rateLimitPerMinute: 1_000_000,
  live: { maxStreamsPerAddress: Number(process.env.BENCH_STREAMS_PER_ADDRESS ?? 20_000) },
});
const vendors = (await app.store.snapshot({ since: new Date().toISOString() })).vendors;
const { token, stored } = generateKey({ role: 'admin', vendor: 'kombit' }, vendors, new Date());
await app.store.saveKey(stored, { type: 'system', id: 'bench' }, new Date().toISOString());
await app.http.listen({ port: 0, host: '127.0.0.1' });
process.on('message', (message) => {
  if (message.type === 'rss') {
    globalThis.gc?.();
    process.send({ type: 'rss', rss: process.memoryUsage().rss, ...app.hub.stats() });
  }
});
console.log(JSON.stringify({ port: app.http.server.address().port, token, sequence: app.readModel.current().view.summary.sequence }));
