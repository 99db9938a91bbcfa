import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema } from '@kdi-status/sdk';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';

const openOn = (component: string, status = 'major_outage') => ({
  title: { da: `Fejl i ${component}` },
  impact: 'major',
  components: [{ id: component, status }],
  message: { da: 'Vi undersøger fejlen' },
});

const problemOf = (response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) => {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  return ProblemSchema.parse(response.json());
};

describe('admin API: who may do what', () => {
  let server: TestServer;
  let admin: string;
  let nord: string;
  let infra: string;

  before(async () => {
    server = await startTestServer();
    admin = await server.token('admin');
    nord = await server.token('vendor', 'fagsys-nord');
    infra = await server.token('vendor', 'infra-drift');
  });
  after(() => server.close());

  describe('401 without a usable key', () => {
    it('refuses no key, a malformed header, a wrong key, an expired and a revoked key, and changes nothing', async () => {
      const before = await server.state();
      const expired = await server.token('admin', null, { expiresAt: new Date(Date.now() + 1000).toISOString() });
      const revoked = await server.token('admin');
      const revokedId = /^kdi_(k_[0-9a-f]+)_/.exec(revoked)![1]!;
      const stored = (await server.app.store.key(revokedId))!;
      await server.app.store.saveKey(
        { ...stored, revokedAt: new Date().toISOString() },
        { type: 'system', id: 'test' },
        new Date().toISOString(),
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const stateBefore = await server.state();

      const wrongSecret = admin.slice(0, -4) + (admin.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const cases: Array<[string, Record<string, string>, string]> = [
        ['no key', {}, 'missing_credentials'],
        ['basic auth', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 'invalid_credentials'],
        ['not our token', { authorization: 'Bearer abc' }, 'invalid_credentials'],
        ['wrong secret', { authorization: `Bearer ${wrongSecret}` }, 'invalid_credentials'],
        ['unknown id', { authorization: 'Bearer kdi_k_000000000000_' + 'A'.repeat(43) }, 'invalid_credentials'],
        ['expired', { authorization: `Bearer ${expired}` }, 'key_expired'],
        ['revoked', { authorization: `Bearer ${revoked}` }, 'key_revoked'],
      ];
      for (const [what, headers, code] of cases) {
        const response = await server.call('POST', '/api/v1/admin/incidents', { headers, body: openOn('sts') });
        assert.equal(response.statusCode, 401, what);
        assert.equal(problemOf(response).code, code, what);
        assert.match(String(response.headers['www-authenticate']), /^Bearer/, what);
      }
      assert.deepEqual(await server.state(), stateBefore);
      assert.notDeepEqual(before, stateBefore, 'the setup itself did write keys');
    });
  });

  describe("403 for a vendor key outside its vendor's components", () => {
    it("refuses another vendor's component, incident and maintenance, and admin-only routes", async () => {
      const stsIncident = (await server.call('POST', '/api/v1/admin/incidents', { token: infra, body: openOn('sts') })).json() as {
        id: string;
      };
      const maintenance = (
        await server.call('POST', '/api/v1/admin/maintenances', {
          token: infra,
          body: {
            title: { da: 'Opdatering' },
            description: { da: 'STS opdateres' },
            components: ['sts'],
            startsAt: new Date(Date.now() + 3_600_000).toISOString(),
            endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          },
        })
      ).json() as { id: string };
      const before = await server.state();

      const forbidden: Array<[string, 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET', string, unknown, string]> = [
        ['open on a foreign component', 'POST', '/api/v1/admin/incidents', openOn('sts'), 'not_your_component'],
        ['open naming another vendor', 'POST', '/api/v1/admin/incidents', { ...openOn('ky'), vendor: 'infra-drift' }, 'not_your_vendor'],
        [
          'update a foreign incident',
          'POST',
          `/api/v1/admin/incidents/${stsIncident.id}/updates`,
          { status: 'identified', message: { da: 'x' } },
          'not_your_incident',
        ],
        [
          'resolve a foreign incident',
          'POST',
          `/api/v1/admin/incidents/${stsIncident.id}/resolve`,
          { message: { da: 'x' } },
          'not_your_incident',
        ],
        [
          'status of a foreign component',
          'PUT',
          '/api/v1/admin/components/sts/status',
          { status: 'major_outage', reason: 'x' },
          'not_your_component',
        ],
        ['cancel a foreign maintenance', 'POST', `/api/v1/admin/maintenances/${maintenance.id}/cancel`, {}, 'not_your_maintenance'],
        [
          'content on a foreign component',
          'POST',
          '/api/v1/admin/content',
          { componentId: 'sts', type: 'faq', title: { da: 'x' }, body: { da: 'y' }, date: new Date().toISOString() },
          'not_your_component',
        ],
        [
          'create a component',
          'POST',
          '/api/v1/admin/components',
          { id: 'new-one', name: 'New', kind: 'application', vendor: 'fagsys-nord' },
          'admin_only',
        ],
        ['edit a component, even its own', 'PATCH', '/api/v1/admin/components/ky', { name: 'KY 2' }, 'admin_only'],
        ['retire a component', 'DELETE', '/api/v1/admin/components/flis', undefined, 'admin_only'],
        ['change a vendor', 'PUT', '/api/v1/admin/vendors/fagsys-nord', { name: 'Nord', servicedesk: {} }, 'admin_only'],
        ['read the audit trail', 'GET', '/api/v1/admin/audit', undefined, 'admin_only'],
      ];
      for (const [what, method, url, body, code] of forbidden) {
        const response = await server.call(method, url, { token: nord, body });
        assert.equal(response.statusCode, 403, what);
        assert.equal(problemOf(response).code, code, what);
      }
      assert.deepEqual(await server.state(), before);
    });

    it('refuses a vendor key its own record when the record names components of another vendor', async () => {
      // An admin makes fagsys-nord responsible for an incident and a window on infra-drift's STS.
      const incident = (
        await server.call('POST', '/api/v1/admin/incidents', { token: admin, body: { ...openOn('sts'), vendor: 'fagsys-nord' } })
      ).json() as { id: string; updates: Array<{ id: string }> };
      const maintenance = (
        await server.call('POST', '/api/v1/admin/maintenances', {
          token: admin,
          body: {
            title: { da: 'Opdatering' },
            description: { da: 'STS' },
            components: ['sts'],
            vendor: 'fagsys-nord',
            startsAt: new Date(Date.now() + 3_600_000).toISOString(),
            endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          },
        })
      ).json() as { id: string };
      const before = await server.state();
      const attempts: Array<['POST' | 'PUT' | 'PATCH', string, unknown]> = [
        ['POST', `/api/v1/admin/incidents/${incident.id}/updates`, { status: 'identified', message: { da: 'x' }, impact: 'none' }],
        ['PUT', `/api/v1/admin/incidents/${incident.id}/components`, { components: [{ id: 'ky', status: 'major_outage' }] }],
        ['PATCH', `/api/v1/admin/incidents/${incident.id}/updates/${incident.updates[0]!.id}`, { message: { da: 'x' } }],
        ['POST', `/api/v1/admin/incidents/${incident.id}/resolve`, { message: { da: 'x' } }],
        ['PATCH', `/api/v1/admin/maintenances/${maintenance.id}`, { endsAt: new Date(Date.now() + 9_000_000).toISOString() }],
        ['POST', `/api/v1/admin/maintenances/${maintenance.id}/cancel`, {}],
      ];
      for (const [method, url, body] of attempts) {
        const response = await server.call(method, url, { token: nord, body });
        assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
        assert.equal(problemOf(response).code, 'not_your_component');
      }
      assert.deepEqual(await server.state(), before);
    });

    it('lets a vendor key change its own components and incidents, and read everything public', async () => {
      const opened = await server.call('POST', '/api/v1/admin/incidents', { token: nord, body: openOn('ky', 'degraded_performance') });
      assert.equal(opened.statusCode, 201);
      const incident = opened.json() as { id: string; vendor: string; updates: Array<{ author: string }> };
      assert.equal(incident.vendor, 'fagsys-nord');
      assert.equal(incident.updates[0]!.author, 'fagsys-nord');
      const resolved = await server.call('POST', `/api/v1/admin/incidents/${incident.id}/resolve`, {
        token: nord,
        body: { message: { da: 'Løst' } },
      });
      assert.equal(resolved.statusCode, 200);
      assert.equal(
        (
          await server.call('PUT', '/api/v1/admin/components/flis/status', {
            token: nord,
            body: { status: 'degraded_performance', reason: 'Langsom rapportkørsel' },
          })
        ).statusCode,
        200,
      );
      assert.equal((await server.call('GET', '/api/v1/summary', { token: nord })).statusCode, 200);
      assert.deepEqual(
        ((await server.call('GET', '/api/v1/admin/whoami', { token: nord })).json() as { vendor: string }).vendor,
        'fagsys-nord',
      );
    });
  });

  describe('an admin key', () => {
    it('can do everything: any component, another vendor as responsible, admin-only routes', async () => {
      const opened = await server.call('POST', '/api/v1/admin/incidents', {
        token: admin,
        body: { ...openOn('ky'), vendor: 'fagsys-nord' },
      });
      assert.equal(opened.statusCode, 201);
      const incident = opened.json() as { id: string };
      assert.equal(
        (await server.call('POST', `/api/v1/admin/incidents/${incident.id}/resolve`, { token: admin, body: { message: { da: 'Løst' } } }))
          .statusCode,
        200,
      );
      assert.equal(
        (await server.call('PUT', '/api/v1/admin/vendors/kommune-it', { token: admin, body: { name: 'Kommune IT', servicedesk: {} } }))
          .statusCode,
        200,
      );
      const created = await server.call('POST', '/api/v1/admin/components', {
        token: admin,
        body: { id: 'kommune-portal', name: 'Kommuneportal', kind: 'application', vendor: 'kommune-it', dependsOn: ['mitid'] },
      });
      assert.equal(created.statusCode, 201);
      assert.equal(
        (await server.call('PATCH', '/api/v1/admin/components/kommune-portal', { token: admin, body: { dependsOn: ['mitid', 'cpr'] } }))
          .statusCode,
        200,
      );
      assert.equal((await server.call('DELETE', '/api/v1/admin/components/kommune-portal', { token: admin })).statusCode, 200);
      assert.equal((await server.call('GET', '/api/v1/admin/audit?component=kommune-portal', { token: admin })).statusCode, 200);
    });

    it('needs to name the responsible vendor when the key has none', async () => {
      const response = await server.call('POST', '/api/v1/admin/incidents', { token: admin, body: openOn('sts') });
      assert.equal(response.statusCode, 422);
      assert.deepEqual(
        problemOf(response).errors?.map((e) => e.field),
        ['vendor'],
      );
    });
  });

  it('limits requests per key with 429 and Retry-After', async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 3, scheduler: false });
    try {
      const token = await limited.token('admin');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.call('GET', '/api/v1/admin/whoami', { token })).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const response = await limited.call('GET', '/api/v1/admin/whoami', { token });
      assert.equal(problemOf(response).code, 'rate_limited');
      assert.ok(Number(response.headers['retry-after']) >= 1);
      // Another key has its own bucket.
      assert.equal((await limited.call('GET', '/api/v1/admin/whoami', { token: await limited.token('admin') })).statusCode, 200);
    } finally {
      await limited.close();
    }
  });

  it('sends no CORS headers on admin routes', async () => {
    const response = await server.call('GET', '/api/v1/admin/whoami', { token: admin, headers: { origin: 'https://evil.example' } });
    assert.equal(response.headers['access-control-allow-origin'], undefined);
  });
});
