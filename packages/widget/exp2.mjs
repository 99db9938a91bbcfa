import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { gzipSync } from 'node:zlib';
const src = process.argv[2];
const b = await rollup({ input: 'x', onwarn() {}, treeshake: { manualPureFunctions: ['z'] }, plugins: [{ name: 'e', resolveId: (id) => (id === 'x' ? id : null), load: (id) => (id === 'x' ? src : null) }, nodeResolve({ browser: true, rootDir: process.cwd() })] });
const { output } = await b.generate({ format: 'es' });
console.log(output[0].code.length, output.map(o=>Object.keys(o.modules ?? {}).filter(m => output[0].modules[m].renderedLength > 0).map(m => m.replace(/.*node_modules\//,'') + ' ' + output[0].modules[m].renderedLength)).flat().join('\n'));
console.log(Object.entries(output[0].modules).filter(([m]) => m.includes('sdk/dist/schemas/status')).map(([, v]) => v.code).join('\n'));
