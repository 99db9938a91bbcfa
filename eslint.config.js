import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers' arrows (STYLE.md, ADR 8): http → write/read → domain → the SDK's schemas; the
// store knows no rules; nothing below http knows the transport; the SDK and the widget never
// know the server. Each entry forbids what a layer must not import. Tests may reach across.
const server = (dir) => `packages/server/src/${dir}/**/*.ts`;
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
    '/store/(sqlite|postgres)/|^pg$|^better-sqlite3$',
    'use the Store interface (store/store.ts); open-store.ts picks the implementation',
  ),
  seed: ban('/seed/', 'the demo seed is wired in app.ts'),
  server: ban('^@kdi-status/server|/server/', 'the SDK and the widget never import the server'),
  sdkInternals: ban('^@kdi-status/sdk/(admin|export)$', 'the widget uses the public root of the SDK only'),
};
const layers = [
  [server('store'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.domain, BAN.read, BAN.write, BAN.seed]],
  [server('domain'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.read, BAN.write, BAN.storeImpl, BAN.seed]],
  [server('read'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.write, BAN.storeImpl]],
  [server('write'), [BAN.fastify, BAN.http, BAN.live, BAN.cli, BAN.app, BAN.storeImpl]],
  [server('live'), [BAN.http, BAN.cli, BAN.app, BAN.write, BAN.storeImpl]],
  [server('http'), [BAN.cli, BAN.app, BAN.storeImpl]],
  ['packages/sdk/src/**/*.ts', [BAN.server, BAN.fastify]],
  ['packages/widget/src/**/*.ts', [BAN.server, BAN.fastify, BAN.sdkInternals]],
].map(([files, patterns]) => ({
  files: [files],
  ignores: ['**/*.test.ts', '**/test-support/**', '**/store/store-contract.ts', '**/store/postgres/test-database.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns }] },
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
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` array and z.enum (STYLE.md).' }],
    },
  },
  ...layers,
);
