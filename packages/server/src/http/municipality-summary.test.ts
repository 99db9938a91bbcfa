import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, SummarySchema, type Summary } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import type { Store } from '../store/store.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { createTestKey } from '../test-support/admin-server.js';
import { component, incident, maintenance, T0, tempSqliteStore } from '../test-support/fixtures.js';

// A municipality's caseworkers see only what affects their municipality: an incident limited to
// København is gone from Aarhus's summary (and from its fagløsning's effective status), one that
// affects all stays. The same on both stores, since the incident's municipalities are stored.

const actor = { type: 'system', id: 'test' } as const;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const incidentIds = (summary: Summary) => summary.incidents.map((i) => i.id).sort();
const effectiveOf = (summary: Summary, id: string) => summary.components.find((c) => c.id === id)?.effective.status;

const stores: [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>][] = [
  ['SQLite', tempSqliteStore],
  ['PostgreSQL', tempPostgresStore],
];

for (const [name, open] of stores) {
  describe(`GET /api/v1/summary?municipality=… on ${name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    const get = (url: string, headers: Record<string, string> = {}) => app.http.inject({ url, headers });
    const summaryOf = async (url: string) => {
      const response = await get(url);
      assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
      return { response, summary: SummarySchema.parse(JSON.parse(response.body)) };
    };

    before(async () => {
      const temp = await open();
      cleanup = temp.cleanup;
      // ky (a fagløsning) -> sp -> sts; other stands alone.
      await temp.store.commit(
        [
          { type: 'vendor.changed', data: { id: 'v1', name: 'Vendor One', servicedesk: {} } },
          { type: 'component.changed', data: component('sts', [], { kind: 'support-system' }) },
          { type: 'component.changed', data: component('sp', ['sts'], { kind: 'infrastructure' }) },
          { type: 'component.changed', data: component('ky', ['sp']) },
          { type: 'component.changed', data: component('other') },
          // København's only: a major outage on KY.
          { type: 'incident.changed', data: incident('inc-kbh', { ky: 'major_outage' }, { municipalities: ['0101', '0147'] }) },
          // Everyone's: trouble on STS, which KY depends on.
          { type: 'incident.changed', data: incident('inc-all', { sts: 'degraded_performance' }) },
          // Aarhus's only: maintenance on other, now.
          {
            type: 'maintenance.changed',
            data: maintenance('m-aarhus', ['other'], { municipalities: ['0751'], startsAt: hoursFromNow(-1), endsAt: hoursFromNow(1) }),
          },
        ],
        actor,
        T0,
      );
      app = await createApp({ seed: false, store: temp.store, scheduler: false });
    });
    after(async () => {
      await app.http.close();
      await cleanup();
    });

    it('hides an incident that does not affect the municipality and keeps one that affects all', async () => {
      const { summary } = await summaryOf('/api/v1/summary?municipality=0751');
      assert.deepEqual(incidentIds(summary), ['inc-all']);
      assert.deepEqual(
        summary.maintenances.active.map((m) => m.id),
        ['m-aarhus'],
      );
      // KY's effective status counts only what affects Aarhus: STS's trouble, through SP.
      assert.equal(effectiveOf(summary, 'ky'), 'degraded_performance');
      assert.deepEqual(summary.components.find((c) => c.id === 'ky')?.effective.cause, { type: 'dependency', path: ['sp', 'sts'] });
      assert.equal(effectiveOf(summary, 'other'), 'under_maintenance');
      assert.equal(summary.status, 'degraded_performance');
    });

    it('keeps what is limited to the municipality asked for, and leaves out the maintenance of another', async () => {
      const { summary } = await summaryOf('/api/v1/summary?municipality=0147');
      assert.deepEqual(incidentIds(summary), ['inc-all', 'inc-kbh']);
      assert.equal(effectiveOf(summary, 'ky'), 'major_outage');
      assert.deepEqual(summary.maintenances.active, []);
      assert.equal(effectiveOf(summary, 'other'), 'operational');
      assert.equal(summary.status, 'major_outage');
    });

    it('shows everything without a municipality, and filters by components and municipality together', async () => {
      const whole = (await summaryOf('/api/v1/summary')).summary;
      assert.deepEqual(incidentIds(whole), ['inc-all', 'inc-kbh']);
      assert.equal(whole.maintenances.active.length, 1);
      const { summary } = await summaryOf('/api/v1/summary?components=ky&municipality=0751');
      assert.deepEqual(summary.components.map((c) => c.id).sort(), ['ky', 'sp', 'sts']);
      assert.deepEqual(incidentIds(summary), ['inc-all']);
      assert.equal(effectiveOf(summary, 'ky'), 'degraded_performance');
      assert.equal(summary.sequence, whole.sequence);
    });

    it('gives each municipality its own ETag: one municipality’s never answers 304 for another', async () => {
      const kbh = (await summaryOf('/api/v1/summary?municipality=0101')).response;
      const aarhus = (await summaryOf('/api/v1/summary?municipality=0751')).response;
      const whole = (await summaryOf('/api/v1/summary')).response;
      assert.notEqual(kbh.headers.etag, aarhus.headers.etag);
      assert.notEqual(aarhus.headers.etag, whole.headers.etag);
      assert.equal((await get('/api/v1/summary?municipality=0751', { 'if-none-match': String(kbh.headers.etag) })).statusCode, 200);
      assert.equal((await get('/api/v1/summary?municipality=0751', { 'if-none-match': String(aarhus.headers.etag) })).statusCode, 304);
      const gz = await get('/api/v1/summary?municipality=0751', { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.notEqual(gz.headers.etag, aarhus.headers.etag);
    });

    it('answers the summary as it was for a municipality too (?at=)', async () => {
      const { summary } = await summaryOf(`/api/v1/summary?municipality=0751&at=${encodeURIComponent(new Date().toISOString())}`);
      assert.deepEqual(incidentIds(summary), ['inc-all']);
      assert.equal(effectiveOf(summary, 'ky'), 'degraded_performance');
    });

    it('refuses a code that is no municipality with a 422 naming municipality, and a malformed one with a 400', async () => {
      for (const code of ['0411', '0000']) {
        const response = await get(`/api/v1/summary?municipality=${code}`);
        assert.equal(response.statusCode, 422);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        const problem = ProblemSchema.parse(JSON.parse(response.body));
        assert.equal(problem.code, 'unknown_municipality');
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          ['municipality'],
        );
      }
      const malformed = await get('/api/v1/summary?municipality=Aarhus');
      assert.equal(malformed.statusCode, 400);
      assert.deepEqual(
        ProblemSchema.parse(JSON.parse(malformed.body)).errors?.map((e) => e.field),
        ['municipality'],
      );
    });

    it('keeps the public v2 API showing everything', async () => {
      const response = await get('/api/v2/incidents/unresolved.json');
      assert.equal(response.statusCode, 200);
      const ids = (JSON.parse(response.body) as { incidents: { id: string }[] }).incidents.map((i) => i.id).sort();
      assert.deepEqual(ids, ['inc-all', 'inc-kbh']);
      const summary = JSON.parse((await get('/api/v2/summary.json')).body) as { incidents: { id: string }[] };
      assert.deepEqual(summary.incidents.map((i) => i.id).sort(), ['inc-all', 'inc-kbh']);
    });

    it('stores the municipalities an incident is opened for, and refuses a code that is none, naming the field', async () => {
      const token = await createTestKey(app.store, 'admin', 'v1');
      const body = {
        title: { da: 'Fejl i KY' },
        impact: 'minor',
        components: [{ id: 'ky', status: 'partial_outage' }],
        message: { da: 'Vi undersøger fejlen' },
      };
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const refused = await app.http.inject({
        method: 'POST',
        url: '/api/v1/admin/incidents',
        headers,
        payload: JSON.stringify({ ...body, municipalities: ['0101', '0411'] }),
      });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.deepEqual(
        ProblemSchema.parse(JSON.parse(refused.body)).errors?.map((e) => e.field),
        ['municipalities.1'],
      );
      const opened = await app.http.inject({
        method: 'POST',
        url: '/api/v1/admin/incidents',
        headers,
        payload: JSON.stringify({ ...body, municipalities: ['0851'] }),
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const { id } = JSON.parse(opened.body) as { id: string };
      const aalborg = (await summaryOf('/api/v1/summary?municipality=0851')).summary;
      assert.ok(aalborg.incidents.some((i) => i.id === id && i.municipalities?.[0] === '0851'));
      assert.ok(!(await summaryOf('/api/v1/summary?municipality=0751')).summary.incidents.some((i) => i.id === id));
      // Reset to all by an update with null.
      const reset = await app.http.inject({
        method: 'POST',
        url: `/api/v1/admin/incidents/${id}/updates`,
        headers,
        payload: JSON.stringify({ status: 'identified', message: { da: 'Fejlen er fundet' }, municipalities: null }),
      });
      assert.equal(reset.statusCode, 201, reset.body);
      assert.ok((await summaryOf('/api/v1/summary?municipality=0751')).summary.incidents.some((i) => i.id === id));
    });
  });
}
