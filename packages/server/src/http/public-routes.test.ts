import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ComponentListSchema, IncidentListSchema, MaintenanceListSchema, ProblemSchema, SummarySchema } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { component, incident, maintenance, T0, tempSqliteStore } from '../test-support/fixtures.js';

const actor = { type: 'system', id: 'test' } as const;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/** Asserts an RFC 9457 answer and returns its body. */
function assertProblem(response: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  assert.equal(response.statusCode, status);
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  return ProblemSchema.parse(JSON.parse(response.body));
}

describe('public read API on a real SQLite file', () => {
  let app: App;
  let cleanup: () => Promise<void>;

  before(async () => {
    const temp = await tempSqliteStore();
    cleanup = temp.cleanup;
    // fagløsning -> platform -> sts (major incident); a diamond through org; maintenance on its own component.
    await temp.store.commit(
      [
        { type: 'vendor.changed', data: { id: 'v1', name: 'Vendor One', servicedesk: { email: 'sd@v1.example' } } },
        { type: 'component.changed', data: component('sts', [], { kind: 'support-system' }) },
        { type: 'component.changed', data: component('platform', ['sts'], { kind: 'infrastructure' }) },
        { type: 'component.changed', data: component('org', ['sts'], { kind: 'support-system' }) },
        { type: 'component.changed', data: component('app', ['platform', 'org']) },
        { type: 'component.changed', data: component('quiet') },
        { type: 'incident.changed', data: incident('inc-sts', { sts: 'major_outage' }) },
        {
          type: 'incident.changed',
          data: incident('inc-old', { quiet: 'partial_outage' }, { status: 'resolved', resolvedAt: new Date().toISOString() }),
        },
        { type: 'maintenance.changed', data: maintenance('m-now', ['quiet'], { startsAt: hoursFromNow(-1), endsAt: hoursFromNow(1) }) },
        {
          type: 'maintenance.changed',
          data: maintenance('m-later', ['app'], {
            status: 'scheduled',
            startsAt: '2099-01-01T00:00:00.000Z',
            endsAt: '2099-01-01T02:00:00.000Z',
          }),
        },
      ],
      actor,
      T0,
    );
    app = await createApp({ store: temp.store, seed: false });
  });
  after(async () => {
    await app.http.close();
    await cleanup();
  });

  it('reports a transitive major incident on the fagløsning, with the path, in the summary', async () => {
    const response = await app.http.inject('/api/v1/summary');
    assert.equal(response.statusCode, 200);
    const summary = SummarySchema.parse(JSON.parse(response.body));
    const fagløsning = summary.components.find((c) => c.id === 'app')!;
    assert.equal(fagløsning.effective.status, 'major_outage');
    assert.deepEqual(fagløsning.effective.cause, { type: 'dependency', path: ['platform', 'sts'] });
    assert.deepEqual(fagløsning.effective.sources[0]!.incidentIds, ['inc-sts']);
    assert.equal(fagløsning.effective.sources.length, 1, 'the diamond through org counts once');
    assert.equal(summary.status, 'major_outage');
    assert.deepEqual(
      summary.incidents.map((i) => i.id),
      ['inc-sts'],
    );
    assert.deepEqual(
      summary.maintenances.active.map((m) => m.id),
      ['m-now'],
    );
    assert.deepEqual(
      summary.maintenances.upcoming.map((m) => m.id),
      ['m-later'],
    );
    assert.equal(summary.sequence, 10);
  });

  it('answers 304 with no body to If-None-Match with the ETag, and 200 to a stale one', async () => {
    const first = await app.http.inject('/api/v1/summary');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    assert.match(String(first.headers['cache-control']), /max-age=\d+/);

    const again = await app.http.inject({ url: '/api/v1/summary', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);

    const weakInList = await app.http.inject({ url: '/api/v1/summary', headers: { 'if-none-match': `"other", W/${etag}` } });
    assert.equal(weakInList.statusCode, 304);

    const stale = await app.http.inject({ url: '/api/v1/summary', headers: { 'if-none-match': '"stale"' } });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.body, first.body);
  });

  it('changes the ETag when a change is committed and the read model refreshed', async () => {
    const before = String((await app.http.inject('/api/v1/summary')).headers.etag);
    await app.store.commit([{ type: 'component.changed', data: component('new-one') }], actor, T0);
    await app.readModel.refresh();
    const afterChange = await app.http.inject({ url: '/api/v1/summary', headers: { 'if-none-match': before } });
    assert.equal(afterChange.statusCode, 200);
    assert.notEqual(afterChange.headers.etag, before);
  });

  it('sends CORS headers on public reads, and answers a preflight', async () => {
    const response = await app.http.inject({ url: '/api/v1/summary', headers: { origin: 'https://ky.example.dk' } });
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.match(String(response.headers['access-control-expose-headers']), /ETag/i);

    const preflight = await app.http.inject({
      method: 'OPTIONS',
      url: '/api/v1/summary',
      headers: {
        origin: 'https://ky.example.dk',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.match(String(preflight.headers['access-control-allow-headers']), /If-None-Match/i);
  });

  it('sends CORS on every public answer, so a cross-origin reader sees a 404 or 400 and not a CORS error', async () => {
    const origin = { origin: 'https://ky.example.dk' };
    for (const url of [
      '/api/v1/components/nope',
      '/api/v1/no-such-route',
      '/api/v1/incidents?state=old',
      '/api/v1/stream?components=%00',
      '/api/v1/summary?components=',
    ]) {
      const response = await app.http.inject({ url, headers: origin });
      assert.ok(response.statusCode >= 400, `${url}: ${response.statusCode}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
      assert.equal(response.headers['access-control-allow-origin'], '*', url);
      assert.equal(response.headers['cache-control'], 'no-store', url);
    }
    const list = await app.http.inject({ url: '/api/v1/incidents', headers: origin });
    assert.equal(list.headers['cache-control'], 'public, max-age=5');
  });

  it('gives the admin API no CORS at all: not its answers, its 404s or its preflight', async () => {
    const origin = { origin: 'https://evil.example' };
    const answers = await Promise.all([
      app.http.inject({ url: '/api/v1/admin/whoami', headers: origin }),
      app.http.inject({ url: '/api/v1/admin/no-such-route', headers: origin }),
      ...['/api/v1/admin/incidents', '/api/v1/admin', '/api/v1/admin/'].map((url) =>
        app.http.inject({
          method: 'OPTIONS',
          url,
          headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
        }),
      ),
      app.http.inject({ url: '/api/v1/admin/%zz', headers: origin }),
    ]);
    for (const response of answers) {
      assert.ok([400, 401, 404].includes(response.statusCode), String(response.statusCode));
      assert.equal(response.headers['access-control-allow-origin'], undefined);
      assert.equal(response.headers['access-control-allow-methods'], undefined);
    }
  });

  it('lists components, all or by ids, and one component', async () => {
    const all = ComponentListSchema.parse(JSON.parse((await app.http.inject('/api/v1/components')).body));
    assert.ok(all.components.length >= 6);
    const some = ComponentListSchema.parse(JSON.parse((await app.http.inject('/api/v1/components?ids=app,sts')).body));
    assert.deepEqual(some.components.map((c) => c.id).sort(), ['app', 'sts']);

    const one = await app.http.inject('/api/v1/components/platform');
    assert.equal(one.statusCode, 200);
    assert.equal(JSON.parse(one.body).effective.status, 'major_outage');
  });

  it('lists active and recent incidents, and reads one', async () => {
    const active = IncidentListSchema.parse(JSON.parse((await app.http.inject('/api/v1/incidents')).body));
    assert.deepEqual(
      active.incidents.map((i) => i.id),
      ['inc-sts'],
    );
    const recent = IncidentListSchema.parse(JSON.parse((await app.http.inject('/api/v1/incidents?state=recent')).body));
    assert.deepEqual(recent.incidents.map((i) => i.id).sort(), ['inc-old', 'inc-sts']);
    const limited = IncidentListSchema.parse(JSON.parse((await app.http.inject('/api/v1/incidents?state=recent&limit=1')).body));
    assert.equal(limited.incidents.length, 1);

    const one = await app.http.inject('/api/v1/incidents/inc-old');
    assert.equal(one.statusCode, 200);
    assert.equal(JSON.parse(one.body).status, 'resolved');
  });

  it('lists maintenance in progress and upcoming', async () => {
    const active = MaintenanceListSchema.parse(JSON.parse((await app.http.inject('/api/v1/maintenances')).body));
    assert.deepEqual(
      active.maintenances.map((m) => m.id),
      ['m-now'],
    );
    const upcoming = MaintenanceListSchema.parse(JSON.parse((await app.http.inject('/api/v1/maintenances?state=upcoming')).body));
    assert.deepEqual(
      upcoming.maintenances.map((m) => m.id),
      ['m-later'],
    );
  });

  it('answers an unknown component or incident with a 404 problem naming it', async () => {
    const missing = assertProblem(await app.http.inject('/api/v1/components/nope'), 404);
    assert.equal(missing.code, 'component_not_found');
    assert.match(missing.detail!, /"nope"/);

    const missingInList = assertProblem(await app.http.inject('/api/v1/components?ids=app,ghost'), 404);
    assert.match(missingInList.detail!, /"ghost"/);

    const noIncident = assertProblem(await app.http.inject('/api/v1/incidents/does-not-exist'), 404);
    assert.equal(noIncident.code, 'incident_not_found');

    const noRoute = assertProblem(await app.http.inject('/api/v1/nothing-here'), 404);
    assert.equal(noRoute.code, 'route_not_found');
    assert.equal(noRoute.status, 404);
  });

  it('answers a malformed query with a 400 problem naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/incidents?state=bogus', 'state'],
      ['/api/v1/incidents?limit=abc', 'limit'],
      ['/api/v1/incidents?limit=0', 'limit'],
      ['/api/v1/maintenances?state=past', 'state'],
      ['/api/v1/maintenances?limit=1000', 'limit'],
      ['/api/v1/components?ids=Not%20A%20Slug', 'ids'],
    ];
    for (const [url, field] of cases) {
      const body = assertProblem(await app.http.inject(url), 400);
      assert.equal(body.code, 'invalid_query', url);
      assert.deepEqual(
        body.errors?.map((e) => e.field),
        [field],
        url,
      );
      assert.equal(body.instance, url);
    }
  });

  it('answers /healthz', async () => {
    const response = await app.http.inject('/healthz');
    assert.equal(response.statusCode, 200);
    assert.equal(JSON.parse(response.body).status, 'ok');
  });
});

describe('first start on an empty database', () => {
  it('seeds the demo landscape once, with one major incident on infrastructure and one planned maintenance', async () => {
    const temp = await tempSqliteStore();
    try {
      const app = await createApp({ store: temp.store });
      const summary = SummarySchema.parse(JSON.parse((await app.http.inject('/api/v1/summary')).body));
      // And the chain of minor ones linked to it (seed/demo-seed.test.ts).
      assert.equal(summary.incidents.filter((i) => i.impact !== 'minor').length, 1);
      const seeded = summary.incidents.find((i) => i.impact !== 'minor');
      const infrastructure = summary.components.filter((c) => c.kind === 'infrastructure').map((c) => c.id);
      assert.ok(seeded!.components.every((c) => infrastructure.includes(c.id)));
      assert.equal(summary.maintenances.upcoming.length, 1);
      // Ydelsesrefusion reaches Serviceplatformen only through KY (or KSD): a transitive path.
      const refusion = summary.components.find((c) => c.id === 'ydelsesrefusion')!;
      assert.equal(refusion.effective.status, 'partial_outage');
      assert.equal(refusion.effective.cause.type === 'dependency' && refusion.effective.cause.path.length, 2);

      // A second start seeds nothing more.
      const sequence = summary.sequence;
      assert.ok(sequence > 20);
      const again = await createApp({ store: temp.store });
      assert.equal(again.readModel.current().view.summary.sequence, sequence);
    } finally {
      await temp.cleanup();
    }
  });
});
