import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers' arrows (STYLE.md, ADR 8): http → write/read → domain → the SDK's schemas; the
// store knows no rules; nothing below http knows the transport; the SDK and the widget never
// know the server. Each entry forbids what a layer must not import. Tests may reach across.
const server = (dir) => `packages/server/src/${dir}/**/*.{ts,tsx}`;
const ban = (regex, what) => ({ regex, message: `${what} (see the layer rules in eslint.config.js)` });
const BAN = {
  fastify: ban('^fastify$|^@fastify/', 'HTTP belongs to http/'),
  http: ban('/http/', 'the transport is http/, and nothing below it knows it'),
  live: ban('/live/', 'live/ (SSE) is a consumer of reads, not a dependency'),
  cli: ban('/cli/|/cli\\.js$', 'the CLI is the top layer'),
  app: ban('/app\\.js$', 'app.ts wires the layers; nothing imports it'),
  domain: ban('/domain/', 'the store knows no rules: rules live in domain/ or beside their schemas in the SDK'),
  read: ban('/read/', 'the store and the domain do not know the read model'),
  write: ban('/write/', 'only the HTTP layer and app.ts drive the writer'),
  storeImpl: ban(
    '/store/(sqlite/|postgres/|open-store)|^pg$|^better-sqlite3$',
    'use the Store interface (store/store.ts); app.ts and the CLI open the implementation',
  ),
  // The package's index (and its own name) re-exports every layer: importing it crosses them all.
  // Relative paths only: a dependency's own index (nodemailer/lib/smtp-pool/index.js) is not ours.
  index: ban('^\\.{1,2}/(.*/)?index\\.js$|^@kdi-status/server', "the server's index re-exports every layer: import the module itself"),
  sdkSources: ban('/sdk/src/', 'import the SDK as a package (@kdi-status/sdk), not its sources'),
  seed: ban('/seed/', 'the demo seed is wired in app.ts'),
  server: ban('^@kdi-status/server|/server/', 'the SDK and the widget never import the server'),
  // The status site reads (the read model, store reads, history); it changes nothing.
  commands: ban('/domain/[^/]*-commands(\\.js)?$', 'the site reads; commands are for the write path'),
  admin: ban('/http/admin-', 'the site reads; the admin API is the write path'),
  sdkInternals: ban('^@kdi-status/sdk/(admin|export)$', 'the widget uses the public root of the SDK only'),
};
const NO_ENUM = { selector: 'TSEnumDeclaration', message: 'Use an `as const` array and z.enum (STYLE.md).' };
// import('…') would slip past no-restricted-imports; no layer needs one.
const NO_DYNAMIC_IMPORT = {
  selector: 'ImportExpression',
  message: 'No dynamic import in a layer: it hides an arrow from the layer rules.',
};
const layers = [
  [
    server('store'),
    [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.domain, BAN.read, BAN.write, BAN.seed, BAN.index, BAN.sdkSources],
  ],
  [
    server('domain'),
    [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.read, BAN.write, BAN.storeImpl, BAN.seed, BAN.index, BAN.sdkSources],
  ],
  [server('read'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.write, BAN.storeImpl, BAN.index, BAN.sdkSources]],
  [server('history'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.write, BAN.storeImpl, BAN.index, BAN.sdkSources]],
  // Reports read the event log (history's uptime math); HTTP and the CLI are their callers.
  [
    server('reports'),
    [
      BAN.fastify,
      BAN.http,
      BAN.live,
      BAN.cli,
      BAN.app,
      BAN.write,
      BAN.read,
      BAN.commands,
      BAN.storeImpl,
      BAN.seed,
      BAN.index,
      BAN.sdkSources,
    ],
  ],
  [server('write'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.storeImpl, BAN.index, BAN.sdkSources]],
  [server('live'), [BAN.http, BAN.cli, BAN.app, BAN.write, BAN.storeImpl, BAN.index, BAN.sdkSources]],
  [server('http'), [BAN.cli, BAN.app, BAN.storeImpl, BAN.index, BAN.sdkSources]],
  [server('site'), [BAN.cli, BAN.app, BAN.write, BAN.commands, BAN.admin, BAN.storeImpl, BAN.seed, BAN.index, BAN.sdkSources]],
  [server('statuspage'), [BAN.cli, BAN.app, BAN.write, BAN.commands, BAN.admin, BAN.storeImpl, BAN.seed, BAN.index, BAN.sdkSources]],
  [server('feeds'), [BAN.cli, BAN.app, BAN.write, BAN.commands, BAN.admin, BAN.storeImpl, BAN.seed, BAN.index, BAN.sdkSources]],
  // Mail and webhooks: reads the store and the site's wording; HTTP, the writer and the read model are its callers'.
  [
    server('notify'),
    [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.write, BAN.read, BAN.storeImpl, BAN.seed, BAN.index, BAN.sdkSources],
  ],
  [server('openapi'), [BAN.cli, BAN.app, BAN.write, BAN.commands, BAN.admin, BAN.storeImpl, BAN.seed, BAN.index, BAN.sdkSources]],
  ['packages/sdk/src/**/*.ts', [BAN.server, BAN.fastify]],
  ['packages/widget/src/**/*.ts', [BAN.server, BAN.fastify, BAN.sdkInternals, BAN.sdkSources]],
].map(([files, patterns]) => ({
  files: [files],
  ignores: [
    '**/*.test.ts',
    '**/test-support/**',
    '**/store/store-contract.ts',
    '**/store/postgres/test-database.ts',
    '**/site/site-fixtures.ts',
  ],
  rules: {
    'no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': ['error', NO_ENUM, NO_DYNAMIC_IMPORT],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        Buffer: 'readonly',
        document: 'readonly',
        window: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-syntax': ['error', NO_ENUM],
    },
  },
  ...layers,
);
