import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RawResponse } from './fuzz-http.js';
import { ADMIN } from './fuzz-routes.js';
import { fuzz, judge, type FuzzCase } from './fuzz-run.js';
import { startFuzzServer, type FuzzServer } from './fuzz-server.js';

/** The fuzz suite's own checks must be able to fail: each is shown failing on an answer made to. */
const problem = (status: number, extra: Record<string, unknown> = {}): RawResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  body: JSON.stringify({ type: 'x', title: 'x', status, code: 'some_code', ...extra }),
});

describe('the fuzz oracle', () => {
  it('passes a 400 naming the field, and a 404 with a code', () => {
    assert.deepEqual(
      judge(problem(400, { errors: [{ field: 'title.en_', message: 'unknown field' }] }), 'POST', { statuses: [400], field: 'title.en_' }),
      [],
    );
    assert.deepEqual(judge(problem(404), 'GET', {}), []);
  });

  it('flags a 5xx, a 4xx that is not problem+json, a 400 without errors, a wrong status, an unnamed field, an acceptance', () => {
    assert.ok(judge(problem(500), 'GET', undefined).includes('5xx'));
    assert.match(
      judge({ status: 400, headers: { 'content-type': 'application/json' }, body: '{}' }, 'GET', undefined)[0]!,
      /not problem\+json/,
    );
    assert.ok(judge(problem(400), 'GET', undefined).includes('400 without errors naming a field'));
    assert.ok(
      judge(problem(400, { errors: [{ field: '', message: 'x' }] }), 'GET', undefined).includes('400 without errors naming a field'),
    );
    assert.ok(judge(problem(409), 'POST', { statuses: [400] }).includes('409, must be 400'));
    assert.ok(
      judge(problem(400, { errors: [{ field: 'title', message: 'x' }] }), 'POST', { field: 'title.en_' }).includes(
        'refused without naming the field',
      ),
    );
    assert.ok(judge({ status: 201, headers: {}, body: '{}' }, 'POST', {}).includes('accepted (201), must be refused'));
    assert.ok(judge(problem(404, { status: 400 }), 'GET', undefined).includes('problem status is not the HTTP status'));
  });
});

describe('the fuzz state check', () => {
  let server: FuzzServer;
  before(async () => {
    server = await startFuzzServer('sqlite');
  });
  after(() => server?.close());

  const cases = fc.constant<FuzzCase>({ role: 'admin', mutation: { kind: 'made up', detail: 'x', refuse: {} } });
  const request = () => ({ method: 'GET', path: `${ADMIN}/whoami` });

  it('flags a refused request that appended an event', async () => {
    // A "server" that writes and then answers 400: the suite must notice the write.
    const send = async () => {
      await server.json('admin', 'PUT', `${ADMIN}/vendors/sneaky-${Math.random().toString(36).slice(2, 8)}`, {
        name: 'x',
        servicedesk: {},
      });
      return problem(400, { errors: [{ field: 'x', message: 'x' }] });
    };
    const report = await fuzz(server, { cases, request, send, seed: 1, numRuns: 2 });
    assert.deepEqual([...report.failures.keys()], ['made up → a refused request appended an event [400 some_code]']);
  });

  it('flags a refused request that changed the export without an event, and names the cases it may have been', async () => {
    // A store whose log never moves but whose state does after the third refusal: only the export shows it.
    let sent = 0;
    const stub = {
      ...server,
      movedSince: async () => false,
      fingerprint: async () => ({ sequence: 1, state: { changed: sent >= 3 } }),
    } satisfies FuzzServer;
    const send = async () => {
      sent += 1;
      return problem(400, { errors: [{ field: 'x', message: 'x' }] });
    };
    const report = await fuzz(stub, { cases, request, send, seed: 1, numRuns: 4 });
    const failures = [...report.failures.values()];
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.label, /the export changed over 4 refused cases/);
  });

  it('passes refusals that change nothing', async () => {
    const send = async () => problem(400, { errors: [{ field: 'x', message: 'x' }] });
    const report = await fuzz(server, { cases, request, send, seed: 1, numRuns: 5 });
    assert.equal(report.cases, 5);
    assert.deepEqual([...report.failures.keys()], []);
  });
});
