import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { RawRequest } from '../test-support/fuzz-http.js';
import { idMutations, json, queryMutations, type HeaderPatch, type Mutation, type QueryParam } from '../test-support/fuzz-mutations.js';
import { ADMIN, adminMutations, type AdminRoute } from '../test-support/fuzz-routes.js';
import { casesLine, describeFailures, fuzz, FUZZ_RUNS, FUZZ_SEED, type FuzzCase, type FuzzReport } from '../test-support/fuzz-run.js';
import { STORE_KINDS, startFuzzServer, type FuzzServer } from '../test-support/fuzz-server.js';

/**
 * Property-based fuzzing of the webhook and outbox routes of the admin API, on both stores, over
 * real HTTP, with the suite of http/fuzz.test.ts: valid requests mutated in type, nesting, keys,
 * strings, bytes, sizes, ids, queries and headers. Never a 5xx; every 4xx a problem naming what
 * is wrong; a refused request changes nothing.
 */

const seedFor = (name: string) => [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, FUZZ_SEED ^ 0x5eb);

// A public address as an IP literal (no DNS here), its scheme in capitals: the suite's link
// mutations (http:, user names …) expect a 400 from a link schema, but a webhook URL's scheme and
// user name are the server's policy, answered 422 webhook_url_refused (webhook-routes.test.ts).
const url = (n: number) => `HTTPS://93.184.216.34/hook-${n}`;

async function registered(server: FuzzServer): Promise<{ id: string }> {
  const answer = await server.json('vendor', 'POST', `${ADMIN}/webhooks`, {
    url: url(0),
    components: ['sts'],
    contact: 'drift@infra.example',
  });
  return { id: (answer.endpoint as { id: string }).id };
}

const WRITES: AdminRoute[] = [
  { method: 'POST', path: '/webhooks', body: (n) => ({ url: url(n), components: ['sts'], contact: 'drift@infra.example' }) },
  {
    method: 'PATCH',
    path: '/webhooks/:id',
    setup: registered,
    body: (n) => ({ url: url(n), components: ['sts', 'organisation'], contact: 'ny@infra.example', state: 'active' }),
  },
  { method: 'POST', path: '/webhooks/:id/rotate-secret', setup: registered },
  { method: 'DELETE', path: '/webhooks/:id', setup: registered },
  // The suite's string mutations need a string in the body: `{ ids }` is judged in outbox-routes.test.ts.
  { method: 'POST', path: '/outbox/retry', body: () => ({ state: 'failed' }), adminOnly: true },
];

interface Read {
  path: string;
  /** The outbox is for admin keys, and (like the audit trail) refuses a vendor key before reading the query. */
  adminOnly?: boolean;
  setup?: (server: FuzzServer) => Promise<{ id: string }>;
  query: QueryParam[];
}

const READS: Read[] = [
  { path: '/webhooks', query: [] },
  { path: '/webhooks/:id', setup: registered, query: [] },
  {
    path: '/webhooks/:id/deliveries',
    setup: registered,
    query: [
      { name: 'after', valid: '0' },
      { name: 'limit', valid: '10' },
    ],
  },
  {
    path: '/outbox',
    adminOnly: true,
    query: [
      { name: 'state', valid: 'failed' },
      { name: 'channel', valid: 'mail' },
      { name: 'recipient', valid: 'sub_1' },
      { name: 'after', valid: '0' },
      { name: 'limit', valid: '10' },
    ],
  },
  { path: '/outbox/counts', adminOnly: true, query: [] },
];

function readMutations(read: Read): fc.Arbitrary<Mutation> {
  const arbitraries: Array<fc.WeightedArbitrary<Mutation>> = [
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'valid', detail: 'as built' }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('&&&', '=', '%', 'a=%', '%00=1', '%FF=%FF', `a=${'b'.repeat(20_000)}`)
        .map<Mutation>((raw) => ({ kind: 'raw query junk', detail: raw.slice(0, 30), query: raw })),
    },
  ];
  if (read.query.length) arbitraries.push({ weight: 6, arbitrary: queryMutations(read.query, true) });
  if (read.setup) arbitraries.push({ weight: 4, arbitrary: idMutations() });
  return fc.oneof(...arbitraries);
}

function applyHeaders(headers: Record<string, string>, patch: HeaderPatch = {}): Record<string, string> {
  const out = { ...headers };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
}

function report(t: TestContext, name: string, result: FuzzReport): void {
  t.diagnostic(`${name}: ${casesLine(result)}`);
  assert.equal(result.failures.size, 0, `${name} (FUZZ_SEED=${FUZZ_SEED}):\n${describeFailures(result)}`);
}

for (const kind of STORE_KINDS) {
  describe(`webhook and outbox routes fuzzed on ${kind}`, () => {
    let server: FuzzServer;
    before(async () => {
      server = await startFuzzServer(kind);
    });
    after(() => server?.close());

    for (const route of WRITES) {
      const name = `${route.method} ${ADMIN}${route.path}`;
      it(`${name}: no 5xx, problems name the field, refusals change nothing`, async (t) => {
        const ids = (await route.setup?.(server)) ?? {};
        const cases = fc.record<FuzzCase>({ role: fc.constantFrom('admin', 'vendor'), mutation: adminMutations(route) });
        const request = ({ role, mutation }: FuzzCase, n: number): RawRequest => {
          const valid = route.body?.(n) ?? null;
          const base = { authorization: `Bearer ${server.keys[role!]}`, ...(route.body ? { 'content-type': 'application/json' } : {}) };
          const body = mutation.body ? mutation.body(valid) : route.body ? json(valid) : undefined;
          return {
            method: route.method,
            path: `${ADMIN}${route.path.replace(':id', mutation.id ?? ids.id ?? '')}`,
            headers: applyHeaders(base, mutation.headers),
            ...(body ? { body } : {}),
          };
        };
        report(t, name, await fuzz(server, { cases, request, seed: seedFor(`${kind} ${name}`), numRuns: FUZZ_RUNS }));
        const base = await server.send(request({ role: 'admin', mutation: { kind: 'valid', detail: '' } }, 0));
        assert.ok(base.status !== 400 && base.status < 500, `the valid request of ${name} → ${base.status} ${base.body.slice(0, 300)}`);
      });
    }

    for (const read of READS) {
      const name = `GET ${ADMIN}${read.path}`;
      it(`${name}: no 5xx, problems name the parameter, reading changes nothing`, async (t) => {
        const { id = '' } = (await read.setup?.(server)) ?? {};
        const role = read.adminOnly ? fc.constant('admin' as const) : fc.constantFrom('admin' as const, 'vendor' as const);
        const cases = fc.record<FuzzCase>({ role, mutation: readMutations(read) });
        const request = ({ role, mutation }: FuzzCase): RawRequest => {
          const query = mutation.query ?? read.query.map((p) => `${p.name}=${p.valid}`).join('&');
          return {
            method: 'GET',
            path: `${ADMIN}${read.path.replace(':id', mutation.id ?? id)}${query ? `?${query}` : ''}`,
            headers: applyHeaders({ authorization: `Bearer ${server.keys[role!]}` }, mutation.headers),
          };
        };
        report(t, name, await fuzz(server, { cases, request, readOnly: true, seed: seedFor(`${kind} ${name}`), numRuns: FUZZ_RUNS }));
        const base = await server.send(request({ role: 'admin', mutation: { kind: 'valid', detail: '' } }));
        assert.equal(base.status, 200, `the valid request of ${name} → ${base.status} ${base.body.slice(0, 300)}`);
      });
    }
  });
}
