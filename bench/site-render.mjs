#!/usr/bin/env node
// Cost of the status site's `/c/:component` page (ADR 0014, issue 10 item 8), measured in one run
// against baselines on the same machine:
//  1. rendering: preact-render-to-string of the page (dependency picture and first history page
//     included) against bare string output of the same bytes (`Buffer.from` of the finished HTML:
//     what any template must at least do), in this process;
//  2. serving: req/s of `/c/ky` from the real server (rendered once per change, kept with its
//     ETag) against bare node:http answering the same bytes with the same headers
//     (bench/bare-server.mjs). Each target is a child process; the load (autocannon) runs here.
//     Rounds alternate between the targets, after a warm-up. The ratio is the median of the
//     rounds' ratios (each round's two runs back to back), which the load of other work on a shared
//     machine moves less than a ratio of medians; both are kept. Budget ≥ 0.8×.
// Usage: pnpm build && node bench/site-render.mjs   (BENCH_SECONDS, BENCH_ROUNDS to change)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startChild } from './children.mjs';
import { createApp } from '../packages/server/dist/app.js';
import { dependencyClosure } from '../packages/server/dist/domain/dependency-graph.js';
import { HISTORY_PAGE_SIZE } from '../packages/server/dist/site/component-routes.js';
import { ComponentPage } from '../packages/server/dist/site/pages/component-page.js';
import { renderPage } from '../packages/server/dist/site/render-page.js';
import { openSqliteStore } from '../packages/server/dist/store/sqlite/sqlite-store.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 20;
const PAGE = '/c/ky';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// —— 1. render cost, in this process ——
const dir = mkdtempSync(join(tmpdir(), 'kdi-site-bench-'));
const app = await createApp({ store: openSqliteStore(join(dir, 'status.db')), scheduler: false, logLevel: 'silent' });
const { view } = app.readModel.current();
const component = view.componentsById.get('ky');
const content = await app.store.contentItems({ componentId: 'ky' });
const closure = dependencyClosure(['ky'], view.summary.components);
const found = await app.store.incidentsOfComponent([...closure], { limit: HISTORY_PAGE_SIZE, offset: 0 });
const history = { incidents: found.incidents, page: 1, pages: Math.max(1, Math.ceil(found.total / HISTORY_PAGE_SIZE)) };
const render = () => renderPage(ComponentPage({ view, component, closure, content, history, lang: 'da' }));
const html = render();

/** Microseconds per call of `fn`, the median of 5 batches after a warm-up. */
function timePerCall(fn, n = 2000) {
  for (let i = 0; i < n; i++) fn();
  const batches = [];
  for (let b = 0; b < 5; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    batches.push(Number(process.hrtime.bigint() - start) / 1000 / n);
  }
  return median(batches);
}
const renderUs = timePerCall(() => Buffer.from(render()));
const bareUs = timePerCall(() => Buffer.from(html));
await app.http.close();
rmSync(dir, { recursive: true, force: true });

// —— 2. serving, each target in its own process ——
const site = await startChild('summary-server.mjs');
const sample = await fetch(`http://127.0.0.1:${site.port}${PAGE}`);
const body = await sample.text();
// The bare server sends every header the site sent (CSP, ETag, …) but those of the connection.
const headers = Object.fromEntries(
  [...sample.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)),
);
const fixture = join(mkdtempSync(join(tmpdir(), 'kdi-site-bench-')), 'page.json');
writeFileSync(fixture, JSON.stringify({ body, headers }));
const bare = await startChild('bare-server.mjs', {}, [fixture]);

const targets = { site, bare };
const rps = { site: [], bare: [] };
const p99 = { site: [], bare: [] };
try {
  for (const target of Object.values(targets))
    await new Promise((r) => autocannon({ url: `http://127.0.0.1:${target.port}${PAGE}`, connections: 10, amount: 2000 }, r));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? ['bare', 'site'] : ['site', 'bare']) {
      const result = await autocannon({
        url: `http://127.0.0.1:${targets[name].port}${PAGE}`,
        connections: CONNECTIONS,
        duration: SECONDS,
      });
      if (result.non2xx) throw new Error(`${name} answered non-2xx`);
      rps[name].push(result.requests.average);
      p99[name].push(result.latency.p99);
      process.stderr.write(
        `round ${round + 1}/${ROUNDS} ${name}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms\n`,
      );
    }
  }
} finally {
  site.child.kill();
  bare.child.kill();
}

const served = median(rps.site);
const baseline = median(rps.bare);
const result = {
  bench: 'site-render',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  load: { tool: 'autocannon', connections: CONNECTIONS, secondsPerRound: SECONDS, rounds: ROUNDS },
  page: PAGE,
  bytes: Buffer.byteLength(body),
  renderMicroseconds: Math.round(renderUs * 10) / 10,
  bareStringMicroseconds: Math.round(bareUs * 10) / 10,
  renderRatio: Math.round((renderUs / bareUs) * 10) / 10,
  servedRps: Math.round(served),
  servedP99Ms: median(p99.site),
  bareNodeHttpRps: Math.round(baseline),
  bareP99Ms: median(p99.bare),
  roundRatios: rps.site.map((r, i) => Math.round((r / rps.bare[i]) * 1000) / 1000),
  servedVsBare: Math.round(median(rps.site.map((r, i) => r / rps.bare[i])) * 1000) / 1000,
  medianVsMedian: Math.round((served / baseline) * 1000) / 1000,
  budget: 0.8,
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'site-render.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
process.exit(0);
