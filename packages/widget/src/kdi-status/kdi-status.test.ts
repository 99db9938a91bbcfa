import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Summary } from '@kdi-status/sdk';
import { http, HttpResponse } from 'msw';
import type { StatusChangeDetail } from '../internal/status-change.js';
import { component, incident, source, stsIncidentSummary, summary } from '../internal/test-fixtures.js';
import {
  actor,
  has,
  mount,
  operational,
  PATIENCE,
  serve,
  serveStream,
  SERVER,
  shadow,
  STREAM_URL,
  text,
  useTestServer,
  worker,
} from '../internal/test-server.js';
import './kdi-status.js';
import type KdiStatus from './kdi-status.component.js';

describe('<kdi-status>', () => {
  useTestServer();

  it('registers once, even when its module runs twice', async () => {
    expect(customElements.get('kdi-status')).to.be.a('function');
    // @ts-expect-error -- a query string makes the browser evaluate the module a second time.
    await import('./kdi-status.js?again');
  });

  it('renders nothing, with no height, when all is well', async () => {
    serve(summary());
    const { el } = await mount('ky');
    expect(has(el, 'section')).to.equal(false);
    expect(el.getBoundingClientRect().height).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('shows an incident two hops away with its path, status in words, vendor and time', async () => {
    serve(stsIncidentSummary());
    const { el } = await mount('ky');
    const section = shadow(el).querySelector('section');
    expect(section?.getAttribute('aria-label')).to.equal('Driftsmeddelelser');
    const items = shadow(el).querySelectorAll('[part="item"]');
    expect(items).to.have.length(1);
    const content = text(el);
    expect(content).to.contain('Driftsforstyrrelse: Fejl inc-sts');
    expect(content).to.contain('Vi undersøger fejlen');
    expect(content).to.contain('Vi undersøger langsomme svar fra STS.');
    expect(content).to.contain('Påvirket via Serviceplatformen → STS');
    expect(content).to.contain('Ansvarlig: Netic');
    expect(content).to.contain('https://netic.example/support');
    expect(content).to.match(/Opdateret (\d+\. \p{L}+ )?kl\. 08\.08/u);
    expect(has(el, '[part="icon"] svg')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows an incident reaching it through a diamond, and through two components, once', async () => {
    serve(
      summary({
        components: [
          component('ky', [
            source('organisation', 'major_outage', ['serviceplatformen', 'organisation'], { incidents: ['inc-both'] }),
            source('sts', 'major_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-both'] }),
          ]),
          component('ksd', [source('organisation', 'major_outage', ['organisation'], { incidents: ['inc-both'] })]),
        ],
        incidents: [
          incident('inc-both', {
            vendor: 'kombit',
            components: [
              { id: 'sts', status: 'major_outage' },
              { id: 'organisation', status: 'major_outage' },
            ],
          }),
        ],
      }),
    );
    const { el } = await mount('ky,ksd');
    expect(shadow(el).querySelectorAll('[part="item"]')).to.have.length(1);
    expect(text(el)).to.contain('Nedbrud: Fejl inc-both');
    expect(text(el)).to.contain('Påvirket via Organisation');
    expect(text(el)).to.contain('servicedesk@kombit.example');
    await expect(el).to.be.accessible();
  });

  it('does not show what affects only components it was not given', async () => {
    serve(
      summary({
        components: [component('ksd', [source('ksd', 'major_outage', [], { incidents: ['inc-ksd'] })], 'major_outage')],
        incidents: [incident('inc-ksd', { vendor: 'fagsys-nord', components: [{ id: 'ksd', status: 'major_outage' }] })],
      }),
    );
    const { el } = await mount('ky');
    expect(has(el, 'section')).to.equal(false);
  });

  it('shows a status set by hand as its own entry', async () => {
    serve(summary({ components: [component('ky', [source('sts', 'major_outage', ['serviceplatformen', 'sts'])])] }));
    const { el } = await mount('ky');
    expect(text(el)).to.contain('Nedbrud: STS');
    await expect(el).to.be.accessible();
  });

  it('speaks English with lang="en", falling back to Danish operator text', async () => {
    serve(
      summary({
        components: [
          component('ky', [
            source('sts', 'major_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-en'] }),
            source('organisation', 'partial_outage', ['serviceplatformen', 'organisation'], { incidents: ['inc-da'] }),
          ]),
        ],
        incidents: [
          incident('inc-en', {
            title: { da: 'Nedbrud i STS', en: 'STS is down' },
            status: 'identified',
            components: [{ id: 'sts', status: 'major_outage' }],
            updates: [
              { id: 'u', at: '2025-11-26T07:08:00.000Z', status: 'identified', message: { da: 'Fundet', en: 'Found it' }, author: 'netic' },
            ],
          }),
          incident('inc-da', { title: { da: 'Langsom Organisation' }, components: [{ id: 'organisation', status: 'partial_outage' }] }),
        ],
      }),
    );
    const { el } = await mount('ky', { lang: 'en' });
    const content = text(el);
    expect(shadow(el).querySelector('section')?.getAttribute('aria-label')).to.equal('Service messages');
    expect(shadow(el).querySelector('section')?.getAttribute('lang')).to.equal('en');
    expect(content).to.contain('Major outage: STS is down');
    expect(content).to.contain('Identified');
    expect(content).to.contain('Found it');
    expect(content).to.contain('Affected via Serviceplatformen → STS');
    expect(content).to.contain('Partial outage: Langsom Organisation');
    expect(content).to.match(/Updated (\d+ \p{L}+ )?08:08/u);
    // Worst first.
    expect(content.indexOf('STS is down')).to.be.lessThan(content.indexOf('Langsom Organisation'));
    await expect(el).to.be.accessible();
  });

  it('renders operator text as text, never as HTML', async () => {
    serve(stsIncidentSummary({ title: { da: '<img src=x onerror="window.pwned=1">Fejl' } }));
    const { el } = await mount('ky');
    expect(has(el, 'img')).to.equal(false);
    expect(text(el)).to.contain('<img src=x onerror="window.pwned=1">Fejl');
  });

  it('isolates operator text, so a U+202E in it does not reverse the rest of its line', async () => {
    // RIGHT-TO-LEFT OVERRIDE, unclosed, in every piece of operator text on the page.
    const RLO = '\u202e';
    const hostile = stsIncidentSummary({
      title: { da: `Fejl${RLO} i STS` },
      updates: [
        { id: 'u', at: '2025-11-26T07:08:00.000Z', status: 'investigating', message: { da: `Vi${RLO} undersøger` }, author: 'netic' },
      ],
    });
    hostile.components = hostile.components.map((c) => (c.id === 'serviceplatformen' ? { ...c, name: `Service${RLO}platformen` } : c));
    hostile.vendors = hostile.vendors.map((v) =>
      v.id === 'netic'
        ? { ...v, name: `Netic${RLO}`, servicedesk: { phone: `+45 70${RLO} 10 20 30`, url: 'https://netic.example/support' } }
        : v,
    );
    serve(hostile);
    const { el } = await mount('ky');
    expect(text(el)).to.contain(`Påvirket via Service${RLO}platformen → STS`);

    // Where the browser drew the character at `offset` of the first text node after `after` that holds `needle`.
    const left = (needle: string, offset: number, after?: string) => {
      const walker = document.createTreeWalker(shadow(el), NodeFilter.SHOW_TEXT);
      let passed = after === undefined;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(needle);
        if (passed && at >= 0) {
          const range = document.createRange();
          range.setStart(node, at + offset);
          range.setEnd(node, at + offset + 1);
          return range.getBoundingClientRect().left;
        }
        if (after !== undefined && node.textContent!.includes(after)) passed = true;
      }
      throw new Error(`no text "${needle}"`);
    };
    const readsLeftToRight = (needle: string, after?: string) => left(needle, 0, after) < left(needle, 1, after);
    // The widget's own words after the vendor's name, the link after the desk's phone, the
    // component after the one named with U+202E, the label before the title: all still left to right.
    expect(readsLeftToRight('Kontakt servicedesk')).to.equal(true, 'the words after the vendor name are reversed');
    expect(left('10 20 30', 7) < left('https://netic.example/support', 0)).to.equal(true, 'the link after the phone comes before it');
    expect(readsLeftToRight('STS', `Service${RLO}platformen`)).to.equal(true, 'the component after the hostile one is reversed');
    expect(readsLeftToRight('Driftsforstyrrelse')).to.equal(true);
    // Still there for a screen reader, and still accessible.
    expect(has(el, 'bdi[aria-hidden], [aria-hidden] bdi')).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('keeps the last state, with its time, when the server fails after a good load', async () => {
    const requests = serve(stsIncidentSummary(), 503);
    const { el } = await mount('ky', { pollInterval: 0.05 });
    await waitUntil(() => shadow(el).querySelector('[part="notice"]'), 'no notice', PATIENCE);
    expect(requests.length).to.be.greaterThan(1);
    const content = text(el);
    expect(content).to.contain('Fejl inc-sts');
    expect(content).to.match(/Senest opdateret kl\. \d\d\.\d\d – driftsstatus kan ikke hentes lige nu/);
    await expect(el).to.be.accessible();
  });

  it('takes the notice away when polling reaches the server again, even if nothing changed (304)', async () => {
    serve(stsIncidentSummary(), 503, 503, () => new HttpResponse(null, { status: 304 }));
    const { el } = await mount('ky', { pollInterval: 0.05 });
    await waitUntil(() => shadow(el).querySelector('[part="notice"]'), 'no notice', PATIENCE);
    await waitUntil(() => !shadow(el).querySelector('[part="notice"]'), 'notice stayed after a 304', PATIENCE);
    expect(text(el)).to.contain('Fejl inc-sts');
  });

  it('renders nothing and raises nothing into the page when the server is unreachable from the start', async () => {
    const problems: unknown[] = [];
    const onProblem = (event: Event) => problems.push(event);
    window.addEventListener('unhandledrejection', onProblem);
    window.addEventListener('error', onProblem);
    const consoleError = console.error;
    console.error = (...args: unknown[]) => problems.push(args);
    try {
      // Neither the stream nor the summary answers: it retries the stream, then polls the summary.
      let streamAttempts = 0;
      worker.use(
        http.get(STREAM_URL, () => {
          streamAttempts += 1;
          return HttpResponse.error();
        }),
      );
      const requests = serve('network-error');
      const el = await fixture<KdiStatus>(html`<kdi-status server=${SERVER} components="ky" poll-interval="0.05"></kdi-status>`);
      await waitUntil(() => requests.length >= 3, 'did not fall back to polling', { timeout: 4500 });
      expect(streamAttempts).to.equal(3);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(has(el, 'section')).to.equal(false);
      expect(el.getBoundingClientRect().height).to.equal(0);
      expect(problems).to.deep.equal([]);
    } finally {
      window.removeEventListener('unhandledrejection', onProblem);
      window.removeEventListener('error', onProblem);
      console.error = consoleError;
    }
  });

  it('fires kdi-status-change with the effective status when it changes, not on every poll', async () => {
    const requests = serve(stsIncidentSummary(), stsIncidentSummary(), summary());
    const { el, changes } = await mount('ky,ksd', { pollInterval: 0.05 });
    expect(changes[0]).to.deep.equal({
      status: 'partial_outage',
      components: [
        { id: 'ky', status: 'partial_outage' },
        { id: 'ksd', status: 'partial_outage' },
      ],
    });
    await waitUntil(() => changes.length === 2, 'no second change', PATIENCE);
    expect(requests.length).to.be.greaterThanOrEqual(3);
    expect(changes[1]).to.deep.equal({
      status: 'operational',
      components: [
        { id: 'ky', status: 'operational' },
        { id: 'ksd', status: 'operational' },
      ],
    });
    await el.updateComplete;
    expect(has(el, 'section')).to.equal(false);
  });

  it('bubbles kdi-status-change out of the shadow roots it sits in', async () => {
    serve(stsIncidentSummary());
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    const seen = new Promise<StatusChangeDetail>((resolve) => host.addEventListener('kdi-status-change', (e) => resolve(e.detail)));
    const el = document.createElement('kdi-status');
    el.setAttribute('server', SERVER);
    el.setAttribute('components', 'ky');
    root.append(el);
    expect((await seen).status).to.equal('partial_outage');
  });

  it('sends the ETag on the next poll and keeps its content on 304', async () => {
    const requests = serve(stsIncidentSummary(), (ifNoneMatch) =>
      ifNoneMatch === '"v1"' ? new HttpResponse(null, { status: 304 }) : HttpResponse.json(summary(), { headers: { etag: '"v2"' } }),
    );
    const { el, changes } = await mount('ky', { pollInterval: 0.05 });
    await waitUntil(() => requests.length >= 3, 'no further polls', PATIENCE);
    expect(requests[0]).to.equal(null);
    expect(requests[1]).to.equal('"v1"');
    expect(requests[2]).to.equal('"v1"');
    expect(changes).to.have.length(1);
    expect(text(el)).to.contain('Fejl inc-sts');
    expect(has(el, '[part="notice"]')).to.equal(false);
  });

  it('stops polling when removed from the page', async () => {
    const requests = serve(stsIncidentSummary());
    const { el } = await mount('ky', { pollInterval: 0.05 });
    el.remove();
    const count = requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requests.length).to.equal(count);
  });

  it('asks the server it was loaded from when no server is given', async () => {
    let asked = false;
    worker.use(
      http.get(`${location.origin}/api/v1/stream`, () => new HttpResponse(null, { status: 404 })),
      http.get(`${location.origin}/api/v1/summary`, () => {
        asked = true;
        return HttpResponse.json(stsIncidentSummary());
      }),
    );
    const el = await fixture<KdiStatus>(html`<kdi-status components="ky"></kdi-status>`);
    await waitUntil(() => shadow(el).querySelector('section'), 'nothing shown', PATIENCE);
    expect(asked).to.equal(true);
  });

  describe('live', () => {
    const kyEffective = (summary: Summary) => summary.components.find((c) => c.id === 'ky')!.effective;

    it('follows the stream of its components after one summary by GET: changes show without a reload, and never poll', async () => {
      const start = stsIncidentSummary();
      // The first summary by a plain GET (compressed, cacheable); the stream resumes after it.
      const polls = serve(start);
      const connections = serveStream();
      const mounting = mount('ky,ksd');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      const [connection] = connections;
      expect(connection!.url.searchParams.get('components')).to.equal('ky,ksd');
      expect(connection!.lastEventId).to.equal(String(start.sequence));
      const { el, changes } = await mounting;
      expect(text(el)).to.contain('Driftsforstyrrelse: Fejl inc-sts');

      // A new update on the incident: same status, new words.
      const identified = incident('inc-sts', {
        status: 'identified',
        updates: [
          { id: 'u2', at: '2025-11-26T07:20:00.000Z', status: 'identified', message: { da: 'Fejlen er fundet i STS.' }, author: 'netic' },
          ...start.incidents[0]!.updates,
        ],
      });
      connection!.send({ type: 'incident.changed', seq: 2, at: '2025-11-26T07:20:00.000Z', actor, data: identified });
      await waitUntil(() => text(el).includes('Fejlen er fundet i STS.'), 'update not shown', PATIENCE);
      expect(text(el)).to.contain('Fejlen er fundet ·');
      expect(text(el)).to.not.contain('Vi undersøger langsomme svar fra STS.');
      await expect(el).to.be.accessible();

      // Resolved: the incident goes, and the status event that follows clears the components.
      connection!.send({
        type: 'incident.changed',
        seq: 3,
        at: '2025-11-26T07:40:00.000Z',
        actor,
        data: { ...identified, status: 'resolved', resolvedAt: '2025-11-26T07:40:00.000Z' },
      });
      connection!.send({
        type: 'status',
        seq: 3,
        data: {
          components: [
            { id: 'ky', effective: operational },
            { id: 'ksd', effective: operational },
          ],
        },
      });
      await waitUntil(() => changes.length === 2, 'no second kdi-status-change', PATIENCE);
      expect(changes[1]).to.deep.equal({
        status: 'operational',
        components: [
          { id: 'ky', status: 'operational' },
          { id: 'ksd', status: 'operational' },
        ],
      });
      await el.updateComplete;
      expect(has(el, 'section')).to.equal(false);
      expect(polls).to.deep.equal([null], 'the first summary only');
    });

    it('shows a new incident reaching it through a dependency as it arrives', async () => {
      const connections = serveStream();
      const mounting = mount('ky');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      connections[0]!.send({ type: 'summary', seq: 1, data: summary() });
      const { el, changes } = await mounting;
      expect(has(el, 'section')).to.equal(false);

      const later = stsIncidentSummary();
      connections[0]!.send({ type: 'incident.changed', seq: 2, at: '2025-11-26T07:08:00.000Z', actor, data: later.incidents[0]! });
      connections[0]!.send({ type: 'status', seq: 2, data: { components: [{ id: 'ky', effective: kyEffective(later) }] } });
      await waitUntil(() => shadow(el).querySelector('section'), 'nothing shown', PATIENCE);
      expect(text(el)).to.contain('Påvirket via Serviceplatformen → STS');
      expect(changes.map((c) => c.status)).to.deep.equal(['operational', 'partial_outage']);
      await expect(el).to.be.accessible();
    });

    it('falls back to polling the summary when the server has no stream, and still shows the banner', async () => {
      let streamAsked = 0;
      worker.use(
        http.get(STREAM_URL, () => {
          streamAsked += 1;
          return new HttpResponse(null, { status: 404 });
        }),
      );
      const polls = serve(summary(), stsIncidentSummary());
      const { el, changes } = await mount('ky', { pollInterval: 0.05 });
      expect(streamAsked).to.equal(1);
      await waitUntil(() => changes.length === 2, 'polling did not pick up the change', PATIENCE);
      expect(polls.length).to.be.greaterThanOrEqual(2);
      expect(text(el)).to.contain('Driftsforstyrrelse: Fejl inc-sts');
      await expect(el).to.be.accessible();
    });

    it('keeps the last state with the notice while the stream cannot reconnect, and resumes where it left off', async () => {
      // Once down, the first reconnect is refused and the next one hangs until the server is back.
      let down = false;
      let refused = 0;
      let serverBack!: () => void;
      const back = new Promise<void>((resolve) => (serverBack = resolve));
      const connections = serveStream();
      worker.use(
        http.get(STREAM_URL, async () => {
          if (!down) return undefined;
          if (refused++ === 0) return HttpResponse.error();
          await back;
          return undefined;
        }),
      );
      const mounting = mount('ky');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      connections[0]!.send({ type: 'summary', seq: 7, data: { ...stsIncidentSummary(), sequence: 7 } });
      const { el } = await mounting;
      expect(has(el, '[part="notice"]')).to.equal(false);

      down = true;
      connections[0]!.close();
      await waitUntil(() => shadow(el).querySelector('[part="notice"]'), 'no notice', PATIENCE);
      expect(text(el)).to.contain('Fejl inc-sts');
      expect(text(el)).to.match(/Senest opdateret kl\. \d\d\.\d\d – driftsstatus kan ikke hentes lige nu/);
      await expect(el).to.be.accessible();

      serverBack();
      await waitUntil(() => connections.length === 2, 'did not reconnect', PATIENCE);
      expect(connections[1]!.lastEventId).to.equal('7');
      await waitUntil(() => !shadow(el).querySelector('[part="notice"]'), 'notice stayed after reconnecting', PATIENCE);
      expect(text(el)).to.contain('Fejl inc-sts');
    });

    it('does not show the notice for a dropped stream that comes straight back', async () => {
      const connections = serveStream();
      const mounting = mount('ky');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      connections[0]!.send({ type: 'summary', seq: 1, data: stsIncidentSummary() });
      const { el } = await mounting;
      let noticed = false;
      const observer = new MutationObserver(() => (noticed ||= !!shadow(el).querySelector('[part="notice"]')));
      observer.observe(shadow(el), { subtree: true, childList: true });
      connections[0]!.close();
      await waitUntil(() => connections.length === 2, 'did not reconnect', PATIENCE);
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      expect(noticed).to.equal(false);
    });

    it('subscribes again when its components or server change, and closes the old stream', async () => {
      const connections = serveStream();
      const mounting = mount('ky');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      connections[0]!.send({ type: 'summary', seq: 1, data: stsIncidentSummary() });
      const { el } = await mounting;

      el.components = 'ksd';
      await waitUntil(() => connections.length === 2, 'no new subscription', PATIENCE);
      expect(connections[1]!.url.searchParams.get('components')).to.equal('ksd');
      // The old stream is no longer read: what it says changes nothing.
      connections[0]!.send({ type: 'summary', seq: 2, data: summary() });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(text(el)).to.contain('Fejl inc-sts');

      const other = 'https://other.test';
      let otherAsked = false;
      worker.use(
        http.get(`${other}/api/v1/stream`, () => {
          otherAsked = true;
          return new HttpResponse(null, { status: 404 });
        }),
        http.get(`${other}/api/v1/summary`, () => HttpResponse.json(summary())),
      );
      el.server = other;
      await waitUntil(() => otherAsked, 'did not ask the other server', PATIENCE);
      // Another server, another truth: what the first one said is gone.
      await waitUntil(() => !shadow(el).querySelector('section'), "kept the old server's state", PATIENCE);
    });

    it('stops the stream when removed from the page', async () => {
      const connections = serveStream();
      const polls = serve(stsIncidentSummary());
      const mounting = mount('ky');
      await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
      const { el, changes } = await mounting;
      el.remove();
      connections[0]!.send({ type: 'status', seq: 2, data: { components: [{ id: 'ky', effective: operational }] } });
      connections[0]!.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(connections).to.have.length(1);
      expect(polls).to.deep.equal([null], 'the first summary only, no poll after');
      expect(changes).to.have.length(1);
    });
  });
});
