import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, SummarySchema, type Actor, type EventChange, type Summary } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { foldEventLog } from '../history/timeline.js';
import { addDays, copenhagenDate, copenhagenMidnight, dailyUptime, lastDays, periodUptime } from '../history/uptime.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { component, incident, maintenance, tempSqliteStore } from '../test-support/fixtures.js';
import { toLocalInput } from './as-of-query.js';
import { formatInstant, formatWindow } from './format-time.js';
import { MAINTENANCE_PAGE_SIZE } from './history-routes.js';
import { messagesFor } from './messages.js';
import { HOSTILE } from './site-fixtures.js';
import { formatDay, formatPercent } from './uptime-bars.js';

const STORES: Array<[name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [
  ['SQLite', tempSqliteStore],
  ['PostgreSQL', tempPostgresStore],
];
const actor: Actor = { type: 'system', id: 'test' };
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** No markup, handler or script URL of the hostile text survives as markup; no inline style. */
function assertInert(html: string, label: string): void {
  assert.doesNotMatch(html, /<script/i, `${label}: no script element`);
  assert.doesNotMatch(html, /<img/i, `${label}: no img element`);
  assert.doesNotMatch(html, /<[^<>]*\son\w+=/i, `${label}: no event handler attribute`);
  assert.doesNotMatch(html, /href="(javascript|data):/i, `${label}: no script or data link`);
  assert.doesNotMatch(html, /<[^<>]*\sstyle=/i, `${label}: no inline style`);
}

/** One h1, headings in order (no level skipped), the landmarks, the page's language. */
function assertStructure(html: string, lang: 'da' | 'en', label: string): void {
  assert.match(html, new RegExp(`^<!doctype html><html lang="${lang}">`), label);
  assert.equal(html.match(/<h1[\s>]/g)?.length, 1, `${label}: one h1`);
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  for (let i = 1; i < levels.length; i++) assert.ok(levels[i]! <= levels[i - 1]! + 1, `${label}: h${levels[i - 1]} then h${levels[i]}`);
  for (const landmark of ['<header', '<nav', '<main', '<footer']) assert.ok(html.includes(landmark), `${label}: ${landmark}`);
  // The nav links of this part.
  assert.match(html, lang === 'da' ? /href="\/maintenance">Vedligeholdelse</ : /href="\/maintenance\?lang=en">Maintenance</, label);
  assert.match(html, lang === 'da' ? /href="\/history">Historik</ : /href="\/history\?lang=en">History</, label);
}

const unescape = (html: string) =>
  html.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

for (const [storeName, open] of STORES) {
  describe(`history pages of the status site (${storeName}, real listening server)`, () => {
    let app: App;
    let baseUrl: string;
    let cleanup: () => Promise<void>;
    const now = Date.now();
    const today = copenhagenDate(now);
    const day = (back: number) => copenhagenMidnight(addDays(today, -back));
    /** What the whole summary said after each step, and an instant when it held. */
    const captured: Array<{ at: string; summary: Summary }> = [];

    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      return { status: response.status, headers: response.headers, text: await response.text() };
    };
    const commit = async (at: number, ...changes: EventChange[]) => {
      await app.store.commit(changes, actor, iso(at));
      await app.readModel.refresh();
      const summary = SummarySchema.parse(JSON.parse((await get('/api/v1/summary')).text));
      captured.push({ at: iso(at + 1000), summary });
    };

    before(async () => {
      const temp = await open();
      cleanup = temp.cleanup;
      // No demo seed: the log below is all there is, with times in the past (a seed "now" would come first).
      app = await createApp({ store: temp.store, scheduler: false, seed: false, logLevel: 'warn' });
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;

      const cpr = component('cpr', [], { name: 'CPR', kind: 'external' });
      const ky = component('ky', ['cpr'], { name: `KY ${HOSTILE.script}` });
      await commit(day(10) + 8 * HOUR, { type: 'component.changed', data: cpr }, { type: 'component.changed', data: ky });
      // Three days ago: a major outage on KY from 10.00 to 12.00 Danish time.
      const majorFrom = day(3) + 10 * HOUR;
      const major = incident('i-major', { ky: 'major_outage' }, { title: { da: `Nedbrud ${HOSTILE.handler}` }, startedAt: iso(majorFrom) });
      await commit(majorFrom, { type: 'incident.changed', data: major });
      await commit(majorFrom + 2 * HOUR, {
        type: 'incident.changed',
        data: { ...major, status: 'resolved', resolvedAt: iso(majorFrom + 2 * HOUR + 15 * 60_000) },
      });
      // Two days ago: a partial outage on CPR, shown on KY via its dependency, one hour.
      const partialFrom = day(2) + 14 * HOUR;
      const partial = incident('i-partial', { cpr: 'partial_outage' }, { impact: 'minor', startedAt: iso(partialFrom) });
      await commit(partialFrom, { type: 'incident.changed', data: partial });
      await commit(partialFrom + HOUR, {
        type: 'incident.changed',
        data: { ...partial, status: 'resolved', resolvedAt: iso(partialFrom + HOUR) },
      });
      // Yesterday: maintenance on KY (not downtime).
      const window = { startsAt: iso(day(1) + 2 * HOUR), endsAt: iso(day(1) + 4 * HOUR) };
      await commit(day(1) + 2 * HOUR, {
        type: 'maintenance.changed',
        data: maintenance('m-now', ['ky'], { ...window, status: 'in_progress' }),
      });
      await commit(day(1) + 4 * HOUR, {
        type: 'maintenance.changed',
        data: maintenance('m-now', ['ky'], { ...window, status: 'completed' }),
      });
      // Finished windows for the pages of /maintenance, hostile text in one; one in progress and one planned.
      const past = Array.from({ length: MAINTENANCE_PAGE_SIZE + 5 }, (_, i) =>
        maintenance(`m-past-${String(i).padStart(2, '0')}`, ['ky', 'retired-thing'], {
          title: { da: i === 24 ? `Opdatering ${HOSTILE.script}` : `Opdatering ${i}` },
          description: { da: i === 24 ? `${HOSTILE.jsUrl} ${HOSTILE.rtl}` : 'Tekst' },
          status: i % 7 === 3 ? 'cancelled' : 'completed',
          startsAt: iso(day(30) + i * HOUR),
          endsAt: iso(day(30) + i * HOUR + 30 * 60_000),
        }),
      );
      await commit(day(1) + 5 * HOUR, ...past.map((data) => ({ type: 'maintenance.changed', data }) as const));
      await commit(
        now - HOUR,
        { type: 'maintenance.changed', data: maintenance('m-running', ['cpr'], { startsAt: iso(now - HOUR), endsAt: iso(now + HOUR) }) },
        {
          type: 'maintenance.changed',
          data: maintenance('m-planned', ['ky'], { status: 'scheduled', startsAt: iso(now + 24 * HOUR), endsAt: iso(now + 26 * HOUR) }),
        },
      );
    });
    after(async () => {
      await app?.http.close();
      await cleanup?.();
    });

    it('/ shows a 90-day bar per component with the numbers the uptime functions give, and a table of days', async () => {
      const expectFor = async (at: number) => {
        const fold = await foldEventLog(app.store);
        return dailyUptime(fold.timeline('ky'), lastDays(90, at), at);
      };
      const beforeMs = Date.now();
      const { status, text } = await get('/');
      const afterMs = Date.now();
      assert.equal(status, 200);
      assertStructure(text, 'da', '/');
      assertInert(text, '/');
      const t = messagesFor('da');
      assert.match(text, /<h2 id="uptime">Oppetid de seneste 90 dage<\/h2>/);
      assert.ok(text.includes('0,3 × minutter med driftsforstyrrelse'), 'the help text says how uptime is computed');

      const days = await expectFor(beforeMs);
      const outage = days.find((d) => d.date === addDays(today, -3))!;
      // The test means something: the major outage day lost two hours.
      assert.equal(outage.worst, 'major_outage');
      assert.equal(outage.downtimeMinutes, 120);
      const partialDay = days.find((d) => d.date === addDays(today, -2))!;
      assert.equal(partialDay.worst, 'partial_outage');
      assert.equal(partialDay.downtimeMinutes, 18);
      const maintenanceDay = days.find((d) => d.date === addDays(today, -1))!;
      assert.equal(maintenanceDay.worst, 'under_maintenance');
      assert.equal(maintenanceDay.uptime, 100);
      // Each of those days as a row: date, worst status in words, uptime %.
      for (const d of [outage, partialDay, maintenanceDay]) {
        const row = `<tr><th scope="row">${formatDay(d.date, 'da')}</th><td>${t.status[d.worst!]}</td><td>${formatPercent(d.uptime, 'da')}</td></tr>`;
        assert.ok(text.includes(row), `row for ${d.date}: ${row}`);
      }
      // Days before KY existed: no data, never 100 %.
      const empty = days.find((d) => d.date === addDays(today, -20))!;
      assert.equal(empty.uptime, null);
      assert.ok(
        text.includes(`<tr><th scope="row">${formatDay(empty.date, 'da')}</th><td>Ingen data</td><td>Ingen data</td></tr>`),
        'a day before KY existed: no data',
      );
      // The period's uptime in words, as periodUptime gives it (the render came between the two instants).
      const totals = new Set([formatPercent(periodUptime(days), 'da'), formatPercent(periodUptime(await expectFor(afterMs)), 'da')]);
      assert.ok(
        [...totals].some((p) =>
          new RegExp(`<span class="uptime-total">${p} oppetid de seneste 90 dage \\(\\d+ af 90 dage med data\\)</span>`).test(text),
        ),
        `period uptime ${[...totals].join(' or ')}`,
      );
      // The drawing: 90 boxes per bar, coloured by class; the outage day's box is major_outage.
      const kyStart = text.indexOf('<li class="uptime-bar"><p class="uptime-head"><a href="/c/ky">');
      assert.ok(kyStart > 0, "KY's bar");
      const kyBar = text.slice(kyStart, text.indexOf('</svg>', kyStart));
      const boxes = [...kyBar.matchAll(/<rect class="day day-([a-z_]+)"/g)].map((m) => m[1]);
      assert.equal(boxes.length, 90);
      assert.equal(boxes[89 - 3], 'major_outage');
      assert.equal(boxes[89 - 2], 'partial_outage');
      assert.equal(boxes[89 - 20], 'none');
      assert.match(text, /<svg class="uptime-svg"[^>]*aria-hidden="true"/);
    });

    it('/ in English, and the fold follows new events without refolding the log', async () => {
      const reads: number[] = [];
      const original = app.store.eventsAfter;
      app.store.eventsAfter = (afterSeq, limit) => {
        reads.push(afterSeq);
        return original(afterSeq, limit);
      };
      try {
        await commit(now - 30 * 60_000, { type: 'component.changed', data: component('fresh', [], { name: 'Frisk' }) });
        const { text } = await get('/?lang=en');
        assertStructure(text, 'en', '/?lang=en');
        assert.ok(text.includes('0.3 × the minutes of partial outage'), 'the English help text');
        assert.match(text, /href="\/c\/fresh\?lang=en">Frisk<\/a><span class="uptime-total">100\.00 % uptime over the last 90 days/);
        assert.ok(reads.length > 0, 'the new event was read');
        assert.ok(!reads.includes(0), `no read from the start of the log: ${reads.join(', ')}`);
      } finally {
        app.store.eventsAfter = original;
      }
    });

    it('/as-of without `at`: a GET form with a label, and the page in English', async () => {
      for (const lang of ['da', 'en'] as const) {
        const { status, text } = await get(lang === 'en' ? '/as-of?lang=en' : '/as-of');
        assert.equal(status, 200);
        assertStructure(text, lang, `/as-of ${lang}`);
        assert.match(text, /<form class="as-of-form" method="get" action="\/as-of">/);
        assert.match(text, /<label for="as-of-at">[^<]+<\/label><input id="as-of-at" name="at" type="text"/);
        if (lang === 'en') assert.match(text, /<input type="hidden" name="lang" value="en"\/>/);
      }
    });

    it('/as-of?at= shows what the summary said at each captured instant, on the sequence it stands on', async () => {
      const t = messagesFor('da');
      for (const { at, summary } of captured) {
        const { status, text } = await get(`/as-of?at=${encodeURIComponent(at)}`);
        assert.equal(status, 200, at);
        assertInert(text, at);
        const shown = new Date(Math.floor(Date.parse(at) / 1000) * 1000).toISOString();
        assert.ok(text.includes(`<h1>Sådan så driftsstatus ud ${formatInstant(shown, 'da')}</h1>`), `${at}: the instant`);
        assert.ok(text.includes(`hændelse nr. ${summary.sequence}.`), `${at}: sequence ${summary.sequence}`);
        // Issue 12: the chain hash it stands on, to hold against a signed checkpoint.
        const hash = await app.store.eventHash(summary.sequence);
        assert.match(hash ?? '', /^[0-9a-f]{64}$/);
        assert.ok(text.includes(`<code class="log-hash">${hash}</code>`), `${at}: hash of event ${summary.sequence}`);
        const page = unescape(text);
        for (const incident of summary.incidents) assert.ok(page.includes(incident.title.da), `${at}: incident ${incident.id}`);
        for (const c of summary.components)
          assert.ok(
            page.includes(`${c.name}</a><span class="status status-${c.effective.status}">${t.status[c.effective.status]}`),
            `${at}: ${c.id}`,
          );
        assert.equal(
          (text.match(/<article class="card">/g) ?? []).length,
          summary.incidents.length + summary.maintenances.active.length + summary.maintenances.upcoming.length,
          `${at}: incidents and maintenance of then`,
        );
      }
      // The outage three days ago: KY was down, and the page says so in words.
      const during = captured[1]!;
      assert.equal(during.summary.components.find((c) => c.id === 'ky')!.effective.status, 'major_outage');
    });

    it('/as-of takes Danish wall time as a form sends it, normalised to the second, and caches per instant', async () => {
      const instant = day(3) + 11 * HOUR;
      // What the form field takes (and a datetime-local would send): Danish wall time, no zone.
      const local = toLocalInput(new Date(instant));
      assert.match(local, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const byLocal = await get(`/as-of?at=${encodeURIComponent(local)}`);
      const byIso = await get(`/as-of?at=${encodeURIComponent(iso(instant + 400))}`);
      assert.equal(byLocal.status, 200);
      assert.equal(byLocal.text, byIso.text, 'Danish wall time and the ISO instant (to the second) give one page');
      assert.equal(byLocal.headers.get('etag'), byIso.headers.get('etag'));
      const again = await get(`/as-of?at=${encodeURIComponent(iso(instant))}`, { 'if-none-match': byIso.headers.get('etag')! });
      assert.equal(again.status, 304);
      // An empty field (an empty form) is no instant: the form alone.
      const empty = await get('/as-of?at=');
      assert.equal(empty.status, 200);
      assert.match(empty.text, /<h1>Tidligere status<\/h1>/);
    });

    it('/as-of refuses a bad `at` with a 400 problem naming it, a future one with 422, never a 5xx', async () => {
      const bad = [
        'x',
        '2026-13-01T00:00Z',
        '2026-02-30T10:00',
        '2026-03-03T24:00',
        '%00',
        'a%00b',
        '%ED%A0%80',
        '%FF',
        '9'.repeat(10_000),
        '1e999',
      ];
      for (const value of bad) {
        const { status, headers, text } = await get(`/as-of?at=${value}`);
        const label = value.slice(0, 20);
        assert.equal(status, 400, label);
        assert.match(headers.get('content-type') ?? '', /^application\/problem\+json/, label);
        assert.deepEqual(
          ProblemSchema.parse(JSON.parse(text)).errors?.map((e) => e.field),
          ['at'],
          label,
        );
      }
      const unknown = await get('/as-of?when=2026-01-01T00:00Z&utm_source=mail');
      assert.equal(unknown.status, 200, 'parameters it does not know are ignored, as on every page');
      const future = await get(`/as-of?at=${encodeURIComponent(iso(Date.now() + 24 * HOUR))}`);
      assert.equal(future.status, 422);
      assert.match(future.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const problem = ProblemSchema.parse(JSON.parse(future.text));
      assert.equal(problem.code, 'instant_in_future');
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        ['at'],
      );
    });

    it('/maintenance: in progress, upcoming and finished windows, paged, times in Copenhagen time, state in words', async () => {
      const first = await get('/maintenance');
      assert.equal(first.status, 200);
      assertStructure(first.text, 'da', '/maintenance');
      assertInert(first.text, '/maintenance');
      assert.match(
        first.text,
        /<h2 id="maintenance-now">Vedligeholdelse i gang<\/h2><article class="card" id="window-m-running"><h3 class="text">Vedligeholdelse m-running/,
      );
      assert.match(
        first.text,
        /<h2 id="maintenance-upcoming">Planlagt vedligeholdelse<\/h2><article class="card" id="window-m-planned"><h3 class="text">Vedligeholdelse m-planned/,
      );
      const page = unescape(first.text);
      assert.ok(page.includes(`Opdatering ${HOSTILE.script}`), 'hostile title shown as text');
      // The latest end first: m-past-24 ends last.
      assert.ok(page.indexOf(`Opdatering ${HOSTILE.script}`) < page.indexOf('Opdatering 23'), 'the latest end first');
      // Yesterday's window (m-now) ended last of all, then 19 of the 25 others.
      assert.ok(page.includes('Vedligeholdelse m-now'), "yesterday's window is finished");
      assert.equal((first.text.match(/<h3 class="text">Opdatering/g) ?? []).length, MAINTENANCE_PAGE_SIZE - 1);
      const start = iso(day(30) + 23 * HOUR);
      assert.ok(
        page.includes(`Afsluttet · ${formatWindow(start, iso(day(30) + 23 * HOUR + 30 * 60_000), 'da')}`),
        'times in Copenhagen time',
      );
      assert.match(page, /Aflyst · /);
      // Components by name (linked), a retired or unknown one by its id.
      assert.match(first.text, /Berørte løsninger: <a href="\/c\/ky">KY &lt;script>/);
      assert.ok(first.text.includes('<span class="text">retired-thing</span>'), 'an unknown component by its id');
      assert.match(first.text, /<a href="\/maintenance\?page=2" rel="next">Næste side<\/a>/);

      const second = await get('/maintenance?page=2&lang=en');
      assert.equal(second.status, 200);
      assertStructure(second.text, 'en', '/maintenance?page=2&lang=en');
      assert.equal((second.text.match(/<h3 class="text" lang="da">(?:Vedligeholdelse|Opdatering)/g) ?? []).length, 6);
      assert.ok(!second.text.includes('m-running'), 'in progress only on the first page');
      assert.match(second.text, /<a href="\/maintenance\?lang=en" rel="prev">Previous page<\/a>/);
      assert.match(second.text, /Completed · /);
      assert.equal((await get('/maintenance?page=3')).status, 404);

      for (const value of ['0', '-1', 'abc', '1e99', '9'.repeat(400), '%00', '%ED%A0%80', '1.5']) {
        const { status, text } = await get(`/maintenance?page=${value}`);
        assert.equal(status, 400, value.slice(0, 20));
        assert.deepEqual(
          ProblemSchema.parse(JSON.parse(text)).errors?.map((e) => e.field),
          ['page'],
        );
      }
    });

    it('/as-of at an event\u2019s own time, to the millisecond, stands on that event, as GET /api/v1/summary?at= does', async () => {
      const at = Math.floor(Date.now() / 1000) * 1000 - 2000 + 624;
      await app.store.commit([{ type: 'component.changed', data: component('ms-probe') }], actor, iso(at));
      await app.readModel.refresh();
      const api = SummarySchema.parse(JSON.parse((await get(`/api/v1/summary?at=${encodeURIComponent(iso(at))}`)).text));
      const { text } = await get(`/as-of?at=${encodeURIComponent(iso(at))}`);
      assert.equal(api.sequence, app.readModel.current().view.summary.sequence, 'the API stands on the event');
      assert.ok(text.includes(`hændelse nr. ${api.sequence}.`), `the page stands on event ${api.sequence} too`);
    });

    it('/history refuses a month after this one with a 422 naming month, never a 5xx (9999-12 has no next month)', async () => {
      const next = new Date();
      next.setUTCMonth(next.getUTCMonth() + 2, 1);
      for (const month of ['9999-12', next.toISOString().slice(0, 7)]) {
        const { status, text } = await get(`/history?month=${month}`);
        assert.equal(status, 422, `${month}: ${text}`);
        assert.deepEqual(
          ProblemSchema.parse(JSON.parse(text)).errors?.map((e) => e.field),
          ['month'],
        );
      }
    });

    it('/history?month=: the incidents of that month with impact, duration, components and a link; months before and after', async () => {
      const month = copenhagenDate(day(3)).slice(0, 7);
      const { status, text } = await get(`/history?month=${month}`);
      assert.equal(status, 200);
      assertStructure(text, 'da', `/history?month=${month}`);
      assertInert(text, '/history');
      const page = unescape(text);
      assert.ok(page.includes(`Nedbrud ${HOSTILE.handler}`), 'the hostile incident title as text');
      assert.match(text, /<a href="\/incidents\/i-major"><span class="text">Nedbrud &quot;>&lt;img src=x/);
      assert.ok(page.includes('Betydelig påvirkning · Startet'), 'impact in words');
      assert.ok(page.includes('Varighed: 2 t 15 min'), 'duration of the major outage');
      // Two days ago may be in the next month (the 1st and 2nd of a month): the partial outage is on that month's page.
      const partialMonth = copenhagenDate(day(2)).slice(0, 7);
      const partialPage = partialMonth === month ? page : unescape((await get(`/history?month=${partialMonth}`)).text);
      assert.ok(partialPage.includes('Varighed: 1 t'), 'duration of the partial outage');
      assert.ok(partialPage.includes('Berørte løsninger: <span class="text">CPR</span>'), 'components of the partial outage');
      assert.ok(page.includes(`Berørte løsninger: <span class="text">KY ${HOSTILE.script}</span>`), 'components of the major outage');
      assert.match(text, /rel="prev">Forrige måned/);
      // The default is this month; the month before links forward to it.
      const current = today.slice(0, 7);
      const byDefault = await get('/history');
      assert.match(byDefault.text, new RegExp(`<h1>Historik: [a-zæøå]+ ${current.slice(0, 4)}</h1>`));
      assert.ok(!byDefault.text.includes('rel="next"'), 'no month after the present');
      const earlier = await get('/history?month=2020-02&lang=en');
      assertStructure(earlier.text, 'en', '/history?month=2020-02&lang=en');
      assert.match(earlier.text, /<h1>History: February 2020<\/h1>/);
      assert.match(earlier.text, /No incidents this month\./);
      assert.match(earlier.text, /href="\/history\?month=2020-01&amp;lang=en" rel="prev"/);
      assert.match(earlier.text, /href="\/history\?month=2020-03&amp;lang=en" rel="next"/);

      for (const value of ['2026-13', '2026-00', '26-11', '0000-01', '2026-1', '%00', '%ED%A0%80', '9'.repeat(300)]) {
        const response = await get(`/history?month=${value}`);
        assert.equal(response.status, 400, value.slice(0, 20));
        assert.deepEqual(
          ProblemSchema.parse(JSON.parse(response.text)).errors?.map((e) => e.field),
          ['month'],
        );
      }
    });
  });
}
