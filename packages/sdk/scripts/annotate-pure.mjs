// After tsc: marks each zod constructor call in dist/schemas/*.js as pure (`/* @__PURE__ */`),
// so a bundler drops the schemas a bundle does not use. Without it, importing a plain helper
// that sits beside a schema (`worstStatus`, `isActiveMaintenance`, used by `applyLiveEvent`)
// keeps every schema of its module and zod's whole runtime (~10 KB min+gzip) in the bundle.
// zod's constructors have no side effects; the schemas are only ever built, never registered.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../dist/schemas/', import.meta.url);
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.js')) continue;
  const file = new URL(name, dir);
  const code = readFileSync(file, 'utf8');
  const annotated = code.replace(/(?<![\w$.]|@__PURE__ \*\/ )\bz\.(\w+)\(/g, '/* @__PURE__ */ z.$1(');
  if (annotated !== code) writeFileSync(file, annotated);
}
