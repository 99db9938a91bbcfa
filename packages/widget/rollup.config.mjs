import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import MagicString from 'magic-string';
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

/** CSS with comments and the whitespace it does not need taken out (no strings or `url()` in ours). */
export const minifyCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/(^|[\s:,(])(-?)0\.(\d)/g, '$1$2.$3')
    // [a='b'] as [a=b] where b is an identifier.
    .replace(/=(['"])([a-z_][\w-]*)\1\]/gi, '=$2]');

/**
 * HTML with each run of whitespace that holds a line break cut to one space, or to nothing
 * before the `>` or `/>` that closes a tag. Space stays space: text flows as before (there is
 * no `<pre>`, `<textarea>` or `white-space: pre` in the widget), only the indentation goes.
 * A static attribute value of word characters loses its quotes (`part=icon`) where a space or
 * `>` follows (never before `/>`, which would end up in the value, nor next to a `${}`).
 */
export const minifyHtml = (text) =>
  text
    .replace(/\s*\n\s*(\/?>)/g, '$1')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/ ([a-z-]+)="([\w-]+)"(?=[ >])/g, ' $1=$2');

/**
 * Minifies the static text of the widget's `css```, `html``` and `svg``` templates (terser leaves
 * template literals as written). Lit puts the text into the page as it is, so what the
 * indentation costs is paid in every page view.
 */
function minifyTemplates() {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!/[\\/]widget[\\/]src[\\/]/.test(id) || !/\b(css|html|svg) ?`/.test(code)) return null;
      const edited = new MagicString(code);
      let changed = false;
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && ['css', 'html', 'svg'].includes(node.tag.name)) {
          const minify = node.tag.name === 'css' ? minifyCss : minifyHtml;
          const { quasis } = node.quasi;
          for (const quasi of quasis) {
            let text = minify(quasi.value.raw);
            // Around the whole stylesheet, space means nothing (next to a `${}` it may).
            if (node.tag.name === 'css' && quasi === quasis[0]) text = text.trimStart();
            if (node.tag.name === 'css' && quasi.tail) text = text.trimEnd();
            if (text === quasi.value.raw) continue;
            // A quasi that minifies to nothing (whitespace only) is removed: it cannot be overwritten with ''.
            if (text) edited.overwrite(quasi.start, quasi.end, text);
            else edited.remove(quasi.start, quasi.end);
            changed = true;
          }
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(this.parse(code));
      return changed ? { code: edited.toString(), map: edited.generateMap({ hires: true }) } : null;
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
      minifyTemplates(),
      // passes 3 and arrows for function expressions without `this` (none is called with `new`): 61 B of gzip.
      // pure_getters: no property read in the bundle is there for a getter's effect or a TypeError it
      // throws (what it changed: an unused `signal` read dropped, a few temporaries inlined): 12 B.
      // Not `unsafe` (String(x) as x + '' throws on a Symbol a framework may set as `components`)
      // nor `unsafe_comps` (`n >= 0 ? n : 48` as `0 > n ? 48 : n` lets NaN through).
      // lit-html's internal `_$AH`-style property names are shared only with the rest of Lit, none of
      // which is in this bundle: shorter names, 39 B of gzip (`_$litType$` and the like stay).
      terser({
        ecma: 2022,
        module: true,
        compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
        mangle: { properties: { regex: /^_\$[A-Z][A-Za-z_]?$/ } },
        format: { comments: false },
      }),
      noZod(),
      reportSize(),
    ],
    // The map is written for debugging from the package, but not named in the bundle: the status
    // server serves the bundle alone, and a `sourceMappingURL` it cannot answer is a 404 per devtools.
    output: { file: 'dist/bundle/kdi-status.js', format: 'es', sourcemap: 'hidden' },
  },
];
