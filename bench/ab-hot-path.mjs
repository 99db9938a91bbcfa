// One-off A/B for a change on the hot path (not part of `pnpm bench`): the built summary server of
// two checkouts, same machine, same run, rounds alternating, median. Usage:
//   node bench/ab-hot-path.mjs /path/to/other/checkout
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = fileURLToPath(new URL('..', import.meta.url));
const other = process.argv[2];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function start(root) {
  const child = spawn(process.execPath, [join(root, 'bench/summary-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ child, port: JSON.parse(String(d)).port })));
}
const targets = { base: await start(other), head: await start(here) };
// Each server seeds its own database at its start, so each has its own ETag.
for (const target of Object.values(targets))
  target.etag = (await fetch(`http://127.0.0.1:${target.port}/api/v1/summary`)).headers.get('etag');
const runs = { base: { 200: [], 304: [] }, head: { 200: [], 304: [] } };
for (let round = 0; round < ROUNDS; round++) {
  for (const status of [200, 304]) {
    for (const name of round % 2 ? ['head', 'base'] : ['base', 'head']) {
      const headers = status === 304 ? { 'if-none-match': targets[name].etag } : {};
      const result = await autocannon({
        url: `http://127.0.0.1:${targets[name].port}/api/v1/summary`,
        connections: 50,
        duration: SECONDS,
        headers,
      });
      runs[name][status].push(result.requests.average);
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const status of [200, 304]) {
  const base = median(runs.base[status]);
  const head = median(runs.head[status]);
  console.log(`${status}: base ${Math.round(base)} req/s, head ${Math.round(head)} req/s, head/base ${(head / base).toFixed(3)}`);
}
for (const { child } of Object.values(targets)) child.kill();
