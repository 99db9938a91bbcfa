import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { headOnly, type RawRequest } from '../test-support/fuzz-http.js';
import { json, queryMutations, type HeaderPatch } from '../test-support/fuzz-mutations.js';
import { ADMIN, ADMIN_ROUTES, AUDIT_QUERY, PUBLIC, PUBLIC_ROUTES, adminMutations, publicMutations } from '../test-support/fuzz-routes.js';
import { casesLine, describeFailures, fuzz, FUZZ_RUNS, FUZZ_SEED, type FuzzCase, type FuzzReport } from '../test-support/fuzz-run.js';
import { STORE_KINDS, startFuzzServer, type FuzzServer } from '../test-support/fuzz-server.js';

/**
 * Property-based fuzzing of every admin write route and every public read route, on both stores,
 * over real HTTP: valid requests (built from the SDK's request schemas and the seeded demo
 * landscape) mutated in type, nesting, keys, strings, bytes, sizes, times, ids, headers. Never a
 * 5xx; every 4xx a problem document naming what is wrong; a refused request changes nothing.
 */
console.log(`fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} cases per route (replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS})`);

/** A seed of its own for each route, derived from the run's, so routes do not repeat each other's cases. */
const seedFor = (name: string) => [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, FUZZ_SEED);

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
  describe(`fuzz on ${kind}`, () => {
    let server: FuzzServer;
    before(async () => {
      server = await startFuzzServer(kind);
    });
    after(() => server?.close());

    for (const route of ADMIN_ROUTES) {
      const name = `${route.method} ${ADMIN}${route.path}`;
      it(`${name}: no 5xx, problems name the field, refusals change nothing`, async (t) => {
        const ids = (await route.setup?.(server)) ?? {};
        const cases = fc.record<FuzzCase>({ role: fc.constantFrom('admin', 'vendor'), mutation: adminMutations(route) });
        const request = ({ role, mutation }: FuzzCase, n: number): RawRequest => {
          const valid = route.body?.(n) ?? null;
          const path = route.path.replace(':id', mutation.id ?? ids.id ?? '').replace(':updateId', ids.updateId ?? '');
          const base = { authorization: `Bearer ${server.keys[role!]}`, ...(route.body ? { 'content-type': 'application/json' } : {}) };
          const body = mutation.body ? mutation.body(valid) : route.body ? json(valid) : undefined;
          return {
            method: route.method,
            path: `${ADMIN}${path}`,
            headers: applyHeaders(base, mutation.headers),
            ...(body ? { body } : {}),
          };
        };
        report(t, name, await fuzz(server, { cases, request, seed: seedFor(`${kind} ${name}`), numRuns: FUZZ_RUNS }));
        // The cases started from a request that passes validation (the state may refuse it by now: 409, 404).
        const base = await server.send(request({ role: 'admin', mutation: { kind: 'valid', detail: '' } }, 0));
        assert.ok(base.status !== 400 && base.status < 500, `the valid request of ${name} → ${base.status} ${base.body.slice(0, 300)}`);
      });
    }

    it(`GET ${ADMIN}/audit: no 5xx, a bad filter is a 400 naming it, reading changes nothing`, async (t) => {
      const cases = fc.record<FuzzCase>({ role: fc.constant('admin'), mutation: queryMutations(AUDIT_QUERY, true) });
      const request = ({ mutation }: FuzzCase): RawRequest => ({
        method: 'GET',
        path: `${ADMIN}/audit${mutation.query ? `?${mutation.query}` : ''}`,
        headers: { authorization: `Bearer ${server.keys.admin}` },
      });
      report(t, 'GET /audit', await fuzz(server, { cases, request, readOnly: true, seed: seedFor(`${kind} audit`), numRuns: FUZZ_RUNS }));
    });

    for (const route of PUBLIC_ROUTES) {
      const prefix = route.prefix ?? PUBLIC;
      const name = `GET ${prefix}${route.path}`;
      it(`${name}: no 5xx, problems name the parameter, reading changes nothing`, async (t) => {
        const id = (await route.id?.(server)) ?? '';
        const cases = fc.record<FuzzCase>({ role: fc.constant(null), mutation: publicMutations(route) });
        const request = ({ mutation }: FuzzCase): RawRequest => {
          const query = mutation.query ?? route.query.map((p) => `${p.name}=${p.valid}`).join('&');
          const path = route.path.replace(':id', mutation.id ?? id);
          return {
            method: mutation.method ?? 'GET',
            path: `${prefix}${path}${query ? `?${query}` : ''}`,
            headers: applyHeaders({}, mutation.headers),
          };
        };
        // A stream that opens is closed at once: its head is all the case needs.
        const send = route.stream ? (req: RawRequest) => headOnly(server.baseUrl, req) : undefined;
        report(t, name, await fuzz(server, { cases, request, send, readOnly: true, seed: seedFor(`${kind} ${name}`), numRuns: FUZZ_RUNS }));
        const base = await (send ?? server.send)(request({ role: null, mutation: { kind: 'valid', detail: '' } }));
        assert.equal(base.status, 200, `the valid request of ${name} → ${base.status} ${base.body.slice(0, 300)}`);
      });
    }
  });
}
