import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema } from '@kdi-status/sdk';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Body = Record<string, unknown>;

/** A case: how to spoil a valid body, and the field (or, with no body field, the code) the answer must name. */
interface Case {
  what: string;
  body: (valid: Body) => unknown;
  status: number;
  field?: string;
  code?: string;
}

const long = (n: number) => 'x'.repeat(n);
const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('admin API: invalid input gets a problem naming the field, and changes nothing', () => {
  let server: TestServer;
  let admin: string;
  const ids = { incident: '', update: '', maintenance: '', content: '' };

  before(async () => {
    server = await startTestServer();
    admin = await server.token('admin', 'kombit');
    const incident = (
      await server.call('POST', '/api/v1/admin/incidents', {
        token: admin,
        body: {
          title: { da: 'Fejl' },
          impact: 'minor',
          vendor: 'infra-drift',
          components: [{ id: 'sts', status: 'degraded_performance' }],
          message: { da: 'Vi undersøger' },
        },
      })
    ).json() as { id: string; updates: Array<{ id: string }> };
    ids.incident = incident.id;
    ids.update = incident.updates[0]!.id;
    ids.maintenance = (
      (
        await server.call('POST', '/api/v1/admin/maintenances', {
          token: admin,
          body: { title: { da: 'Opdatering' }, description: { da: 'STS' }, components: ['sts'], startsAt: later(24), endsAt: later(26) },
        })
      ).json() as { id: string }
    ).id;
    ids.content = (
      (
        await server.call('POST', '/api/v1/admin/content', {
          token: admin,
          body: { componentId: 'ky', type: 'news', title: { da: 'Nyhed' }, body: { da: 'Tekst' }, date: later(0) },
        })
      ).json() as { id: string }
    ).id;
  });
  after(() => server.close());

  /** Every write route with a body that would be accepted, and the ways to spoil it. */
  const routes = (): Array<{ method: Method; url: string; valid: Body; cases: Case[] }> => [
    {
      method: 'POST',
      url: '/api/v1/admin/incidents',
      valid: {
        title: { da: 'Fejl' },
        impact: 'major',
        vendor: 'infra-drift',
        components: [{ id: 'sts', status: 'major_outage' }],
        message: { da: 'Vi undersøger' },
      },
      cases: [
        { what: 'missing title', body: ({ title: _t, ...rest }) => rest, status: 400, field: 'title' },
        { what: 'missing Danish', body: (v) => ({ ...v, title: { en: 'Fault' } }), status: 400, field: 'title.da' },
        { what: 'wrong impact', body: (v) => ({ ...v, impact: 'catastrophic' }), status: 400, field: 'impact' },
        {
          what: 'wrong component status',
          body: (v) => ({ ...v, components: [{ id: 'sts', status: 'broken' }] }),
          status: 400,
          field: 'components.0.status',
        },
        { what: 'over-long title', body: (v) => ({ ...v, title: { da: long(201) } }), status: 400, field: 'title.da' },
        { what: 'over-long message', body: (v) => ({ ...v, message: { da: long(2001) } }), status: 400, field: 'message.da' },
        { what: 'no components', body: (v) => ({ ...v, components: [] }), status: 400, field: 'components' },
        {
          what: 'unknown component',
          body: (v) => ({ ...v, components: [{ id: 'nope', status: 'major_outage' }] }),
          status: 422,
          field: 'components.0.id',
        },
        { what: 'unknown vendor', body: (v) => ({ ...v, vendor: 'nobody' }), status: 422, field: 'vendor' },
        { what: 'unknown field', body: (v) => ({ ...v, severity: 'high' }), status: 400, field: 'severity' },
        { what: 'resolved as a first status', body: (v) => ({ ...v, status: 'resolved' }), status: 400, field: 'status' },
      ],
    },
    {
      method: 'POST',
      url: `/api/v1/admin/incidents/${ids.incident}/updates`,
      valid: { status: 'identified', message: { da: 'Fejlen er fundet' } },
      cases: [
        { what: 'missing message', body: ({ message: _m, ...rest }) => rest, status: 400, field: 'message' },
        { what: 'wrong status', body: (v) => ({ ...v, status: 'fixed' }), status: 400, field: 'status' },
        { what: 'over-long English', body: (v) => ({ ...v, message: { da: 'x', en: long(2001) } }), status: 400, field: 'message.en' },
        {
          what: 'unknown component',
          body: (v) => ({ ...v, components: [{ id: 'ghost', status: 'major_outage' }] }),
          status: 422,
          field: 'components.0.id',
        },
      ],
    },
    {
      method: 'PUT',
      url: `/api/v1/admin/incidents/${ids.incident}/components`,
      valid: { components: [{ id: 'sts', status: 'partial_outage' }] },
      cases: [
        { what: 'missing components', body: () => ({}), status: 400, field: 'components' },
        {
          what: 'a component twice',
          body: () => ({
            components: [
              { id: 'sts', status: 'partial_outage' },
              { id: 'sts', status: 'major_outage' },
            ],
          }),
          status: 422,
          field: 'components.1.id',
        },
        {
          what: 'bad id',
          body: () => ({ components: [{ id: 'Not A Slug', status: 'partial_outage' }] }),
          status: 400,
          field: 'components.0.id',
        },
      ],
    },
    {
      method: 'POST',
      url: `/api/v1/admin/incidents/${ids.incident}/resolve`,
      valid: { message: { da: 'Løst' } },
      cases: [
        { what: 'empty message', body: () => ({ message: { da: '   ' } }), status: 400, field: 'message.da' },
        { what: 'message not an object', body: () => ({ message: 'Løst' }), status: 400, field: 'message' },
      ],
    },
    {
      method: 'PATCH',
      url: `/api/v1/admin/incidents/${ids.incident}/updates/${ids.update}`,
      valid: { message: { da: 'Rettet ordlyd' } },
      cases: [{ what: 'missing message', body: () => ({}), status: 400, field: 'message' }],
    },
    {
      method: 'PUT',
      url: '/api/v1/admin/components/sts/status',
      valid: { status: 'degraded_performance', reason: 'Langsomme opslag' },
      cases: [
        { what: 'missing reason', body: ({ reason: _r, ...rest }) => rest, status: 400, field: 'reason' },
        { what: 'wrong status', body: (v) => ({ ...v, status: 'slow' }), status: 400, field: 'status' },
        { what: 'over-long reason', body: (v) => ({ ...v, reason: long(501) }), status: 400, field: 'reason' },
      ],
    },
    {
      method: 'POST',
      url: '/api/v1/admin/components',
      valid: { id: 'ny-komponent', name: 'Ny', kind: 'support-system', vendor: 'infra-drift', dependsOn: ['sts'] },
      cases: [
        { what: 'missing name', body: ({ name: _n, ...rest }) => rest, status: 400, field: 'name' },
        { what: 'wrong kind', body: (v) => ({ ...v, kind: 'database' }), status: 400, field: 'kind' },
        { what: 'bad id', body: (v) => ({ ...v, id: 'Ny Komponent' }), status: 400, field: 'id' },
        { what: 'unknown dependency', body: (v) => ({ ...v, dependsOn: ['ghost'] }), status: 422, field: 'dependsOn' },
        { what: 'depends on itself', body: (v) => ({ ...v, dependsOn: ['ny-komponent'] }), status: 422, field: 'dependsOn' },
        { what: 'an existing id', body: (v) => ({ ...v, id: 'sts' }), status: 409, code: 'component_exists' },
      ],
    },
    {
      method: 'PATCH',
      url: '/api/v1/admin/components/sts',
      valid: { name: 'STS' },
      cases: [
        { what: 'dependency cycle', body: () => ({ dependsOn: ['serviceplatformen'] }), status: 422, field: 'dependsOn' },
        { what: 'over-long name', body: () => ({ name: long(121) }), status: 400, field: 'name' },
        { what: 'unknown vendor', body: () => ({ vendor: 'nobody' }), status: 422, field: 'vendor' },
      ],
    },
    {
      method: 'DELETE',
      url: '/api/v1/admin/components/sts',
      valid: {},
      cases: [{ what: 'a component others depend on', body: () => undefined, status: 422, code: 'component_in_use' }],
    },
    {
      method: 'PUT',
      url: '/api/v1/admin/vendors/ny-leverandor',
      valid: { name: 'Ny leverandør', servicedesk: { email: 'sd@ny.example' } },
      cases: [
        { what: 'bad e-mail', body: (v) => ({ ...v, servicedesk: { email: 'not-an-address' } }), status: 400, field: 'servicedesk.email' },
        { what: 'missing name', body: () => ({ servicedesk: {} }), status: 400, field: 'name' },
      ],
    },
    {
      method: 'POST',
      url: '/api/v1/admin/maintenances',
      valid: { title: { da: 'Opdatering' }, description: { da: 'STS' }, components: ['sts'], startsAt: later(48), endsAt: later(50) },
      cases: [
        { what: 'missing window end', body: ({ endsAt: _e, ...rest }) => rest, status: 400, field: 'endsAt' },
        { what: 'not a time', body: (v) => ({ ...v, startsAt: 'lørdag' }), status: 400, field: 'startsAt' },
        { what: 'end before start', body: (v) => ({ ...v, endsAt: later(47) }), status: 422, field: 'endsAt' },
        { what: 'window already over', body: (v) => ({ ...v, startsAt: later(-3), endsAt: later(-2) }), status: 422, field: 'endsAt' },
        { what: 'unknown component', body: (v) => ({ ...v, components: ['sts', 'ghost'] }), status: 422, field: 'components.1' },
      ],
    },
    {
      method: 'PATCH',
      url: `/api/v1/admin/maintenances/${ids.maintenance}`,
      valid: { endsAt: later(27) },
      cases: [
        { what: 'end before start', body: () => ({ endsAt: later(23) }), status: 422, field: 'endsAt' },
        { what: 'wrong status', body: () => ({ status: 'cancelled' }), status: 400, field: 'status' },
        { what: 'verifying before it started', body: () => ({ status: 'verifying' }), status: 422, field: 'status' },
      ],
    },
    {
      method: 'POST',
      url: '/api/v1/admin/content',
      valid: { componentId: 'ky', type: 'faq', title: { da: 'Spørgsmål' }, body: { da: 'Svar' }, date: later(0) },
      cases: [
        { what: 'wrong type', body: (v) => ({ ...v, type: 'blog' }), status: 400, field: 'type' },
        { what: 'unknown component', body: (v) => ({ ...v, componentId: 'ghost' }), status: 422, field: 'componentId' },
        { what: 'over-long body', body: (v) => ({ ...v, body: { da: long(2001) } }), status: 400, field: 'body.da' },
      ],
    },
    {
      method: 'PATCH',
      url: `/api/v1/admin/content/${ids.content}`,
      valid: { title: { da: 'Ny titel' } },
      cases: [{ what: 'not a time', body: () => ({ date: 'i morgen' }), status: 400, field: 'date' }],
    },
  ];

  /** Transport-level faults every route with a body must refuse the same way. */
  const transportCases = [
    { what: 'text/plain', payload: 'hello', headers: { 'content-type': 'text/plain' }, status: 415, code: 'unsupported_media_type' },
    {
      what: 'form data',
      payload: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'unsupported_media_type',
    },
    { what: 'broken JSON', payload: '{"title":', headers: { 'content-type': 'application/json' }, status: 400, code: 'invalid_json' },
    {
      what: 'oversized body',
      payload: JSON.stringify({ pad: long(70 * 1024) }),
      headers: { 'content-type': 'application/json' },
      status: 413,
      code: 'payload_too_large',
    },
  ];

  it('refuses each spoiled body with a problem naming the field, and leaves the database as it was', async () => {
    const before = await server.state();
    let checked = 0;
    for (const route of routes()) {
      for (const c of route.cases) {
        const response = await server.call(route.method, route.url, { token: admin, body: c.body(route.valid) });
        const label: string = `${route.method} ${route.url}: ${c.what}`;
        assert.equal(response.statusCode, c.status, `${label}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/, label);
        const problem = ProblemSchema.parse(response.json());
        if (c.field)
          assert.ok(
            problem.errors?.some((e) => e.field === c.field),
            `${label}: expected field ${c.field} in ${response.body}`,
          );
        if (c.code) assert.equal(problem.code, c.code, label);
        checked++;
      }
      if (route.method === 'DELETE') continue;
      for (const t of transportCases) {
        const response = await server.call(route.method, route.url, { token: admin, payload: t.payload, headers: t.headers });
        const label: string = `${route.method} ${route.url}: ${t.what}`;
        assert.equal(response.statusCode, t.status, `${label}: ${response.body}`);
        assert.equal(ProblemSchema.parse(response.json()).code, t.code, label);
        checked++;
      }
    }
    assert.ok(checked > 80, `checked ${checked} cases`);
    assert.deepEqual(await server.state(), before);
  });

  it('accepts each valid body (so the spoiled ones failed for the reason named)', async () => {
    for (const route of routes()) {
      if (route.method === 'DELETE') continue;
      const response = await server.call(route.method, route.url, { token: admin, body: route.valid });
      assert.ok(response.statusCode < 300, `${route.method} ${route.url}: ${response.statusCode} ${response.body}`);
    }
  });
});
