#!/usr/bin/env node
// `pnpm bench` (part 3): what a commit costs when many distinct live filters are connected. Two
// server processes, each on its own SQLite file with the demo landscape: one with no streams,
// one with 4,000 SSE streams, each with its own `?components=` (held by a third process that
// reads them all, from one address: the bench raises the per-address cap). Rounds alternate
// between the two; in each, admin POSTs one at a time (open an incident on one component, then
// resolve it, cycling through every component) while two loops GET /api/v1/summary. Write
// latency p50/p99 and summary p99 per target; goal: p99 with 4,000 ≤ 2× without. Then, one
// write at a time, how long until the last stream it concerns has it (the hub lets the event
// loop turn while it fans out, so requests are not held up; this is what that costs the
// streams). Every loop is bounded in count and time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ask, startChild } from './children.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const STREAMS = Number(process.env.BENCH_FILTER_STREAMS ?? 4000);
const ROUNDS = Number(process.env.BENCH_COMMIT_ROUNDS ?? 6);
/** Admin POSTs per round and target (half open, half resolve). */
const WRITES = Number(process.env.BENCH_COMMIT_WRITES ?? 40);
const SUMMARY_LOOPS = 2;
const DELIVERY_ROUNDS = Number(process.env.BENCH_DELIVERY_ROUNDS ?? 10);
const ROUND_TIMEOUT_MS = 120_000;

/** A small deterministic PRNG (mulberry32), so every run connects the same filters. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` distinct sets of 1–5 component ids. */
function distinctFilters(ids, n) {
  const next = random(8);
  const filters = new Set();
  for (let tries = 0; filters.size < n && tries < n * 100; tries++) {
    const size = 1 + Math.floor(next() * 5);
    const picked = new Set();
    while (picked.size < size) picked.add(ids[Math.floor(next() * ids.length)]);
    filters.add([...picked].sort().join(','));
  }
  if (filters.size < n) throw new Error(`only ${filters.size} distinct filters`);
  return [...filters];
}

async function post(server, path, body) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The ids of `ids` and everything they depend on. */
function closure(ids, components) {
  const byId = new Map(components.map((c) => [c.id, c]));
  const seen = new Set();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return seen;
}

