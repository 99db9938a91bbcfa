// Render cost of the status site's `/c/:component` page (ADR 0014), measured in one run against
// baselines on the same machine:
//  1. rendering: preact-render-to-string of the page against bare string output of the same bytes
//     (`Buffer.from` of the finished HTML: what any template must at least do);
//  2. serving: req/s of `/c/ky` from the server (rendered once per change, kept with its ETag)
//     against bare node:http answering the same bytes (bench/bare-server.mjs), autocannon, median.
// Usage: pnpm build && node bench/site-render.mjs   (BENCH_SECONDS, BENCH_ROUNDS to change)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createApp } from '../packages/server/dist/app.js';
import { dependencyClosure } from '../packages/server/dist/domain/dependency-graph.js';
import { HISTORY_PAGE_SIZE } from '../packages/server/dist/site/component-routes.js';
import { ComponentPage } from '../packages/server/dist/site/pages/component-page.js';
import { renderPage } from '../packages/server/dist/site/render-page.js';
import { openSqliteStore } from '../packages/server/dist/store/sqlite/sqlite-store.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'kdi-site-bench-'));
const app = await createApp({ store: openSqliteStore(join(dir, 'status.db')), scheduler: false, logLevel: 'silent' });
const { view } = app.readModel.current();
const component = view.componentsById.get('ky');
const content = await app.store.contentItems({ componentId: 'ky' });
const closure = [...dependencyClosure(['ky'], view.summary.components)];
const found = await app.store.incidentsOfComponent(closure, { limit: HISTORY_PAGE_SIZE, offset: 0 });
const history = { incidents: found.incidents, page: 1, pages: Math.max(1, Math.ceil(found.total / HISTORY_PAGE_SIZE)) };
const render = () => renderPage(ComponentPage({ view, component, content, history, lang: 'da' }));
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

await app.http.listen({ port: 0, host: '127.0.0.1' });
const port = app.http.server.address().port;
const sample = await fetch(`http://127.0.0.1:${port}/c/ky`);
const body = await sample.text();
const headers = Object.fromEntries(
  ['content-type', 'etag', 'cache-control', 'content-security-policy', 'referrer-policy', 'vary'].map((k) => [k, sample.headers.get(k)]),
);
const file = join(dir, 'bare.json');
writeFileSync(file, JSON.stringify({ body, headers }));
const bare = spawn(process.execPath, [join(here, 'bare-server.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
const barePort = await new Promise((resolve) => bare.stdout.once('data', (d) => resolve(JSON.parse(String(d)).port)));

const rps = { site: [], bare: [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? ['bare', 'site'] : ['site', 'bare']) {
    const url = `http://127.0.0.1:${name === 'site' ? port : barePort}/c/ky`;
    const result = await autocannon({ url, connections: 20, duration: SECONDS });
    rps[name].push(result.requests.average);
  }
}
bare.kill();
await app.http.close();
rmSync(dir, { recursive: true, force: true });

const site = median(rps.site);
const baseline = median(rps.bare);
console.log(
  JSON.stringify(
    {
      page: '/c/ky',
      bytes: Buffer.byteLength(html),
      renderMicroseconds: Math.round(renderUs * 10) / 10,
      bareStringMicroseconds: Math.round(bareUs * 10) / 10,
      renderRatio: Math.round((renderUs / bareUs) * 10) / 10,
      servedRps: Math.round(site),
      bareNodeHttpRps: Math.round(baseline),
      servedVsBare: Math.round((site / baseline) * 100) / 100,
    },
    null,
    2,
  ),
);
