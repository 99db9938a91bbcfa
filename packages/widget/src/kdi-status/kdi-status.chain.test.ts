import { expect, waitUntil } from '@open-wc/testing';
import type { Incident, IncidentCause, Summary } from '@kdi-status/sdk';
import { http, HttpResponse } from 'msw';
import { AT, component, incident, maintenance, source, summary } from '../internal/test-fixtures.js';
import { mount, PATIENCE, place, serveStream, SERVER, shadow, SUMMARY_URL, text, useTestServer, worker } from '../internal/test-server.js';
import './kdi-status.js';

/** A cause as the server writes it when the downstream vendor links its incident. */
function cause(incident: string, components: string[], fields: Partial<IncidentCause> = {}): IncidentCause {
  return {
    incident,
    vendor: 'kombit',
    components,
    state: 'linked',
    linkedBy: 'fagsys-nord',
    linkedAt: AT,
    upstreamResolvedAt: null,
    ...fields,
  };
}

/**
 * The chain (kædeansvar): KY's own incident caused by one on Serviceplatformen, caused by one on
 * Organisation. All three reach KY; `kyCause` and `spCause` change the two links.
 */
function chainSummary(kyCause: Partial<IncidentCause> = {}, spCause: Partial<IncidentCause> = {}): Summary {
  const org = incident('inc-org', {
    title: { da: 'Organisation svarer ikke', en: 'Organisation does not answer' },
    vendor: 'kombit',
    components: [{ id: 'organisation', status: 'partial_outage' }],
  });
  const sp = incident('inc-sp', {
    title: { da: 'Opslag via Serviceplatformen fejler', en: 'Look-ups through Serviceplatformen fail' },
    vendor: 'kombit',
    components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
    causedBy: cause('inc-org', ['organisation'], { linkedBy: 'kombit', ...spCause }),
  });
  const ky = incident('inc-ky', {
    title: { da: 'KY kan ikke hente sager', en: 'KY cannot fetch cases' },
    vendor: 'fagsys-nord',
    components: [{ id: 'ky', status: 'degraded_performance' }],
    causedBy: cause('inc-sp', ['serviceplatformen'], kyCause),
  });
  return summary({
    components: [
      component('ky', [
        source('serviceplatformen', 'partial_outage', ['serviceplatformen'], { incidents: ['inc-sp'] }),
        source('organisation', 'partial_outage', ['serviceplatformen', 'organisation'], { incidents: ['inc-org'] }),
        source('ky', 'degraded_performance', [], { incidents: ['inc-ky'] }),
      ]),
    ],
    incidents: [ky, sp, org],
  });
}

