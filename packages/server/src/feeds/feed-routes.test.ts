import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Maintenance } from '@kdi-status/sdk';
import ICAL from 'ical.js';
import Parser from 'rss-parser';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';
import { HOSTILE, writeHostileData } from '../site/site-fixtures.js';

/** Operator text meant to break a feed, a calendar or a badge; the API would refuse the RTL override, the store holds it anyway. */
const EVIL = `<script>alert(1)</script> ]]> & "dq" 'sq' \u202Etxt.exe; a,b\\c`;

async function get(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A request with a Host header of our choosing (fetch will not send one). */
function getWithHost(baseUrl: string, path: string, host: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An RSS description is HTML: the text a reader shows from it. */
const htmlToText = (html: string) =>
  html
    .replace(/<br>/g, '\n')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

/** The VEVENTs of a calendar, parsed by ical.js, by UID. */
function eventsOf(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return new Map(
    calendar.getAllSubcomponents('vevent').map((v) => {
      const text = (name: string) => v.getFirstPropertyValue(name) as string | null;
      const event = {
        uid: text('uid')!,
        sequence: Number(v.getFirstPropertyValue('sequence')),
        status: text('status'),
        summary: text('summary'),
        description: text('description'),
        url: text('url'),
        start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
        end: (v.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString(),
        startIsDate: (v.getFirstPropertyValue('dtstart') as ICAL.Time).isDate,
      };
      return [event.uid, event];
    }),
  );
}

/** Every line of an iCalendar document ends in CRLF and holds at most 75 octets. */
function assertWellFolded(ics: string) {
  assert.ok(ics.endsWith('\r\n'));
  assert.doesNotMatch(ics.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  for (const line of ics.slice(0, -2).split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `${Buffer.byteLength(line)} octets: ${line}`);
}

/** The admin API over HTTP, with an admin key. */
function adminOf(baseUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as { id: string };
  };
}

const inDays = (days: number, hour = 22) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

const parser = new Parser<{ language: string }, { updated: string; id: string }>({
  customFields: { feed: ['language'], item: ['updated', 'id'] },
});

/** The whole suite, on one store. */
function feedSuite(name: string, start: () => Promise<{ app: App; baseUrl: string; close: () => Promise<void> }>) {
  describe(`feeds, calendars and badges through a real listening server (${name})`, () => {
    let server: { app: App; baseUrl: string; close: () => Promise<void> };
    let admin: ReturnType<typeof adminOf>;
    let base: string;
    before(async () => {
      server = await start();
      base = server.baseUrl;
      await writeHostileData(server.app);
      // A hostile window straight in the store (the API refuses the RTL override).
      const at = new Date().toISOString();
      const evil: Maintenance = {
        id: 'evil-window',
        title: { da: EVIL, en: `en ${EVIL}` },
        description: { da: `${EVIL}\nlinje 2` },
        status: 'scheduled',
        vendor: 'evil-vendor',
        components: ['evil'],
        startsAt: inDays(3),
        endsAt: inDays(4),
        updatedAt: at,
      };
      await server.app.store.commit([{ type: 'maintenance.changed', data: evil }], { type: 'system', id: 'test' }, at);
      await server.app.readModel.refresh();
      admin = adminOf(base, await createTestKey(server.app.store, 'admin'));
    });
    after(() => server.close());

    it('Atom: the media type, parsed by rss-parser; newest first, at most 50; hostile text comes back as the same text, inert', async () => {
      const { status, headers, text } = await get(base, '/feeds/incidents.atom');
      assert.equal(status, 200);
      assert.equal(headers.get('content-type'), 'application/atom+xml; charset=utf-8');
      assert.doesNotMatch(text, /<script|<img/i, 'no element from operator text');
      const feed = await parser.parseString(text);
      assert.equal(feed.title, 'Driftsstatus: Driftsmeddelelser og vedligeholdelse');
      assert.ok(feed.items.length > 0 && feed.items.length <= 50);
      const times = feed.items.map((i) => i.updated);
      assert.deepEqual(times, [...times].sort().reverse(), 'newest change first');
      const evil = feed.items.find((i) => i.link?.endsWith('/incidents/evil-1'))!;
      assert.ok(evil, 'the hostile incident is in the feed, linked to its page');
      assert.equal(evil.title, `Fejl <script>window.__pwned = 1</script> (Fejlen er fundet)`);
      assert.match(evil.id!, /^tag:127\.0\.0\.1,2026:incident:evil-1$/);
      // The fixture's updates share one time: the first (updates are newest first) is the latest.
      assert.equal(evil.content, HOSTILE.handler, 'the latest update, as text');
      const window = feed.items.find((i) => i.id?.endsWith(':maintenance:evil-window'))!;
      assert.equal(window.title, `Planlagt vedligeholdelse: ${EVIL} (Planlagt)`);
      assert.ok(window.content!.startsWith(`${EVIL}\nlinje 2\nTidsrum: `));
      assert.match(window.link!, /\/maintenance#window-evil-window$/);
      // The link lands on the window's card.
      assert.match((await get(base, '/maintenance')).text, /<article class="card" id="window-evil-window">/);
    });

    it('RSS 2.0: the media type, parsed; titles are the text, descriptions HTML that shows the text', async () => {
      const { headers, text } = await get(base, '/feeds/incidents.rss');
      assert.equal(headers.get('content-type'), 'application/rss+xml; charset=utf-8');
      assert.doesNotMatch(text, /<script|<img/i);
      const feed = await parser.parseString(text);
      assert.equal(feed.language, 'da-DK');
      const window = feed.items.find((i) => i.guid?.endsWith(':maintenance:evil-window'))!;
      assert.equal(window.title, `Planlagt vedligeholdelse: ${EVIL} (Planlagt)`);
      assert.doesNotMatch(window.content!.replaceAll('<br>', ''), /</, 'the description holds no markup but the line breaks');
      assert.ok(htmlToText(window.content!).startsWith(`${EVIL}\nlinje 2\nTidsrum: `));
      const times = feed.items.map((i) => i.isoDate!);
      assert.deepEqual(times, [...times].sort().reverse());
    });

    it('?lang=en: English words and the English text of operators, a feed in English', async () => {
      const atom = await parser.parseString((await get(base, '/feeds/incidents.atom?lang=en')).text);
      assert.equal(atom.title, 'Service status: Incidents and maintenance');
      const evil = atom.items.find((i) => i.link?.endsWith('/incidents/evil-1?lang=en'))!;
      assert.equal(evil.title, `Fault "><img src=x onerror="window.__pwned=2"> (Identified)`);
      const rss = await parser.parseString((await get(base, '/feeds/incidents.rss?lang=en')).text);
      assert.equal(rss.language, 'en');
    });

    it('per component: its own and its dependencies’ incidents and maintenance, not its dependants’; unknown is a 404 problem', async () => {
      const ky = await parser.parseString((await get(base, '/c/ky/feed.atom')).text);
      assert.ok(
        ky.items.some((i) => /Serviceplatformen/i.test(i.title!)),
        'the demo incident on Serviceplatformen (a dependency)',
      );
      assert.ok(!ky.items.some((i) => i.link?.endsWith('/incidents/evil-1')), 'evil depends on ky, not the other way');
      const evil = await parser.parseString((await get(base, '/c/evil/feed.rss')).text);
      assert.ok(evil.items.some((i) => i.link?.endsWith('/incidents/evil-1')));
      assert.ok(evil.title!.includes('<script>'), 'the component name is text in the title');
      for (const path of ['/c/nope/feed.atom', '/c/nope/feed.rss', '/c/nope/calendar.ics', '/badge/nope.svg', '/badge/ky.png']) {
        const { status, headers, text } = await get(base, path);
        assert.equal(status, 404, path);
        assert.match(headers.get('content-type')!, /^application\/problem\+json/, path);
        assert.equal(JSON.parse(text).errors[0].field, 'component', path);
      }
    });

    it('iCalendar: an updated window keeps its UID with a higher SEQUENCE; a cancelled one is CANCELLED, same UID, higher still', async () => {
      const created = await admin('POST', '/maintenances', {
        title: { da: 'Opdatering af Serviceplatformen; del 1, trin 2' },
        description: { da: 'Produktionsmiljøet opdateres.\nLæs mere: C:\\drift' },
        vendor: 'infra-drift',
        components: ['serviceplatformen'],
        startsAt: inDays(5),
        endsAt: inDays(6, 6),
      });
      const first = await get(base, '/calendar.ics');
      assert.equal(first.headers.get('content-type'), 'text/calendar; charset=utf-8');
      assertWellFolded(first.text);
      const uid = `maintenance-${created.id}@127.0.0.1`;
      const v1 = eventsOf(first.text).get(uid)!;
      assert.ok(v1, 'one VEVENT per window, with a UID from the id and the host');
      assert.equal(v1.summary, 'Planlagt vedligeholdelse: Opdatering af Serviceplatformen; del 1, trin 2');
      assert.equal(v1.description, 'Produktionsmiljøet opdateres.\nLæs mere: C:\\drift\nBerørte løsninger: Serviceplatformen');
      assert.equal(v1.status, 'CONFIRMED');
      assert.equal(v1.start, inDays(5));
      assert.match(first.text, /DTSTART:\d{8}T\d{6}Z\r\n/, 'times in UTC');

      await admin('PATCH', `/maintenances/${created.id}`, { endsAt: inDays(6, 8) });
      const v2 = eventsOf((await get(base, '/calendar.ics')).text).get(uid)!;
      assert.equal(v2.end, inDays(6, 8));
      assert.ok(v2.sequence > v1.sequence, `SEQUENCE ${v2.sequence} > ${v1.sequence}`);

      await admin('POST', `/maintenances/${created.id}/cancel`);
      const after = eventsOf((await get(base, '/calendar.ics')).text);
      const v3 = after.get(uid)!;
      assert.equal(v3.status, 'CANCELLED');
      assert.ok(v3.sequence > v2.sequence);
      assert.equal([...after.keys()].filter((k) => k === uid).length, 1, 'no duplicate');
      const ky = eventsOf((await get(base, '/c/ky/calendar.ics')).text);
      assert.equal(ky.get(uid)?.status, 'CANCELLED', "in ky's calendar too (it depends on Serviceplatformen)");
    });

    it('iCalendar: planned releases are all-day events on their Danish date; a deleted one is cancelled', async () => {
      const created = await admin('POST', '/content', {
        componentId: 'ky',
        type: 'release',
        title: { da: 'Release 2026.4, "stor"' },
        body: { da: 'Ny ydelsesoversigt; bedre søgning' },
        date: '2026-12-05T23:00:00.000Z',
      });
      const uid = `release-${created.id}@127.0.0.1`;
      const v1 = eventsOf((await get(base, '/c/ky/calendar.ics')).text).get(uid)!;
      assert.equal(v1.summary, 'Planlagt release – KY – Kommunernes Ydelsessystem: Release 2026.4, "stor"');
      assert.equal(v1.description, 'Ny ydelsesoversigt; bedre søgning');
      assert.ok(v1.startIsDate);
      assert.match((await get(base, '/c/ky/calendar.ics')).text, /DTSTART;VALUE=DATE:20261206\r\nDTEND;VALUE=DATE:20261207\r\n/);
      assert.match(v1.url!, /\/c\/ky#releases$/);
      assert.equal(eventsOf((await get(base, '/c/serviceplatformen/calendar.ics')).text).has(uid), false, 'not in a dependency’s calendar');
      await admin('DELETE', `/content/${created.id}`);
      const v2 = eventsOf((await get(base, '/calendar.ics')).text).get(uid)!;
      assert.equal(v2.status, 'CANCELLED');
      assert.ok(v2.sequence > v1.sequence);
    });

    it('iCalendar: hostile text is escaped TEXT that parses back to the same text (English too)', async () => {
      for (const [lang, prefix] of [
        ['da', 'Planlagt vedligeholdelse: '],
        ['en', 'Planned maintenance: en '],
      ] as const) {
        const { text } = await get(base, `/c/evil/calendar.ics${lang === 'en' ? '?lang=en' : ''}`);
        assertWellFolded(text);
        const event = eventsOf(text).get('maintenance-evil-window@127.0.0.1')!;
        assert.equal(event.summary, `${prefix}${EVIL}`);
        assert.ok(event.description!.startsWith(`${EVIL}\nlinje 2\n`));
      }
    });

    it('badge: "Driftsstatus | <word>", role="img" with a title, the effective status, escaped names; English', async () => {
      const ky = await get(base, '/badge/ky.svg');
      assert.equal(ky.status, 200);
      assert.equal(ky.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      assert.match(ky.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"/);
      const status = server.app.readModel.current().view.componentsById.get('ky')!.effective.status;
      const word = {
        operational: 'Kører normalt',
        degraded_performance: 'Langsomme svartider',
        partial_outage: 'Driftsforstyrrelse',
        major_outage: 'Nedbrud',
        under_maintenance: 'Planlagt vedligeholdelse',
      }[status];
      assert.match(ky.text, new RegExp(`<title>Driftsstatus for KY – Kommunernes Ydelsessystem: ${word}</title>`));
      assert.match(
        ky.text,
        new RegExp(`>Driftsstatus</text>\\s*<text[^>]*>${word}</text>`),
        'the word is in the picture, not only the colour',
      );
      const evil = await get(base, '/badge/evil.svg?lang=en');
      assert.doesNotMatch(evil.text, /<script|<img/i);
      assert.ok(evil.text.includes('<title>Service status of Ond &lt;script&gt;window.__pwned = 1&lt;/script&gt;: '), 'the name is text');
      assert.equal(evil.text.match(/<[a-z]+/gi)!.length, 7, 'svg, title, two rects, g, two texts: nothing injected');
    });

    it('answers like the pages: ETag, 304, brotli and gzip, the CSP; a change makes a new feed', async () => {
      for (const path of ['/feeds/incidents.atom', '/c/ky/feed.rss', '/calendar.ics', '/badge/ky.svg']) {
        const first = await get(base, path);
        const etag = first.headers.get('etag')!;
        assert.ok(etag, path);
        assert.match(first.headers.get('content-security-policy')!, /default-src 'self'/, path);
        assert.equal((await get(base, path, { 'if-none-match': etag })).status, 304, path);
        const br = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'br' } });
        assert.equal(br.headers.get('content-encoding'), 'br', path);
        await br.arrayBuffer();
        const gz = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip' } });
        assert.equal(gz.headers.get('content-encoding'), 'gzip', path);
        await gz.arrayBuffer();
        const head = await fetch(`${base}${path}`, { method: 'HEAD' });
        assert.equal(head.status, 200, path);
        assert.equal(head.headers.get('content-type'), first.headers.get('content-type'), path);
      }
      const before = await get(base, '/feeds/incidents.atom');
      const incident = await admin('POST', '/incidents', {
        title: { da: 'Ny fejl i KY' },
        impact: 'minor',
        vendor: 'fagsys-nord',
        components: [{ id: 'ky', status: 'degraded_performance' }],
        message: { da: 'Vi undersøger' },
      });
      const after = await get(base, '/feeds/incidents.atom', { 'if-none-match': before.headers.get('etag')! });
      assert.equal(after.status, 200);
      const feed = await parser.parseString(after.text);
      assert.ok(feed.items[0]!.link!.endsWith(`/incidents/${incident.id}`), 'the newest change first');
    });

    it('autodiscovery on every page, the component’s own on /c/:component, and its "Feeds og kalender" links', async () => {
      for (const path of ['/', '/c/ky', '/incidents/evil-1', '/c/nope']) {
        const { text } = await get(base, path);
        assert.match(text, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feeds\/incidents\.atom"\/>/, path);
        assert.match(text, /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="\/feeds\/incidents\.rss"\/>/, path);
      }
      const ky = (await get(base, '/c/ky')).text;
      assert.match(ky, /type="application\/atom\+xml" title="KY – Kommunernes Ydelsessystem: [^"]+" href="\/c\/ky\/feed\.atom"/);
      assert.match(ky, /<h2 id="feeds">Feeds og kalender<\/h2>/);
      for (const href of ['/c/ky/feed.atom', '/c/ky/feed.rss', '/c/ky/calendar.ics', '/badge/ky.svg'])
        assert.ok(ky.includes(`href="${href}"`), href);
      const en = (await get(base, '/c/ky?lang=en')).text;
      assert.ok(en.includes('href="/feeds/incidents.atom?lang=en"') && en.includes('href="/c/ky/calendar.ics?lang=en"'));
      assert.match(en, /Feeds and calendar/);
    });

    it('bad input is a 4xx problem, never a 5xx: a bad lang, NUL, a lone surrogate, a hostile Host', async () => {
      for (const query of ['?lang=xx', '?lang=%00', '?lang=%ED%A0%80', `?lang=${'9'.repeat(400)}`]) {
        for (const path of ['/feeds/incidents.atom', '/c/ky/calendar.ics', '/badge/ky.svg']) {
          const { status, headers } = await get(base, `${path}${query}`);
          assert.ok(status >= 400 && status < 500, `${path}${query}: ${status}`);
          assert.match(headers.get('content-type')!, /^application\/problem\+json/);
        }
      }
      for (const path of ['/c/%00/feed.atom', '/badge/%ED%A0%80.svg', `/badge/${'x'.repeat(2000)}.svg`]) {
        const { status } = await get(base, path);
        assert.ok(status >= 400 && status < 500, `${path}: ${status}`);
      }
      const hostile = await getWithHost(base, '/feeds/incidents.atom', 'evil"><script>');
      assert.equal(hostile.status, 400);
      assert.match(hostile.type, /^application\/problem\+json/);
      assert.equal(JSON.parse(hostile.body).errors[0].field, 'Host');
      const other = await getWithHost(base, '/feeds/incidents.atom', 'status.example.dk');
      assert.match(other.body, /<id>tag:status\.example\.dk,2026:feed:incidents<\/id>/, 'links and ids follow the host asked for');
      const again = await get(base, '/feeds/incidents.atom');
      assert.match(again.text, /<id>tag:127\.0\.0\.1,2026:feed:incidents<\/id>/, 'and another host’s feed is never served from the cache');
    });
  });
}

feedSuite('SQLite', () => startListeningApp({ scheduler: false }));
feedSuite('PostgreSQL', async () => {
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
