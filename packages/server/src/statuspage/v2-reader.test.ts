import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ProblemSchema } from '@kdi-status/sdk';
// The reader below is written from the public Statuspage v2 documentation only, in full zod, and
// knows nothing of our schemas (v2-schemas.ts): it is what an existing tool expects.
import { z } from 'zod';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Change, Store } from '../store/store.js';
import { component, incident, maintenance, tempSqliteStore } from '../test-support/fixtures.js';
import {
  V2ComponentsResponseSchema,
  V2IncidentsResponseSchema,
  V2ScheduledMaintenancesResponseSchema,
  V2StatusResponseSchema,
  V2SummaryResponseSchema,
} from './v2-schemas.js';

// ——— A v2 reader, from the docs ———
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 time');
const Page = z.object({ id: z.string(), name: z.string(), url: z.url(), time_zone: z.string(), updated_at: time });
const ComponentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
const Component = z.object({
  id: z.string(),
  name: z.string(),
  status: ComponentStatus,
  created_at: time,
  updated_at: time,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});
const Update = z.object({
  id: z.string(),
  status: z.string(),
  body: z.string(),
  incident_id: z.string(),
  created_at: time,
  updated_at: time,
  display_at: time,
  affected_components: z.array(z.object({ code: z.string(), name: z.string(), old_status: z.string(), new_status: z.string() })).nullable(),
});
const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: time,
  updated_at: time,
  monitoring_at: time.nullable(),
  resolved_at: time.nullable(),
  shortlink: z.url(),
  started_at: time,
  page_id: z.string(),
  incident_updates: z.array(Update),
  components: z.array(Component),
};
const Incident = z.object({
  ...incidentFields,
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
});
const Maintenance = z.object({
  ...incidentFields,
  status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']),
  impact: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']),
  scheduled_for: time,
  scheduled_until: time,
});
const Status = z.object({ indicator: z.enum(['none', 'minor', 'major', 'critical', 'maintenance']), description: z.string().min(1) });
const READER = {
  'summary.json': z.object({
    page: Page,
    status: Status,
    components: z.array(Component),
    incidents: z.array(Incident),
    scheduled_maintenances: z.array(Maintenance),
  }),
  'status.json': z.object({ page: Page, status: Status }),
  'components.json': z.object({ page: Page, components: z.array(Component) }),
  'incidents.json': z.object({ page: Page, incidents: z.array(Incident) }),
  'incidents/unresolved.json': z.object({ page: Page, incidents: z.array(Incident) }),
  'scheduled-maintenances.json': z.object({ page: Page, scheduled_maintenances: z.array(Maintenance) }),
  'scheduled-maintenances/upcoming.json': z.object({ page: Page, scheduled_maintenances: z.array(Maintenance) }),
  'scheduled-maintenances/active.json': z.object({ page: Page, scheduled_maintenances: z.array(Maintenance) }),
} as const;
type V2PathName = keyof typeof READER;
const PATHS = Object.keys(READER) as V2PathName[];

/** Our own exported schemas must accept our answers too (the OpenAPI document is made from them). */
const OURS: Record<V2PathName, { parse: (v: unknown) => unknown }> = {
  'summary.json': V2SummaryResponseSchema,
  'status.json': V2StatusResponseSchema,
  'components.json': V2ComponentsResponseSchema,
  'incidents.json': V2IncidentsResponseSchema,
  'incidents/unresolved.json': V2IncidentsResponseSchema,
  'scheduled-maintenances.json': V2ScheduledMaintenancesResponseSchema,
  'scheduled-maintenances/upcoming.json': V2ScheduledMaintenancesResponseSchema,
  'scheduled-maintenances/active.json': V2ScheduledMaintenancesResponseSchema,
};

/** What a reader relies on beyond the shapes: the references inside one answer hold. */
function assertConsistent(path: V2PathName, body: Record<string, unknown>): void {
  const page = (body.page as { id: string }).id;
  const components = (body.components ?? []) as z.infer<typeof Component>[];
  const ids = new Set(components.map((c) => c.id));
  assert.equal(ids.size, components.length, `${path}: component ids are unique`);
  for (const c of components) {
    assert.equal(c.page_id, page);
    if (c.group_id !== null)
      assert.ok(
        components.some((g) => g.id === c.group_id && g.group),
        `${path}: ${c.id}'s group is listed`,
      );
    for (const member of c.components ?? []) assert.ok(ids.has(member), `${path}: group member ${member} is listed`);
  }
  const events = [
    ...((body.incidents ?? []) as z.infer<typeof Incident>[]),
    ...((body.scheduled_maintenances ?? []) as z.infer<typeof Maintenance>[]),
  ];
  for (const event of events) {
    assert.equal(event.page_id, page);
    for (const update of event.incident_updates) assert.equal(update.incident_id, event.id);
  }
  if (path === 'incidents/unresolved.json' || path === 'summary.json')
    assert.ok((body.incidents as { status: string }[]).every((i) => !['resolved', 'postmortem'].includes(i.status)));
  if (path === 'scheduled-maintenances/upcoming.json')
    assert.ok((body.scheduled_maintenances as { status: string }[]).every((m) => m.status === 'scheduled'));
  if (path === 'scheduled-maintenances/active.json')
    assert.ok((body.scheduled_maintenances as { status: string }[]).every((m) => ['in_progress', 'verifying'].includes(m.status)));
}

