import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ComponentWithStatusSchema, IncidentSchema, MaintenanceSchema, type Incident } from '@kdi-status/sdk';
import { AuditPageSchema } from '@kdi-status/sdk/admin';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';

const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('admin API: lifecycles', () => {
  let server: TestServer;
  let infra: string;
  let admin: string;

  const component = async (id: string) => ComponentWithStatusSchema.parse((await server.call('GET', `/api/v1/components/${id}`)).json());
  const incidentCall = async (method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown, status = 200): Promise<Incident> => {
    const response = await server.call(method, url, { token: infra, body });
    assert.equal(response.statusCode, status, response.body);
    return IncidentSchema.parse(response.json());
  };

  before(async () => {
    server = await startTestServer();
    infra = await server.token('vendor', 'infra-drift');
    admin = await server.token('admin', 'kombit');
  });
  after(() => server.close());

  it('opens, updates, re-scopes, resolves and reopens an incident, and KY sees each step through Serviceplatformen', async () => {
    const opened = await incidentCall(
      'POST',
      '/api/v1/admin/incidents',
      {
        title: { da: 'STS svarer langsomt', en: 'STS is slow' },
        impact: 'minor',
        components: [{ id: 'sts', status: 'degraded_performance' }],
        message: { da: 'Vi undersøger fejlen' },
      },
      201,
    );
    assert.equal(opened.status, 'investigating');
    let ky = await component('ky');
    assert.ok(ky.effective.sources.some((s) => s.componentId === 'sts' && s.incidentIds.includes(opened.id)));

    const updated = await incidentCall(
      'POST',
      `/api/v1/admin/incidents/${opened.id}/updates`,
      {
        status: 'identified',
        message: { da: 'Fejlen er fundet' },
        components: [{ id: 'sts', status: 'major_outage' }],
        impact: 'critical',
      },
      201,
    );
    assert.equal(updated.updates.length, 2);
    assert.equal(updated.updates[0]!.status, 'identified');
    assert.equal(updated.impact, 'critical');
    ky = await component('ky');
    assert.equal(ky.effective.status, 'major_outage');
    assert.deepEqual(ky.effective.cause, { type: 'dependency', path: ['serviceplatformen', 'sts'] });

    await incidentCall('PUT', `/api/v1/admin/incidents/${opened.id}/components`, {
      components: [
        { id: 'sts', status: 'partial_outage' },
        { id: 'organisation', status: 'partial_outage' },
      ],
    });

    const resolved = await incidentCall('POST', `/api/v1/admin/incidents/${opened.id}/resolve`, { message: { da: 'Fejlen er rettet' } });
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.resolvedAt);
    const sts = await component('sts');
    assert.equal(sts.effective.own, 'operational');
    assert.ok(!(await component('ky')).effective.sources.some((s) => s.incidentIds.includes(opened.id)));

    const again = await server.call('POST', `/api/v1/admin/incidents/${opened.id}/resolve`, {
      token: infra,
      body: { message: { da: 'x' } },
    });
    assert.equal(again.statusCode, 409);
    const updateResolved = await server.call('POST', `/api/v1/admin/incidents/${opened.id}/updates`, {
      token: infra,
      body: { status: 'monitoring', message: { da: 'x' } },
    });
    assert.equal(updateResolved.statusCode, 409);

    const reopened = await incidentCall('POST', `/api/v1/admin/incidents/${opened.id}/reopen`, {
      message: { da: 'Fejlen er vendt tilbage' },
    });
    assert.equal(reopened.status, 'investigating');
    assert.equal(reopened.resolvedAt, null);
    assert.equal((await component('organisation')).effective.own, 'partial_outage');
  });

  it('keeps a component held while another incident or maintenance still holds it', async () => {
    const open = (status: string) =>
      incidentCall(
        'POST',
        '/api/v1/admin/incidents',
        { title: { da: 'Fejl' }, impact: 'minor', components: [{ id: 'beskedfordeler', status }], message: { da: 'x' } },
        201,
      );
    const first = await open('major_outage');
    const second = await open('degraded_performance');
    await incidentCall('POST', `/api/v1/admin/incidents/${first.id}/resolve`, { message: { da: 'Løst' } });
    assert.equal((await component('beskedfordeler')).effective.own, 'degraded_performance');
    await incidentCall('POST', `/api/v1/admin/incidents/${second.id}/resolve`, { message: { da: 'Løst' } });
    assert.equal((await component('beskedfordeler')).effective.own, 'operational');
  });

  it('corrects the text of an update and keeps what it said before', async () => {
    const opened = await incidentCall(
      'POST',
      '/api/v1/admin/incidents',
      {
        title: { da: 'Fejl' },
        impact: 'minor',
        components: [{ id: 'klassifikation', status: 'degraded_performance' }],
        message: { da: 'CVR-opslag fejler' },
      },
      201,
    );
    const updateId = opened.updates[0]!.id;
    const corrected = await incidentCall('PATCH', `/api/v1/admin/incidents/${opened.id}/updates/${updateId}`, {
      message: { da: 'CPR-opslag fejler' },
    });
    const update = corrected.updates[0]!;
    assert.equal(update.message.da, 'CPR-opslag fejler');
    assert.equal(update.corrections?.[0]?.message.da, 'CVR-opslag fejler');
    assert.equal(update.corrections?.[0]?.author, 'infra-drift');
    const missing = await server.call('PATCH', `/api/v1/admin/incidents/${opened.id}/updates/nope`, {
      token: infra,
      body: { message: { da: 'x' } },
    });
    assert.equal(missing.statusCode, 404);
  });

  it('sets a component status by hand with a reason, which the audit trail keeps', async () => {
    const response = await server.call('PUT', '/api/v1/admin/components/context-handler/status', {
      token: infra,
      body: { status: 'partial_outage', reason: 'Login fejler for nogle kommuner' },
    });
    assert.equal(response.statusCode, 200);
    const ksd = await component('ksd');
    assert.equal(ksd.effective.status, 'partial_outage');
    assert.deepEqual(ksd.effective.cause, { type: 'dependency', path: ['context-handler'] });

    const audit = AuditPageSchema.parse(
      (await server.call('GET', '/api/v1/admin/audit?component=context-handler', { token: admin })).json(),
    );
    const last = audit.events.at(-1)!;
    assert.equal(last.type, 'component.changed');
    assert.equal(last.type === 'component.changed' && last.data.statusReason, 'Login fejler for nogle kommuner');
    assert.equal(last.actor.type === 'key' && last.actor.vendor, 'infra-drift');
  });

  it('creates, edits (refusing a cycle) and retires a component; a retired one leaves every public list', async () => {
    const create = await server.call('POST', '/api/v1/admin/components', {
      token: admin,
      body: { id: 'testsystem', name: 'Testsystem', kind: 'application', vendor: 'fagsys-nord', dependsOn: ['serviceplatformen'] },
    });
    assert.equal(create.statusCode, 201);
    assert.equal((await component('testsystem')).status, 'operational');

    const cycle = await server.call('PATCH', '/api/v1/admin/components/serviceplatformen', {
      token: admin,
      body: { dependsOn: ['cpr', 'testsystem'] },
    });
    assert.equal(cycle.statusCode, 422);
    assert.match(cycle.body, /serviceplatformen → testsystem → serviceplatformen|testsystem → serviceplatformen → testsystem/);

    assert.equal((await server.call('DELETE', '/api/v1/admin/components/testsystem', { token: admin })).statusCode, 200);
    assert.equal((await server.call('GET', '/api/v1/components/testsystem')).statusCode, 404);
    const again = await server.call('POST', '/api/v1/admin/components', {
      token: admin,
      body: { id: 'testsystem', name: 'Testsystem', kind: 'application', vendor: 'fagsys-nord' },
    });
    assert.equal(again.statusCode, 409);
  });

  it('schedules, updates and cancels maintenance; one already under way starts in progress', async () => {
    const scheduled = await server.call('POST', '/api/v1/admin/maintenances', {
      token: infra,
      body: {
        title: { da: 'Opdatering' },
        description: { da: 'Organisation opdateres' },
        components: ['organisation'],
        startsAt: later(24),
        endsAt: later(26),
      },
    });
    assert.equal(scheduled.statusCode, 201);
    const maintenance = MaintenanceSchema.parse(scheduled.json());
    assert.equal(maintenance.status, 'scheduled');
    const newEnd = later(27);
    const moved = MaintenanceSchema.parse(
      (await server.call('PATCH', `/api/v1/admin/maintenances/${maintenance.id}`, { token: infra, body: { endsAt: newEnd } })).json(),
    );
    assert.equal(moved.endsAt, newEnd);
    assert.equal(moved.status, 'scheduled');
    const cancelled = MaintenanceSchema.parse(
      (await server.call('POST', `/api/v1/admin/maintenances/${maintenance.id}/cancel`, { token: infra })).json(),
    );
    assert.equal(cancelled.status, 'cancelled');
    assert.equal((await server.call('POST', `/api/v1/admin/maintenances/${maintenance.id}/cancel`, { token: infra })).statusCode, 409);

    const running = MaintenanceSchema.parse(
      (
        await server.call('POST', '/api/v1/admin/maintenances', {
          token: infra,
          body: {
            title: { da: 'Akut' },
            description: { da: 'Genstart' },
            components: ['ydelsesindeks'],
            startsAt: later(-0.5),
            endsAt: later(1),
          },
        })
      ).json(),
    );
    assert.equal(running.status, 'in_progress');
    assert.equal((await component('ydelsesindeks')).effective.own, 'under_maintenance');
    assert.equal((await component('ky')).effective.sources.find((s) => s.componentId === 'ydelsesindeks')?.maintenanceIds[0], running.id);
  });

  it('creates, edits and deletes content; the public list follows', async () => {
    const nord = await server.token('vendor', 'fagsys-nord');
    const created = await server.call('POST', '/api/v1/admin/content', {
      token: nord,
      body: { componentId: 'flis', type: 'release', title: { da: 'FLIS 3.2' }, body: { da: 'Nye rapporter' }, date: later(200) },
    });
    assert.equal(created.statusCode, 201);
    const { id } = created.json() as { id: string };
    const list = async () =>
      ((await server.call('GET', '/api/v1/content?component=flis')).json() as { content: Array<{ id: string; title: { da: string } }> })
        .content;
    assert.deepEqual(
      (await list()).map((c) => c.id),
      [id],
    );
    assert.equal(
      (await server.call('PATCH', `/api/v1/admin/content/${id}`, { token: nord, body: { title: { da: 'FLIS 3.3' } } })).statusCode,
      200,
    );
    assert.equal((await list())[0]!.title.da, 'FLIS 3.3');
    assert.equal((await server.call('DELETE', `/api/v1/admin/content/${id}`, { token: nord })).statusCode, 204);
    assert.deepEqual(await list(), []);
    assert.equal((await server.call('DELETE', `/api/v1/admin/content/${id}`, { token: nord })).statusCode, 404);
  });

  it('filters the audit trail by component, vendor, actor and time, and pages through it', async () => {
    const all = AuditPageSchema.parse((await server.call('GET', '/api/v1/admin/audit?limit=1000', { token: admin })).json());
    assert.ok(all.events.length > 40);
    assert.deepEqual(
      all.events.map((e) => e.seq),
      [...all.events.map((e) => e.seq)].sort((a, b) => a - b),
    );

    const bySts = AuditPageSchema.parse(
      (await server.call('GET', '/api/v1/admin/audit?component=sts&limit=1000', { token: admin })).json(),
    );
    assert.ok(bySts.events.length >= 2);
    for (const event of bySts.events) assert.match(JSON.stringify(event.data), /"sts"/);

    const keyId = /^kdi_(k_[0-9a-f]+)_/.exec(infra)![1]!;
    const byActor = AuditPageSchema.parse(
      (await server.call('GET', `/api/v1/admin/audit?actor=${keyId}&limit=1000`, { token: admin })).json(),
    );
    assert.ok(byActor.events.length > 5);
    assert.ok(byActor.events.every((e) => e.actor.id === keyId));

    const byVendor = AuditPageSchema.parse(
      (await server.call('GET', '/api/v1/admin/audit?vendor=fagsys-nord&limit=1000', { token: admin })).json(),
    );
    assert.ok(byVendor.events.some((e) => e.type === 'content.deleted'));
    assert.ok(byVendor.events.every((e) => JSON.stringify(e).includes('fagsys-nord')));

    const future = AuditPageSchema.parse((await server.call('GET', `/api/v1/admin/audit?since=${later(1)}`, { token: admin })).json());
    assert.deepEqual(future.events, []);

    const page1 = AuditPageSchema.parse((await server.call('GET', '/api/v1/admin/audit?limit=5', { token: admin })).json());
    assert.equal(page1.next, page1.events[4]!.seq);
    const page2 = AuditPageSchema.parse(
      (await server.call('GET', `/api/v1/admin/audit?limit=5&after=${page1.next}`, { token: admin })).json(),
    );
    assert.equal(page2.events[0]!.seq, page1.next! + 1);

    const bad = await server.call('GET', '/api/v1/admin/audit?since=yesterday', { token: admin });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /"field":"since"/);
  });

  it('creates one incident for two concurrent POSTs with one Idempotency-Key, and replays the first answer', async () => {
    const body = {
      title: { da: 'Dobbelt' },
      impact: 'minor',
      components: [{ id: 'postkomponent', status: 'degraded_performance' }],
      message: { da: 'x' },
    };
    const headers = { 'idempotency-key': 'retry-7f3a' };
    const before = (await server.call('GET', '/api/v1/incidents')).json() as { incidents: unknown[] };
    const [a, b] = await Promise.all([
      server.call('POST', '/api/v1/admin/incidents', { token: infra, body, headers }),
      server.call('POST', '/api/v1/admin/incidents', { token: infra, body, headers }),
    ]);
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201);
    assert.equal((a.json() as { id: string }).id, (b.json() as { id: string }).id);
    assert.equal([a, b].filter((r) => r.headers['idempotent-replayed'] === 'true').length, 1);
    const afterBoth = (await server.call('GET', '/api/v1/incidents')).json() as { incidents: unknown[] };
    assert.equal(afterBoth.incidents.length, before.incidents.length + 1);

    const reused = await server.call('POST', '/api/v1/admin/incidents', { token: infra, body: { ...body, impact: 'major' }, headers });
    assert.equal(reused.statusCode, 409);
    assert.match(reused.body, /idempotency_key_reused/);

    // Another key's Idempotency-Key space is its own.
    const other = await server.call('POST', '/api/v1/admin/incidents', { token: admin, body: { ...body, vendor: 'infra-drift' }, headers });
    assert.equal(other.statusCode, 201);
    assert.notEqual((other.json() as { id: string }).id, (a.json() as { id: string }).id);
  });

  it('makes every write retry-safe with an Idempotency-Key, whatever the order of the body keys', async () => {
    const opened = await incidentCall(
      'POST',
      '/api/v1/admin/incidents',
      { title: { da: 'Fejl' }, impact: 'minor', components: [{ id: 'sts', status: 'degraded_performance' }], message: { da: 'x' } },
      201,
    );
    const headers = { 'idempotency-key': 'update-once' };
    const first = await server.call('POST', `/api/v1/admin/incidents/${opened.id}/updates`, {
      token: infra,
      headers,
      body: { status: 'identified', message: { da: 'Fundet' } },
    });
    const retry = await server.call('POST', `/api/v1/admin/incidents/${opened.id}/updates`, {
      token: infra,
      headers,
      body: { message: { da: 'Fundet' }, status: 'identified' },
    });
    assert.equal(first.statusCode, 201);
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(IncidentSchema.parse((await server.call('GET', `/api/v1/incidents/${opened.id}`)).json()).updates.length, 2);
  });

  it('stores request times in one form, so they compare and sort right', async () => {
    const response = await server.call('POST', '/api/v1/admin/content', {
      token: admin,
      body: { componentId: 'sts', type: 'news', title: { da: 'Tid' }, body: { da: 'x' }, date: '2026-12-01T23:00:00Z' },
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal((response.json() as { date: string }).date, '2026-12-01T23:00:00.000Z');
  });

  it('answers a malformed URL and an over-long path parameter with problem+json', async () => {
    const badUrl = await server.call('GET', '/api/v1/components/%ZZ');
    assert.equal(badUrl.statusCode, 400);
    assert.match(String(badUrl.headers['content-type']), /^application\/problem\+json/);
    assert.equal(badUrl.headers['access-control-allow-origin'], '*');
    const longParam = await server.call('GET', `/api/v1/incidents/${'x'.repeat(200)}`);
    assert.ok(longParam.statusCode === 414 || longParam.statusCode === 404, String(longParam.statusCode));
    assert.match(String(longParam.headers['content-type']), /^application\/problem\+json/);
  });

  it('writes no event for an edit that changes nothing', async () => {
    const last = async () =>
      AuditPageSchema.parse((await server.call('GET', '/api/v1/admin/audit?limit=1000', { token: admin })).json()).events.at(-1)!.seq;
    const before = await last();
    assert.equal((await server.call('PATCH', '/api/v1/admin/components/ky', { token: admin, body: {} })).statusCode, 200);
    const ky = (await component('ky')).name;
    assert.equal((await server.call('PATCH', '/api/v1/admin/components/ky', { token: admin, body: { name: ky } })).statusCode, 200);
    assert.equal(await last(), before);
    assert.equal(
      (await server.call('PATCH', '/api/v1/admin/components/ky', { token: admin, body: { description: 'Ydelser' } })).statusCode,
      200,
    );
    assert.equal(await last(), before + 1);
  });

  it('refuses to retire a component that an open incident or maintenance still names', async () => {
    const opened = await incidentCall(
      'POST',
      '/api/v1/admin/incidents',
      {
        title: { da: 'Fejl' },
        impact: 'minor',
        components: [{ id: 'administrationsmodul', status: 'degraded_performance' }],
        message: { da: 'x' },
      },
      201,
    );
    // Nothing live depends on a new leaf component; an incident on it still keeps it.
    await server.call('POST', '/api/v1/admin/components', {
      token: admin,
      body: { id: 'leaf', name: 'Leaf', kind: 'application', vendor: 'infra-drift' },
    });
    await incidentCall('PUT', `/api/v1/admin/incidents/${opened.id}/components`, {
      components: [{ id: 'leaf', status: 'partial_outage' }],
    });
    const refused = await server.call('DELETE', '/api/v1/admin/components/leaf', { token: admin });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, new RegExp(`open incident ${opened.id}`));
    await incidentCall('POST', `/api/v1/admin/incidents/${opened.id}/resolve`, { message: { da: 'Løst' } });
    assert.equal((await server.call('DELETE', '/api/v1/admin/components/leaf', { token: admin })).statusCode, 200);
  });

  it('refuses a misspelt audit filter instead of answering with everything', async () => {
    const response = await server.call('GET', '/api/v1/admin/audit?vendr=kombit', { token: admin });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /"field":"vendr"/);
  });

  it('stores operator text as given, never as markup', async () => {
    const title = '<img src=x onerror=alert(1)> & "quotes"';
    const opened = await incidentCall(
      'POST',
      '/api/v1/admin/incidents',
      { title: { da: title }, impact: 'none', components: [{ id: 'sts', status: 'operational' }], message: { da: '<b>fed</b>' } },
      201,
    );
    const read = IncidentSchema.parse((await server.call('GET', `/api/v1/incidents/${opened.id}`)).json());
    assert.equal(read.title.da, title);
    assert.equal(read.updates[0]!.message.da, '<b>fed</b>');
  });
});
