// /c/:component (issue 10 item 2): the dependency picture, the paged incident history, the
// subscribe text; /tilgaengelighed (item 10). Real listening servers, SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Component, Incident } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { dependencyClosure } from '../domain/dependency-graph.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { startListeningApp } from '../test-support/admin-server.js';
import { deepLandscape } from '../test-support/deep-landscape.js';
import { incident, maintenance } from '../test-support/fixtures.js';
import { HISTORY_PAGE_SIZE } from './component-routes.js';
import { writeHostileData } from './site-fixtures.js';

const system = { type: 'system', id: 'test' } as const;

async function get(baseUrl: string, path: string) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The page's SVG, its dependency list, and what they hold. */
function picture(html: string) {
  const svg = html.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
  const list = html.match(/<ul class="dependency-tree"[\s\S]*?<\/ul>(?=<\/section>)/)?.[0] ?? '';
  return {
    svg,
    list,
    nodes: [...svg.matchAll(/<g class="node [^"]*" data-component="([^"]+)"/g)].map((m) => m[1]!),
    edges: [...svg.matchAll(/data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[1]}>${m[2]}`),
    listed: [...list.matchAll(/<a href="\/c\/([^"?]+)/g)].map((m) => m[1]!),
  };
}

/** The page shows `rootId`'s closure in `components` once each in the picture and in the list, and every dependency as an arrow. */
function assertPicture(html: string, rootId: string, components: ReadonlyArray<Pick<Component, 'id' | 'dependsOn'>>) {
  const { svg, nodes, edges, listed } = picture(html);
  const closure = dependencyClosure([rootId], components);
  assert.match(
    svg,
    /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="dependency-graph[^"]*" role="img" aria-labelledby="dependency-graph-title"/,
  );
  assert.match(svg, /<title id="dependency-graph-title">[^<]+<\/title>/);
  assert.deepEqual([...nodes].sort(), [...closure].sort(), 'each component of the closure once in the picture');
  const pairs = components.filter((c) => closure.has(c.id)).flatMap((c) => c.dependsOn.map((d) => `${c.id}>${d}`));
  assert.deepEqual([...edges].sort(), [...new Set(pairs)].sort(), 'every dependency drawn, once');
  assert.deepEqual(
    [...listed].sort(),
    [...closure].filter((id) => id !== rootId).sort(),
    'each dependency once in the text alternative, linked to its page',
  );
  assert.doesNotMatch(svg, /\sstyle=/, 'no inline style (CSP)');
}

describe('/c/:component: dependency picture, history, subscribe (SQLite)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
    await writeHostileData(server.app);
  });
  after(() => server.close());

  it('draws KY of the demo landscape: every dependency once, every edge, status in words', async () => {
    const { status, text } = await get(server.baseUrl, '/c/ky');
    assert.equal(status, 200);
    const components = server.app.readModel.current().view.summary.components;
    assertPicture(text, 'ky', components);
    const { svg, list } = picture(text);
    // Serviceplatformen has the demo incident: said in words, with its mark, in the picture and the list.
    assert.match(svg, /data-component="serviceplatformen"[^>]*>(?:(?!<\/g>).)*▲ Driftsforstyrrelse/);
    assert.match(
      list,
      /href="\/c\/serviceplatformen">Serviceplatformen<\/a> <span class="status status-partial_outage">Driftsforstyrrelse/,
    );
    assert.match(text, /<h2 id="dependencies">Afhængigheder<\/h2>/);
    assert.match(text, /<h3 id="dependency-list">Afhængigheder som liste<\/h3>/);
    assert.match(text, /Afhænger også af:/, 'edges the nesting does not show are named');
    assert.match(text, /<h2 id="subscribe">Abonnér<\/h2><p>Tilmelding til mailnotifikationer kommer snart/);
    const english = await get(server.baseUrl, '/c/ky?lang=en');
    assert.match(english.text, /<h2 id="dependencies">Dependencies<\/h2>/);
    assert.match(picture(english.text).svg, /▲ Partial outage/);
  });

  it('draws a generated deep landscape of 30 components, diamonds once, top to bottom', async () => {
    const deep = deepLandscape(30);
    const at = new Date().toISOString();
    await server.app.store.commit(
      [...deep].reverse().map((c): { type: 'component.changed'; data: Component } => ({
        type: 'component.changed',
        data: { ...c, name: `Komponent ${c.id}`, kind: 'support-system', vendor: 'kombit', status: 'operational', links: {} },
      })),
      system,
      at,
    );
    await server.app.readModel.refresh();
    const { status, text } = await get(server.baseUrl, '/c/g0');
    assert.equal(status, 200);
    assertPicture(text, 'g0', deep);
    assert.match(picture(text).svg, /class="dependency-graph dependency-graph-down"/);
    assert.equal(text.match(/<h1[\s>]/g)?.length, 1);
  });

  it('keeps hostile names inert in the picture: escaped in the boxes, titles and list', async () => {
    const { status, text } = await get(server.baseUrl, '/c/evil');
    assert.equal(status, 200);
    const { svg, list } = picture(text);
    assert.ok(svg.includes('data-component="evil"'));
    assert.doesNotMatch(svg, /<script|<img|\son\w+=/i);
    assert.ok(svg.includes('Ond &lt;script>window'), 'the box name is text');
    assert.ok(svg.includes('<title>Ond &lt;script>window.__pwned = 1&lt;/script>: Driftsforstyrrelse</title>'), 'the full name, escaped');
    assert.ok(list.includes('Ond &lt;script>window.__pwned = 1&lt;/script>'));
    assertPicture(text, 'evil', server.app.readModel.current().view.summary.components);
  });

  it('a component without dependencies says so instead of drawing', async () => {
    const { text } = await get(server.baseUrl, '/c/cpr');
    assert.equal(picture(text).svg, '');
    assert.match(text, /Løsningen afhænger ikke af andre komponenter\./);
  });

  it('shows the service desk and documentation, and maintenance for the component in its own section', async () => {
    const { effective: _e, ...ky } = server.app.readModel.current().view.componentsById.get('ky')!;
    const links = { support: 'https://ky.example.dk/hjaelp', documentation: 'https://ky.example.dk/dokumentation' };
    await server.app.store.commit([{ type: 'component.changed', data: { ...ky, links } }], system, new Date().toISOString());
    await server.app.readModel.refresh();
    const { text } = await get(server.baseUrl, '/c/ky');
    assert.match(text, /<dt>Dokumentation<\/dt><dd><a href="https:\/\/ky\.example\.dk\/dokumentation">/);
    assert.match(text, /<dt>Mail<\/dt><dd><a href="mailto:/);
    assert.match(text, /<dt>Åbningstid<\/dt>/);
    assert.match(text, /<h2 id="maintenance">Vedligeholdelse<\/h2>/);
  });

  it('refuses a malformed page number with a 400 problem naming it, never a 5xx; ignores unknown parameters', async () => {
    const bad = ['0', '-1', 'abc', '1.5', '1e3', '1e999', '', '%00', '%ED%A0%80', '%F0', '99999999999999999999', '1%00', '+1', '0x10'];
    for (const value of bad) {
      const { status, type, text } = await get(server.baseUrl, `/c/ky?page=${value}`);
      assert.equal(status, 400, `page=${value}: ${text}`);
      assert.match(type, /^application\/problem\+json/, value);
      assert.match(text, /"field":"page"/, value);
    }
    const twice = await get(server.baseUrl, '/c/ky?page=1&page=2');
    assert.equal(twice.status, 400);
    assert.match(twice.text, /"field":"page"/);
    const tagged = await get(server.baseUrl, '/c/ky?utm_source=mail&pagee=2');
    assert.equal(tagged.status, 200, 'a page ignores parameters it does not know, as / does');
    assert.match(tagged.text, /<h1>/);
  });

  it('shows planned work on a dependency that runs normally now (CPR under KY)', async () => {
    const { app } = server;
    const ky = app.readModel.current().view.componentsById.get('ky')!;
    assert.ok(dependencyClosure(['ky'], app.readModel.current().view.summary.components).has('cpr'), 'KY depends on CPR');
    assert.equal(app.readModel.current().view.componentsById.get('cpr')!.effective.status, 'operational', 'CPR runs normally');
    const startsAt = new Date(Date.now() + 30 * 3600_000).toISOString();
    const endsAt = new Date(Date.now() + 32 * 3600_000).toISOString();
    const title = { da: 'Opdatering af CPR-opslag', en: 'CPR look-ups updated' };
    await app.store.commit(
      [{ type: 'maintenance.changed', data: maintenance('cpr-update', ['cpr'], { status: 'scheduled', startsAt, endsAt, title }) }],
      system,
      new Date().toISOString(),
    );
    await app.readModel.refresh();
    const { text } = await get(server.baseUrl, `/c/${ky.id}`);
    const section = text.match(/<h2 id="maintenance">[\s\S]*?<\/section>/)?.[0] ?? '';
    assert.match(section, /Opdatering af CPR-opslag/, "KY's page names the window on CPR");
  });

  it('marks Danish operator text on an English page as Danish (WCAG 3.1.2), and English text not', async () => {
    const { app } = server;
    const onlyDanish = incident('kun-dansk', { ky: 'degraded_performance' }, { title: { da: 'Langsomme svartider' } });
    const both = incident('begge-sprog', { ky: 'degraded_performance' }, { title: { da: 'Fejl i opslag', en: 'Look-up errors' } });
    await app.store.commit(
      [onlyDanish, both].map((data) => ({ type: 'incident.changed', data }) as const),
      system,
      new Date().toISOString(),
    );
    await app.readModel.refresh();
    const en = (await get(server.baseUrl, '/c/ky?lang=en')).text;
    assert.match(en, /<span class="text" lang="da">Langsomme svartider<\/span>/);
    assert.match(en, /<span class="text">Look-up errors<\/span>/);
    const da = (await get(server.baseUrl, '/c/ky')).text;
    assert.doesNotMatch(da, /class="text" lang=/, 'a Danish page needs no mark');
  });

  it('/tilgaengelighed: the accessibility statement in Danish and English, linked from every footer', async () => {
    const da = await get(server.baseUrl, '/tilgaengelighed');
    assert.equal(da.status, 200);
    assert.match(da.text, /<html lang="da">/);
    assert.match(da.text, /<h1>Tilgængelighedserklæring<\/h1>/);
    assert.equal(da.text.match(/<h1[\s>]/g)?.length, 1);
    for (const heading of [
      'Overholdelsesstatus',
      'Indhold, der ikke er tilgængeligt',
      'Sådan er erklæringen udarbejdet',
      'Feedback og kontaktoplysninger',
      'Håndhævelse',
    ])
      assert.ok(da.text.includes(`<h2>${heading}</h2>`), heading);
    assert.match(da.text, /WCAG 2\.1 niveau AA/);
    assert.match(da.text, /axe-core i Chromium/);
    assert.match(da.text, /<a href="https:\/\/was\.digst\.dk\/" hreflang="da">/);
    assert.match(da.text, /<a href="mailto:servicedesk@kombit\.example">/, 'feedback goes to the service desks');
    assert.doesNotMatch(da.text, /<script|<img|\son\w+=/i, 'the hostile vendor name is text');
    const en = await get(server.baseUrl, '/tilgaengelighed?lang=en');
    assert.match(en.text, /<h1>Accessibility statement<\/h1>/);
    assert.match(en.text, /<h2>Compliance status<\/h2>/);
    for (const path of ['/', '/c/ky', '/incidents/evil-1', '/c/nope'])
      assert.match((await get(server.baseUrl, path)).text, /<footer[\s\S]*<a href="\/tilgaengelighed">Tilgængelighedserklæring<\/a>/, path);
    assert.match((await get(server.baseUrl, '/?lang=en')).text, /<a href="\/tilgaengelighed\?lang=en">Accessibility statement<\/a>/);
  });
});

/** The paged history, the same on both stores. */
function describeHistory(name: string, start: () => Promise<{ app: App; baseUrl: string; close: () => Promise<void> }>) {
  describe(`/c/:component history, paged (${name})`, () => {
    let app: App;
    let baseUrl: string;
    let close: () => Promise<void>;
    let total: number;
    const pageCount = () => Math.ceil(total / HISTORY_PAGE_SIZE);
    before(async () => {
      ({ app, baseUrl, close } = await start());
      // 25 resolved incidents on KY, an hour apart, and one on a component KY does not depend on.
      const base = Date.parse('2026-10-01T08:00:00.000Z');
      const past: Incident[] = Array.from({ length: 25 }, (_, i) =>
        incident(
          `hist-${String(i).padStart(2, '0')}`,
          { ky: 'partial_outage' },
          {
            title: { da: `Fejl nummer ${i}`, en: `Fault number ${i}` },
            status: 'resolved',
            startedAt: new Date(base + i * 3_600_000).toISOString(),
            resolvedAt: new Date(base + i * 3_600_000 + 600_000).toISOString(),
          },
        ),
      );
      const elsewhere = incident('elsewhere', { ksd: 'major_outage' }, { status: 'resolved', resolvedAt: new Date(base).toISOString() });
      await app.store.commit(
        [...past, elsewhere].map((data) => ({ type: 'incident.changed', data }) as const),
        system,
        new Date().toISOString(),
      );
      await app.readModel.refresh();
      const closure = [...dependencyClosure(['ky'], app.readModel.current().view.summary.components)];
      total = (await app.store.incidentsOfComponent(closure, { limit: 1, offset: 0 })).total;
      assert.ok(total >= 26, 'the 25 and the demo incident on Serviceplatformen');
    });
    after(() => close());

    const items = (html: string) => [...html.matchAll(/<li class="card"><h3><a href="\/incidents\/([^"?]+)/g)].map((m) => m[1]!);

    it('page 1: the newest ten, "Side 1 af N", a link to the older page only', async () => {
      const { status, text } = await get(baseUrl, '/c/ky');
      assert.equal(status, 200);
      assert.equal(items(text).length, HISTORY_PAGE_SIZE);
      assert.ok(!items(text).includes('elsewhere'), 'only incidents on KY and what it depends on');
      assert.match(text, new RegExp(`<span>Side 1 af ${pageCount()}</span>`));
      assert.match(text, /<a href="\/c\/ky\?page=2#history" rel="next">Ældre<\/a>/);
      assert.doesNotMatch(text, /rel="prev"/);
      assert.match(text, /<nav class="pager" aria-label="Sider i historikken">/);
    });

    it('pages through every incident once, newest first, and a page past the last is the 404 page', async () => {
      const seen: string[] = [];
      for (let page = 1; page <= pageCount(); page++) {
        const { status, text } = await get(baseUrl, `/c/ky?page=${page}`);
        assert.equal(status, 200, `page ${page}`);
        seen.push(...items(text));
        if (page > 1)
          assert.match(text, new RegExp(`<a href="/c/ky${page === 2 ? '' : `\\?page=${page - 1}`}#history" rel="prev">Nyere</a>`));
        if (page === pageCount()) assert.doesNotMatch(text, /rel="next"/);
      }
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total, 'no incident twice');
      const hist = seen.filter((id) => id.startsWith('hist-'));
      assert.deepEqual(hist, [...hist].sort().reverse(), 'newest first');
      const beyond = await get(baseUrl, `/c/ky?page=${pageCount() + 1}`);
      assert.equal(beyond.status, 404);
      assert.match(beyond.type, /^text\/html/);
    });

    it('in English: "Page 2 of N", Older and Newer, links keeping the language', async () => {
      const { text } = await get(baseUrl, '/c/ky?page=2&lang=en');
      assert.match(text, new RegExp(`<span>Page 2 of ${pageCount()}</span>`));
      assert.match(text, /<a href="\/c\/ky\?lang=en#history" rel="prev">Newer<\/a>/);
      assert.match(text, /<a href="\/c\/ky\?page=3&amp;lang=en#history" rel="next">Older<\/a>/);
      assert.match(text, /Fault number/);
    });

    it('a new incident moves the history on: page 1 changes', async () => {
      const first = await get(baseUrl, '/c/ky');
      await app.store.commit(
        [{ type: 'incident.changed', data: incident('hist-new', { ky: 'major_outage' }, { startedAt: new Date().toISOString() }) }],
        system,
        new Date().toISOString(),
      );
      await app.readModel.refresh();
      const second = await get(baseUrl, '/c/ky');
      assert.notEqual(second.text, first.text);
      assert.equal(items(second.text)[0], 'hist-new');
    });
  });
}

describeHistory('SQLite', () => startListeningApp({ scheduler: false }));
describeHistory('PostgreSQL', async () => {
  const pg = await tempPostgresStore();
  const app = await createApp({ store: pg.store, scheduler: false });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl: `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`,
    close: async () => {
      await app.http.close();
      await pg.cleanup();
    },
  };
});
