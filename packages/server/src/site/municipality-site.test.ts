import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MUNICIPALITIES } from '@kdi-status/sdk';
import { startListeningApp } from '../test-support/admin-server.js';
import { incident } from '../test-support/fixtures.js';

// A caseworker in Aarhus chooses her municipality on the status site (a GET form, no JavaScript):
// København's own incident is gone from her page and from FLIS's status, everyone's incident stays.

async function get(baseUrl: string, path: string) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The text of the status-now section's overall status (`<p class="overall">…</p>`). */
const statusNow = (html: string) =>
  /<section aria-labelledby="status-now">.*?<p class="overall">(.*?)<\/p>/s.exec(html)?.[1]?.replace(/<[^>]+>/g, '');

describe('status site ?kommune= (SQLite, real listening server)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
    await server.app.store.commit(
      [
        {
          type: 'incident.changed',
          data: incident(
            'kbh-only',
            { flis: 'major_outage' },
            { title: { da: 'Kun København rammes' }, vendor: 'fagsys-nord', municipalities: ['0101', '0147'] },
          ),
        },
        {
          type: 'incident.changed',
          data: incident('everyone', { flis: 'degraded_performance' }, { title: { da: 'Alle kommuner rammes' }, vendor: 'fagsys-nord' }),
        },
      ],
      { type: 'system', id: 'test' },
      new Date().toISOString(),
    );
  });
  after(() => server.close());

  it('hides an incident that does not affect the municipality and keeps one that affects all, and says for whom it shows', async () => {
    const { status, text } = await get(server.baseUrl, '/?kommune=0751');
    assert.equal(status, 200);
    assert.doesNotMatch(text, /Kun København rammes/);
    assert.match(text, /Alle kommuner rammes/);
    assert.match(text, /Viser status for <span lang="da">Aarhus Kommune<\/span>/);
    assert.match(text, /<a href="\/">Vis status for alle kommuner<\/a>/);
    assert.match(text, /<option value="0751" selected>Aarhus<\/option>/);
    // Links and the language switch keep the municipality.
    assert.match(text, /href="\/c\/flis\?kommune=0751"/);
    assert.match(text, /href="\/\?kommune=0751&amp;lang=en"/);
    // The uptime bars' links too, as the component list's.
    const bars = /<section aria-labelledby="uptime">.*?<\/section>/s.exec(text)?.[0] ?? '';
    const barLinks = [...bars.matchAll(/href="(\/c\/[^"]*)"/g)].map((m) => m[1]);
    assert.ok(barLinks.length > 0, 'the uptime bars link their components');
    assert.deepEqual(
      barLinks.filter((href) => !href?.endsWith('?kommune=0751')),
      [],
    );

    const all = (await get(server.baseUrl, '/')).text;
    assert.match(all, /Kun København rammes/);
    assert.match(all, /Berører kun: <span lang="da">København, Frederiksberg<\/span>/);
    assert.doesNotMatch(all, /Viser status for/);
    const kbh = (await get(server.baseUrl, '/?kommune=0101')).text;
    assert.match(kbh, /Kun København rammes/);
    assert.match(kbh, /Viser status for <span lang="da">Københavns Kommune<\/span>/);
  });

  it('offers a GET form with a labelled select of all 98 municipalities by name, in English too', async () => {
    const { text } = await get(server.baseUrl, '/');
    const form = /<form class="municipality-form" method="get" action="\/">.*?<\/form>/s.exec(text)?.[0];
    assert.ok(form, 'the chooser form');
    assert.match(form, /<label for="municipality">Vis status for én kommune<\/label>/);
    assert.match(form, /<select id="municipality" name="kommune"/);
    assert.equal(form.match(/<option /g)?.length, MUNICIPALITIES.length + 1);
    assert.match(form, /<option value(="")? selected>Alle kommuner<\/option>/);
    assert.match(form, /<button type="submit">Vis<\/button>/);
    const en = (await get(server.baseUrl, '/?kommune=0751&lang=en')).text;
    assert.match(en, /Showing the status for <span lang="da">Aarhus Kommune<\/span>/);
    assert.match(en, /<input type="hidden" name="lang" value="en"\/>/);
    // The form's empty choice is all municipalities.
    assert.match((await get(server.baseUrl, '/?kommune=')).text, /Kun København rammes/);
  });

  it("computes a fagløsning's status for the municipality from what affects it, on its page and in its history", async () => {
    const aarhus = await get(server.baseUrl, '/c/flis?kommune=0751');
    assert.equal(aarhus.status, 200);
    assert.notEqual(statusNow(aarhus.text), 'Nedbrud');
    assert.doesNotMatch(aarhus.text, /Kun København rammes/);
    assert.match(aarhus.text, /Alle kommuner rammes/);
    assert.match(aarhus.text, /Viser status for <span lang="da">Aarhus Kommune<\/span>/);
    assert.match(aarhus.text, /<a href="\/c\/flis">Vis status for alle kommuner<\/a>/);
    const kbh = await get(server.baseUrl, '/c/flis?kommune=0101');
    assert.equal(statusNow(kbh.text), 'Nedbrud');
    assert.match(kbh.text, /Kun København rammes/);
    assert.equal(statusNow((await get(server.baseUrl, '/c/flis')).text), 'Nedbrud');
  });

  it('lists on the incident page the municipalities an incident is limited to', async () => {
    const { status, text } = await get(server.baseUrl, '/incidents/kbh-only');
    assert.equal(status, 200);
    assert.match(text, /Berører kun: <span lang="da">København, Frederiksberg<\/span>/);
    assert.doesNotMatch((await get(server.baseUrl, '/incidents/everyone')).text, /Berører kun/);
    assert.match(
      (await get(server.baseUrl, '/incidents/kbh-only?lang=en')).text,
      /Affects only: <span lang="da">København, Frederiksberg<\/span>/,
    );
  });

  it('refuses a code that is no municipality with a 422 problem naming kommune', async () => {
    for (const path of ['/?kommune=0411', '/c/flis?kommune=Aarhus', '/?kommune=0000&lang=en']) {
      const { status, headers, text } = await get(server.baseUrl, path);
      assert.equal(status, 422, path);
      assert.match(headers.get('content-type')!, /^application\/problem\+json/);
      const problem = JSON.parse(text) as { code: string; errors: { field: string }[] };
      assert.equal(problem.code, 'unknown_municipality');
      assert.deepEqual(
        problem.errors.map((e) => e.field),
        ['kommune'],
      );
    }
  });
});
