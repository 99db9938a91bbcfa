import { expect, waitUntil } from '@open-wc/testing';
import { HttpResponse } from 'msw';
import { writeLastKnown } from '../internal/last-known.js';
import { maintenanceSummary, majorSummary, stsIncidentSummary, summary, upcomingSummary } from '../internal/test-fixtures.js';
import { has, mount, PATIENCE, place, serve, SERVER, shadow, state, text, useTestServer } from '../internal/test-server.js';
import './kdi-status.js';
import type KdiStatus from './kdi-status.component.js';

/**
 * Each variant in each state, light and dark, with what a reader sees and an axe check. `text`
 * per variant: what the element must say (a RegExp), or null for a banner that shows nothing.
 */
interface State {
  setUp: () => void;
  /** Whether the state is reached only through failure (no kdi-status-change to wait for). */
  fails?: boolean;
  banner: RegExp | null;
  card: RegExp;
  badge: RegExp;
}

const STALE =
  /Senest opdateret \d\d?\. \w+ kl\. \d\d\.\d\d – driftsstatus kan ikke hentes lige nu|Senest opdateret (i går )?kl\. \d\d\.\d\d – driftsstatus kan ikke hentes lige nu/;

const states: Record<string, State> = {
  'all well': {
    setUp: () => serve(summary()),
    banner: null,
    card: /^Driftsstatus Alle systemer kører Opdateret kl\. \d\d\.\d\d Læs mere om driftsstatus for KY$/,
    badge: /^Driftsstatus for KY: Kører normalt$/,
  },
  minor: {
    setUp: () => serve(stsIncidentSummary()),
    banner: /Driftsforstyrrelse: Fejl inc-sts .*Påvirket via Serviceplatformen → STS Ansvarlig: Netic/,
    card: /Driftsforstyrrelse – Fejl inc-sts Opdateret kl\. \d\d\.\d\d Læs mere/,
    badge: /^Driftsstatus for KY: Driftsforstyrrelse$/,
  },
  major: {
    setUp: () => serve(majorSummary()),
    banner: /Nedbrud: KY er nede Kritisk påvirkning · Vi undersøger fejlen/,
    card: /Nedbrud – KY er nede/,
    badge: /^Driftsstatus for KY: Nedbrud$/,
  },
  'maintenance in progress': {
    setUp: () => serve(maintenanceSummary()),
    banner: /Planlagt vedligeholdelse: Opdatering af Organisation I gang · 26\. november kl\. 08\.08 – kl\. 10\.00/,
    card: /Planlagt vedligeholdelse – Opdatering af Organisation/,
    badge: /^Driftsstatus for KY: Planlagt vedligeholdelse$/,
  },
  'maintenance upcoming': {
    setUp: () => serve(upcomingSummary(5)),
    banner: /Planlagt vedligeholdelse: Opdatering af STS Planlagt · .* STS opdateres\. Påvirket via Serviceplatformen → STS/,
    card: /Alle systemer kører – Opdatering af STS/,
    badge: /^Driftsstatus for KY: Kører normalt$/,
  },
  'unreachable, nothing stored': {
    setUp: () => serve('network-error'),
    fails: true,
    banner: null,
    card: /^Driftsstatus Driftsstatus kan ikke hentes lige nu Læs mere om driftsstatus for ky$/,
    badge: /^Driftsstatus for ky: Status ukendt$/,
  },
  'unreachable, a state stored by an earlier page load': {
    setUp: () => {
      writeLastKnown(`${SERVER}/ ky`, stsIncidentSummary(), new Date(Date.now() - 3_600_000));
      serve(503);
    },
    fails: true,
    banner: new RegExp(`Driftsforstyrrelse: Fejl inc-sts .*${STALE.source}`),
    card: new RegExp(`Driftsforstyrrelse – Fejl inc-sts ${STALE.source}`),
    badge: new RegExp(`^Driftsstatus for KY: Driftsforstyrrelse\\d\\d\\.\\d\\d\\. ${STALE.source}$`),
  },
  'a garbage answer': {
    setUp: () => serve(() => HttpResponse.json({ status: 'all good', components: 'yes' })),
    fails: true,
    banner: null,
    card: /Driftsstatus kan ikke hentes lige nu/,
    badge: /Status ukendt/,
  },
};

