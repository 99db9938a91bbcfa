import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { RawRequest } from '../test-support/fuzz-http.js';
import { queryMutations, type QueryParam } from '../test-support/fuzz-mutations.js';
import { ADMIN } from '../test-support/fuzz-routes.js';
import { casesLine, describeFailures, fuzz, FUZZ_RUNS, FUZZ_SEED, type FuzzCase, type FuzzReport } from '../test-support/fuzz-run.js';
import { STORE_KINDS, startFuzzServer, type FuzzServer } from '../test-support/fuzz-server.js';
import { defaultReportMonth } from '../reports/service-levels.js';

/**
 * The service-level report's query, fuzzed like the audit trail's (http/fuzz.test.ts) on both
 * stores over real HTTP, with either key: never a 5xx, a bad `month` or `format` a 400 naming
 * it, and reading changes nothing.
 */
const REPORT_QUERY: QueryParam[] = [
  { name: 'month', valid: defaultReportMonth(new Date()) },
  { name: 'format', valid: 'csv' },
];

const seedFor = (name: string) => [...name].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, FUZZ_SEED);

function report(t: TestContext, name: string, result: FuzzReport): void {
  t.diagnostic(`${name}: ${casesLine(result)}`);
  assert.equal(result.failures.size, 0, `${name} (FUZZ_SEED=${FUZZ_SEED}):\n${describeFailures(result)}`);
}

for (const kind of STORE_KINDS) {
  describe(`fuzz GET ${ADMIN}/reports/service-levels on ${kind}`, () => {
    let server: FuzzServer;
    before(async () => {
      server = await startFuzzServer(kind);
    });
    after(() => server?.close());

    it('no 5xx, a bad month or format is a 400 naming it, reading changes nothing', async (t) => {
      const cases = fc.record<FuzzCase>({ role: fc.constantFrom('admin', 'vendor'), mutation: queryMutations(REPORT_QUERY, true) });
      const request = ({ role, mutation }: FuzzCase): RawRequest => ({
        method: 'GET',
        path: `${ADMIN}/reports/service-levels${mutation.query ? `?${mutation.query}` : ''}`,
        headers: { authorization: `Bearer ${server.keys[role!]}` },
      });
      report(
        t,
        'GET /reports/service-levels',
        await fuzz(server, { cases, request, readOnly: true, seed: seedFor(`${kind} report`), numRuns: FUZZ_RUNS }),
      );
      // The cases started from a request that is answered.
      const valid = await server.send(request({ role: 'vendor', mutation: { kind: 'valid', detail: '', query: 'month=2026-11' } }));
      assert.equal(valid.status, 200, valid.body.slice(0, 300));
    });
  });
}
