import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ApiKey } from '../schemas/api-key.js';
import type { Component } from '../schemas/component.js';
import type { Incident } from '../schemas/incident.js';
import type { Maintenance } from '../schemas/maintenance.js';
import type { Problem } from '../schemas/problem.js';
import type { ServiceLevelReport } from '../schemas/service-level-report.js';
import { createAdminClient } from './admin-client.js';
import { HttpError, isHttpError, isNetworkError, isSchemaValidationError } from './errors.js';

const BASE = 'https://status.test';
const TOKEN = 'kdi_k_0123456789ab_secret';
const T0 = '2026-11-26T08:08:00.000Z';

const incident: Incident = {
  id: 'inc_1',
  title: { da: 'Nedbrud i STS' },
  impact: 'major',
  status: 'investigating',
  vendor: 'infra-drift',
  components: [{ id: 'sts', status: 'major_outage' }],
  updates: [{ id: 'upd_1', at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'infra-drift' }],
  startedAt: T0,
  resolvedAt: null,
  updatedAt: T0,
};

const maintenance: Maintenance = {
  id: 'mnt_1',
  title: { da: 'Opdatering' },
  description: { da: 'Serviceplatformen er nede' },
  status: 'cancelled',
  vendor: 'infra-drift',
  components: ['serviceplatformen'],
  startsAt: '2026-11-28T23:00:00.000Z',
  endsAt: '2026-11-29T07:00:00.000Z',
  updatedAt: T0,
};

const key: ApiKey = {
  id: 'k_0123456789ab',
  name: 'Servicedesk',
  role: 'vendor',
  vendor: 'infra-drift',
  createdAt: T0,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: T0,
};

const emptyReport: ServiceLevelReport = {
  month: '2026-11',
  from: '2026-10-31T23:00:00.000Z',
  until: '2026-11-30T23:00:00.000Z',
  generatedAt: T0,
  complete: true,
  sequence: 42,
  vendor: 'infra-drift',
  components: [],
  vendors: [],
  incidents: [],
  maintenances: [],
};

const forbidden: Problem = {
  type: '/problems/not-your-component',
  title: 'Forbidden',
  status: 403,
  code: 'not_your_component',
  detail: 'This key may not change component "ky".',
};

/** What the mock server saw of each request. */
interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}
let seen: Seen[] = [];

async function record(request: Request): Promise<void> {
  seen.push({ method: request.method, url: new URL(request.url), headers: request.headers, body: await request.text() });
}

const server = setupServer(
  http.post(`${BASE}/api/v1/admin/incidents`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(incident, { status: 201 });
  }),
  http.post(`${BASE}/api/v1/admin/incidents/:id/resolve`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({ ...incident, status: 'resolved', resolvedAt: T0 });
  }),
  http.post(`${BASE}/api/v1/admin/maintenances/:id/cancel`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(maintenance);
  }),
  http.delete(`${BASE}/api/v1/admin/content/:id`, async ({ request }) => {
    await record(request);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(`${BASE}/api/v1/admin/audit`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({ events: [], next: null });
  }),
  http.get(`${BASE}/api/v1/admin/reports/service-levels`, async ({ request }) => {
    await record(request);
    const month = new URL(request.url).searchParams.get('month') ?? '2026-11';
    // A report that lost its components: the client must not pass it on.
    if (month === '2026-10') return HttpResponse.json({ ...emptyReport, month, components: undefined });
    return HttpResponse.json({ ...emptyReport, month });
  }),
  http.get(`${BASE}/api/v1/admin/whoami`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(key);
  }),
  http.put(`${BASE}/api/v1/admin/components/:id/status`, () =>
    HttpResponse.json(forbidden, { status: 403, headers: { 'content-type': 'application/problem+json' } }),
  ),
);

const client = () => createAdminClient({ baseUrl: `${BASE}/`, token: TOKEN });

