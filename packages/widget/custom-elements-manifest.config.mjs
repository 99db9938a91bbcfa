// `cem analyze` (run by `pnpm build` after rollup) reads the element's JSDoc (@attr, @event,
// @csspart, @cssproperty, @summary) and writes dist/custom-elements.json, shipped with the npm
// package (`customElements` in package.json). Nothing in it is written by hand.

const SOURCES = ['src/kdi-status/kdi-status.ts', 'src/kdi-status/kdi-status.component.ts'];

/** `src/x/y.ts` (or `/src/x/y.js`, as the analyzer writes a definition's module) → `dist/x/y.js`: what the package ships. */
const shipped = (path) => path.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

/**
 * The public surface only: Lit's internal reactive state (`summary: { state: true }`, declared
 * private) is no attribute a host can set, and `#private` members are nobody's business.
 */
function publicSurface() {
  return {
    name: 'kdi-status-public-surface',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.path = shipped(module.path);
        for (const declaration of module.declarations ?? []) {
          const hidden = new Set(
            (declaration.members ?? []).filter((m) => m.privacy === 'private' || m.name.startsWith('#')).map((m) => m.name),
          );
          if (declaration.members) declaration.members = declaration.members.filter((m) => !hidden.has(m.name));
          if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !hidden.has(a.fieldName));
        }
        for (const entry of module.exports ?? []) {
          if (entry.declaration?.module) entry.declaration.module = shipped(entry.declaration.module);
        }
      }
    },
  };
}

export default {
  globs: SOURCES,
  outdir: 'dist',
  litelement: true,
  plugins: [publicSurface()],
};