/** What a reader gets: the rendered text, hidden context included, spaces squeezed. */
const said = (el: KdiStatus) => text(el).trim();

describe('<kdi-status> variants', () => {
  useTestServer();

  for (const [name, s] of Object.entries(states)) {
    for (const variant of ['banner', 'card', 'badge'] as const) {
      for (const theme of ['light', 'dark']) {
        it(`${variant}, ${name}, ${theme}`, async () => {
          s.setUp();
          let el: KdiStatus;
          if (s.fails) {
            el = place('ky', { variant, theme, 'poll-interval': 0.05 });
            await waitUntil(() => state(el).failing, 'failure not noticed', PATIENCE);
            await el.updateComplete;
          } else {
            ({ el } = await mount('ky', { variant, theme }));
          }
          const expected = s[variant];
          if (expected === null) {
            expect(has(el, 'section')).to.equal(false);
            expect(el.getBoundingClientRect().height).to.equal(0);
          } else {
            expect(said(el)).to.match(expected);
          }
          await expect(el).to.be.accessible();
        });
      }
    }
  }

  it('gives the card and the badge their size before the data arrives: no layout shift', async () => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    serve(async () => {
      await held;
      return HttpResponse.json(summary());
    });
    for (const variant of ['card', 'badge']) {
      const el = place('ky', { variant });
      await el.updateComplete;
      expect(said(el)).to.contain('Henter driftsstatus');
      const before = el.getBoundingClientRect();
      expect(before.height, variant).to.be.greaterThan(20);
      answer();
      await waitUntil(() => state(el).summary, 'no data', PATIENCE);
      await el.updateComplete;
      const after = el.getBoundingClientRect();
      expect(after.height, variant).to.equal(before.height);
      if (variant === 'card') expect(after.width).to.equal(before.width);
      el.remove();
    }
  });

  it('links "Læs mere" and the badge to the status website page of the first component', async () => {
    serve(summary());
    const { el } = await mount('ky,ksd', { variant: 'card' });
    expect(shadow(el).querySelector('a')!.href).to.equal(`${SERVER}/c/ky`);
    el.setAttribute('variant', 'badge');
    await el.updateComplete;
    expect(shadow(el).querySelector('a')!.href).to.equal(`${SERVER}/c/ky`);
  });

  it('shows upcoming maintenance only within maintenance-notice hours', async () => {
    serve(upcomingSummary(30));
    const { el } = await mount('ky', { 'maintenance-notice': 24 });
    expect(has(el, 'section')).to.equal(false);
    el.setAttribute('maintenance-notice', '48');
    await el.updateComplete;
    expect(said(el)).to.contain('Opdatering af STS');
  });

  it('keeps its text readable under a host page with * { all: unset }', async () => {
    const style = document.createElement('style');
    style.textContent = '* { all: unset; } body { color: #777; background: #fff; }';
    document.head.append(style);
    try {
      serve(stsIncidentSummary());
      for (const variant of ['banner', 'card', 'badge']) {
        const { el } = await mount('ky', { variant });
        const label = shadow(el).querySelector('.label')!;
        const box = shadow(el).querySelector('.item, .card, .badge')!;
        expect(getComputedStyle(box).color, variant).to.equal('rgb(31, 35, 40)');
        expect(getComputedStyle(box).backgroundColor, variant).to.equal('rgb(255, 255, 255)');
        expect(getComputedStyle(label).color, variant).to.equal('rgb(181, 71, 8)');
        await expect(el).to.be.accessible();
        el.remove();
      }
    } finally {
      style.remove();
    }
  });

  it('speaks English with lang="en", and sets lang on what it renders', async () => {
    serve(summary());
    const { el } = await mount('ky', { variant: 'card', lang: 'en' });
    expect(said(el)).to.match(/^Service status All systems operational Updated \d\d:\d\d Read more about the service status of KY$/);
    expect(shadow(el).querySelector('.card')!.getAttribute('lang')).to.equal('en');
  });
});