describe('createAdminClient (network mocked with MSW)', () => {
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen = [];
  });
  after(() => server.close());

  it('opens an incident with the bearer token, a JSON body and the idempotency key, and returns the validated incident', async () => {
    const body = {
      title: { da: 'Nedbrud i STS' },
      impact: 'major',
      components: [{ id: 'sts', status: 'major_outage' }],
      message: { da: 'Vi undersøger fejlen' },
    } as const;
    const result = await client().openIncident({ ...body, components: [...body.components] }, { idempotencyKey: 'idem-1' });

    assert.deepEqual(result, incident);
    const [request] = seen;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.headers.get('authorization'), `Bearer ${TOKEN}`);
    assert.equal(request?.headers.get('idempotency-key'), 'idem-1');
    assert.equal(request?.headers.get('content-type'), 'application/json');
    assert.deepEqual(JSON.parse(request?.body ?? ''), body);
  });

  it('sends no idempotency key unless asked to', async () => {
    await client().resolveIncident('inc 1/x', { message: { da: 'Fejlen er rettet' } });
    const [request] = seen;
    assert.equal(request?.headers.get('idempotency-key'), null);
    // An id is one path segment, whatever it contains.
    assert.equal(request?.url.pathname, '/api/v1/admin/incidents/inc%201%2Fx/resolve');
  });

  it('cancels maintenance with an empty JSON object as its body', async () => {
    assert.deepEqual(await client().cancelMaintenance('mnt_1'), maintenance);
    assert.equal(seen[0]?.body, '{}');
    assert.equal(seen[0]?.headers.get('content-type'), 'application/json');
  });

  it('treats a 204 as success with no body, and sends no body or content type with a DELETE', async () => {
    assert.equal(await client().deleteContent('cnt_1'), undefined);
    assert.equal(seen[0]?.method, 'DELETE');
    assert.equal(seen[0]?.body, '');
    assert.equal(seen[0]?.headers.get('content-type'), null);
    assert.equal(seen[0]?.headers.get('authorization'), `Bearer ${TOKEN}`);
  });

  it('puts only the audit filters given into the query string', async () => {
    assert.deepEqual(await client().audit({ component: 'sts', after: 10, limit: 50 }), { events: [], next: null });
    assert.equal(seen[0]?.url.search, '?component=sts&after=10&limit=50');
  });

  it('asks for the service-level report of a month (none: the server’s default) and checks the answer', async () => {
    assert.deepEqual(await client().serviceLevelReport('2026-11'), emptyReport);
    assert.equal(seen[0]?.url.search, '?month=2026-11');
    await client().serviceLevelReport();
    assert.equal(seen[1]?.url.search, '');
    await assert.rejects(client().serviceLevelReport('2026-10'), (error: unknown) => isSchemaValidationError(error));
  });

  it('tells who the key is', async () => {
    assert.deepEqual(await client().whoami(), key);
  });

  it('turns a 403 problem into an HttpError carrying the problem', async () => {
    const error = await client()
      .setComponentStatus('ky', { status: 'major_outage', reason: 'Nede' })
      .catch((e: unknown) => e);
    assert.ok(error instanceof HttpError && isHttpError(error));
    assert.equal(error.status, 403);
    assert.equal(error.code, 'not_your_component');
    assert.deepEqual(error.problem, forbidden);
  });

  it('carries the fields at fault of a 400 in problem.errors', async () => {
    const invalid: Problem = {
      type: '/problems/invalid-body',
      title: 'Bad request',
      status: 400,
      code: 'invalid_body',
      errors: [{ field: 'title.da', message: 'Too small: expected string to have >=1 characters' }],
    };
    server.use(
      http.post(`${BASE}/api/v1/admin/incidents`, () =>
        HttpResponse.json(invalid, { status: 400, headers: { 'content-type': 'application/problem+json' } }),
      ),
    );
    const error = await client()
      .openIncident({ title: { da: '' }, impact: 'none', components: [{ id: 'sts', status: 'operational' }], message: { da: 'x' } })
      .catch((e: unknown) => e);
    assert.ok(isHttpError(error));
    assert.deepEqual(error.problem?.errors, invalid.errors);
  });

  it('rejects a response that does not match the schema', async () => {
    server.use(http.get(`${BASE}/api/v1/admin/whoami`, () => HttpResponse.json({ ...key, role: 'root' })));
    const error = await client()
      .whoami()
      .catch((e: unknown) => e);
    assert.ok(isSchemaValidationError(error));
    assert.deepEqual(
      error.issues.map((i) => i.path),
      ['role'],
    );
  });

  it('rejects a 204 where an entity was expected, and a body where a 204 was', async () => {
    server.use(
      http.get(`${BASE}/api/v1/admin/whoami`, () => new HttpResponse(null, { status: 204 })),
      http.delete(`${BASE}/api/v1/admin/content/:id`, () => HttpResponse.json({ deleted: true })),
    );
    assert.ok(
      isSchemaValidationError(
        await client()
          .whoami()
          .catch((e: unknown) => e),
      ),
    );
    assert.ok(
      isSchemaValidationError(
        await client()
          .deleteContent('cnt_1')
          .catch((e: unknown) => e),
      ),
    );
  });

  it('turns a failed connection into a NetworkError', async () => {
    server.use(http.post(`${BASE}/api/v1/admin/incidents/:id/resolve`, () => HttpResponse.error()));
    const error = await client()
      .resolveIncident('inc_1', { message: { da: 'Løst' } })
      .catch((e: unknown) => e);
    assert.ok(isNetworkError(error));
  });

  it('returns a retired component from DELETE', async () => {
    const retired: Component = {
      id: 'old',
      name: 'Old',
      kind: 'external',
      vendor: 'infra-drift',
      dependsOn: [],
      status: 'operational',
      links: {},
      retiredAt: T0,
    };
    server.use(http.delete(`${BASE}/api/v1/admin/components/:id`, () => HttpResponse.json(retired)));
    assert.deepEqual(await client().retireComponent('old'), retired);
  });

  it('links, unlinks, disputes and settles with the methods and paths of the contract, and reads the disputes', async () => {
    const cause = {
      incident: 'inc_sp',
      vendor: 'kombit-sp',
      components: ['serviceplatformen'],
      state: 'linked' as const,
      linkedBy: 'infra-drift',
      linkedAt: T0,
      upstreamResolvedAt: null,
    };
    const answer = async ({ request }: { request: Request }) => {
      await record(request);
      return HttpResponse.json({ ...incident, causedBy: cause });
    };
    server.use(
      http.put(`${BASE}/api/v1/admin/incidents/:id/caused-by`, answer),
      http.delete(`${BASE}/api/v1/admin/incidents/:id/caused-by`, answer),
      http.post(`${BASE}/api/v1/admin/incidents/:id/caused-by/dispute`, answer),
      http.post(`${BASE}/api/v1/admin/incidents/:id/caused-by/settle`, answer),
      http.get(`${BASE}/api/v1/admin/disputes`, async ({ request }) => {
        await record(request);
        return HttpResponse.json({ disputes: [{ incident: { ...incident, causedBy: { ...cause, state: 'disputed' } }, upstream: null }] });
      }),
    );
    const admin = client();
    assert.deepEqual((await admin.linkIncident('inc 1', { incident: 'inc_sp' })).causedBy, cause);
    await admin.unlinkIncident('inc_1');
    await admin.disputeLink('inc_1', { reason: 'Ikke os' });
    await admin.settleLink('inc_1', { outcome: 'move', incident: 'inc_org', reason: 'Organisation' });
    const { disputes } = await admin.disputes();

    assert.equal(disputes[0]?.incident.causedBy?.state, 'disputed');
    assert.deepEqual(
      seen.map((s) => [s.method, s.url.pathname, s.body]),
      [
        ['PUT', '/api/v1/admin/incidents/inc%201/caused-by', '{"incident":"inc_sp"}'],
        ['DELETE', '/api/v1/admin/incidents/inc_1/caused-by', ''],
        ['POST', '/api/v1/admin/incidents/inc_1/caused-by/dispute', '{"reason":"Ikke os"}'],
        ['POST', '/api/v1/admin/incidents/inc_1/caused-by/settle', '{"outcome":"move","incident":"inc_org","reason":"Organisation"}'],
        ['GET', '/api/v1/admin/disputes', ''],
      ],
    );
    assert.ok(seen.every((s) => s.headers.get('authorization') === `Bearer ${TOKEN}`));
  });
});