/** The text of the banner message about `title`. */
function item(el: Parameters<typeof text>[0], title: string): string {
  const li = [...shadow(el).querySelectorAll('li')].find((x) => x.textContent!.includes(title));
  return (li?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Answers the summary with `answer`, recording each request's URL. */
function serveRecording(answer: Summary) {
  const urls: URL[] = [];
  worker.use(
    http.get(SUMMARY_URL, ({ request }) => {
      urls.push(new URL(request.url));
      return HttpResponse.json(answer, { headers: { etag: '"v1"' } });
    }),
  );
  return urls;
}

describe('<kdi-status> chain of responsibility and municipality', () => {
  useTestServer();

  describe('the cause of an incident', () => {
    it('says what the incident is caused by, with the group of the component and the vendor working on it', async () => {
      serveRecording(chainSummary());
      const { el } = await mount('ky');
      expect(item(el, 'KY kan ikke hente sager')).to.contain(
        'Årsag: fejl i Serviceplatformen (Støttesystemerne) – KOMBIT arbejder på den.',
      );
      expect(item(el, 'Opslag via Serviceplatformen fejler')).to.contain(
        'Årsag: fejl i Organisation (Støttesystemerne) – KOMBIT arbejder på den.',
      );
      // The root of the chain has no cause of its own.
      expect(item(el, 'Organisation svarer ikke')).not.to.contain('Årsag');
      // Names are operator text, each in its own bidi isolate.
      const kyItem = [...shadow(el).querySelectorAll('li')].find((x) => x.textContent!.includes('KY kan ikke hente sager'))!;
      const line = kyItem.querySelector('[part="cause"]')!;
      expect([...line.querySelectorAll('bdi')].map((b) => b.textContent)).to.deep.equal(['Serviceplatformen', 'KOMBIT']);
    });

    it('names the component group an operator gave rather than the kind', async () => {
      const s = chainSummary();
      s.components = s.components.map((c) => (c.id === 'serviceplatformen' ? { ...c, group: 'Fælleskommunal infrastruktur' } : c));
      serveRecording(s);
      const { el } = await mount('ky');
      expect(item(el, 'KY kan ikke hente sager')).to.contain('Årsag: fejl i Serviceplatformen (Fælleskommunal infrastruktur)');
    });

    it('says "Årsagen er under afklaring hos KOMBIT" when the upstream vendor disputed the link, and not who works on it', async () => {
      serveRecording(chainSummary({ state: 'disputed', dispute: { by: 'kombit', at: AT, reason: 'Fejlen er ikke hos os' } }));
      const { el } = await mount('ky');
      const ky = item(el, 'KY kan ikke hente sager');
      expect(ky).to.contain('Årsag: fejl i Serviceplatformen (Støttesystemerne). Årsagen er under afklaring hos KOMBIT.');
      expect(ky).not.to.contain('arbejder på den');
      // The other link stands as it was.
      expect(item(el, 'Opslag via Serviceplatformen fejler')).to.contain('KOMBIT arbejder på den.');
    });

    it('says when the cause was resolved upstream, in Danish clock style', async () => {
      const resolved = new Date(Date.now() - 5 * 60_000);
      const clock = new Intl.DateTimeFormat('da-DK', {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: 'Europe/Copenhagen',
      }).format(resolved);
      serveRecording(chainSummary({ upstreamResolvedAt: resolved.toISOString() }));
      const { el } = await mount('ky');
      const ky = item(el, 'KY kan ikke hente sager');
      expect(clock).to.match(/^\d\d\.\d\d$/);
      expect(ky).to.contain(`Årsagen, fejl i Serviceplatformen (Støttesystemerne), er løst kl. ${clock}.`);
      expect(ky).not.to.contain('arbejder på den');
      el.remove();
      const en = await mount('ky', { lang: 'en' });
      expect(item(en.el, 'KY cannot fetch cases')).to.contain(
        `The cause, a fault in Serviceplatformen (Support systems), was resolved at ${clock.replace('.', ':')}.`,
      );
    });

    it('speaks English with lang="en"', async () => {
      serveRecording(chainSummary({}, { state: 'disputed' }));
      const { el } = await mount('ky', { lang: 'en' });
      expect(item(el, 'KY cannot fetch cases')).to.contain(
        'Cause: a fault in Serviceplatformen (Support systems) – KOMBIT is working on it.',
      );
      expect(item(el, 'Look-ups through Serviceplatformen fail')).to.contain(
        'Cause: a fault in Organisation (Support systems). KOMBIT is settling what the cause is.',
      );
    });

    it('tells no cause to citizens (no system or vendor names on a self-service page)', async () => {
      serveRecording(chainSummary());
      const { el } = await mount('ky', { audience: 'citizen' });
      expect(text(el)).not.to.contain('Årsag');
      expect(shadow(el).querySelector('[part="cause"]') === null).to.equal(true);
    });

    it('announces the cause with the message, and again (politely) when the link is disputed or the cause resolved', async () => {
      const connections = serveStream();
      const el = place('ky');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      const region = () => document.querySelector<HTMLElement>('[aria-live="polite"]')!.textContent ?? '';
      const send = (data: Summary, seq: number) => connections[0]!.send({ type: 'summary', seq, data: { ...data, sequence: seq } });
      // Only KY's own incident: the announcement is about one message.
      const only = (s: Summary) => ({ ...s, incidents: s.incidents.filter((i: Incident) => i.id === 'inc-ky') });
      send(only(chainSummary()), 1);
      await waitUntil(() => region() !== '', 'not announced', PATIENCE);
      expect(region()).to.equal(
        'Driftsmeddelelse: Langsomme svartider – KY kan ikke hente sager. Vi undersøger langsomme svar fra STS. ' +
          'Årsag: fejl i Serviceplatformen (Støttesystemerne) – KOMBIT arbejder på den.',
      );
      send(only(chainSummary({ state: 'disputed' })), 2);
      await waitUntil(() => region().endsWith('Årsagen er under afklaring hos KOMBIT.'), 'the dispute not announced', PATIENCE);
      expect(document.querySelector('[role="alert"]')!.textContent).to.equal('');
      expect(el.isConnected).to.equal(true);
    });
    it('announces nothing to a citizen when a cause they are not told is disputed, nor reopens the closed message', async () => {
      const connections = serveStream();
      const el = place('ky', { audience: 'citizen' });
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      const said: string[] = [];
      const observer = new MutationObserver(() => {
        for (const region of document.querySelectorAll('[data-kdi-status-announcer]'))
          if (region.textContent) said.push(region.textContent);
      });
      for (const region of document.querySelectorAll('[data-kdi-status-announcer]'))
        observer.observe(region, { childList: true, characterData: true, subtree: true });
      const send = (data: Summary, seq: number) => connections[0]!.send({ type: 'summary', seq, data: { ...data, sequence: seq } });
      const only = (s: Summary) => ({ ...s, incidents: s.incidents.filter((i: Incident) => i.id === 'inc-ky') });
      const plain = 'Der er tekniske problemer. Selvbetjeningen kan være langsom eller virker måske ikke.';
      const ky = `Driftsmeddelelse: Langsomme svartider – ${plain}`;
      const sp = `Driftsmeddelelse: Driftsforstyrrelse – ${plain}`;
      send(only(chainSummary()), 1);
      await waitUntil(() => said.length === 1, 'KY not announced', PATIENCE);
      send(chainSummary(), 2); // the region now holds other words than KY's
      await waitUntil(() => said.length === 2, 'the upstream incidents not announced', PATIENCE);
      send(chainSummary({ state: 'disputed' }), 3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // A real change after the dispute, so that the wait ends on what is said next.
      const updated = chainSummary({ state: 'disputed' });
      updated.incidents
        .find((i) => i.id === 'inc-sp')!
        .updates.unshift({
          id: 'sp-u2',
          at: AT,
          status: 'identified',
          message: { da: 'Fejlen er fundet.' },
          author: 'kombit',
        });
      send(updated, 4);
      await waitUntil(() => said.length >= 3, 'the new update not announced', PATIENCE);
      observer.disconnect();
      expect(said).to.deep.equal([ky, `${sp} ${sp}`, sp]);
      // Closed, it stays closed when the cause it does not show is disputed.
      const close = () => [...shadow(el).querySelectorAll('li')].find((li) => li.textContent!.includes('Langsomme svartider'));
      close()!.querySelector<HTMLButtonElement>('.dismiss')!.click();
      await el.updateComplete;
      expect(close() === undefined, 'not closed').to.equal(true);
      send(chainSummary({ state: 'linked', upstreamResolvedAt: AT }), 5);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await el.updateComplete;
      expect(close() === undefined, 'reopened by the cause resolved upstream').to.equal(true);
    });
  });

  describe('municipality', () => {
    /** KSD's incident affects only København and Frederiksberg; the STS one (no list) affects all. */
    function municipalSummary(): Summary {
      return summary({
        components: [
          component('ksd', [
            source('ksd', 'degraded_performance', [], { incidents: ['inc-ksd'] }),
            source('sts', 'partial_outage', ['organisation', 'sts'], { incidents: ['inc-sts'] }),
          ]),
        ],
        incidents: [
          incident('inc-ksd', {
            title: { da: 'KSD beregner forkert i to kommuner' },
            vendor: 'fagsys-nord',
            components: [{ id: 'ksd', status: 'degraded_performance' }],
            municipalities: ['0101', '0147'],
          }),
          incident('inc-sts'),
        ],
        maintenances: [maintenance('mnt-aal', { title: { da: 'Opdatering i Aalborg' }, municipalities: ['0851'] })],
      });
    }

    it('asks the server for the municipality only, on the summary and on the stream', async () => {
      const urls = serveRecording(municipalSummary());
      const connections = serveStream();
      const el = place('ksd', { municipality: '0101' });
      await waitUntil(() => urls.length > 0 && connections.length > 0, 'no requests', PATIENCE);
      expect(urls[0]!.searchParams.get('municipality')).to.equal('0101');
      expect(urls[0]!.searchParams.get('components')).to.equal('ksd');
      expect(connections[0]!.url.searchParams.get('municipality')).to.equal('0101');
      expect(el.isConnected).to.equal(true);
    });

    it('hides an incident that does not affect the municipality and keeps one that affects all', async () => {
      serveRecording(municipalSummary());
      const aalborg = await mount('ksd', { municipality: '0851' });
      expect(text(aalborg.el)).not.to.contain('KSD beregner forkert');
      expect(text(aalborg.el)).to.contain('Fejl inc-sts');
      aalborg.el.remove();
      const kbh = await mount('ksd', { municipality: '0101' });
      expect(text(kbh.el)).to.contain('KSD beregner forkert');
      expect(text(kbh.el)).to.contain('Fejl inc-sts');
    });

    it('hides maintenance that does not affect the municipality', async () => {
      const s = municipalSummary();
      s.components = s.components.map((c) =>
        c.id === 'ksd'
          ? component('ksd', [source('organisation', 'under_maintenance', ['organisation'], { maintenances: ['mnt-aal'] })])
          : c,
      );
      s.incidents = [];
      serveRecording(s);
      const { el } = await mount('ksd', { municipality: '0101' });
      expect(shadow(el).querySelector('section') === null, 'the Aalborg maintenance shown in København').to.equal(true);
      el.remove();
      const aalborg = await mount('ksd', { municipality: '0851' });
      expect(text(aalborg.el)).to.contain('Opdatering i Aalborg');
    });

    it('warns of an invalid code once and ignores it: everything is shown and nothing is asked by it', async () => {
      const seen: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
      try {
        const urls = serveRecording(municipalSummary());
        const { el } = await mount('ksd', { municipality: 'København' });
        expect(text(el)).to.contain('KSD beregner forkert');
        expect(urls[0]!.searchParams.has('municipality')).to.equal(false);
        el.requestUpdate();
        await el.updateComplete;
      } finally {
        console.warn = original;
      }
      expect(seen).to.deep.equal([
        '[kdi-status] KDI_STATUS_INVALID_MUNICIPALITY: municipality="København" is not a kommunekode (four digits, e.g. 0101); ignored',
      ]);
    });

    it('warns of a code the server knows no municipality by once, and shows everything, asked again without it', async () => {
      const seen: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => seen.push(args.map(String).join(' '));
      const urls: URL[] = [];
      worker.use(
        http.get(SUMMARY_URL, ({ request }) => {
          const url = new URL(request.url);
          urls.push(url);
          if (!url.searchParams.has('municipality')) return HttpResponse.json(municipalSummary(), { headers: { etag: '"v1"' } });
          // As the server answers (packages/server/src/http/municipality-summary.test.ts).
          return HttpResponse.json(
            {
              type: '/problems/unknown_municipality',
              title: 'Unknown municipality',
              status: 422,
              code: 'unknown_municipality',
              detail: 'A kommunekode is not the code of one of the 98 municipalities.',
              errors: [{ field: 'municipality', message: 'unknown: 0411' }],
            },
            { status: 422, headers: { 'content-type': 'application/problem+json' } },
          );
        }),
      );
      try {
        const { el } = await mount('ksd', { municipality: '0411' });
        expect(text(el)).to.contain('KSD beregner forkert');
        await new Promise((resolve) => setTimeout(resolve, 300));
        // Asked once with it, not retried: then without it (the summary, and polls where there is no stream).
        const asked = urls.map((url) => url.searchParams.get('municipality'));
        expect(asked[0]).to.equal('0411');
        expect(asked.length).to.be.greaterThan(1);
        expect(asked.slice(1).every((code) => code === null)).to.equal(true);
      } finally {
        console.warn = original;
      }
      expect(seen).to.deep.equal([`[kdi-status] KDI_STATUS_INVALID_MUNICIPALITY: municipality="0411" unknown to ${SERVER}/; ignored`]);
    });
  });
});
