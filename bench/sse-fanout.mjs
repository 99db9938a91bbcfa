#!/usr/bin/env node
// `pnpm bench` (part 2): live push at scale. For 1k, 5k and 10k SSE clients on 127.0.0.1: one
// incident update, time until every client has it (p50, p99, max), next to a minimal raw-socket
// broadcaster sending the very same frame to the same number of clients in the same run; server
// memory per idle client (RSS growth after GC / clients); and end to end, admin POST → event at
// a subscribed client, p50/p99. Every loop is bounded in count and time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ask, startChild } from './children.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const SIZES = (process.env.BENCH_SSE_CLIENTS ?? '1000,5000,10000').split(',').map(Number);
const E2E_ROUNDS = Number(process.env.BENCH_E2E_ROUNDS ?? 200);
const TIMEOUT_MS = 60_000;
/** Updates per side and size: the first are warm-up (JIT, GC settling), the median of the rest counts. */
const WARMUP = Number(process.env.BENCH_SSE_WARMUP ?? 3);
const ROUNDS = Number(process.env.BENCH_SSE_ROUNDS ?? 5);

/** Opens `n` raw SSE clients, a few hundred at a time; each watches its stream for a marker. */
async function connectClients(port, n, path) {
  const clients = [];
  let arrived = 0;
  let armed = null;
  let onAll = () => {};
  const open = (i) =>
    new Promise((resolve, reject) => {
      const client = { socket: connect({ host: '127.0.0.1', port }), at: 0, tail: '' };
      client.socket.setNoDelay(true);
      client.socket.on('connect', () =>
        client.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`),
      );
      client.socket.on('data', (chunk) => {
        if (!client.ready) {
          client.ready = true;
          resolve(client);
        }
        if (!armed || client.at) return;
        const text = client.tail + chunk.toString('latin1');
        if (text.includes(armed)) {
          client.at = performance.now();
          if (++arrived === n) onAll();
        } else client.tail = text.slice(-64);
      });
      client.socket.on('error', reject);
      clients[i] = client;
    });
  for (let i = 0; i < n; i += 250) await Promise.all(Array.from({ length: Math.min(250, n - i) }, (_, k) => open(i + k)));
  return {
    clients,
    /** Arms the marker, runs `trigger`, resolves with each client's delay after the trigger (ms). */
    async measure(marker, trigger) {
      arrived = 0;
      for (const c of clients) {
        c.at = 0;
        c.tail = '';
      }
      armed = marker;
      const done = new Promise((resolve, reject) => {
        onAll = resolve;
        setTimeout(() => reject(new Error(`only ${arrived}/${n} clients got the update`)), TIMEOUT_MS).unref();
      });
      const t0 = performance.now();
      await trigger();
      await done;
      armed = null;
      return clients.map((c) => c.at - t0).sort((a, b) => a - b);
    },
    close: () => clients.forEach((c) => c.socket.destroy()),
  };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x) => Math.round(x * 10) / 10;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Per round: p50, p99 and max over the clients; over rounds: the median of each. */
const stats = (rounds) => ({
  p50: round(median(rounds.map((r) => pct(r, 50)))),
  p99: round(median(rounds.map((r) => pct(r, 99)))),
  max: round(median(rounds.map((r) => r.at(-1)))),
  maxPerRound: rounds.map((r) => round(r.at(-1))),
});

/** Warm-up updates, then ROUNDS measured ones; `trigger(marker)` sends one update. */
async function rounds(clients, name, trigger) {
  for (let i = 0; i < WARMUP; i++) await clients.measure(`warm-${name}-${i}-`, () => trigger(`warm-${name}-${i}-`));
  const measured = [];
  for (let i = 0; i < ROUNDS; i++) measured.push(await clients.measure(`${name}-${i}-`, () => trigger(`${name}-${i}-`)));
  return measured;
}

async function adminPost(server, path, body) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const incidentBody = (marker) => ({
  title: { da: `Benchmark ${marker}` },
  impact: 'minor',
  vendor: 'infra-drift',
  components: [{ id: 'sts', status: 'degraded_performance' }],
  message: { da: 'Vi undersøger fejlen' },
});

const fanout = [];
for (const n of SIZES) {
  // kdi-status: clients follow KY and resume from "now", so connecting replays nothing.
  const kdi = await startChild(process.env.BENCH_PROF ?? 'sse-server.mjs');
  const before = await ask(kdi.child, { type: 'rss' });
  const kdiClients = await connectClients(kdi.port, n, `/api/v1/stream?components=ky&lastEventId=${kdi.sequence + 0}`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = await ask(kdi.child, { type: 'rss' });
  const marker = `fanout-${n}-`;
  const kdiRounds = await rounds(kdiClients, `fanout-${n}`, (m) => adminPost(kdi, '/api/v1/admin/incidents', incidentBody(m)));
  const serverSide = await ask(kdi.child, { type: 'rss' });
  process.stderr.write(
    `server: commit→publish ${serverSide.commitToPublishMs?.toFixed(1)} ms, publish loop ${serverSide.publishMs?.toFixed(1)} ms (last round)\n`,
  );
  // The frame kdi-status sent for the last update, so the baseline sends the very same bytes.
  const frame = await new Promise((resolve) => {
    const last = `${marker}${ROUNDS - 1}-`;
    const probe = connect({ host: '127.0.0.1', port: kdi.port });
    let text = '';
    probe.on('connect', () => probe.write(`GET /api/v1/stream?components=ky&lastEventId=${kdi.sequence} HTTP/1.1\r\nHost: x\r\n\r\n`));
    probe.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const at = text.indexOf(last);
      if (at >= 0 && text.endsWith('\n\n')) {
        probe.destroy();
        resolve(Buffer.from(text.slice(text.lastIndexOf('\n\nid: ', at) + 2), 'latin1'));
      }
    });
  });
  kdiClients.close();
  kdi.child.kill();

  const raw = await startChild('raw-broadcaster.mjs');
  const rawBefore = await ask(raw.child, { type: 'rss' });
  const rawClients = await connectClients(raw.port, n, '/');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rawIdle = await ask(raw.child, { type: 'rss' });
  // Same trigger path as for kdi-status: an HTTP POST from here over loopback. The frame is
  // kdi-status's own, with this round's marker in place of the one it carried.
  const lastMarker = `${marker}${ROUNDS - 1}-`;
  const rawRounds = await rounds(rawClients, `fanout-${n}`, async (m) => {
    const bytes = Buffer.from(frame.toString('latin1').replace(lastMarker, m.padEnd(lastMarker.length, '-')), 'latin1');
    await ask(raw.child, { type: 'prepare', frame: bytes.toString('base64') });
    await fetch(`http://127.0.0.1:${raw.port}/broadcast`, { method: 'POST' });
  });
  const rawSide = await ask(raw.child, { type: 'rss' });
  process.stderr.write(`raw: broadcast loop ${rawSide.publishMs?.toFixed(1)} ms (last round)\n`);
  rawClients.close();
  raw.child.kill();

  const row = {
    clients: n,
    frameBytes: frame.length,
    kdi: { ...stats(kdiRounds), rssPerClientBytes: Math.round((idle.rss - before.rss) / n) },
    raw: { ...stats(rawRounds), rssPerClientBytes: Math.round((rawIdle.rss - rawBefore.rss) / n) },
  };
  row.lastClientRatio = +(row.kdi.max / row.raw.max).toFixed(2);
  fanout.push(row);
  process.stderr.write(
    `${n} clients: kdi max ${row.kdi.max} ms, raw max ${row.raw.max} ms, ratio ${row.lastClientRatio}; RSS/client kdi ${row.kdi.rssPerClientBytes} B, raw ${row.raw.rssPerClientBytes} B\n`,
  );
}

// End to end: admin POST → the event at a subscribed client, one update at a time.
const e2eServer = await startChild('sse-server.mjs');
const e2eClients = await connectClients(e2eServer.port, 10, `/api/v1/stream?components=ky&lastEventId=${e2eServer.sequence}`);
const e2e = [];
for (let i = 0; i < E2E_ROUNDS; i++) {
  const marker = `e2e-${i}-`; // one update at a time; the first client to get it counts
  const delays = await e2eClients.measure(marker, () => adminPost(e2eServer, '/api/v1/admin/incidents', incidentBody(marker)));
  e2e.push(delays[0]);
}
e2eClients.close();
e2eServer.child.kill();
e2e.sort((a, b) => a - b);

const result = {
  bench: 'sse-fanout',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  fanout,
  endToEnd: { rounds: E2E_ROUNDS, p50: round(pct(e2e, 50)), p99: round(pct(e2e, 99)), max: round(e2e.at(-1)) },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'sse-fanout.json'), JSON.stringify(result, null, 2) + '\n');
console.table(
  fanout.map((r) => ({
    clients: r.clients,
    kdiMax: r.kdi.max,
    rawMax: r.raw.max,
    ratio: r.lastClientRatio,
    kdiRss: r.kdi.rssPerClientBytes,
    rawRss: r.raw.rssPerClientBytes,
  })),
);
console.log('end to end', result.endToEnd);
process.exit(0);
