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

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** One source map VLQ number. */
function vlq(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    const digit = rest & 31;
    rest >>>= 5;
    out += BASE64[digit | (rest ? 32 : 0)];
  } while (rest);
  return out;
}

/** `[start, end, text]` replacements applied to `code`, with a source map: one segment per output line and after each edit. */
function applyEdits(code, edits) {
  let out = '';
  let mappings = '';
  let last = 0;
  let [line, col, prevLine, prevCol, outCol] = [0, 0, 0, 0, 0];
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const position = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo, offset - lineStarts[lo]];
  };
  const segment = (offset) => {
    [line, col] = position(offset);
    mappings += (mappings && !mappings.endsWith(';') ? ',' : '') + vlq(outCol) + 'A' + vlq(line - prevLine) + vlq(col - prevCol);
    [prevLine, prevCol] = [line, col];
  };
  const copy = (from, to) => {
    for (let i = from; i < to; i++) {
      if (i === from || code[i - 1] === '\n') segment(i);
      out += code[i];
      outCol += 1;
      if (code[i] === '\n') {
        mappings += ';';
        outCol = 0;
      }
    }
  };
  for (const [start, end, text] of edits.sort((a, b) => a[0] - b[0])) {
    copy(last, start);
    segment(start);
    out += text;
    outCol += text.length;
    last = end;
  }
  copy(last, code.length);
  return { code: out, map: { version: 3, sources: [], names: [], mappings } };
}

/** CSS with comments and the whitespace it does not need taken out (no strings or `url()` in ours). */
export const minifyCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .replace(/(^|[\s:,(])(-?)0\.(\d)/g, '$1$2.$3');

/**
 * HTML with each run of whitespace that holds a line break cut to one space, or to nothing
 * before the `>` or `/>` that closes a tag. Space stays space: text flows as before (there is
 * no `<pre>`, `<textarea>` or `white-space: pre` in the widget), only the indentation goes.
 */
export const minifyHtml = (text) => text.replace(/\s*\n\s*(\/?>)/g, '$1').replace(/\s*\n\s*/g, ' ');

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
      const edits = [];
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
            if (text !== quasi.value.raw) edits.push([quasi.start, quasi.end, text]);
          }
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(this.parse(code));
      return edits.length ? applyEdits(code, edits) : null;
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
      // lit-html's internal `_$AH`-style property names are shared only with the rest of Lit, none of
      // which is in this bundle: shorter names, 39 B of gzip (`_$litType$` and the like stay).
      terser({
        ecma: 2022,
        module: true,
        compress: { passes: 3, unsafe_arrows: true },
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
