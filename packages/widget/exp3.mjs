import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { gzipSync } from 'node:zlib';
const src = process.argv[2];
const pure = { name: 'pure', transform(code, id) { if (!/packages\/sdk\/(src|dist)\/schemas\//.test(id)) return null; return { code: code.replace(/\bz\.(\w+)\(/g, '/*#__PURE__*/ z.$1('), map: null }; } };
const b = await rollup({ input: 'x', onwarn() {}, plugins: [{ name: 'e', resolveId: (id) => (id === 'x' ? id : null), load: (id) => (id === 'x' ? src : null) }, pure, nodeResolve({ browser: true, rootDir: process.cwd() }), terser()] });
const { output } = await b.generate({ format: 'es' });
console.log(output[0].code.length, gzipSync(output[0].code).length, Object.keys(output[0].modules).filter(m => output[0].modules[m].renderedLength > 0).map(m => m.replace(/.*node_modules\//,'') + ' ' + output[0].modules[m].renderedLength).join('\n'));
