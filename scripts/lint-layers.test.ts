// The layer rules in eslint.config.js, tried on code that crosses each forbidden arrow: `pnpm
// lint` must fail on it. And on imports the layers do make, which it must let through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The layer-rule messages (imports, dynamic imports) ESLint gives `code` as if it stood at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const use = (specifier: string, name = 'x') => `import { ${name} } from '${specifier}';\nexport const used = ${name};\n`;
const useType = (specifier: string) => `import type { X } from '${specifier}';\nexport type Used = X;\n`;

const FORBIDDEN: Array<[file: string, code: string, why: RegExp]> = [
  ['packages/server/src/store/sqlite/x.ts', use('../../domain/api-keys.js'), /store knows no rules/],
  ['packages/server/src/store/x.ts', use('../domain/event-scope.js'), /store knows no rules/],
  ['packages/server/src/store/x.ts', use('../http/problem.js'), /transport is http/],
  ['packages/server/src/store/x.ts', useType('../live/live-hub.js'), /live/],
  ['packages/server/src/store/x.ts', useType('../read/read-model.js'), /read model/],
  ['packages/server/src/domain/x.ts', useType('fastify'), /HTTP belongs to http/],
  ['packages/server/src/domain/x.ts', use('../http/if-none-match.js'), /transport is http/],
  ['packages/server/src/domain/x.ts', use('../live/stream-filter.js'), /live/],
  ['packages/server/src/domain/x.ts', use('../cli/output.js'), /CLI is the top layer/],
  ['packages/server/src/domain/x.ts', use('../store/sqlite/sqlite-store.js'), /Store interface/],
  ['packages/server/src/read/x.ts', use('../http/if-none-match.js'), /transport is http/],
  ['packages/server/src/write/x.ts', useType('fastify'), /HTTP belongs to http/],
  ['packages/server/src/write/x.ts', use('../live/live-hub.js'), /live/],
  ['packages/server/src/live/x.ts', use('../http/problem.js'), /transport is http/],
  ['packages/server/src/http/x.ts', use('../cli/run.js'), /CLI is the top layer/],
  // The status site reads: no writer, no commands, no admin routes, no store implementation.
  ['packages/server/src/site/x.ts', useType('../write/writer.js'), /only the HTTP layer and app.ts drive the writer/],
  ['packages/server/src/site/pages/x.tsx', use('../../domain/incident-commands.js'), /the site reads; commands/],
  ['packages/server/src/site/x.ts', use('../http/admin-routes.js'), /the site reads; the admin API/],
  ['packages/server/src/site/x.ts', use('../store/sqlite/sqlite-store.js'), /Store interface/],
  ['packages/server/src/site/x.ts', useType('../app.js'), /app.ts wires the layers/],
  ['packages/server/src/statuspage/x.ts', useType('../write/writer.js'), /only the HTTP layer and app.ts drive the writer/],
  ['packages/server/src/feeds/x.ts', use('../http/admin-routes.js'), /the site reads; the admin API/],
  ['packages/server/src/openapi/x.ts', useType('../write/writer.js'), /only the HTTP layer and app.ts drive the writer/],
  ['packages/server/src/reports/x.ts', use('../http/problem.js'), /transport is http/],
  ['packages/server/src/reports/x.ts', use('../domain/incident-commands.js'), /commands are for the write path/],
  ['packages/server/src/reports/x.ts', useType('../read/read-model.js'), /read model/],
  ['packages/sdk/src/client/x.ts', use('@kdi-status/server'), /never import the server/],
  ['packages/sdk/src/client/x.ts', use('../../../server/src/config.js'), /never import the server/],
  ['packages/widget/src/internal/x.ts', useType('@kdi-status/server'), /never import the server/],
  ['packages/widget/src/internal/x.ts', use('@kdi-status/sdk/admin'), /public root of the SDK/],
  // Ways round the arrows that a review found: the index (it re-exports every layer), the package's
  // own name, the store opener, the SDK's sources by path, a dynamic import.
  ['packages/server/src/store/x.ts', use('../index.js'), /index re-exports every layer/],
  ['packages/server/src/domain/x.ts', useType('@kdi-status/server'), /index re-exports every layer/],
  ['packages/server/src/domain/x.ts', use('../store/open-store.js'), /Store interface/],
  ['packages/widget/src/internal/x.ts', use('../../../sdk/src/export.js'), /SDK as a package/],
  ['packages/server/src/store/x.ts', 'export const later = () => import("../domain/api-keys.js");\n', /dynamic import/],
];

const ALLOWED: Array<[file: string, code: string]> = [
  ['packages/server/src/store/x.ts', use('@kdi-status/sdk/export')],
  ['packages/server/src/domain/x.ts', useType('../store/store.js')],
  ['packages/server/src/read/x.ts', use('../domain/effective-status.js')],
  ['packages/server/src/write/x.ts', useType('../read/read-model.js')],
  ['packages/server/src/http/x.ts', use('../write/idempotency.js')],
  ['packages/server/src/live/x.ts', useType('../read/status-view.js')],
  ['packages/widget/src/internal/x.ts', use('@kdi-status/sdk')],
  ['packages/server/src/site/x.ts', useType('../read/read-model.js')],
  ['packages/server/src/site/x.ts', useType('../store/store.js')],
  ['packages/server/src/site/x.ts', use('../history/uptime.js')],
  ['packages/server/src/site/pages/x.tsx', use('../../domain/dependency-graph.js')],
  ['packages/server/src/site/x.ts', use('../http/validate-query.js')],
  ['packages/server/src/reports/x.ts', use('../history/uptime.js')],
  ['packages/server/src/http/x.ts', use('../reports/service-levels.js')],
  // Tests may reach across layers to set things up.
  ['packages/server/src/store/x.test.ts', use('../domain/api-keys.js')],
];

describe('lint holds the layers', () => {
  for (const [file, code, why] of FORBIDDEN) {
    it(`refuses ${code.split('\n')[0]} in ${file}`, async () => {
      const errors = await layerErrors(file, code);
      assert.equal(errors.length, 1, `expected one layer error, got ${JSON.stringify(errors)}`);
      assert.match(errors[0]!, why);
    });
  }
  for (const [file, code] of ALLOWED) {
    it(`allows ${code.split('\n')[0]} in ${file}`, async () => {
      assert.deepEqual(await layerErrors(file, code), []);
    });
  }
});
