#!/usr/bin/env node
// `pnpm size`: the single-file widget bundle, minified, + gzip and + brotli, next to Lit alone
// bundled and minified the same way in the same run (the floor any Lit element pays). Exits
// non-zero when the bundle is over its budget (issue 9: 15 KB min+gzip), and when zod got into
// it (the browser path validates with the SDK's lean checks, @kdi-status/sdk/read).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Bytes of min+gzip the bundle may weigh: it loads on every page view of every fagløsning. */
const BUDGET = 15 * 1024;

const root = fileURLToPath(new URL('..', import.meta.url));
// The bundler lives in the widget package's dependencies.
const require = createRequire(`${root}packages/widget/package.json`);
const { rollup } = await import(require.resolve('rollup'));
const { nodeResolve } = await import(require.resolve('@rollup/plugin-node-resolve'));
const { default: terser } = await import(require.resolve('@rollup/plugin-terser'));

async function litAlone() {
  const bundle = await rollup({
    input: 'lit-alone',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === 'lit-alone' ? id : null),
        load: (id) => (id === 'lit-alone' ? `export * from ${JSON.stringify(require.resolve('lit'))};` : null),
      },
      nodeResolve({ rootDir: `${root}packages/widget` }),
      terser(),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  const code = Buffer.from(output[0].code);
  if (code.length < 1000) throw new Error('Lit alone bundled to almost nothing: the baseline is broken');
  return code;
}

const widget = readFileSync(`${root}packages/widget/dist/bundle/kdi-status.js`);
const lit = await litAlone();
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const br = (buffer) => brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const sizes = (buffer) => ({ minBytes: buffer.length, minGzipBytes: gz(buffer), minBrotliBytes: br(buffer) });
const result = {
  bench: 'widget-size',
  date: new Date().toISOString(),
  budget: { minGzipBytes: BUDGET },
  widget: sizes(widget),
  litAlone: sizes(lit),
};
result.ratioToLitAlone = +(result.widget.minGzipBytes / result.litAlone.minGzipBytes).toFixed(2);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/size.json`, JSON.stringify(result, null, 2) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const line = (s) => `${kb(s.minBytes)} min, ${kb(s.minGzipBytes)} min+gzip, ${kb(s.minBrotliBytes)} min+brotli`;
console.log(`widget bundle: ${line(result.widget)}`);
console.log(`lit alone:     ${line(result.litAlone)}`);
console.log(`ratio:         ${result.ratioToLitAlone}× Lit alone (gzip)`);
console.log(`budget:        ${kb(BUDGET)} min+gzip, ${kb(BUDGET - result.widget.minGzipBytes)} left`);
// zod's runtime keeps `_zod` as a property name through minification.
if (widget.includes('_zod')) {
  console.error('size: zod is in the bundle: import the browser path from @kdi-status/sdk/read (and rebuild the SDK)');
  process.exitCode = 1;
}
if (result.widget.minGzipBytes > BUDGET) {
  console.error(`size: ${kb(result.widget.minGzipBytes)} min+gzip is over the budget of ${kb(BUDGET)}`);
  process.exitCode = 1;
}
