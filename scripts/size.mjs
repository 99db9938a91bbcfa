#!/usr/bin/env node
// `pnpm size`: the single-file widget bundle, minified + gzip, next to Lit alone bundled and
// minified the same way in the same run (the floor any Lit element pays).
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

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
const result = {
  bench: 'widget-size',
  date: new Date().toISOString(),
  widget: { minBytes: widget.length, minGzipBytes: gz(widget) },
  litAlone: { minBytes: lit.length, minGzipBytes: gz(lit) },
};
result.ratioToLitAlone = +(result.widget.minGzipBytes / result.litAlone.minGzipBytes).toFixed(2);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/size.json`, JSON.stringify(result, null, 2) + '\n');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`widget bundle: ${kb(result.widget.minBytes)} min, ${kb(result.widget.minGzipBytes)} min+gzip`);
console.log(`lit alone:     ${kb(result.litAlone.minBytes)} min, ${kb(result.litAlone.minGzipBytes)} min+gzip`);
console.log(`ratio:         ${result.ratioToLitAlone}× Lit alone`);