/** One round on one server: WRITES timed POSTs, one at a time, while SUMMARY_LOOPS loops GET the summary. */
async function round(server, components, offset) {
  const writes = [];
  const summaries = [];
  let writing = true;
  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  const poll = async () => {
    while (writing && Date.now() < deadline) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/summary`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`summary: ${response.status}`);
      summaries.push(performance.now() - started);
    }
  };
  const pollers = Array.from({ length: SUMMARY_LOOPS }, poll);
  try {
    for (let i = 0; i < WRITES / 2; i++) {
      if (Date.now() > deadline) throw new Error('round timed out');
      const component = components[(offset + i) % components.length];
      let started = performance.now();
      const incident = await post(server, '/api/v1/admin/incidents', {
        title: { da: `Bench ${offset + i}` },
        impact: 'minor',
        vendor: component.vendor,
        components: [{ id: component.id, status: 'degraded_performance' }],
        message: { da: 'Vi undersøger fejlen' },
      });
      writes.push(performance.now() - started);
      started = performance.now();
      await post(server, `/api/v1/admin/incidents/${incident.id}/resolve`, { message: { da: 'Fejlen er rettet' } });
      writes.push(performance.now() - started);
    }
  } finally {
    writing = false;
    await Promise.all(pollers);
  }
  return { writes, summaries };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const r1 = (x) => Math.round(x * 10) / 10;
const describe = (samples) => {
  const writes = samples.flatMap((s) => s.writes).sort((a, b) => a - b);
  const summaries = samples.flatMap((s) => s.summaries).sort((a, b) => a - b);
  return {
    writes: writes.length,
    writeP50: r1(pct(writes, 50)),
    writeP99: r1(pct(writes, 99)),
    summaries: summaries.length,
    summaryP50: r1(pct(summaries, 50)),
    summaryP99: r1(pct(summaries, 99)),
  };
};

// Both servers allow this bench's one address more streams than the default.
const env = { BENCH_STREAMS_PER_ADDRESS: String(STREAMS + 100) };
const targets = { none: await startChild('sse-server.mjs', env), many: await startChild('sse-server.mjs', env) };
const holder = await startChild('stream-holder.mjs');
const results = {};
try {
  const summary = await (await fetch(`http://127.0.0.1:${targets.many.port}/api/v1/summary`)).json();
  const components = summary.components.map((c) => ({ id: c.id, vendor: c.vendor, dependsOn: c.dependsOn }));
  const filters = distinctFilters(
    components.map((c) => c.id),
    STREAMS,
  );
  const connectStarted = performance.now();
  const ready = await ask(
    holder.child,
    { type: 'connect', port: targets.many.port, paths: filters.map((f) => `/api/v1/stream?components=${f}`) },
    'ready',
  );
  const stats = await ask(targets.many.child, { type: 'rss' }, 'rss');
  process.stderr.write(
    `${ready.streams} streams in ${Math.round(performance.now() - connectStarted)} ms; server: ${stats.clients} clients, ${stats.groups} filter groups\n`,
  );
  if (stats.clients !== STREAMS || stats.groups !== STREAMS) throw new Error(`expected ${STREAMS} streams in ${STREAMS} groups`);

  const samples = { none: [], many: [] };
  // Warm-up (JIT, SQLite cache) on both, not counted.
  for (const target of Object.values(targets)) await round(target, components, 0);
  for (let i = 0; i < ROUNDS; i++) {
    for (const name of i % 2 ? ['many', 'none'] : ['none', 'many']) {
      const sample = await round(targets[name], components, (i + 1) * (WRITES / 2));
      samples[name].push(sample);
      const d = describe([sample]);
      process.stderr.write(
        `round ${i + 1}/${ROUNDS} ${name}: write p50 ${d.writeP50} p99 ${d.writeP99} ms, summary p99 ${d.summaryP99} ms\n`,
      );
    }
  }
  // Delivery: one incident at a time on the many-streams server, on the component most filters
  // depend on; the time from the POST until the last stream whose closure holds it has the event.
  const target = 'sts';
  const expected = filters.filter((f) => closure(f.split(','), components).has(target)).length;
  const deliveries = [];
  for (let i = 0; i < DELIVERY_ROUNDS; i++) {
    const marker = `delivery-${i}-`;
    await ask(holder.child, { type: 'arm', marker }, 'armed');
    const started = performance.timeOrigin + performance.now();
    const incident = await post(targets.many, '/api/v1/admin/incidents', {
      title: { da: marker },
      impact: 'minor',
      vendor: components.find((c) => c.id === target).vendor,
      components: [{ id: target, status: 'degraded_performance' }],
      message: { da: 'Vi undersøger fejlen' },
    });
    const deadline = Date.now() + 10_000;
    let arrivals;
    do {
      await new Promise((resolve) => setTimeout(resolve, 20));
      arrivals = await ask(holder.child, { type: 'arrivals' }, 'arrivals');
    } while (arrivals.count < expected && Date.now() < deadline);
    if (arrivals.count < expected) throw new Error(`only ${arrivals.count}/${expected} streams got ${marker}`);
    deliveries.push(arrivals.lastArrival - started);
    await post(targets.many, `/api/v1/admin/incidents/${incident.id}/resolve`, { message: { da: 'Fejlen er rettet' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  deliveries.sort((a, b) => a - b);
  results.delivery = {
    rounds: DELIVERY_ROUNDS,
    component: target,
    streams: expected,
    p50: r1(pct(deliveries, 50)),
    max: r1(deliveries.at(-1)),
  };
  process.stderr.write(
    `delivery to the ${expected} streams that depend on ${target}: p50 ${results.delivery.p50} ms, max ${results.delivery.max} ms\n`,
  );

  const after = await ask(targets.many.child, { type: 'rss' }, 'rss');
  const received = await ask(holder.child, { type: 'bytes' }, 'bytes');
  results.none = describe(samples.none);
  results.many = { ...describe(samples.many), lastPublishMs: r1(after.publishMs), streamBytesReceived: received.bytes };
  if (after.clients !== STREAMS) throw new Error(`${STREAMS - after.clients} streams were dropped during the run`);
} finally {
  for (const target of [...Object.values(targets), holder]) target.child.kill();
}

const result = {
  bench: 'commit-cost',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  load: { streams: STREAMS, distinctFilters: STREAMS, rounds: ROUNDS, writesPerRound: WRITES, summaryLoops: SUMMARY_LOOPS },
  ...results,
  ratios: {
    writeP99: +(results.many.writeP99 / results.none.writeP99).toFixed(2),
    summaryP99: +(results.many.summaryP99 / results.none.summaryP99).toFixed(2),
  },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'commit-cost.json'), JSON.stringify(result, null, 2) + '\n');
console.table({ '0 streams': results.none, [`${STREAMS} distinct filters`]: results.many });
console.log(`ratios (${STREAMS} / 0)`, result.ratios);
console.log('delivery (one write at a time)', results.delivery);
process.exit(0);