// ——— A real listening server ———
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  text: () => string;
  json: () => Record<string, unknown>;
}

function get(baseUrl: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = () => raw.toString('utf8');
        resolve({ status: res.statusCode!, headers: res.headers, raw, text, json: () => JSON.parse(text()) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const STORES = {
  sqlite: tempSqliteStore,
  postgres: tempPostgresStore,
} satisfies Record<string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>>;

async function listen(kind: keyof typeof STORES, changes: Change[] | null) {
  const temp = await STORES[kind]();
  if (changes) await temp.store.commit(changes, { type: 'system', id: 'test' }, new Date().toISOString());
  const app = await createApp({ store: temp.store, seed: changes === null, scheduler: false, logLevel: 'silent' });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
  return {
    app,
    baseUrl,
    close: async () => {
      await app.http.close();
      await temp.cleanup();
    },
  };
}

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const HOSTILE = [
  '<script>alert(1)</script>',
  '"}]},{"id":"x',
  '\u202Egnp.exe',
  'javascript:alert(1)',
  'emoji 🧯 and \\ backslash',
  'x'.repeat(190),
];

/** A landscape of hostile operator text, every maintenance status and an incident on a retired component. */
function hostileLandscape(): Change[] {
  const text = (i: number) => ({ da: HOSTILE[i % HOSTILE.length]!, en: HOSTILE[(i + 1) % HOSTILE.length]! });
  return [
    { type: 'vendor.changed', data: { id: 'v1', name: '<b>Vendor</b>', servicedesk: {} } },
    { type: 'component.changed', data: component('sts', [], { kind: 'support-system', name: HOSTILE[0]!, description: HOSTILE[2]! }) },
    { type: 'component.changed', data: component('platform', ['sts'], { kind: 'infrastructure', name: HOSTILE[1]! }) },
    { type: 'component.changed', data: component('app', ['platform']) },
    { type: 'component.changed', data: component('cpr', [], { kind: 'external', status: 'degraded_performance' }) },
    { type: 'component.changed', data: component('gone', [], { retiredAt: hours(-2) }) },
    {
      type: 'incident.changed',
      data: incident(
        'inc-sts',
        { sts: 'major_outage', gone: 'partial_outage' },
        {
          title: text(0),
          impact: 'critical',
          updates: [
            {
              id: 'u1',
              at: hours(-1),
              status: 'investigating',
              message: text(3),
              author: 'v1',
              corrections: [{ at: hours(-0.5), message: text(4), author: 'v1' }],
            },
          ],
          startedAt: hours(-1),
          updatedAt: hours(-0.5),
        },
      ),
    },
    {
      type: 'incident.changed',
      data: incident(
        'inc-old',
        { app: 'partial_outage' },
        { title: text(1), status: 'resolved', startedAt: hours(-30), resolvedAt: hours(-29), updates: [] },
      ),
    },
    ...(['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const).map((status, i) => ({
      type: 'maintenance.changed' as const,
      data: maintenance(`m-${status}`, ['cpr', 'gone'], {
        status,
        title: text(i),
        description: text(i + 2),
        startsAt: status === 'scheduled' ? hours(48) : hours(-3 - i),
        endsAt: status === 'scheduled' ? hours(50) : status === 'completed' || status === 'cancelled' ? hours(-1) : hours(2),
        updatedAt: hours(-1),
      }),
    })),
  ];
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`Statuspage v2 read API, read by a reader written from its docs (${kind})`, () => {
    let demo: Awaited<ReturnType<typeof listen>>;
    let hostile: Awaited<ReturnType<typeof listen>>;
    before(async () => {
      demo = await listen(kind, null);
      hostile = await listen(kind, hostileLandscape());
    });
    after(async () => {
      await demo?.close();
      await hostile?.close();
    });

    it('reads every endpoint on the demo data and the hostile data, in both languages', async () => {
      for (const server of [demo, hostile])
        for (const path of PATHS)
          for (const query of ['', '?lang=en', '?lang=da']) {
            const answer = await get(server.baseUrl, `/api/v2/${path}${query}`);
            assert.equal(answer.status, 200, `${path}${query}: ${answer.text()}`);
            assert.match(String(answer.headers['content-type']), /^application\/json; charset=utf-8/);
            const body = answer.json();
            const read = READER[path].safeParse(body);
            assert.ok(read.success, `${path}${query}: ${read.success ? '' : z.prettifyError(read.error)}`);
            OURS[path].parse(body);
            assertConsistent(path, body);
          }
    });

    it('gives the fagløsning the status it inherits through its dependencies, and the page the worst', async () => {
      const { components } = (await get(hostile.baseUrl, '/api/v2/components.json')).json() as { components: z.infer<typeof Component>[] };
      const status = Object.fromEntries(components.map((c) => [c.id, c.status]));
      assert.equal(status.sts, 'major_outage');
      assert.equal(status.platform, 'major_outage', 'platform depends on sts');
      assert.equal(status.app, 'major_outage', 'app depends on platform, which depends on sts');
      assert.equal(status.cpr, 'degraded_performance');
      assert.equal(status.kind_application, 'major_outage', 'a group is as bad as its worst member');
      assert.equal(status.gone, undefined, 'a retired component is not listed');
      const page = (await get(hostile.baseUrl, '/api/v2/status.json?lang=en')).json() as { status: z.infer<typeof Status> };
      assert.deepEqual(page.status, { indicator: 'critical', description: 'Major System Outage' });

      // The demo: KY depends on Serviceplatformen, which has a partial outage (an incident of impact major).
      const demoComponents = (await get(demo.baseUrl, '/api/v2/summary.json')).json() as {
        components: z.infer<typeof Component>[];
        status: z.infer<typeof Status>;
      };
      assert.equal(demoComponents.components.find((c) => c.id === 'ky')!.status, 'partial_outage');
      assert.deepEqual(demoComponents.status, { indicator: 'major', description: 'Driftsforstyrrelse' });
    });

    it('lists what each endpoint is for: history, unresolved, upcoming, active; never cancelled', async () => {
      const ids = async (path: string, field: 'incidents' | 'scheduled_maintenances') =>
        ((await get(hostile.baseUrl, `/api/v2/${path}`)).json()[field] as { id: string }[]).map((x) => x.id);
      assert.deepEqual(await ids('incidents.json', 'incidents'), ['inc-sts', 'inc-old']);
      assert.deepEqual(await ids('incidents/unresolved.json', 'incidents'), ['inc-sts']);
      assert.deepEqual(await ids('summary.json', 'incidents'), ['inc-sts']);
      assert.deepEqual(await ids('scheduled-maintenances/upcoming.json', 'scheduled_maintenances'), ['m-scheduled']);
      assert.deepEqual((await ids('scheduled-maintenances/active.json', 'scheduled_maintenances')).sort(), [
        'm-in_progress',
        'm-verifying',
      ]);
      assert.deepEqual((await ids('summary.json', 'scheduled_maintenances')).sort(), ['m-in_progress', 'm-scheduled', 'm-verifying']);
      assert.deepEqual(await ids('scheduled-maintenances.json', 'scheduled_maintenances'), [
        'm-scheduled',
        'm-in_progress',
        'm-verifying',
        'm-completed',
      ]);
    });

    it('sends operator text as it was written, as JSON strings (a reader gets the text, not markup)', async () => {
      const da = (await get(hostile.baseUrl, '/api/v2/incidents/unresolved.json')).json() as { incidents: z.infer<typeof Incident>[] };
      const en = (await get(hostile.baseUrl, '/api/v2/incidents/unresolved.json?lang=en')).json() as {
        incidents: z.infer<typeof Incident>[];
      };
      assert.equal(da.incidents[0]!.name, HOSTILE[0]);
      assert.equal(en.incidents[0]!.name, HOSTILE[1]);
      assert.equal(da.incidents[0]!.incident_updates[0]!.body, HOSTILE[3], 'the current wording of a corrected update');
      assert.deepEqual(
        da.incidents[0]!.components.map((c) => c.id),
        ['sts'],
        'the retired component is left out',
      );
      const raw = (await get(hostile.baseUrl, '/api/v2/components.json')).text();
      assert.ok(!raw.includes('<script>') || raw.includes('"name":"<script>alert(1)</script>"'), 'markup only inside JSON strings');
      assert.equal(
        (JSON.parse(raw) as { components: { id: string; description: string | null }[] }).components.find((c) => c.id === 'sts')!
          .description,
        HOSTILE[2],
      );
    });
  });
}

describe('Statuspage v2 over HTTP: CORS, ETag, 304, compression, refusals (sqlite)', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let app: App;
  before(async () => {
    server = await listen('sqlite', null);
    app = server.app;
  });
  after(async () => server?.close());

  it('sends the CORS and cache headers of the v1 reads, and a strong ETag that gives 304', async () => {
    const first = await get(server.baseUrl, '/api/v2/summary.json', { origin: 'https://ky.example' });
    assert.equal(first.headers['access-control-allow-origin'], '*');
    assert.match(String(first.headers['access-control-expose-headers']), /ETag/);
    assert.equal(first.headers['cache-control'], 'public, max-age=5');
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[^"]+"$/);
    const again = await get(server.baseUrl, '/api/v2/summary.json', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.raw.length, 0);
    assert.equal(again.headers['access-control-allow-origin'], '*');
    const english = await get(server.baseUrl, '/api/v2/summary.json?lang=en', { 'if-none-match': etag });
    assert.equal(english.status, 200, 'another language is another representation');
  });

  it('compresses by Accept-Encoding: brotli first, then gzip, each with its own ETag', async () => {
    const plain = await get(server.baseUrl, '/api/v2/summary.json');
    const br = await get(server.baseUrl, '/api/v2/summary.json', { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await get(server.baseUrl, '/api/v2/summary.json', { 'accept-encoding': 'br;q=0, gzip' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(String(br.headers.vary), /Accept-Encoding/);
    assert.deepEqual(brotliDecompressSync(br.raw), plain.raw);
    assert.deepEqual(gunzipSync(gz.raw), plain.raw);
    assert.ok(br.raw.length < plain.raw.length);
    assert.equal(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size, 3);
    const notModified = await get(server.baseUrl, '/api/v2/summary.json', {
      'accept-encoding': 'br',
      'if-none-match': String(br.headers.etag),
    });
    assert.equal(notModified.status, 304);
  });

  it('builds an answer once per change: the same bytes until the read model moves, then new ones', async () => {
    const before = await get(server.baseUrl, '/api/v2/status.json');
    assert.equal(String((await get(server.baseUrl, '/api/v2/status.json')).headers.etag), String(before.headers.etag));
    await app.store.commit(
      [{ type: 'component.changed', data: component('ny', [], { vendor: 'kombit', kind: 'external', status: 'major_outage' }) }],
      { type: 'system', id: 'test' },
      new Date().toISOString(),
    );
    await app.readModel.refresh();
    const afterChange = await get(server.baseUrl, '/api/v2/status.json', { 'if-none-match': String(before.headers.etag) });
    assert.equal(afterChange.status, 200);
    assert.equal((afterChange.json().status as { indicator: string }).indicator, 'critical');
  });

  it('reads the history window from the store once per change, for both history lists and both languages', async () => {
    const original = app.store.snapshot.bind(app.store);
    let reads = 0;
    app.store.snapshot = (options) => {
      reads += 1;
      return original(options);
    };
    try {
      await app.readModel.refresh();
      reads = 0;
      for (const path of ['incidents.json', 'scheduled-maintenances.json', 'incidents.json?lang=en', 'incidents.json'])
        assert.equal((await get(server.baseUrl, `/api/v2/${path}`)).status, 200);
      assert.equal(reads, 1);
      await app.store.commit(
        [{ type: 'component.changed', data: component('ny2', [], { vendor: 'kombit' }) }],
        { type: 'system', id: 'test' },
        new Date().toISOString(),
      );
      await app.readModel.refresh();
      reads = 0;
      await get(server.baseUrl, '/api/v2/incidents.json');
      await get(server.baseUrl, '/api/v2/incidents.json');
      assert.equal(reads, 1, 'a change builds them anew, once');
    } finally {
      app.store.snapshot = original;
    }
  });

  it('answers a preflight for a conditional cross-origin read', async () => {
    const answer = await get(
      server.baseUrl,
      '/api/v2/summary.json',
      { origin: 'https://ky.example', 'access-control-request-method': 'GET' },
      'OPTIONS',
    );
    assert.equal(answer.status, 204);
    assert.equal(answer.headers['access-control-allow-origin'], '*');
    assert.match(String(answer.headers['access-control-allow-headers']), /If-None-Match/);
  });

  it('ignores parameters it does not know (a cache-buster), as the Atlassian API does', async () => {
    for (const query of ['?_=1733140000', '?t=1&foo=bar', '?page=99999999999999999999999']) {
      const answer = await get(server.baseUrl, `/api/v2/components.json${query}`);
      assert.equal(answer.status, 200, `${query}: ${answer.text()}`);
    }
  });

  it('refuses a bad language with a 400 problem naming it', async () => {
    for (const [query, field] of [
      ['?lang=xx', 'lang'],
      ['?lang=%00', 'lang'],
      ['?lang=%ED%A0%80', 'lang'],
      ['?lang=en&lang=da', 'lang'],
      [`?lang=${'9'.repeat(400)}`, 'lang'],
    ] as const) {
      const answer = await get(server.baseUrl, `/api/v2/components.json${query}`);
      assert.equal(answer.status, 400, `${query}: ${answer.text()}`);
      assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
      assert.equal(answer.headers['access-control-allow-origin'], '*');
      const problem = ProblemSchema.parse(answer.json());
      assert.ok(
        problem.errors?.some((e) => e.field === field),
        `${query}: ${JSON.stringify(problem.errors)}`,
      );
    }
  });

  it('answers an unknown path under /api/v2 with a 404 problem, CORS included', async () => {
    for (const path of ['/api/v2/nope.json', '/api/v2/incidents/abc.json', '/api/v2/components', '/api/v2/%00', '/api/v2/summary.json/x']) {
      const answer = await get(server.baseUrl, path);
      // A NUL in the path is refused as bad input (400) before it is looked up at all.
      assert.equal(answer.status, path.includes('%00') ? 400 : 404, path);
      assert.match(String(answer.headers['content-type']), /^application\/problem\+json/, path);
      assert.equal(answer.headers['access-control-allow-origin'], '*', path);
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get(server.baseUrl, '/api/v2/components.json', { 'accept-encoding': 'br' }, 'HEAD');
    const full = await get(server.baseUrl, '/api/v2/components.json', { 'accept-encoding': 'br' });
    assert.equal(head.status, 200);
    assert.equal(head.raw.length, 0);
    assert.equal(head.headers.etag, full.headers.etag);
    assert.equal(head.headers['access-control-allow-origin'], '*');
  });

  it('never answers hostile paths and headers with a 5xx', async () => {
    const paths = ['/api/v2/%ED%A0%80.json', '/api/v2/%E0.json', '/api/v2/summary.json?%ED%A0%80=1', '/api/v2/summary.json?lang=%FF'];
    for (const path of paths) {
      const answer = await get(server.baseUrl, path);
      assert.ok(answer.status >= 400 && answer.status < 500, `${path}: ${answer.status}`);
      assert.match(String(answer.headers['content-type']), /^application\/problem\+json/, path);
      assert.equal(answer.headers['access-control-allow-origin'], '*', `${path}: a refusal a browser can read`);
    }
    const headers: Record<string, string>[] = [
      { 'accept-encoding': 'br;q=abc, gzip;q=-1, *;q=0' },
      { 'accept-encoding': ','.repeat(4000) },
      { 'if-none-match': `"${'x'.repeat(6000)}", W/"", *x` },
      { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'javascript' },
    ];
    for (const header of headers) {
      const answer = await get(server.baseUrl, '/api/v2/summary.json', header);
      assert.equal(answer.status, 200, JSON.stringify(header).slice(0, 80));
      assert.match((answer.json().page as { url: string }).url, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'an untrusted proxy header is ignored');
    }
  });

  it('links to the origin the client used; a Host that is no host name is refused (400 naming Host)', async () => {
    const named = (await get(server.baseUrl, '/api/v2/summary.json', { host: 'Status.Example:8443' })).json() as {
      page: { url: string };
      incidents: { shortlink: string }[];
    };
    assert.equal(named.page.url, 'http://status.example:8443/');
    assert.match(named.incidents[0]!.shortlink, /^http:\/\/status\.example:8443\/incidents\//);
    for (const host of ['evil.example/"><script>', 'a b', 'user@evil.example', 'x'.repeat(300), 'evil.example:99999', '999.999.999.999']) {
      const answer = await get(server.baseUrl, '/api/v2/status.json', { host });
      // node:http refuses some itself; either way a 400 problem, and never a link.
      assert.equal(answer.status, 400, `${host}: a Host that is no host name never becomes a link`);
      assert.match(String(answer.headers['content-type']), /^application\/problem\+json/, host);
    }
  });
});
