import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IncidentSchema, ProblemSchema, SummarySchema } from '@kdi-status/sdk';
import { ExportDocumentSchema } from '@kdi-status/sdk/export';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';

const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const CITIZEN = { da: 'Du kan ikke søge om boligstøtte lige nu. Prøv igen senere.', en: 'You cannot apply for housing benefit just now.' };

describe('citizen text on incidents and maintenance (admin API → public API)', () => {
  let server: TestServer;
  let infra: string;

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => {
    const response = await server.call(method, url, { token: infra, body });
    return { status: response.statusCode, body: response.json() as Record<string, unknown>, raw: response };
  };
  const publicIncident = async (id: string) => IncidentSchema.parse((await server.call('GET', `/api/v1/incidents/${id}`)).json());
  const summary = async () => SummarySchema.parse((await server.call('GET', '/api/v1/summary')).json());
  const open = (extra: Record<string, unknown> = {}) =>
    call('POST', '/api/v1/admin/incidents', {
      title: { da: 'Fejl i STS' },
      impact: 'major',
      components: [{ id: 'sts', status: 'major_outage' }],
      message: { da: 'Vi undersøger fejlen' },
      ...extra,
    });

  before(async () => {
    server = await startTestServer();
    infra = await server.token('vendor', 'infra-drift');
  });
  after(() => server.close());

  it('is set when an incident is opened, shown by the public API and the summary, changed and removed by PATCH', async () => {
    const opened = await open({ citizenText: CITIZEN });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    const id = opened.body.id as string;
    assert.deepEqual((await publicIncident(id)).citizenText, CITIZEN);
    assert.deepEqual((await summary()).incidents.find((i) => i.id === id)?.citizenText, CITIZEN);
    // The filtered summary a widget of KY reads carries it too (STS is in KY's closure).
    const forKy = SummarySchema.parse((await server.call('GET', '/api/v1/summary?components=ky')).json());
    assert.deepEqual(forKy.incidents.find((i) => i.id === id)?.citizenText, CITIZEN);

    const changed = await call('PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: { da: 'Det virker igen snart.' } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual((await publicIncident(id)).citizenText, { da: 'Det virker igen snart.' });

    // Absent leaves it; the same again changes nothing (no event); null removes it.
    const sequence = (await summary()).sequence;
    assert.equal((await call('PATCH', `/api/v1/admin/incidents/${id}`, {})).status, 200);
    assert.equal((await call('PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: { da: 'Det virker igen snart.' } })).status, 200);
    assert.equal((await summary()).sequence, sequence, 'no change, no event');
    assert.deepEqual((await publicIncident(id)).citizenText, { da: 'Det virker igen snart.' });
    assert.equal((await call('PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: null })).status, 200);
    const cleared = (await server.call('GET', `/api/v1/incidents/${id}`)).json() as Record<string, unknown>;
    assert.equal('citizenText' in cleared, false);

    // An incident without one has none.
    const plain = await open();
    assert.equal('citizenText' in plain.body, false);
  });

  it('is set and changed on maintenance, and kept by the export', async () => {
    const scheduled = await call('POST', '/api/v1/admin/maintenances', {
      title: { da: 'Opdatering af STS' },
      description: { da: 'STS er ikke tilgængelig' },
      components: ['sts'],
      startsAt: later(24),
      endsAt: later(26),
      citizenText: { da: 'Selvbetjeningen er lukket i nat.' },
    });
    assert.equal(scheduled.status, 201, JSON.stringify(scheduled.body));
    const id = scheduled.body.id as string;
    const find = async () => (await summary()).maintenances.upcoming.find((m) => m.id === id);
    assert.deepEqual((await find())?.citizenText, { da: 'Selvbetjeningen er lukket i nat.' });

    const moved = await call('PATCH', `/api/v1/admin/maintenances/${id}`, {
      endsAt: later(27),
      citizenText: { da: 'Selvbetjeningen er lukket i nat og i morgen tidlig.', en: 'Closed tonight.' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.deepEqual((await find())?.citizenText, { da: 'Selvbetjeningen er lukket i nat og i morgen tidlig.', en: 'Closed tonight.' });

    const doc = ExportDocumentSchema.parse(await server.app.store.exportState(new Date().toISOString()));
    assert.deepEqual(doc.maintenances.find((m) => m.id === id)?.citizenText, {
      da: 'Selvbetjeningen er lukket i nat og i morgen tidlig.',
      en: 'Closed tonight.',
    });

    assert.equal((await call('PATCH', `/api/v1/admin/maintenances/${id}`, { citizenText: null })).status, 200);
    assert.equal((await find())?.citizenText, undefined);
  });

  it('refuses a citizen text without Danish, empty or with an unknown key, with a 400 naming the field', async () => {
    const { body: opened } = await open();
    const id = opened.id as string;
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/admin/incidents', null, 'citizenText.da'],
      ['PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: { en: 'English only' } }, 'citizenText.da'],
      ['PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: { da: '   ' } }, 'citizenText.da'],
      ['PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: { da: 'x', fr: 'y' } }, 'citizenText.fr'],
      ['PATCH', `/api/v1/admin/incidents/${id}`, { citizenText: 'bare tekst' }, 'citizenText'],
      ['PATCH', `/api/v1/admin/incidents/${id}`, { title: { da: 'Ny titel' } }, 'title'],
    ];
    for (const [method, url, patch, field] of cases) {
      const body =
        patch === null
          ? {
              title: { da: 'Fejl' },
              impact: 'minor',
              components: [{ id: 'sts', status: 'degraded_performance' }],
              message: { da: 'm' },
              citizenText: { en: 'no Danish' },
            }
          : patch;
      const response = await server.call(method as 'POST' | 'PATCH', url, { token: infra, body });
      assert.equal(response.statusCode, 400, `${method} ${url} ${JSON.stringify(body)}: ${response.body}`);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = ProblemSchema.parse(response.json());
      assert.ok(
        problem.errors?.some((e) => e.field === field),
        `${JSON.stringify(body)}: expected ${field}, got ${JSON.stringify(problem.errors)}`,
      );
    }
    assert.equal((await publicIncident(id)).citizenText, undefined, 'nothing changed');
  });
});
