#!/usr/bin/env node
// `pnpm bench` (part 4): the bytes one page view of a fagløsning costs the network once the widget
// is cached, in a generated landscape of 1,000 components (bench/landscape-server.mjs): the
// bundle's revalidation (a 304 to the plain URL's If-None-Match; nothing at all for the
// versioned, immutable URL), then the first data on connect — the summary filtered to the one
// fagløsning and its 10 dependencies, against today's whole summary. Bytes are counted on the
// wire over a raw socket: status line, headers and body of each answer, asked with the
// Accept-Encoding a browser sends. The server gzips filtered summaries; the whole summary it sends
// uncoded (as it always has: a proxy in front may compress it), so its gzip size is given beside,
// computed here at level 6. Goal: first data ≤ 5 KB.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { startChild } from './children.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const BUDGET_BYTES = 5 * 1024;

/** One request over a fresh socket (Connection: close); the whole answer as bytes, and its parts. */
function exchange(port, path, headers = {}) {
  const head = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  const request = `${head.join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const wire = Buffer.concat(chunks);
      const split = wire.indexOf('\r\n\r\n');
      const headerText = wire.subarray(0, split).toString('latin1');
      const status = Number(headerText.split(' ')[1]);
      const responseHeaders = Object.fromEntries(
        headerText
          .split('\r\n')
          .slice(1)
          .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({
        status,
        headers: responseHeaders,
        requestBytes: Buffer.byteLength(request),
        wireBytes: wire.length,
        body: wire.subarray(split + 4),
      });
    });
  });
}

const { child, port, target, components } = await startChild('landscape-server.mjs');
try {
  const accept = { 'Accept-Encoding': 'gzip, deflate, br' };
  // First visit (for context): the bundle as a browser gets it, then its revalidation.
  const bundle = await exchange(port, '/widget/kdi-status.js', accept);
  if (bundle.status !== 200) throw new Error(`bundle: ${bundle.status}`);
  const revalidated = await exchange(port, '/widget/kdi-status.js', { ...accept, 'If-None-Match': bundle.headers.etag });
  if (revalidated.status !== 304) throw new Error(`bundle revalidation: ${revalidated.status}`);

  // As a browser's fetch asks (it sends Accept-Encoding itself); uncoded too, for a client that does not.
  const filtered = await exchange(port, `/api/v1/summary?components=${target}`, accept);
  const filteredPlain = await exchange(port, `/api/v1/summary?components=${target}`);
  const whole = await exchange(port, '/api/v1/summary', accept);
  if (filtered.status !== 200 || filtered.headers['content-encoding'] !== 'gzip') throw new Error(`filtered summary: ${filtered.status}`);
  if (whole.status !== 200 || whole.headers['content-encoding']) throw new Error(`whole summary: ${whole.status}`);
  const filteredSummary = JSON.parse(filteredPlain.body.toString());
  const wholeSummary = JSON.parse(whole.body.toString());
  if (!gunzipSync(filtered.body).equals(filteredPlain.body)) throw new Error('the gzipped filtered summary is not the plain one');
  if (filteredSummary.components.length !== 11)
    throw new Error(`fag-0's closure has ${filteredSummary.components.length} components, not 11`);

  const row = (r) => ({ wireBytes: r.wireBytes, bodyBytes: r.body.length, gzipBodyBytes: gzipSync(r.body, { level: 6 }).length });
  const filteredRow = { wireBytes: filtered.wireBytes, encoding: 'gzip', uncoded: row(filteredPlain) };
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    landscape: {
      components,
      target,
      closure: filteredSummary.components.length,
      incidents: { whole: wholeSummary.incidents.length, filtered: filteredSummary.incidents.length },
      maintenances: { whole: wholeSummary.maintenances.upcoming.length, filtered: filteredSummary.maintenances.upcoming.length },
    },
    bundle: {
      firstVisit: { wireBytes: bundle.wireBytes, encoding: bundle.headers['content-encoding'] ?? 'identity' },
      revalidation304WireBytes: revalidated.wireBytes,
      versionedImmutableBytes: 0,
    },
    filtered: filteredRow,
    whole: { ...row(whole), encoding: 'identity' },
  };
  result.pageView = {
    plainUrlBytes: result.bundle.revalidation304WireBytes + result.filtered.wireBytes,
    versionedUrlBytes: result.filtered.wireBytes,
  };
  result.ratios = {
    wholeVsFiltered: Number((result.whole.wireBytes / result.filtered.wireBytes).toFixed(1)),
    wholeVsFilteredUncoded: Number((result.whole.wireBytes / result.filtered.uncoded.wireBytes).toFixed(1)),
  };
  result.budget = { firstDataBytes: BUDGET_BYTES, met: result.filtered.wireBytes <= BUDGET_BYTES };

  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'page-view-bytes.json'), `${JSON.stringify(result, null, 2)}\n`);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`page view of ${target} (closure ${result.landscape.closure}) in a landscape of ${components} components:`);
  console.log(`  bundle cached: 304 revalidation ${result.bundle.revalidation304WireBytes} B (plain URL), 0 B (versioned, immutable)`);
  console.log(
    `  first data, filtered summary: ${kb(result.filtered.wireBytes)} on the wire, gzipped by the server (uncoded ${kb(result.filtered.uncoded.wireBytes)})`,
  );
  console.log(
    `  first data, whole summary:    ${kb(result.whole.wireBytes)} on the wire, uncoded (the server does not compress it; gzip would be ${kb(result.whole.gzipBodyBytes)})`,
  );
  console.log(
    `  whole / filtered: ${result.ratios.wholeVsFiltered}× (uncoded both: ${result.ratios.wholeVsFilteredUncoded}×); budget ≤ ${kb(BUDGET_BYTES)}: ${result.budget.met ? 'met' : 'NOT met'}`,
  );
  if (!result.budget.met) process.exitCode = 1;
} finally {
  child.kill();
}
