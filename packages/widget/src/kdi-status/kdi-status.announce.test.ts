import { expect, waitUntil } from '@open-wc/testing';
import type { Summary } from '@kdi-status/sdk';
import { component, incident, majorSummary, source, stsIncidentSummary, summary } from '../internal/test-fixtures.js';
import { PATIENCE, place, serveStream, shadow, text, useTestServer } from '../internal/test-server.js';
import type { StreamConnection } from '../internal/test-server.js';
import './kdi-status.js';

/** Every text the page's live regions were given, in order, with the politeness of the region. */
function listen() {
  const said: Array<{ politeness: string; text: string }> = [];
  const regions = [...document.querySelectorAll<HTMLElement>('[data-kdi-status-announcer]')];
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const region = (record.target instanceof HTMLElement ? record.target : record.target.parentElement)!;
      // Emptying a region (done to the other one on each announcement) is not heard: only additions are.
      if (!region.textContent) continue;
      said.push({
        politeness: region.getAttribute('role') === 'alert' ? 'assertive' : region.getAttribute('aria-live')!,
        text: region.textContent ?? '',
      });
    }
  });
  for (const region of regions) observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { said, regions, stop: () => observer.disconnect() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** STS slow with a second update: same incident, same status, new words. */
function stsUpdated(): Summary {
  const s = stsIncidentSummary();
  s.incidents[0]!.updates.unshift({
    id: 'u2',
    at: '2025-11-26T07:20:00.000Z',
    status: 'identified',
    message: { da: 'Fejlen er fundet i STS.' },
    author: 'netic',
  });
  s.incidents[0]!.status = 'identified';
  return s;
}

/** STS slow and KY down: the KY incident is new and a major outage. */
function stsAndKyDown(): Summary {
  const s = stsUpdated();
  const ky = majorSummary();
  s.components = s.components.map((c) => (c.id === 'ky' ? ky.components.find((k) => k.id === 'ky')! : c));
  s.components = s.components.map((c) =>
    c.id === 'ky'
      ? component(
          'ky',
          [
            source('ky', 'major_outage', [], { incidents: ['inc-ky'] }),
            source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-sts'] }),
          ],
          'major_outage',
        )
      : c,
  );
  s.incidents = [...ky.incidents, ...s.incidents];
  return s;
}

async function connected(components = 'ky', attributes = {}) {
  const connections = serveStream();
  const el = place(components, attributes);
  await waitUntil(() => connections.length === 1, 'no stream', PATIENCE);
  return {
    el,
    connections,
    send: (connection: StreamConnection, data: Summary, seq: number) =>
      connection.send({ type: 'summary', seq, data: { ...data, sequence: seq } }),
  };
}

describe('<kdi-status>', () => {
  useTestServer();

  describe('announcements', () => {
    it('has its live regions in the page before anything is shown, outside any shadow root, empty', async () => {
      serveStream();
      const el = place('ky');
      const regions = [...document.querySelectorAll('[data-kdi-status-announcer]')];
      expect(regions.map((r) => r.getAttribute('aria-live') ?? r.getAttribute('role'))).to.deep.equal(['polite', 'alert']);
      expect(regions.every((r) => r.parentElement === document.body && r.textContent === '')).to.equal(true);
      expect(shadow(el).querySelector('[aria-live], [role="alert"]') === null).to.equal(true);
      // Visually hidden, yet rendered (so in the accessibility tree).
      expect(regions.every((r) => r.getBoundingClientRect().width <= 1 && getComputedStyle(r).display !== 'none')).to.equal(true);
    });

    it('says "Alle systemer kører" again after a second resolve, though the first still sits in its region', async () => {
      const { connections, send } = await connected();
      const { said, stop } = listen();
      send(connections[0]!, summary(), 1);
      send(connections[0]!, stsAndKyDown(), 2); // critical: assertive
      await waitUntil(() => said.length === 1, 'the incidents not announced', PATIENCE);
      send(connections[0]!, summary(), 3);
      await waitUntil(() => said.some((s) => s.text === 'Alle systemer kører'), 'the first all-well', PATIENCE);
      const kyDown = stsAndKyDown();
      kyDown.incidents = kyDown.incidents.map((i) => ({ ...i, id: `${i.id}-again` }));
      kyDown.components = kyDown.components.map((c) => ({
        ...c,
        effective: {
          ...c.effective,
          sources: c.effective.sources.map((x) => ({ ...x, incidentIds: x.incidentIds.map((id) => `${id}-again`) })),
        },
      }));
      send(connections[0]!, kyDown, 4);
      await waitUntil(() => said.filter((s) => s.politeness === 'assertive').length === 2, 'the second critical not assertive', PATIENCE);
      send(connections[0]!, summary(), 5);
      await waitUntil(
        () => said.filter((s) => s.text === 'Alle systemer kører').length === 2,
        'the second all-well was not said',
        PATIENCE,
      );
      stop();
    });

    it('tells what is already wrong at the first view politely, even a critical incident', async () => {
      const { connections, send } = await connected();
      const { said, stop } = listen();
      send(connections[0]!, stsAndKyDown(), 1);
      await waitUntil(() => said.length === 1, 'the first state not announced', PATIENCE);
      expect(said[0]!.politeness).to.equal('polite');
      stop();
    });

    it('announces each change once, politely for minor trouble and assertively only for a new incident of major or critical impact', async () => {
      const { el, connections, send } = await connected();
      const { said, stop } = listen();
      const [connection] = connections;
      const focused = document.activeElement;

      send(connection!, summary(), 1); // all well, the first state: nothing to say
      await waitUntil(() => (el as unknown as { summary?: Summary }).summary, 'no summary', PATIENCE);
      send(connection!, summary(), 2); // unchanged
      await settle();
      expect(said).to.deep.equal([]);

      send(connection!, stsIncidentSummary(), 3);
      await waitUntil(() => said.length === 1, 'minor trouble not announced', PATIENCE);
      expect(said[0]).to.deep.equal({
        politeness: 'polite',
        text: 'Driftsmeddelelse: Driftsforstyrrelse – Fejl inc-sts. Vi undersøger langsomme svar fra STS.',
      });

      send(connection!, stsIncidentSummary(), 4); // the same state again, as a reconnect delivers it
      el.requestUpdate(); // and a re-render
      await settle();
      expect(said).to.have.length(1);

      send(connection!, stsUpdated(), 5); // a new update on the same incident
      await waitUntil(() => said.length === 2, 'update not announced', PATIENCE);
      expect(said[1]).to.deep.equal({
        politeness: 'polite',
        text: 'Driftsmeddelelse: Driftsforstyrrelse – Fejl inc-sts. Fejlen er fundet i STS.',
      });

      send(connection!, stsAndKyDown(), 6); // a new incident of critical impact
      await waitUntil(() => said.length === 3, 'major outage not announced', PATIENCE);
      expect(said[2]).to.deep.equal({
        politeness: 'assertive',
        text: 'Driftsmeddelelse: Nedbrud – KY er nede. Vi undersøger langsomme svar fra STS.',
      });

      send(connection!, stsAndKyDown(), 7);
      await settle();
      expect(said).to.have.length(3);

      send(connection!, summary(), 8); // all resolved
      await waitUntil(() => said.length === 4, 'all well not announced', PATIENCE);
      expect(said[3]).to.deep.equal({ politeness: 'polite', text: 'Alle systemer kører' });
      await settle();
      expect(said).to.have.length(4);
      expect(document.activeElement === focused, 'focus moved').to.equal(true);
      stop();
    });

    it('says nothing when a reconnect delivers the state it already showed', async () => {
      const { connections, send } = await connected();
      send(connections[0]!, stsIncidentSummary(), 1);
      await waitUntil(() => document.querySelector('[aria-live="polite"]')!.textContent !== '', 'first state not announced', PATIENCE);
      const { said, stop } = listen();
      connections[0]!.close();
      await waitUntil(() => connections.length === 2, 'did not reconnect', PATIENCE);
      send(connections[1]!, stsIncidentSummary(), 2);
      await settle();
      expect(said).to.deep.equal([]);
      stop();
    });

    it('announces what it finds on the first page of a tab, and not again on the next page, nor for a second element', async () => {
      const first = await connected();
      const { said, stop } = listen();
      first.send(first.connections[0]!, stsIncidentSummary(), 1);
      await waitUntil(() => said.length === 1, 'not announced', PATIENCE);
      // The next page of the application: the element comes again, with the same state; and a badge beside it.
      first.el.remove();
      const again = await connected('ky', { variant: 'badge' });
      again.send(again.connections[0]!, stsIncidentSummary(), 1);
      await waitUntil(() => text(again.el).includes('Driftsforstyrrelse'), 'badge not shown', PATIENCE);
      await settle();
      expect(said).to.have.length(1);
      stop();
    });
  });

  describe('dismiss, +N flere and audience', () => {
    const button = (el: Element, name: string) =>
      [...el.shadowRoot!.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name)!;

    it('closes a message with a real button, remembers it per update, and shows it again when it gets worse', async () => {
      const { connections, send, el } = await connected();
      send(connections[0]!, stsIncidentSummary(), 1);
      await waitUntil(() => shadow(el).querySelector('section'), 'no banner', PATIENCE);
      const dismissed: string[] = [];
      el.addEventListener('kdi-status-dismiss', (e) => dismissed.push(e.detail.key));
      const close = button(el, 'Luk driftsmeddelelse');
      expect(close.tagName === 'BUTTON').to.equal(true);
      // Which message it closes is its description (several buttons share the name).
      const described = shadow(el).getElementById(close.getAttribute('aria-describedby')!);
      expect(described?.textContent).to.contain('Fejl inc-sts');
      close.focus();
      close.click();
      await el.updateComplete;
      expect(shadow(el).querySelector('section') === null, 'still shown').to.equal(true);
      expect(dismissed).to.deep.equal(['incident:inc-sts|partial_outage|inc-sts-u1']);
      // Focus is not lost to <body>: with nothing left, the element itself holds it.
      expect(document.activeElement === el, 'focus lost').to.equal(true);

      // Remembered: another page load with the same state keeps it closed.
      el.remove();
      const again = await connected();
      send(again.connections[0]!, stsIncidentSummary(), 1);
      await waitUntil(() => (again.el as unknown as { summary?: Summary }).summary, 'no summary', PATIENCE);
      await again.el.updateComplete;
      expect(shadow(again.el).querySelector('section') === null, 'shown again').to.equal(true);

      // Worse: the same incident becomes a major outage of STS.
      const worse = stsIncidentSummary({ components: [{ id: 'sts', status: 'major_outage' }] });
      send(again.connections[0]!, worse, 2);
      await waitUntil(() => text(again.el).includes('Nedbrud: Fejl inc-sts'), 'worse update not shown again', PATIENCE);
    });

    it('moves focus to the next message after closing one', async () => {
      const { connections, send, el } = await connected();
      send(connections[0]!, stsAndKyDown(), 1);
      await waitUntil(() => shadow(el).querySelectorAll('li').length === 2, 'two messages', PATIENCE);
      const [first] = shadow(el).querySelectorAll<HTMLButtonElement>('.dismiss');
      first!.focus();
      first!.click();
      await el.updateComplete;
      expect(shadow(el).querySelectorAll('li')).to.have.length(1);
      expect(shadow(el).activeElement === shadow(el).querySelector('.dismiss'), 'focus not on the next message').to.equal(true);
    });

    it('still closes a message when storage throws', async () => {
      const setItem = Storage.prototype.setItem;
      const getItem = Storage.prototype.getItem;
      Storage.prototype.setItem = () => {
        throw new DOMException('full', 'QuotaExceededError');
      };
      Storage.prototype.getItem = () => {
        throw new DOMException('denied', 'SecurityError');
      };
      const problems: unknown[] = [];
      const onProblem = (event: Event) => problems.push(event);
      window.addEventListener('error', onProblem);
      window.addEventListener('unhandledrejection', onProblem);
      try {
        const { connections, send, el } = await connected();
        const s = summary({
          components: [component('ky', [source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-private'] })])],
          incidents: [incident('inc-private')],
        });
        send(connections[0]!, s, 1);
        await waitUntil(() => shadow(el).querySelector('section'), 'no banner', PATIENCE);
        button(el, 'Luk driftsmeddelelse').click();
        await el.updateComplete;
        expect(shadow(el).querySelector('section') === null, 'still shown').to.equal(true);
        expect(problems).to.deep.equal([]);
      } finally {
        Storage.prototype.setItem = setItem;
        Storage.prototype.getItem = getItem;
        window.removeEventListener('error', onProblem);
        window.removeEventListener('unhandledrejection', onProblem);
      }
    });

    it('shows three messages, and the rest behind "+N flere"', async () => {
      const ids = ['a', 'b', 'c', 'd', 'e'];
      const s = summary({
        components: [
          component(
            'ky',
            ids.map((id) => source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: [`inc-${id}`] })),
          ),
        ],
        incidents: ids.map((id) => incident(`inc-${id}`)),
      });
      const { connections, send, el } = await connected();
      send(connections[0]!, s, 1);
      await waitUntil(() => shadow(el).querySelectorAll('li').length === 5, 'five messages', PATIENCE);
      const visible = () => [...shadow(el).querySelectorAll('li')].filter((li) => li.getBoundingClientRect().height > 0).length;
      expect(visible()).to.equal(3);
      const more = button(el, '+2 flere');
      expect(more.getAttribute('aria-expanded')).to.equal('false');
      await expect(el).to.be.accessible();
      more.click();
      await el.updateComplete;
      expect(visible()).to.equal(5);
      expect(more.getAttribute('aria-expanded')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('shows a citizen no vendor, service desk or component path', async () => {
      const { connections, send, el } = await connected('ky', { audience: 'citizen' });
      send(connections[0]!, stsIncidentSummary(), 1);
      await waitUntil(() => shadow(el).querySelector('section'), 'no banner', PATIENCE);
      const seen = text(el);
      // No citizen text from the operator: plain words of the widget's own, not the staff title.
      expect(seen).to.contain('Driftsforstyrrelse: Der er tekniske problemer.');
      for (const word of [
        'Fejl inc-sts',
        'Vi undersøger',
        'påvirkning',
        'Ansvarlig',
        'Netic',
        'servicedesk',
        'Påvirket via',
        'Serviceplatformen',
        'STS',
      ])
        expect(seen).to.not.contain(word);
      expect(shadow(el).querySelector('a') === null, 'a link').to.equal(true);
      await expect(el).to.be.accessible();
    });

    it("shows a citizen the operator's citizen text instead of the title and updates", async () => {
      const { connections, send, el } = await connected('ky', { audience: 'citizen' });
      send(connections[0]!, stsIncidentSummary({ citizenText: { da: 'Selvbetjeningen kan være langsom lige nu.' } }), 1);
      await waitUntil(() => shadow(el).querySelector('section'), 'no banner', PATIENCE);
      const seen = text(el);
      expect(seen).to.contain('Driftsforstyrrelse: Selvbetjeningen kan være langsom lige nu.');
      expect(seen).to.not.contain('Fejl inc-sts');
      expect(seen).to.not.contain('Vi undersøger langsomme svar');
      await expect(el).to.be.accessible();
    });
  });
});
