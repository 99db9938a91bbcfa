import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';
import { SITE_CSP } from './site-headers.js';
import { HOSTILE, writeHostileData } from './site-fixtures.js';

/** No markup, handler or script URL of the hostile text survives as markup. */
function assertInert(html: string): void {
  assert.doesNotMatch(html, /<script/i, 'no script element');
  assert.doesNotMatch(html, /<img/i, 'no img element');
  assert.doesNotMatch(html, /<[^<>]*\son\w+=/i, 'no event handler attribute');
  assert.doesNotMatch(html, /href="(javascript|data):/i, 'no script or data link');
  assert.doesNotMatch(html, /<[^<>]*\sstyle=/i, 'no inline style');
}

async function get(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('status site through a real listening server (SQLite)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
    await writeHostileData(server.app);
  });
  after(() => server.close());

  it('/ is the status page (no longer a redirect): lang da, one h1, landmarks, the overall status in words', async () => {
    const { status, headers, text } = await get(server.baseUrl, '/');
    assert.equal(status, 200);
    assert.match(headers.get('content-type')!, /^text\/html; charset=utf-8/);
    assert.match(text, /^<!doctype html><html lang="da">/);
    assert.equal(text.match(/<h1[\s>]/g)?.length, 1);
    for (const landmark of ['<header', '<nav', '<main', '<footer']) assert.ok(text.includes(landmark), landmark);
    assert.match(text, /<a class="skip-link" href="#main">Gå til indhold<\/a>/);
    assert.match(text, /Samlet status:/);
    assert.match(text, /<h2 id="kind-application">Fagløsninger<\/h2>/);
    assert.match(text, /Påvirket via /);
    assert.match(text, /hreflang="en" href="\/\?lang=en"/);
    assertInert(text);
  });

  it('every page carries the strict CSP, nosniff and a Referrer-Policy, and links only its own stylesheet', async () => {
    for (const path of ['/', '/?lang=en', '/c/ky', '/incidents/evil-1', '/c/nope', '/site/site.css']) {
      const { headers, text } = await get(server.baseUrl, path);
      assert.equal(headers.get('content-security-policy'), SITE_CSP, path);
      assert.doesNotMatch(SITE_CSP, /unsafe-inline|unsafe-eval/);
      assert.equal(headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
      if (path.endsWith('.css')) continue;
      assert.doesNotMatch(text, /<style|<script/i, path);
      assert.match(text, /<link rel="stylesheet" href="\/site\/site.css"\/>/, path);
    }
    const css = await get(server.baseUrl, '/site/site.css');
    assert.match(css.headers.get('content-type')!, /^text\/css/);
    assert.match(css.text, /prefers-color-scheme: dark/);
  });

  it('English with ?lang=en: lang en, English words, a switch back to Danish', async () => {
    const { text } = await get(server.baseUrl, '/c/ky?lang=en');
    assert.match(text, /<html lang="en">/);
    assert.match(text, /Status now/);
    assert.match(text, /href="\/c\/ky" hreflang="da" lang="da"/);
  });

  it('/c/ky: vendor, service desk as mailto: and tel: links, status with the path', async () => {
    const { status, text } = await get(server.baseUrl, '/c/ky');
    assert.equal(status, 200);
    assert.match(text, /<h1>KY – Kommunernes Ydelsessystem<\/h1>/);
    assert.match(text, /href="mailto:[^"]+@[^"]+"/);
    assert.match(text, /href="tel:\+45\d+"/);
    assert.match(text, /Planlagte releases/);
    assert.match(text, /Ofte stillede spørgsmål/);
  });

  it('an unknown component or incident is a 404 HTML page, not JSON', async () => {
    for (const path of ['/c/nope', '/incidents/nope', '/c/%3Cscript%3E']) {
      const { status, headers, text } = await get(server.baseUrl, path);
      assert.equal(status, 404, path);
      assert.match(headers.get('content-type')!, /^text\/html/, path);
      assert.match(text, /Siden findes ikke/);
      assertInert(text);
    }
  });

  it('a bad lang is a 400 problem naming the parameter', async () => {
    const { status, headers, text } = await get(server.baseUrl, '/?lang=xx');
    assert.equal(status, 400);
    assert.match(headers.get('content-type')!, /^application\/problem\+json/);
    assert.match(text, /"lang"/);
  });

  it('hostile operator and vendor text renders as text, inert, on the component and incident pages', async () => {
    for (const path of ['/', '/c/evil', '/c/evil?lang=en', '/incidents/evil-1', '/incidents/evil-1?lang=en']) {
      const { status, text } = await get(server.baseUrl, path);
      assert.equal(status, 200, path);
      assertInert(text);
    }
    const component = (await get(server.baseUrl, '/c/evil')).text;
    assert.ok(component.includes('Ond &lt;script>window.__pwned = 1&lt;/script>'), 'the name is shown as text');
    assert.ok(component.includes('\u202E'), 'the RTL override stays text');
    assert.ok(component.includes('class="text">data:text/html'), 'a data: support link is text, not a link');
    assert.ok(component.includes('class="text">javascript:'), 'a javascript: service desk URL is text, not a link');
    const incident = (await get(server.baseUrl, '/incidents/evil-1')).text;
    assert.match(incident, /Rettet\. Tidligere ordlyd:/);
    const { app } = server;
    const demo = app.readModel.current().view.incidents.active.find((i) => i.id !== 'evil-1' && i.updates.length > 1)!;
    const timeline = (await get(server.baseUrl, `/incidents/${demo.id}`)).text;
    const times = [...timeline.matchAll(/<time dateTime="([^"]+)"/gi)].map((m) => m[1]!);
    assert.equal(times.length, demo.updates.length);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest update first');
  });

  it("an incident's card on the front page shows its newest update, not its first", async () => {
    const token = await createTestKey(server.app.store, 'vendor', 'fagsys-nord');
    const admin = (url: string, body: unknown) =>
      server.app.http.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const opened = await admin('/api/v1/admin/incidents', {
      title: { da: 'Kortets fejl' },
      impact: 'minor',
      components: [{ id: 'ky', status: 'degraded_performance' }],
      message: { da: 'Første besked om kortet' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const { id } = JSON.parse(opened.body) as { id: string };
    const updated = await admin(`/api/v1/admin/incidents/${id}/updates`, {
      status: 'identified',
      message: { da: 'Nyeste besked om kortet' },
    });
    assert.ok(updated.statusCode < 300, updated.body);
    await server.app.readModel.refresh();

    const { text } = await get(server.baseUrl, '/');
    const card = /<article class="card">(?:(?!<\/article>).)*Kortets fejl.*?<\/article>/s.exec(text)?.[0] ?? '';
    assert.match(card, /Nyeste besked om kortet/);
    assert.doesNotMatch(card, /Første besked om kortet/);
  });

  it('answers from a page rendered once per change: the same ETag, a 304, gzip and brotli; a change makes a new one', async () => {
    const first = await get(server.baseUrl, '/c/ky');
    const etag = first.headers.get('etag')!;
    assert.ok(etag);
    assert.equal((await get(server.baseUrl, '/c/ky')).headers.get('etag'), etag);
    assert.equal((await get(server.baseUrl, '/c/ky', { 'if-none-match': etag })).status, 304);
    const raw = await fetch(`${server.baseUrl}/c/ky`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(raw.headers.get('content-encoding'), 'gzip');
    assert.equal(raw.headers.get('vary'), 'Accept-Encoding');
    const br = await fetch(`${server.baseUrl}/c/ky`, { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(await br.text(), /<h1>/, 'fetch decodes the brotli body to the page');
    const ky = server.app.readModel.current().view.componentsById.get('ky')!;
    const { effective: _e, ...plain } = ky;
    await server.app.store.commit(
      [{ type: 'component.changed', data: { ...plain, description: 'Ny beskrivelse' } }],
      { type: 'system', id: 'test' },
      new Date().toISOString(),
    );
    await server.app.readModel.refresh();
    const after = await get(server.baseUrl, '/c/ky', { 'if-none-match': etag });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), etag);
    assert.match(after.text, /Ny beskrivelse/);
  });
});

describe('status site beside the demo example', () => {
  it('/ is the site and the example host app stays reachable at its own URL', async () => {
    const examplesDir = fileURLToPath(new URL('../../../../examples', import.meta.url));
    const server = await startListeningApp({ scheduler: false, examplesDir });
    try {
      const home = await get(server.baseUrl, '/');
      assert.equal(home.status, 200);
      assert.match(home.text, /<h1>Driftsstatus<\/h1>/);
      assert.equal((await get(server.baseUrl, '/examples/plain-html/')).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('status site on PostgreSQL', () => {
  let app: App;
  let cleanup: () => Promise<void>;
  let baseUrl: string;
  before(async () => {
    const pg = await tempPostgresStore();
    cleanup = pg.cleanup;
    app = await createApp({ store: pg.store, scheduler: false });
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
    await writeHostileData(app);
  });
  after(async () => {
    await app.http.close();
    await cleanup();
  });

  it('renders /, /c/evil with its content items and /incidents/evil-1 from PostgreSQL, inert', async () => {
    for (const path of ['/', '/c/ky', '/c/evil', '/incidents/evil-1']) {
      const { status, text } = await get(baseUrl, path);
      assert.equal(status, 200, path);
      assertInert(text);
    }
    const { text } = await get(baseUrl, '/c/evil');
    assert.ok(text.includes('&lt;script>window.__pwned = 1&lt;/script>'), 'the content item title is shown as text');
    assert.ok(text.includes(HOSTILE.rtl), 'the RTL text is kept');
  });
});
