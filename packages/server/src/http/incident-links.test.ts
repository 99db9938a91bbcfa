import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IncidentSchema, type Incident } from '@kdi-status/sdk';
import { AuditPageSchema, DisputeListSchema } from '@kdi-status/sdk/admin';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { createTestKey } from '../test-support/admin-server.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

// The chain of responsibility through the real server, on a real SQLite file and a real
// PostgreSQL database, in the demo landscape: KY (fagsys-nord) depends on Serviceplatformen
// (infra-drift), which depends on CPR (staten). KSD (fagsys-syd) is no dependency of KY.

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`admin API: linked incidents, disputes, settlement (${kind})`, { timeout: 60_000 }, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    const tokens: Record<'fagsys' | 'infra' | 'staten' | 'admin', string> = { fagsys: '', infra: '', staten: '', admin: '' };
    const keyIds: Record<string, string> = {};

    const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, body?: unknown) => {
      const response = await app.http.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return {
        status: response.statusCode,
        type: response.headers['content-type'],
        body: response.body,
        json: () => JSON.parse(response.body),
      };
    };
    /** A refusal must be problem+json with its code (and the field, when given). */
    const refused = async (answer: Awaited<ReturnType<typeof call>>, status: number, code: string, field?: string) => {
      assert.equal(answer.status, status, answer.body);
      assert.match(String(answer.type), /^application\/problem\+json/);
      const problem = answer.json() as { code: string; errors?: { field: string }[]; detail: string };
      assert.equal(problem.code, code, answer.body);
      if (field)
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          [field],
        );
      return problem;
    };
    const incidentOf = (answer: Awaited<ReturnType<typeof call>>, status = 200): Incident => {
      assert.equal(answer.status, status, answer.body);
      return IncidentSchema.parse(answer.json());
    };
    const open = async (token: string, component: string, vendor?: string) =>
      incidentOf(
        await call('POST', '/api/v1/admin/incidents', token, {
          title: { da: `Fejl i ${component}` },
          impact: 'major',
          components: [{ id: component, status: 'major_outage' }],
          message: { da: 'Vi undersøger fejlen' },
          ...(vendor ? { vendor } : {}),
        }),
        201,
      );
    const causedBy = (id: string) => `/api/v1/admin/incidents/${id}/caused-by`;

    before(async () => {
      const temp = kind === 'sqlite' ? await tempSqliteStore() : await tempPostgresStore();
      app = await createApp({ store: temp.store, scheduler: false, logLevel: 'silent', notify: { worker: false } });
      cleanup = async () => {
        await app.http.close();
        await temp.cleanup();
      };
      tokens.fagsys = await createTestKey(app.store, 'vendor', 'fagsys-nord');
      tokens.infra = await createTestKey(app.store, 'vendor', 'infra-drift');
      tokens.staten = await createTestKey(app.store, 'vendor', 'staten');
      tokens.admin = await createTestKey(app.store, 'admin', null);
      for (const [name, token] of Object.entries(tokens))
        keyIds[name] = ((await call('GET', '/api/v1/admin/whoami', token)).json() as { id: string }).id;
    });
    after(() => cleanup());

    it('links, is disputed by the upstream vendor, listed for KOMBIT, settled by moving it; every step in the audit trail with its actor', async () => {
      const seededDisputes = DisputeListSchema.parse((await call('GET', '/api/v1/admin/disputes', tokens.admin)).json()).disputes.length;
      const ky = await open(tokens.fagsys, 'ky');
      const sp = await open(tokens.infra, 'serviceplatformen');
      const cpr = await open(tokens.staten, 'cpr');
      const ksd = await open(tokens.admin, 'ksd', 'fagsys-syd');

      // A vendor cannot link another vendor's incident as downstream of anything.
      await refused(await call('PUT', causedBy(ky.id), tokens.infra, { incident: sp.id }), 403, 'not_your_incident');
      // A cause outside the dependency closure is refused, naming why.
      const outside = await refused(
        await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: ksd.id }),
        422,
        'cause_outside_dependencies',
        'incident',
      );
      assert.match(outside.detail, /"ksd" of incident .* is not a dependency of "ky"/);
      await refused(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: 'nope' }), 422, 'unknown_incident', 'incident');
      await refused(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: ky.id }), 422, 'cause_is_itself', 'incident');
      await refused(await call('PUT', causedBy('nope'), tokens.admin, { incident: sp.id }), 404, 'incident_not_found');

      const linked = incidentOf(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: sp.id }));
      assert.deepEqual(
        [
          linked.causedBy?.incident,
          linked.causedBy?.vendor,
          linked.causedBy?.components,
          linked.causedBy?.state,
          linked.causedBy?.linkedBy,
        ],
        [sp.id, 'infra-drift', ['serviceplatformen'], 'linked', 'fagsys-nord'],
      );
      const publicView = IncidentSchema.parse(JSON.parse((await app.http.inject({ url: `/api/v1/incidents/${ky.id}` })).body));
      assert.equal(publicView.causedBy?.incident, sp.id, 'the public read shows the link');

      await refused(await call('POST', `${causedBy(ky.id)}/dispute`, tokens.fagsys, { reason: 'Nej' }), 403, 'not_upstream_vendor');
      await refused(await call('POST', `${causedBy(ky.id)}/dispute`, tokens.admin, { reason: 'Nej' }), 403, 'not_upstream_vendor');
      const disputed = incidentOf(await call('POST', `${causedBy(ky.id)}/dispute`, tokens.infra, { reason: 'Fejlen er ikke hos os' }));
      assert.equal(disputed.causedBy?.state, 'disputed');
      await refused(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: cpr.id }), 409, 'link_disputed');
      await refused(await call('POST', `${causedBy(ky.id)}/dispute`, tokens.infra, { reason: 'Igen' }), 409, 'link_disputed');

      await refused(await call('GET', '/api/v1/admin/disputes', tokens.fagsys), 403, 'admin_only');
      const list = DisputeListSchema.parse((await call('GET', '/api/v1/admin/disputes', tokens.admin)).json());
      // The demo seed's own disputed link is listed too; this one comes after it (oldest dispute first).
      assert.deepEqual(list.disputes.map((d) => [d.incident.id, d.incident.causedBy?.dispute?.reason, d.upstream?.id]).slice(-1), [
        [ky.id, 'Fejlen er ikke hos os', sp.id],
      ]);
      assert.equal(list.disputes.length, seededDisputes + 1);

      await refused(
        await call('POST', `${causedBy(ky.id)}/settle`, tokens.fagsys, { outcome: 'confirm', reason: 'Ja' }),
        403,
        'admin_only',
      );
      await refused(
        await call('POST', `${causedBy(ky.id)}/settle`, tokens.admin, { outcome: 'move', incident: ksd.id, reason: 'KSD' }),
        422,
        'cause_outside_dependencies',
        'incident',
      );
      const moved = incidentOf(
        await call('POST', `${causedBy(ky.id)}/settle`, tokens.admin, { outcome: 'move', incident: cpr.id, reason: 'Fejlen ligger i CPR' }),
      );
      assert.deepEqual(
        [moved.causedBy?.incident, moved.causedBy?.vendor, moved.causedBy?.state, moved.causedBy?.settlement?.outcome],
        [cpr.id, 'staten', 'confirmed', 'moved'],
      );
      await refused(
        await call('POST', `${causedBy(ky.id)}/settle`, tokens.admin, { outcome: 'confirm', reason: 'Igen' }),
        409,
        'link_not_disputed',
      );
      await refused(await call('POST', `${causedBy(ky.id)}/dispute`, tokens.staten, { reason: 'Heller ikke os' }), 409, 'link_confirmed');
      assert.equal(
        DisputeListSchema.parse((await call('GET', '/api/v1/admin/disputes', tokens.admin)).json()).disputes.length,
        seededDisputes,
      );

      // The audit trail: each step one event of KY's incident, with the key that made it.
      const audit = AuditPageSchema.parse((await call('GET', '/api/v1/admin/audit?component=ky&limit=1000', tokens.admin)).json());
      const steps = audit.events
        .filter((e) => e.type === 'incident.changed' && e.data.id === ky.id)
        .map((e) => [
          e.actor.type === 'key' ? e.actor.id : e.actor.id,
          e.type === 'incident.changed' ? (e.data.causedBy?.state ?? 'none') : '',
        ]);
      assert.deepEqual(steps, [
        [keyIds.fagsys, 'none'],
        [keyIds.fagsys, 'linked'],
        [keyIds.infra, 'disputed'],
        [keyIds.admin, 'confirmed'],
      ]);
    });

    it('a link KOMBIT removed the downstream vendor cannot make again at once; another cause it can; moving to the same cause is refused', async () => {
      const ky = await open(tokens.fagsys, 'ky');
      const sp = await open(tokens.infra, 'serviceplatformen');
      const cpr = await open(tokens.staten, 'cpr');
      incidentOf(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: sp.id }));
      incidentOf(await call('POST', `${causedBy(ky.id)}/dispute`, tokens.infra, { reason: 'Fejlen er ikke hos os' }));
      await refused(
        await call('POST', `${causedBy(ky.id)}/settle`, tokens.admin, { outcome: 'move', incident: sp.id, reason: 'Samme' }),
        422,
        'cause_unchanged',
        'incident',
      );
      incidentOf(await call('POST', `${causedBy(ky.id)}/settle`, tokens.admin, { outcome: 'remove', reason: 'Ingen årsag fundet' }));

      await refused(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: sp.id }), 409, 'link_removed');
      const other = incidentOf(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: cpr.id }));
      assert.deepEqual([other.causedBy?.incident, other.removedCause?.incident], [cpr.id, sp.id]);
    });

    it('resolving the upstream incident shows on the downstream ones at once, and reopening it clears that', async () => {
      const ky = await open(tokens.fagsys, 'ky');
      const flis = await open(tokens.fagsys, 'flis');
      const sp = await open(tokens.infra, 'serviceplatformen');
      incidentOf(await call('PUT', causedBy(ky.id), tokens.fagsys, { incident: sp.id }));
      incidentOf(await call('PUT', causedBy(flis.id), tokens.admin, { incident: sp.id }));

      const resolved = incidentOf(
        await call('POST', `/api/v1/admin/incidents/${sp.id}/resolve`, tokens.infra, { message: { da: 'Løst' } }),
      );
      const read = async (id: string) => IncidentSchema.parse(JSON.parse((await app.http.inject({ url: `/api/v1/incidents/${id}` })).body));
      for (const id of [ky.id, flis.id]) assert.equal((await read(id)).causedBy?.upstreamResolvedAt, resolved.resolvedAt, id);
      const notices = await app.store.dueNotices(new Date(Date.now() + 1000).toISOString(), 100);
      assert.deepEqual(
        notices
          .filter((n) => n.kind === 'incident.cause_resolved')
          .map((n) => n.subjectId)
          .sort(),
        [ky.id, flis.id].sort(),
        'their owners are to be told',
      );

      incidentOf(await call('POST', `/api/v1/admin/incidents/${sp.id}/reopen`, tokens.infra, { message: { da: 'Igen' } }));
      assert.equal((await read(ky.id)).causedBy?.upstreamResolvedAt, null);

      const unlinked = incidentOf(await call('DELETE', causedBy(ky.id), tokens.fagsys));
      assert.equal(unlinked.causedBy, undefined);
    });
  });
}
