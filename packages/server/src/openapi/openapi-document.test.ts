import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { z } from 'zod/mini';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { createTestKey, startTestServer, type TestServer } from '../test-support/admin-server.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import type { ApiRoute } from './api-route.js';
import { API_ROUTES, OPENAPI_PATH } from './api-routes.js';
import { buildOpenApiDocument, openApiPath, type OpenApiDocument } from './openapi-document.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every method and path Fastify routes, read from `printRoutes()`'s tree: each line's segment
 * appended to its parent's (HEAD and OPTIONS left out: Fastify adds a HEAD to every GET, and
 * OPTIONS answers only CORS preflights).
 */
function registeredRoutes(tree: string): Set<string> {
  const found = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S.*?) \(([A-Z, ]+)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    for (const method of match[3]!.split(', ')) if (METHODS.has(method)) found.add(`${method} ${path}`);
  }
  return found;
}

describe('OpenAPI document', () => {
  let server: TestServer;
  let base: string;
  let document: OpenApiDocument;
  before(async () => {
    server = await startTestServer({ scheduler: false });
    await server.app.http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.app.http.server.address() as { port: number }).port}`;
    document = (await (await fetch(`${base}${OPENAPI_PATH}`)).json()) as OpenApiDocument;
  });
  after(() => server.close());

  it('is a valid OpenAPI 3.1 document (an OpenAPI validator from npm)', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    assert.deepEqual(result.errors, undefined);
    assert.equal(result.valid, true);
    assert.equal(document.openapi, '3.1.1');
    // JSON Schema dialect keys of zod's output are stripped; no local $defs (refs would point nowhere).
    const text = JSON.stringify(document);
    assert.ok(!text.includes('"$schema"'));
    assert.ok(!text.includes('#/$defs'));
  });

  it('has a row for every route the server registers under /api/, and a route for every row', () => {
    const tree = server.app.http.printRoutes({ commonPrefix: false });
    const registered = [...registeredRoutes(tree)].filter((r) => r.split(' ')[1]!.startsWith('/api/'));
    // The parser itself: it finds routes of each plugin, nested paths included.
    for (const known of [
      'GET /api/v1/summary',
      'PATCH /api/v1/admin/incidents/:id/updates/:updateId',
      'GET /api/v2/incidents/unresolved.json',
    ])
      assert.ok(registered.includes(known), `the route list has ${known}`);
    const rows = new Set(API_ROUTES.filter((r) => METHODS.has(r.method)).map((r) => `${r.method} ${r.path}`));
    assert.deepEqual(
      registered.filter((r) => !rows.has(r)),
      [],
      'routes without a row in openapi/api-routes.ts',
    );
    const missing = API_ROUTES.filter((r) => !server.app.http.hasRoute({ method: r.method, url: r.path }));
    assert.deepEqual(
      missing.map((r) => `${r.method} ${r.path}`),
      [],
      'rows without a route',
    );
    assert.ok(API_ROUTES.some((r) => r.path === '/healthz'));
  });

  it('refuses a table that names an unexplained problem code, or one path parameter without a row', () => {
    const row: ApiRoute = {
      method: 'GET',
      path: '/x/:id',
      operationId: 'x',
      tag: 'meta',
      summary: 'x',
      auth: 'none',
      responses: {},
      problems: [],
    };
    assert.throws(() => buildOpenApiDocument([row]), /path parameter "id"/);
    assert.throws(() => buildOpenApiDocument([{ ...row, path: '/x', problems: ['no_such_code'] }]), /no_such_code/);
    assert.throws(
      () =>
        buildOpenApiDocument([
          { ...row, path: '/x' },
          { ...row, path: '/x' },
        ]),
      /two rows/,
    );
  });

  it('names what any route can meet: 503 with Retry-After, the database away on admin routes, 414 for a long path parameter', () => {
    const getIncident = document.paths['/api/v1/incidents/{id}']!.get!;
    assert.deepEqual(getIncident.responses['503']!['x-problem-codes']!.sort(), ['database_unavailable', 'shutting_down']);
    assert.ok(getIncident.responses['503']!.headers?.['Retry-After'], 'Retry-After on 503');
    assert.deepEqual(getIncident.responses['414']!['x-problem-codes'], ['path_parameter_too_long']);
    const open = document.paths['/api/v1/admin/incidents']!.post!;
    assert.ok(open.responses['503']!['x-problem-codes']!.includes('database_unavailable'));
    assert.ok(open.responses['429']!.headers?.['Retry-After'], 'Retry-After on 429');
    assert.equal(document.paths['/api/v1/components']!.get!.responses['414'], undefined, 'no path parameter, no 414');
    // The headers a client sends: If-None-Match (and its 304) where there is an ETag, Idempotency-Key on writes, Last-Event-ID on the stream.
    const headerNames = (op: { parameters?: Array<{ name: string; in: string }> }) =>
      (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
    const getSummary = document.paths['/api/v1/summary']!.get!;
    assert.deepEqual(headerNames(getSummary), ['If-None-Match']);
    assert.ok(getSummary.responses['304'], '304 on the summary');
    assert.ok(document.paths['/api/v2/status.json']!.get!.responses['304'], '304 on v2');
    assert.deepEqual(headerNames(open), ['Idempotency-Key']);
    assert.deepEqual(headerNames(document.paths['/api/v1/stream']!.get!), ['Last-Event-ID']);
    assert.equal(document.paths['/api/v1/components']!.get!.responses['304'], undefined, 'no ETag, no 304');
    const summary = document.components.schemas['Summary'] as { additionalProperties?: unknown };
    assert.equal(summary.additionalProperties, undefined, 'answers may grow: no additionalProperties: false');
  });

  it('is generated from the zod schemas: request parts input-side, answers output-side', () => {
    const open = document.paths['/api/v1/admin/incidents']!.post!;
    const body = open.requestBody!.content['application/json'].schema as { required: string[]; properties: Record<string, unknown> };
    assert.deepEqual(body.required.sort(), ['components', 'impact', 'message', 'title']);
    assert.equal((body as { additionalProperties?: boolean }).additionalProperties, false);
    assert.deepEqual(open.security, [{ bearerAuth: [] }]);
    // A default makes a query parameter optional on the input side.
    const incidents = document.paths['/api/v1/incidents']!.get!;
    assert.deepEqual(
      incidents.parameters!.map((p) => [p.name, p.in, p.required]),
      [
        ['state', 'query', false],
        ['limit', 'query', false],
      ],
    );
    assert.deepEqual(
      document.paths['/api/v1/components/{id}']!.get!.parameters!.map((p) => [p.name, p.in, p.required]),
      [['id', 'path', true]],
    );
    assert.equal(document.paths['/api/v1/summary']!.get!.security, undefined);
    // Each problem status lists its codes, answered as problem+json.
    const notFound = document.paths['/api/v1/components/{id}']!.get!.responses['404']!;
    assert.deepEqual(notFound['x-problem-codes'], ['component_not_found']);
    assert.ok(notFound.content!['application/problem+json']);
    assert.equal(openApiPath('/a/:id/b/:updateId'), '/a/{id}/b/{updateId}');
  });

  it('is served with CORS, an ETag (304) and gzip', async () => {
    const first = await fetch(`${base}${OPENAPI_PATH}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(first.headers.get('access-control-allow-origin'), '*');
    assert.equal(first.headers.get('content-encoding'), 'gzip');
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    const second = await fetch(`${base}${OPENAPI_PATH}`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
    assert.equal(second.status, 304);
    // The schema registry: one name, one schema.
    assert.throws(
      () =>
        buildOpenApiDocument([
          {
            method: 'GET',
            path: '/a',
            operationId: 'a',
            tag: 'meta',
            summary: 'a',
            auth: 'none',
            responses: { 200: { description: 'a', schema: { name: 'Same', schema: z.string() } } },
            problems: [],
          },
          {
            method: 'GET',
            path: '/b',
            operationId: 'b',
            tag: 'meta',
            summary: 'b',
            auth: 'none',
            responses: { 200: { description: 'b', schema: { name: 'Same', schema: z.int() } } },
            problems: [],
          },
        ]),
      /two different schemas are named "Same"/,
    );
  });
});

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`real answers of a running server validate against the document (${kind})`, () => {
    let app: App;
    let base: string;
    let document: OpenApiDocument;
    let cleanup: () => Promise<void>;
    before(async () => {
      const temp = kind === 'sqlite' ? await tempSqliteStore() : await tempPostgresStore();
      cleanup = temp.cleanup;
      app = await createApp({ store: temp.store, scheduler: false, logLevel: 'silent' });
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
      document = (await (await fetch(`${base}${OPENAPI_PATH}`)).json()) as OpenApiDocument;
    });
    after(async () => {
      await app?.http.close();
      await cleanup?.();
    });

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const check = (method: string, path: string, status: number, type: string, body: unknown) => {
      const operation = document.paths[openApiPath(path)]?.[method.toLowerCase()];
      assert.ok(operation, `${method} ${path} is documented`);
      const response = operation.responses[String(status)];
      assert.ok(response, `${method} ${path}: ${status} is documented`);
      if (status === 204) return;
      const media = type.split(';')[0]!;
      const schema = response.content?.[media]?.schema as { $ref?: string } | undefined;
      assert.ok(schema?.$ref, `${method} ${path} ${status}: ${media} has a schema`);
      const validate = ajv.compile(document.components.schemas[schema.$ref.split('/').at(-1)!]!);
      assert.ok(validate(body), `${method} ${path} ${status}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      if (media === 'application/problem+json') {
        const code = (body as { code: string }).code;
        assert.ok(response['x-problem-codes']!.includes(code), `${method} ${path}: ${code} is listed`);
      }
    };
    const call = async (method: string, url: string, route: string, options: { token?: string; body?: unknown } = {}) => {
      const answer = await fetch(`${base}${url}`, {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.body ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await answer.text();
      check(method, route, answer.status, answer.headers.get('content-type') ?? '', text ? JSON.parse(text) : undefined);
      return { status: answer.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    };

    it('public v1 reads, v2 reads, healthz, and their problems', async () => {
      const summary = await call('GET', '/api/v1/summary', '/api/v1/summary');
      assert.equal(summary.status, 200);
      // The check can fail: a body the schema does not describe, an undocumented status. A field
      // the document does not name yet is no failure: answers may grow (clients must not break).
      assert.throws(() => check('GET', '/api/v1/summary', 200, 'application/json', { ...summary.json, sequence: 'three' }), /sequence/);
      check('GET', '/api/v1/summary', 200, 'application/json', { ...summary.json, addedLater: 1 });
      assert.throws(() => check('GET', '/api/v1/summary', 418, 'application/json', {}), /418 is documented/);
      await call('GET', '/api/v1/summary?components=ky', '/api/v1/summary');
      await call('GET', '/api/v1/components', '/api/v1/components');
      await call('GET', '/api/v1/components/ky', '/api/v1/components/:id');
      assert.equal((await call('GET', '/api/v1/components/nope', '/api/v1/components/:id')).status, 404);
      const recent = await call('GET', '/api/v1/incidents?state=recent', '/api/v1/incidents');
      const first = (recent.json!.incidents as Array<{ id: string }>)[0]!;
      await call('GET', `/api/v1/incidents/${first.id}`, '/api/v1/incidents/:id');
      await call('GET', '/api/v1/maintenances?state=upcoming', '/api/v1/maintenances');
      await call('GET', '/api/v1/content', '/api/v1/content');
      assert.equal((await call('GET', '/api/v1/incidents?state=nope', '/api/v1/incidents')).status, 400);
      assert.equal((await call('GET', '/api/v1/content?component=nope', '/api/v1/content')).status, 404);
      await call('GET', '/api/v2/summary.json', '/api/v2/summary.json');
      await call('GET', '/api/v2/incidents.json', '/api/v2/incidents.json');
      await call('GET', '/api/v2/scheduled-maintenances/upcoming.json?lang=en', '/api/v2/scheduled-maintenances/upcoming.json');
      assert.equal((await call('GET', '/api/v2/status.json?lang=xx', '/api/v2/status.json')).status, 400);
      await call('GET', '/healthz', '/healthz');
      await call('GET', OPENAPI_PATH, OPENAPI_PATH);
    });

    it('admin writes and reads, and their problems', async () => {
      const admin = await createTestKey(app.store, 'admin');
      await call('GET', '/api/v1/admin/whoami', '/api/v1/admin/whoami', { token: admin });
      assert.equal((await call('GET', '/api/v1/admin/whoami', '/api/v1/admin/whoami')).status, 401);
      const opened = await call('POST', '/api/v1/admin/incidents', '/api/v1/admin/incidents', {
        token: admin,
        body: {
          title: { da: 'Langsomme opslag' },
          impact: 'minor',
          components: [{ id: 'ky', status: 'degraded_performance' }],
          message: { da: 'Vi undersøger.' },
          vendor: 'kombit',
        },
      });
      assert.equal(opened.status, 201, JSON.stringify(opened.json));
      const id = opened.json!.id as string;
      await call('POST', `/api/v1/admin/incidents/${id}/resolve`, '/api/v1/admin/incidents/:id/resolve', {
        token: admin,
        body: { message: { da: 'Løst.' } },
      });
      const again = await call('POST', `/api/v1/admin/incidents/${id}/resolve`, '/api/v1/admin/incidents/:id/resolve', {
        token: admin,
        body: { message: { da: 'Løst.' } },
      });
      assert.equal(again.status, 409);
      const bad = await call('POST', '/api/v1/admin/incidents', '/api/v1/admin/incidents', { token: admin, body: { title: { da: '' } } });
      assert.equal(bad.status, 400);
      await call('GET', '/api/v1/admin/audit?limit=5', '/api/v1/admin/audit', { token: admin });
      const vendor = await createTestKey(app.store, 'vendor', 'fagsys-nord');
      assert.equal((await call('GET', '/api/v1/admin/audit', '/api/v1/admin/audit', { token: vendor })).status, 403);
    });
  });
}
