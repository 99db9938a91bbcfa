#!/usr/bin/env node
// `pnpm bench`: GET /api/v1/summary on the real server against bare node:http answering the same
// bytes with the same headers, 200 and 304, same load tool (autocannon), same run. Each target is
// a child process; the load runs here. Rounds alternate between targets and the median counts,
// because this machine is shared and noisy. Traffic goes only to 127.0.0.1; every round is bounded.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startChild } from './children.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;

function load(port, headers) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}/api/v1/summary`, connections: CONNECTIONS, duration: SECONDS, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const kdi = await startChild('summary-server.mjs');
const response = await fetch(`http://127.0.0.1:${kdi.port}/api/v1/summary`);
const body = await response.text();
const headers = Object.fromEntries(
  ['content-type', 'etag', 'cache-control', 'access-control-allow-origin', 'access-control-expose-headers'].map((h) => [
    h,
    response.headers.get(h),
  ]),
);
const fixture = join(mkdtempSync(join(tmpdir(), 'kdi-bench-')), 'summary.json');
writeFileSync(fixture, JSON.stringify({ body, headers }));
const bare = await startChild('bare-server.mjs', {}, [fixture]);

const targets = { bare, kdi };
const variants = { 200: {}, 304: { 'if-none-match': headers.etag } };
const samples = {};
try {
  // Warm up both (JIT) before measuring.
  for (const target of Object.values(targets))
    await new Promise((r) => autocannon({ url: `http://127.0.0.1:${target.port}/api/v1/summary`, connections: 10, amount: 2000 }, r));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [variant, reqHeaders] of Object.entries(variants)) {
      for (const [name, target] of Object.entries(targets)) {
        const result = await load(target.port, reqHeaders);
        if (result.non2xx && variant === '200') throw new Error(`${name} answered non-2xx during the 200 run`);
        (samples[`${name} ${variant}`] ??= []).push({ rps: result.requests.average, p99: result.latency.p99 });
        process.stderr.write(
          `round ${round + 1}/${ROUNDS} ${name} ${variant}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms\n`,
        );
      }
    }
  }
} finally {
  kdi.child.kill();
  bare.child.kill();
}

const rows = Object.entries(samples).map(([key, list]) => {
  const [target, status] = key.split(' ');
  return { target, status: Number(status), rps: Math.round(median(list.map((s) => s.rps))), p99Ms: median(list.map((s) => s.p99)) };
});
const rps = (target, status) => rows.find((r) => r.target === target && r.status === status).rps;
const result = {
  bench: 'summary-throughput',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  load: { tool: 'autocannon', connections: CONNECTIONS, secondsPerRound: SECONDS, rounds: ROUNDS, bodyBytes: Buffer.byteLength(body) },
  rows,
  ratios: {
    summary200VsBare200: +(rps('kdi', 200) / rps('bare', 200)).toFixed(3),
    summary304VsBare304: +(rps('kdi', 304) / rps('bare', 304)).toFixed(3),
    summary304VsSummary200: +(rps('kdi', 304) / rps('kdi', 200)).toFixed(3),
  },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'summary-throughput.json'), JSON.stringify(result, null, 2) + '\n');
console.table(rows);
console.log(result.ratios);
