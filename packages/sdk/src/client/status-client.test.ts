import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import type { Summary } from '../schemas/summary.js';
import type { KdiStatusError } from './errors.js';
import { HttpError, isHttpError, isKdiStatusError, isNetworkError, isSchemaValidationError, isTimeoutError } from './errors.js';
import { createStatusClient } from './status-client.js';
import { fetchSummary } from '../read.js';

const BASE = 'https://status.test';

const summary: Summary = {
  status: 'operational',
  vendors: [],
  components: [
    {
      id: 'ky',
      name: 'KY',
      kind: 'application',
      vendor: 'fagsys-nord',
      dependsOn: [],
      status: 'operational',
      links: {},
      effective: { status: 'operational', own: 'operational', cause: { type: 'own' }, sources: [] },
    },
  ],
  incidents: [],
  maintenances: { active: [], upcoming: [] },
  sequence: 3,
  updatedAt: '2026-11-26T08:08:00.000Z',
};

const server = setupServer(
  http.get(`${BASE}/api/v1/summary`, ({ request }) =>
    request.headers.get('if-none-match') === '"v1"'
      ? new HttpResponse(null, { status: 304, headers: { etag: '"v1"' } })
      : HttpResponse.json(summary, { headers: { etag: '"v1"' } }),
  ),
  http.get(`${BASE}/api/v1/components/:id`, ({ params }) =>
    HttpResponse.json(
      {
        type: '/problems/component-not-found',
        title: 'Not found',
        status: 404,
        code: 'component_not_found',
        detail: `No component "${String(params.id)}".`,
      },
      { status: 404, headers: { 'content-type': 'application/problem+json' } },
    ),
  ),
);

describe('createStatusClient (network mocked with MSW)', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  after(() => server.close());

  it('asks for the summary of some components only (?components=), in summary() and pollSummary()', async () => {
    const asked: Array<string | null> = [];
    server.use(
      http.get(`${BASE}/api/v1/summary`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('components'));
        return HttpResponse.json(summary, { headers: { etag: '"v2"' } });
      }),
    );
    const client = createStatusClient({ baseUrl: BASE });
    assert.deepEqual(await client.summary({ components: ['ky', 'ksd'] }), summary);
    assert.equal((await client.pollSummary('"v1"', { components: ['ky'] })).changed, true);
    await client.summary();
    assert.deepEqual(await fetchSummary({ baseUrl: BASE }, { components: ['sts'] }), summary);
    assert.deepEqual(asked, ['ky,ksd', 'ky', null, 'sts']);
  });

  it('fetchSummary (@kdi-status/sdk/read) rejects a summary zod would reject, and carries the problem of a refusal', async () => {
    server.use(http.get(`${BASE}/api/v1/summary`, () => HttpResponse.json({ ...summary, sequence: 'three' })));
    await assert.rejects(fetchSummary({ baseUrl: BASE }), (e) => isSchemaValidationError(e) && /sequence/.test(e.message));
    const problem = { type: 'about:blank', title: 'Busy', status: 503, code: 'busy', detail: 'Come back later.' };
    server.use(http.get(`${BASE}/api/v1/summary`, () => HttpResponse.json(problem, { status: 503 })));
    await assert.rejects(fetchSummary({ baseUrl: BASE }), (e) => isHttpError(e) && e.status === 503 && e.code === 'busy');
  });

  it('reads and validates the summary', async () => {
    const client = createStatusClient({ baseUrl: `${BASE}/` });
    assert.deepEqual(await client.summary(), summary);
  });

  it('polls with the ETag and reports "not changed" on 304', async () => {
    const client = createStatusClient({ baseUrl: BASE });
    const first = await client.pollSummary(null);
    assert.ok(first.changed);
    assert.equal(first.etag, '"v1"');
    assert.deepEqual(await client.pollSummary(first.etag), { changed: false });
  });

  it('turns a problem+json 404 into an HttpError carrying the problem', async () => {
    const client = createStatusClient({ baseUrl: BASE });
    const error = await client.component('nope').catch((e: unknown) => e);
    assert.ok(error instanceof HttpError);
    assert.ok(isHttpError(error) && isKdiStatusError(error));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'component_not_found');
    assert.equal(error.problem?.detail, 'No component "nope".');
  });

  it('names the URL asked for in an HttpError when the answer carries none (a fetch of its own)', async () => {
    const own = async () => new Response('busy', { status: 503 });
    const error = await createStatusClient({ baseUrl: BASE, fetch: own })
      .summary()
      .catch((e: unknown) => e);
    assert.ok(isHttpError(error));
    assert.equal(error.message, `HTTP 503 from ${BASE}/api/v1/summary`);
  });

  it('rejects data that does not match the schema with a SchemaValidationError naming the path', async () => {
    server.use(http.get(`${BASE}/api/v1/summary`, () => HttpResponse.json({ ...summary, status: 'on_fire' })));
    const error = await createStatusClient({ baseUrl: BASE })
      .summary()
      .catch((e: unknown) => e);
    assert.ok(isSchemaValidationError(error));
    assert.ok(!isHttpError(error));
    assert.deepEqual(
      error.issues.map((i) => i.path),
      ['status'],
    );
  });

  it('rejects a body that is not JSON with a SchemaValidationError', async () => {
    server.use(
      http.get(`${BASE}/api/v1/summary`, () => new HttpResponse('<html>proxy error</html>', { headers: { 'content-type': 'text/html' } })),
    );
    const error = await createStatusClient({ baseUrl: BASE })
      .summary()
      .catch((e: unknown) => e);
    assert.ok(isSchemaValidationError(error));
  });

  it('turns a failed connection into a NetworkError', async () => {
    server.use(http.get(`${BASE}/api/v1/summary`, () => HttpResponse.error()));
    const error = await createStatusClient({ baseUrl: BASE })
      .summary()
      .catch((e: unknown) => e);
    assert.ok(isNetworkError(error));
    assert.equal((error as KdiStatusError).code, 'network_error');
  });

  it('gives up after the timeout with a TimeoutError', async () => {
    server.use(
      http.get(`${BASE}/api/v1/summary`, async () => {
        await delay(2_000);
        return HttpResponse.json(summary);
      }),
    );
    const error = await createStatusClient({ baseUrl: BASE, timeout: 50 })
      .summary()
      .catch((e: unknown) => e);
    assert.ok(isTimeoutError(error));
  });

  it("passes the caller's own abort through as it is, not as a network error", async () => {
    server.use(
      http.get(`${BASE}/api/v1/summary`, async () => {
        await delay(2_000);
        return HttpResponse.json(summary);
      }),
    );
    const controller = new AbortController();
    const pending = createStatusClient({ baseUrl: BASE, signal: controller.signal }).summary();
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    assert.ok(!isKdiStatusError(error));
    assert.equal((error as Error).name, 'AbortError');
  });

  it('recognises errors from another realm by their brand, not by instanceof', () => {
    const foreign = Object.assign(new Error('x'), { name: 'HttpError', status: 500, [Symbol.for('kdi-status.error')]: true });
    assert.ok(isHttpError(foreign));
    assert.ok(!isNetworkError(foreign));
    assert.ok(!isKdiStatusError(new Error('plain')));
  });
});
