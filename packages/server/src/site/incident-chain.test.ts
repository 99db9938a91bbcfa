import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Incident } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

/** The page's text without tags (entities decoded as far as these words need), spaces squeezed. */
function words(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The seeded chain's incidents: KY's, Serviceplatformen's and Organisation's (seed/demo-seed.ts). */
function chain(app: App): { ky: Incident; sp: Incident; org: Incident } {
  const { incidents } = app.readModel.current().view.summary;
  const on = (id: string) => incidents.find((i) => i.components.some((c) => c.id === id))!;
  return { ky: on('ky'), sp: on('serviceplatformen'), org: on('organisation') };
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the chain of responsibility on the incident pages (${kind})`, () => {
    let app: App;
    let baseUrl: string;
    let cleanup: () => Promise<void>;
    const page = async (path: string) => {
      const response = await fetch(`${baseUrl}${path}`);
      assert.equal(response.status, 200, path);
      const html = await response.text();
      return { html, text: words(html) };
    };

    before(async () => {
      const temp = kind === 'sqlite' ? await tempSqliteStore() : await tempPostgresStore();
      cleanup = temp.cleanup;
      app = await createApp({ store: temp.store, scheduler: false, logLevel: 'silent' });
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
    });
    after(async () => {
      await app.http.close();
      await cleanup();
    });

    it('a disputed cause: "Under afklaring hos KOMBIT", who disputes it, when and why; no vendor said to work on it', async () => {
      const { ky, sp } = chain(app);
      const { html, text } = await page(`/incidents/${ky.id}`);
      assert.match(html, /<h2 id="cause">Årsag<\/h2>/);
      assert.match(text, /Fejl i Serviceplatformen \(Infrastrukturen\)\./);
      assert.match(text, /Under afklaring hos KOMBIT\./);
      assert.match(text, /Infrastrukturdrift A\/S bestrider årsagen \S+ den \d+\. \S+ \d{4} kl\. \d\d\.\d\d: Fejlen er ikke hos os/);
      assert.doesNotMatch(text, /arbejder på den/);
      // A link to the upstream incident, named by its title.
      assert.ok(html.includes(`href="/incidents/${sp.id}">${sp.title.da}</a>`), 'link to the upstream incident');
      assert.match(text, /Sammenkædet af Fagsystemer Nord A\/S/);
      // KY's incident has nothing linked to it.
      assert.doesNotMatch(text, /Denne fejl påvirker/);
    });

    it('a linked cause names the component with its group and the vendor working on it; the upstream page what it reaches', async () => {
      const { ky, sp, org } = chain(app);
      const spPage = await page(`/incidents/${sp.id}`);
      assert.match(spPage.text, /Fejl i Organisation \(Støttesystemerne\) – Infrastrukturdrift A\/S arbejder på den\./);
      assert.ok(spPage.html.includes(`href="/incidents/${org.id}">${org.title.da}</a>`));
      // Serviceplatformen's incident reaches KY through KY's own linked incident (disputed, and said so).
      assert.match(spPage.html, /<h2 id="reaches">Denne fejl påvirker<\/h2>/);
      assert.match(spPage.text, new RegExp(`KY – Kommunernes Ydelsessystem gennem ${ky.title.da}`));
      assert.match(spPage.text, new RegExp(`${ky.title.da} · Fagsystemer Nord A/S · Vi undersøger fejlen · under afklaring hos KOMBIT`));
      // And the fagløsninger that only depend on it, by the dependency graph.
      assert.match(spPage.text, /KSD – Kommunernes Sygedagpengesystem gennem sine afhængigheder/);
      assert.doesNotMatch(spPage.text, /NemRefusion/, 'NemRefusion does not depend on Serviceplatformen');

      // The root reaches KY through both linked incidents, the one behind the other.
      const orgPage = await page(`/incidents/${org.id}`);
      assert.match(orgPage.text, new RegExp(`KY – Kommunernes Ydelsessystem gennem ${sp.title.da} ?, ${ky.title.da}`));
      const linked = orgPage.html.slice(orgPage.html.indexOf('Sammenkædede driftsmeddelelser'));
      assert.ok(linked.indexOf(sp.id) < linked.indexOf(ky.id), 'the nearest link first');
      assert.equal(org.causedBy, undefined);
      assert.doesNotMatch(orgPage.html, /<h2 id="cause">/);
    });

    it('speaks English with ?lang=en', async () => {
      const { ky, sp } = chain(app);
      assert.match(
        (await page(`/incidents/${sp.id}?lang=en`)).text,
        /A fault in Organisation \(Support systems\) – Infrastrukturdrift A\/S is working on it\./,
      );
      const kyPage = await page(`/incidents/${ky.id}?lang=en`);
      assert.match(kyPage.text, /KOMBIT is settling what the cause is\./);
      assert.ok(kyPage.html.includes(`href="/incidents/${sp.id}?lang=en"`));
    });

    it('the cause resolved upstream and KOMBIT’s settlement, for an upstream incident resolved long ago (from the store)', async () => {
      const { ky } = chain(app);
      const long = '2026-10-01T08:12:00.000Z';
      const old: Incident = {
        ...chain(app).org,
        id: 'inc-old-root',
        title: { da: 'Gammel fejl i Organisation' },
        status: 'resolved',
        startedAt: '2026-10-01T07:00:00.000Z',
        resolvedAt: long,
        updatedAt: long,
      };
      const settled: Incident = {
        ...ky,
        id: 'inc-settled',
        title: { da: 'KY-fejl med afgjort årsag' },
        causedBy: {
          incident: old.id,
          vendor: old.vendor,
          components: ['organisation'],
          state: 'confirmed',
          linkedBy: 'fagsys-nord',
          linkedAt: '2026-10-01T07:30:00.000Z',
          dispute: { by: 'infra-drift', at: '2026-10-01T07:40:00.000Z', reason: 'Ikke vores fejl' },
          settlement: { by: 'admin', at: '2026-10-01T07:55:00.000Z', reason: 'Loggen viser fejlen i Organisation', outcome: 'confirmed' },
          upstreamResolvedAt: long,
        },
      };
      await app.store.commit(
        [
          { type: 'incident.changed', data: old },
          { type: 'incident.changed', data: settled },
        ],
        { type: 'system', id: 'test' },
        long,
      );
      await app.readModel.refresh();
      const { html, text } = await page('/incidents/inc-settled');
      assert.match(text, /Fejl i Organisation \(Støttesystemerne\)\./);
      assert.match(text, /Årsagen er løst torsdag den 1\. oktober 2026 kl\. 10\.12\./);
      assert.match(text, /KOMBIT har bekræftet årsagen torsdag den 1\. oktober 2026 kl\. 09\.55: Loggen viser fejlen i Organisation/);
      assert.match(text, /Infrastrukturdrift A\/S bestred årsagen torsdag den 1\. oktober 2026 kl\. 09\.40: Ikke vores fejl/);
      assert.doesNotMatch(text, /bestrider/, 'the dispute is over once KOMBIT settled it');
      assert.doesNotMatch(text, /Under afklaring hos KOMBIT/, 'settled');
      // In English: past tense, a comma before the time, and the reasons (Danish operator text) marked as Danish.
      const en = await page('/incidents/inc-settled?lang=en');
      assert.match(en.text, /Infrastrukturdrift A\/S disputed the cause, Thursday 1 October 2026, 09:40: Ikke vores fejl/);
      assert.match(en.text, /KOMBIT has confirmed the cause, Thursday 1 October 2026, 09:55: Loggen viser/);
      assert.ok(en.html.includes('<q class="text" lang="da">Ikke vores fejl</q>'), en.html);
      assert.ok(en.html.includes('<q class="text" lang="da">Loggen viser fejlen i Organisation</q>'));
      assert.ok(html.includes('<q class="text">Ikke vores fejl</q>'), 'no lang on the Danish page');
      assert.ok(
        html.includes('href="/incidents/inc-old-root">Gammel fejl i Organisation</a>'),
        'the old upstream incident found in the store',
      );
    });

    it('a cause KOMBIT removed is not shown as the cause; the removal and its reason are', async () => {
      const { ky, sp } = chain(app);
      const at = new Date().toISOString();
      const removed: Incident = {
        ...ky,
        id: 'inc-removed-cause',
        title: { da: 'KY-fejl uden årsag' },
        causedBy: undefined,
        removedCause: {
          incident: sp.id,
          vendor: sp.vendor,
          components: ['serviceplatformen'],
          state: 'disputed',
          linkedBy: 'fagsys-nord',
          linkedAt: at,
          dispute: { by: 'infra-drift', at, reason: 'Ikke vores fejl' },
          settlement: { by: 'admin', at, reason: 'Fejlen ligger i KY', outcome: 'removed' },
          upstreamResolvedAt: null,
        },
      };
      delete removed.causedBy;
      await app.store.commit([{ type: 'incident.changed', data: removed }], { type: 'system', id: 'test' }, at);
      await app.readModel.refresh();
      const { html, text } = await page('/incidents/inc-removed-cause');
      assert.match(text, /KOMBIT har fjernet sammenkædningen med en anden driftsmeddelelse/);
      assert.match(text, /Fejlen ligger i KY/);
      assert.doesNotMatch(text, /Fejl i Serviceplatformen/, 'not shown as the cause');
      assert.ok(
        html.includes(`href="/incidents/${sp.id}">${sp.title.da}</a>`),
        'the removed link still points to the incident it named, by its title',
      );
      assert.ok(!html.includes(`>${sp.id}<`), 'not by its id');
      assert.match(text, /Infrastrukturdrift A\/S bestred årsagen \S+ den \d+\. \S+ \d{4} kl\. \d\d\.\d\d: Ikke vores fejl/);
    });

    it('a cause KOMBIT removed stays on the page when a new cause is named since', async () => {
      const { ky, sp, org } = chain(app);
      const at = new Date().toISOString();
      const relinked: Incident = {
        ...ky,
        id: 'inc-relinked',
        title: { da: 'KY-fejl med ny årsag' },
        causedBy: {
          incident: org.id,
          vendor: org.vendor,
          components: ['organisation'],
          state: 'linked',
          linkedBy: 'fagsys-nord',
          linkedAt: at,
          upstreamResolvedAt: null,
        },
        removedCause: {
          incident: sp.id,
          vendor: sp.vendor,
          components: ['serviceplatformen'],
          state: 'disputed',
          linkedBy: 'fagsys-nord',
          linkedAt: at,
          dispute: { by: 'infra-drift', at, reason: 'Ikke vores fejl' },
          settlement: { by: 'admin', at, reason: 'Fejlen ligger i KY', outcome: 'removed' },
          upstreamResolvedAt: null,
        },
      };
      await app.store.commit([{ type: 'incident.changed', data: relinked }], { type: 'system', id: 'test' }, at);
      await app.readModel.refresh();
      const { html, text } = await page('/incidents/inc-relinked');
      assert.match(text, /Fejl i Organisation \(Støttesystemerne\)/, 'the new cause');
      assert.match(text, /KOMBIT har fjernet sammenkædningen med en anden driftsmeddelelse \(/, 'and the removal');
      assert.match(text, /Fejlen ligger i KY/);
      assert.ok(html.includes(`href="/incidents/${sp.id}">${sp.title.da}</a>`));
      assert.equal(html.match(/<h2 id="cause">/g)?.length, 1, 'one Cause heading');
      const en = await page('/incidents/inc-relinked?lang=en');
      assert.match(
        en.text,
        new RegExp(`KOMBIT has removed the link to another incident \\( ?${sp.title.en ?? sp.title.da} ?\\), \\S+ \\d+ `),
      );
    });
  });
}
