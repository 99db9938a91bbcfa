import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { gzipSync } from 'node:zlib';

const tsconfig = './tsconfig.build.json';

/** zod's own annotations and import cycles are not ours to fix; everything else is shown. */
function onwarn(warning, warn) {
  const inDependency = (warning.id ?? warning.ids?.[0] ?? '').includes('node_modules');
  if (inDependency && (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY')) return;
  warn(warning);
}

/**
 * Fails the build when zod's runtime is in the bundle (~10 KB min+gzip of the 15 KB budget): the
 * browser path validates with the SDK's lean checks (`@kdi-status/sdk/read`: `subscribeLive`,
 * `fetchSummary`, `leanChecks`), and the SDK's dist marks its schemas pure so plain helpers beside
 * them (`worstStatus`, `localized`) come without them. A stale SDK build lacks both: rebuild it.
 */
function noZod() {
  return {
    name: 'no-zod',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const zod = Object.entries(file.modules).filter(([id, m]) => /[\\/]zod[\\/]/.test(id) && m.renderedLength > 0);
        if (zod.length) {
          this.error(
            `${file.fileName} carries zod (${zod.length} modules, e.g. ${zod[0][0]}): validate with leanChecks from @kdi-status/sdk/read, and rebuild the SDK (pnpm --filter @kdi-status/sdk run build)`,
          );
        }
      }
    },
  };
}

/** Prints the bundle's minified and gzipped size: it loads on every page view of every fagløsning. */
function reportSize() {
  return {
    name: 'report-size',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
        this.info(`${file.fileName}: ${kb(file.code.length)} min, ${kb(gzipSync(file.code, { level: 9 }).length)} min+gzip`);
      }
    },
  };
}

export default [
  // The npm build: one file per module (so `sideEffects` in package.json holds), with types.
  // lit and the SDK stay external: the host app's bundler shares them with the rest of the app.
  {
    input: 'src/index.ts',
    external: (id) => id === 'lit' || id.startsWith('lit/') || id.startsWith('@kdi-status/sdk'),
    plugins: [typescript({ tsconfig, module: 'NodeNext' })],
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
  },
  // The single-file bundle the status server serves at /widget/kdi-status.js: everything inlined.
  {
    input: 'src/index.ts',
    onwarn,
    plugins: [
      nodeResolve({ browser: true }),
      typescript({
        tsconfig,
        module: 'NodeNext',
        declaration: false,
        declarationMap: false,
        declarationDir: undefined,
        outDir: 'dist/bundle',
      }),
      terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
      noZod(),
      reportSize(),
    ],
    output: { file: 'dist/bundle/kdi-status.js', format: 'es', sourcemap: true },
  },
];
