import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { MAX_COMPONENT_IDS, ProblemSchema, SummarySchema, type Summary } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { component, incident, maintenance, T0, tempSqliteStore } from '../test-support/fixtures.js';

const actor = { type: 'system', id: 'test' } as const;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const ids = (summary: Summary) => summary.components.map((c) => c.id).sort();

describe('GET /api/v1/summary?components=… (what one widget shows)', () => {
  let app: App;
  let cleanup: () => Promise<void>;
  const get = (url: string, headers: Record<string, string> = {}) => app.http.inject({ url, headers });
  const summaryOf = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 200)}`);
    return { response, summary: SummarySchema.parse(JSON.parse(response.body)) };
  };

  before(async () => {
    const temp = await tempSqliteStore();
    cleanup = temp.cleanup;
    // app -> platform -> sts (major incident); app -> org -> sts; quiet (maintenance now); other (v2's, its own incident).
    await temp.store.commit(
      [
        { type: 'vendor.changed', data: { id: 'v1', name: 'Vendor One', servicedesk: { email: 'sd@v1.example' } } },
        { type: 'vendor.changed', data: { id: 'v2', name: 'Vendor Two', servicedesk: { email: 'sd@v2.example' } } },
        { type: 'vendor.changed', data: { id: 'v3', name: 'Vendor Three', servicedesk: { email: 'sd@v3.example' } } },
        { type: 'component.changed', data: component('sts', [], { kind: 'support-system' }) },
        { type: 'component.changed', data: component('platform', ['sts'], { kind: 'infrastructure' }) },
        { type: 'component.changed', data: component('org', ['sts'], { kind: 'support-system' }) },
        { type: 'component.changed', data: component('app', ['platform', 'org']) },
        { type: 'component.changed', data: component('quiet') },
        { type: 'component.changed', data: component('other', [], { vendor: 'v2' }) },
        { type: 'component.changed', data: component('doomed', ['sts']) },
        // Responsible vendor v3 on a v1 component: the vendor an incident names comes along.
        { type: 'incident.changed', data: incident('inc-sts', { sts: 'major_outage' }, { vendor: 'v3' }) },
        { type: 'incident.changed', data: incident('inc-other', { other: 'partial_outage' }, { vendor: 'v2' }) },
        { type: 'maintenance.changed', data: maintenance('m-now', ['quiet'], { startsAt: hoursFromNow(-1), endsAt: hoursFromNow(1) }) },
        {
          type: 'maintenance.changed',
          data: maintenance('m-later', ['app'], { status: 'scheduled', startsAt: hoursFromNow(24), endsAt: hoursFromNow(26) }),
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

  it('holds the components asked for and their dependency closure, and only what concerns them', async () => {
    const whole = (await summaryOf('/api/v1/summary')).summary;
    const { summary } = await summaryOf('/api/v1/summary?components=app');
    assert.deepEqual(ids(summary), ['app', 'org', 'platform', 'sts']);
    assert.deepEqual(
      summary.incidents.map((i) => i.id),
      ['inc-sts'],
    );
    assert.deepEqual(summary.maintenances.active, []);
    assert.deepEqual(
      summary.maintenances.upcoming.map((m) => m.id),
      ['m-later'],
    );
    assert.deepEqual(summary.vendors.map((v) => v.id).sort(), ['v1', 'v3']);
    assert.equal(summary.status, 'major_outage');
    // Each component exactly as in the whole summary (effective status with its path included).
    for (const c of summary.components)
      assert.deepEqual(
        c,
        whole.components.find((w) => w.id === c.id),
      );
    assert.equal(summary.sequence, whole.sequence);
    assert.equal(summary.updatedAt, whole.updatedAt);

    const quiet = (await summaryOf('/api/v1/summary?components=quiet,other')).summary;
    assert.deepEqual(ids(quiet), ['other', 'quiet']);
    assert.deepEqual(
      quiet.incidents.map((i) => i.id),
      ['inc-other'],
    );
    assert.deepEqual(
      quiet.maintenances.active.map((m) => m.id),
      ['m-now'],
    );
    assert.deepEqual(quiet.vendors.map((v) => v.id).sort(), ['v1', 'v2']);
    assert.equal(quiet.status, 'partial_outage', 'the worst own status of what is in it');
    assert.equal((await summaryOf('/api/v1/summary?components=quiet')).summary.status, 'under_maintenance');
  });

  it('without `components` is the whole summary, byte for byte the read model’s', async () => {
    const response = await get('/api/v1/summary');
    assert.equal(response.rawPayload.equals(app.readModel.current().summaryBody), true);
    assert.equal(response.headers.etag, app.readModel.current().summaryEtag);
  });

  it('has its own ETag and 304, and the caching of the whole summary', async () => {
    const whole = await get('/api/v1/summary');
    const { response } = await summaryOf('/api/v1/summary?components=app');
    const etag = String(response.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    assert.notEqual(etag, whole.headers.etag);
    assert.equal(response.headers['cache-control'], whole.headers['cache-control']);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.match(String(response.headers['content-type']), /^application\/json/);

    const again = await get('/api/v1/summary?components=app', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    // The whole summary's ETag is not this answer's.
    assert.equal((await get('/api/v1/summary?components=app', { 'if-none-match': String(whole.headers.etag) })).statusCode, 200);
    assert.equal((await get('/api/v1/summary', { 'if-none-match': etag })).statusCode, 200);
  });

  it('is gzipped for a client that takes it, with Vary and an ETag of its own; the whole summary as well', async () => {
    const plain = await get('/api/v1/summary?components=app');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    const gz = await get('/api/v1/summary?components=app', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.ok(gunzipSync(gz.rawPayload).equals(plain.rawPayload));
    assert.notEqual(gz.headers.etag, plain.headers.etag);
    const again = await get('/api/v1/summary?components=app', { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) });
    assert.equal(again.statusCode, 304);
    assert.equal((await get('/api/v1/summary?components=app', { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding'], undefined);
    // The whole summary too, since issue 10 (every JSON answer compressed when the client takes it).
    const whole = await get('/api/v1/summary', { 'accept-encoding': 'gzip, br' });
    assert.equal(whole.headers['content-encoding'], 'gzip');
    assert.equal(whole.headers.vary, 'Accept-Encoding');
    const wholePlain = await get('/api/v1/summary');
    assert.equal(wholePlain.headers['content-encoding'], undefined);
    assert.notEqual(wholePlain.headers.etag, whole.headers.etag, 'an ETag per coding');
  });

  it('ignores unknown ids and duplicates: the same bytes and ETag as without them', async () => {
    const plain = (await summaryOf('/api/v1/summary?components=app')).response;
    // org is in app's closure already: the same answer too (the ETag is the bytes' hash).
    for (const url of [
      '/api/v1/summary?components=nope,app',
      '/api/v1/summary?components=app,app,nope',
      '/api/v1/summary?components=org,app',
    ]) {
      const { response } = await summaryOf(url);
      assert.equal(response.body, plain.body, url);
      assert.equal(response.headers.etag, plain.headers.etag, url);
    }
    const none = (await summaryOf('/api/v1/summary?components=nope,ghost')).summary;
    assert.deepEqual(none.components, []);
    assert.deepEqual(none.incidents, []);
    assert.deepEqual(none.vendors, []);
    assert.equal(none.status, 'operational');
  });

  it('leaves a retired component out, and what only it brought in', async () => {
    const before = (await summaryOf('/api/v1/summary?components=doomed,quiet')).summary;
    assert.deepEqual(ids(before), ['doomed', 'quiet', 'sts']);
    assert.ok(before.incidents.some((i) => i.id === 'inc-sts'));
    const doomed = app.readModel.current().view.componentsById.get('doomed')!;
    const { effective: _effective, ...stored } = doomed;
    await app.store.commit([{ type: 'component.changed', data: { ...stored, retiredAt: new Date().toISOString() } }], actor, T0);
    await app.readModel.refresh();
    const afterRetiring = (await summaryOf('/api/v1/summary?components=doomed,quiet')).summary;
    assert.deepEqual(ids(afterRetiring), ['quiet']);
    assert.deepEqual(afterRetiring.incidents, []);
  });

  it('refuses a malformed list with a 400 problem naming `components`, as the stream does', async () => {
    const tooMany = Array.from({ length: MAX_COMPONENT_IDS + 1 }, (_, i) => `c${i}`).join(',');
    const cases = [
      '',
      '%00',
      'ky%00',
      'ky,,ksd',
      ',ky',
      'KY',
      'ky ksd',
      tooMany,
      'ky&components=ksd', // repeated: one list, not two
    ];
    for (const value of cases) {
      for (const path of ['/api/v1/summary', '/api/v1/stream']) {
        const url = `${path}?components=${value}`;
        const response = await get(url);
        assert.equal(response.statusCode, 400, `${url.slice(0, 80)}: ${response.statusCode}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        const problem = ProblemSchema.parse(JSON.parse(response.body));
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          ['components'],
          url.slice(0, 80),
        );
      }
    }
    // The most ids a list may have is fine, and unknown ones are ignored.
    const most = Array.from({ length: MAX_COMPONENT_IDS }, (_, i) => (i === 0 ? 'app' : `c${i}`)).join(',');
    assert.deepEqual(ids((await summaryOf(`/api/v1/summary?components=${most}`)).summary), ['app', 'org', 'platform', 'sts']);
    // A misspelt parameter is named, not silently the whole summary.
    const typo = await get('/api/v1/summary?component=app');
    assert.equal(typo.statusCode, 400);
    assert.deepEqual(
      ProblemSchema.parse(JSON.parse(typo.body)).errors?.map((e) => e.field),
      ['component'],
    );
  });

  it('serializes each distinct set of known ids once per model', async () => {
    const model = app.readModel.current();
    const first = model.summaryFor(['app']);
    assert.equal(model.summaryFor(['nope', 'app', 'app']), first, 'unknown ids and duplicates make no entry of their own');
    assert.equal(model.summaryFor(null).body, model.summaryBody);
  });
});
