import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Component, Incident, Maintenance, Vendor } from '@kdi-status/sdk';
import { MESSAGE_KINDS } from '@kdi-status/sdk/admin';
import { NOTICE_KINDS, type MessageKind } from '../../store/notification-store.js';
import { subscriptionLinks } from '../subscription-links.js';
import { renderMail, type RenderMailInput } from './render-mail.js';

const component = (id: string, name: string, dependsOn: string[] = []): Component => ({
  id,
  name,
  kind: 'application',
  vendor: 'netic',
  dependsOn,
  status: 'operational',
  links: {},
});
const components = [
  component('ky', 'KY', ['serviceplatformen']),
  component('serviceplatformen', 'Serviceplatformen', ['sts']),
  component('sts', 'STS'),
];
const vendors: Vendor[] = [
  { id: 'netic', name: 'Netic', servicedesk: {} },
  { id: 'fagsys-nord', name: 'Fagsystemer Nord', servicedesk: {} },
];
const links = { page: 'https://status.example/haendelser/inc_1', ...subscriptionLinks('https://status.example', 'tok_abc') };

const incident: Incident = {
  id: 'inc_1',
  title: { da: 'Nedbrud i Serviceplatformen', en: 'Outage in Serviceplatformen' },
  impact: 'major',
  status: 'identified',
  vendor: 'netic',
  components: [{ id: 'serviceplatformen', status: 'major_outage' }],
  updates: [
    {
      id: 'upd_2',
      at: '2026-11-26T08:08:00.000Z',
      status: 'identified',
      message: { da: 'Fejlen er fundet i en load balancer.\n\nVi genstarter den nu.', en: 'The fault is in a load balancer.' },
      author: 'netic',
    },
    { id: 'upd_1', at: '2026-11-26T07:30:00.000Z', status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'netic' },
  ],
  startedAt: '2026-11-26T07:30:00.000Z',
  resolvedAt: null,
  updatedAt: '2026-11-26T08:08:00.000Z',
};

const maintenance: Maintenance = {
  id: 'mnt_1',
  title: { da: 'Opdatering af STS' },
  description: { da: 'Produktionsmiljøet opdateres.' },
  status: 'scheduled',
  vendor: 'fagsys-nord',
  components: ['sts'],
  // The night summer time ends: 01.00 CEST to 03.00 CET is three hours.
  startsAt: '2026-10-24T23:00:00.000Z',
  endsAt: '2026-10-25T02:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
};

const incidentInput = (overrides: Partial<Extract<RenderMailInput, { incident: Incident; affected: unknown }>> = {}): RenderMailInput => ({
  kind: 'incident.opened',
  lang: 'da',
  incident,
  components,
  vendors,
  affected: [{ component: 'ky', path: ['ky', 'serviceplatformen'] }],
  subscribedTo: ['ky'],
  links,
  ...overrides,
});

const maintenanceInput = (
  kind: Extract<RenderMailInput, { maintenance: Maintenance }>['kind'],
  lang: 'da' | 'en' = 'da',
): RenderMailInput =>
  kind === 'maintenance.reminder'
    ? {
        kind,
        lang,
        maintenance,
        components,
        vendors,
        affected: [{ component: 'ky', path: ['ky', 'serviceplatformen', 'sts'] }],
        subscribedTo: null,
        links,
        reminderLeadHours: 24,
      }
    : {
        kind,
        lang,
        maintenance,
        components,
        vendors,
        affected: [{ component: 'ky', path: ['ky', 'serviceplatformen', 'sts'] }],
        subscribedTo: null,
        links,
      };

/** KY's incident, caused by the Serviceplatformen incident, which was resolved. */
const causeResolvedInput = (lang: 'da' | 'en'): RenderMailInput => ({
  kind: 'incident.cause_resolved',
  lang,
  components,
  vendors,
  incident: {
    ...incident,
    id: 'inc_ky',
    title: { da: 'KY svarer ikke' },
    vendor: 'fagsys-nord',
    components: [{ id: 'ky', status: 'major_outage' }],
    causedBy: {
      incident: 'inc_1',
      vendor: 'netic',
      components: ['serviceplatformen'],
      state: 'linked',
      linkedBy: 'fagsys-nord',
      linkedAt: '2026-11-26T08:00:00.000Z',
      upstreamResolvedAt: '2026-11-26T09:15:00.000Z',
    },
  },
  links: { page: 'https://status.example/incidents/inc_ky' },
});

/** One input of every kind, in `lang`. */
function everyKind(lang: 'da' | 'en'): Record<MessageKind, RenderMailInput> {
  return {
    'incident.opened': incidentInput({ lang }),
    'incident.updated': incidentInput({ lang, kind: 'incident.updated' }),
    'incident.resolved': incidentInput({
      lang,
      kind: 'incident.resolved',
      incident: { ...incident, status: 'resolved', resolvedAt: '2026-11-26T09:15:00.000Z' },
    }),
    'maintenance.scheduled': maintenanceInput('maintenance.scheduled', lang),
    'maintenance.reminder': maintenanceInput('maintenance.reminder', lang),
    'maintenance.started': maintenanceInput('maintenance.started', lang),
    'maintenance.completed': maintenanceInput('maintenance.completed', lang),
    'maintenance.cancelled': maintenanceInput('maintenance.cancelled', lang),
    'subscription.confirm': {
      kind: 'subscription.confirm',
      lang,
      components,
      vendors,
      subscribedTo: ['ky', 'sts'],
      links: { confirm: links.confirm },
    },
    'subscription.existing': { kind: 'subscription.existing', lang, links: { manage: links.manage, unsubscribe: links.unsubscribe } },
    'incident.cause_resolved': causeResolvedInput(lang),
    'webhook.disabled': {
      kind: 'webhook.disabled',
      lang,
      endpoint: {
        id: 'wh_1',
        url: 'https://hooks.example/kdi?token=hemmelig',
        disabledAt: '2026-11-26T12:00:00.000Z',
        disabledReason: 'HTTP 500 for 3 days',
      },
    },
  };
}

describe('renderMail', () => {
  it('words an opened incident in Danish: status, impact, the vendor working on it, the path, the latest update', () => {
    const mail = renderMail(incidentInput());
    assert.equal(mail.subject, 'Ny driftsmeddelelse: Nedbrud i Serviceplatformen');
    for (const expected of [
      'Status: Fejlen er fundet',
      'Påvirkning: Betydelig påvirkning',
      'Netic arbejder på sagen.',
      'Startet: torsdag den 26. november 2026 kl. 08.30',
      '- Påvirker KY via Serviceplatformen (Nedbrud)',
      'Seneste opdatering, torsdag den 26. november 2026 kl. 09.08',
      'Fejlen er fundet i en load balancer.\n\nVi genstarter den nu.',
      `Læs driftsmeddelelsen på Driftsstatus: ${links.page}`,
      'Du får denne mail, fordi du abonnerer på driftsmeddelelser om KY.',
      `Skift abonnement: ${links.manage}`,
      `Afmeld: ${links.unsubscribe}`,
    ])
      assert.ok(mail.text.includes(expected), `the text has ${JSON.stringify(expected)}:\n${mail.text}`);
    assert.ok(!mail.text.includes('Vi undersøger fejlen'), 'only the latest update is told');
    assert.ok(mail.html.includes('<li>Påvirker KY via Serviceplatformen (Nedbrud)</li>'), 'the HTML has the path as a list item');
    assert.ok(
      mail.html.includes('<p>Fejlen er fundet i en load balancer.</p>\n<p>Vi genstarter den nu.</p>'),
      'the update keeps its paragraphs',
    );
  });

  it("tells the downstream vendor's service desk in Danish that the cause of its incident is resolved, with no subscription links", () => {
    const mail = renderMail(causeResolvedInput('da'));
    assert.equal(mail.subject, 'Årsagen er løst: KY svarer ikke');
    for (const expected of [
      'Den driftsmeddelelse, der er angivet som årsag til jeres driftsmeddelelse, er løst.',
      'Årsag: fejl i Serviceplatformen (Netic)',
      'Årsagen løst: torsdag den 26. november 2026 kl. 10.15',
      'Læs driftsmeddelelsen på Driftsstatus: https://status.example/incidents/inc_ky',
      'I får denne mail, fordi adressen er servicedesk for Fagsystemer Nord.',
    ])
      assert.ok(mail.text.includes(expected), `the text has ${JSON.stringify(expected)}:\n${mail.text}`);
    assert.ok(!mail.text.includes('Afmeld'), 'not a subscription: nothing to unsubscribe from');
  });

  it('words the same incident in English, Copenhagen time in English style', () => {
    const mail = renderMail(incidentInput({ lang: 'en', kind: 'incident.updated' }));
    assert.equal(mail.subject, 'Update: Outage in Serviceplatformen');
    for (const expected of [
      'Status: Identified',
      'Impact: Major',
      'Netic is working on it.',
      'Started: Thursday 26 November 2026, 08:30',
      '- Affects KY via Serviceplatformen (Major outage)',
      'Latest update, Thursday 26 November 2026, 09:08',
      'The fault is in a load balancer.',
      'You receive this mail because you subscribe to status notices about KY.',
      `Unsubscribe: ${links.unsubscribe}`,
    ])
      assert.ok(mail.text.includes(expected), `the text has ${JSON.stringify(expected)}:\n${mail.text}`);
    assert.ok(mail.html.startsWith('<!doctype html>\n<html lang="en">'), 'the HTML says its language');
  });

  it('marks Danish operator text in an English mail with lang="da"', () => {
    const mail = renderMail(maintenanceInput('maintenance.scheduled', 'en'));
    assert.ok(mail.html.includes('<h1 lang="da">Opdatering af STS</h1>'), `the Danish title is marked:\n${mail.html}`);
    assert.ok(mail.html.includes('<p lang="da">Produktionsmiljøet opdateres.</p>'), 'the Danish description is marked');
  });

  it('says "directly" for the component itself and names every step of a longer path', () => {
    const direct = renderMail(incidentInput({ affected: [{ component: 'serviceplatformen', path: ['serviceplatformen'] }] }));
    assert.ok(direct.text.includes('- Påvirker Serviceplatformen direkte (Nedbrud)'), direct.text);
    const long = renderMail(maintenanceInput('maintenance.scheduled'));
    assert.ok(long.text.includes('- Påvirker KY via Serviceplatformen, der afhænger af STS'), long.text);
    const longEn = renderMail(maintenanceInput('maintenance.scheduled', 'en'));
    assert.ok(longEn.text.includes('- Affects KY via Serviceplatformen, which depends on STS'), longEn.text);
  });

  it('words a maintenance window the night summer time ends in Copenhagen time', () => {
    const da = renderMail(maintenanceInput('maintenance.scheduled'));
    assert.equal(da.subject, 'Planlagt vedligeholdelse: Opdatering af STS');
    assert.ok(da.text.includes('Tidsrum: søndag den 25. oktober 2026 kl. 01.00 til kl. 03.00'), da.text);
    assert.ok(da.text.includes('Fagsystemer Nord står for vedligeholdelsen.'), 'the vendor is named');
    assert.ok(da.text.includes('driftsmeddelelser om alle løsninger'), 'a subscriber of everything is told so');
    const en = renderMail(maintenanceInput('maintenance.scheduled', 'en'));
    assert.ok(en.text.includes('Window: Sunday 25 October 2026, 01:00 to 03:00'), en.text);
  });

  it('words a time the night summer time begins in Copenhagen time', () => {
    // 01:30 UTC on the last Sunday of March is 03.30 CEST; half an hour earlier it was 01.30 CET.
    const mail = renderMail(incidentInput({ incident: { ...incident, startedAt: '2026-03-29T01:30:00.000Z' } }));
    assert.ok(mail.text.includes('Startet: søndag den 29. marts 2026 kl. 03.30'), mail.text);
    const before = renderMail(incidentInput({ incident: { ...incident, startedAt: '2026-03-29T00:30:00.000Z' } }));
    assert.ok(before.text.includes('Startet: søndag den 29. marts 2026 kl. 01.30'), before.text);
  });

  it('tells the reminder lead in hours', () => {
    const mail = renderMail(maintenanceInput('maintenance.reminder'));
    assert.equal(mail.subject, 'Påmindelse: Opdatering af STS');
    assert.ok(mail.text.includes('Den planlagte vedligeholdelse begynder om 24 timer.'), mail.text);
    const one = renderMail({
      ...(maintenanceInput('maintenance.reminder', 'en') as Extract<RenderMailInput, { kind: 'maintenance.reminder' }>),
      reminderLeadHours: 1,
    });
    assert.ok(one.text.includes('starts in 1 hour.'), one.text);
    const half = renderMail({
      ...(maintenanceInput('maintenance.reminder') as Extract<RenderMailInput, { kind: 'maintenance.reminder' }>),
      reminderLeadHours: 1.5,
    });
    assert.ok(half.text.includes('begynder om 90 minutter.'), half.text);
  });

  it('escapes every operator string in the HTML and keeps it as written in the text', () => {
    const evil = '<script>alert("x")</script>';
    const mail = renderMail(
      incidentInput({
        incident: {
          ...incident,
          title: { da: `Nedbrud ${evil}` },
          updates: [{ ...incident.updates[0]!, message: { da: `Se <img src=x onerror=alert(1)> & "mere"` } }],
        },
        components: [component('ky', 'KY <b>'), ...components.slice(1)],
        vendors: [{ id: 'netic', name: `Netic ${evil}` }],
      }),
    );
    assert.ok(!mail.html.includes('<script'), `no script element:\n${mail.html}`);
    assert.ok(!mail.html.includes('<img'), 'no image element');
    assert.ok(!mail.html.includes('<b>'), 'no bold element from a component name');
    assert.ok(mail.html.includes('<h1>Nedbrud &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h1>'), 'the title is escaped');
    assert.ok(mail.html.includes('<title>Ny driftsmeddelelse: Nedbrud &lt;script&gt;'), 'the title element is escaped');
    assert.ok(mail.html.includes('Se &lt;img src=x onerror=alert(1)&gt; &amp; &quot;mere&quot;'), 'the update is escaped');
    assert.ok(mail.text.includes(`Nedbrud ${evil}`), 'the text keeps the title as written');
  });

  it('keeps a subject on one line whatever the title holds', () => {
    const mail = renderMail(incidentInput({ incident: { ...incident, title: { da: 'Nedbrud\r\nBcc: x@evil.example' } } }));
    assert.equal(mail.subject, 'Ny driftsmeddelelse: Nedbrud Bcc: x@evil.example');
  });

  it('writes the confirmation: the link, that it expires in 48 hours, that ignoring it does nothing', () => {
    const mail = renderMail(everyKind('da')['subscription.confirm']);
    assert.equal(mail.subject, 'Bekræft dit abonnement på driftsmeddelelser');
    for (const expected of [
      `Bekræft abonnementet: ${links.confirm}`,
      'Linket udløber om 48 timer.',
      'Abonnementet gælder KY og STS.',
      'Har du ikke bedt om det, kan du se bort fra denne mail. Så sker der ikke noget',
    ])
      assert.ok(mail.text.includes(expected), `the text has ${JSON.stringify(expected)}:\n${mail.text}`);
    assert.ok(!mail.text.includes(links.unsubscribe), 'a sign-up not yet confirmed has nothing to unsubscribe from');
    assert.ok(mail.html.includes(`<a href="${links.confirm}">Bekræft abonnementet</a>`), 'the link text says where it goes');
  });

  it('tells the owner of an address already subscribed how to change or stop it', () => {
    const mail = renderMail(everyKind('en')['subscription.existing']);
    assert.equal(mail.subject, 'You already subscribe to status notices');
    assert.ok(mail.text.includes(`Change subscription: ${links.manage}`), mail.text);
    assert.ok(mail.text.includes(`Unsubscribe: ${links.unsubscribe}`), mail.text);
  });

  it('tells a webhook owner which endpoint was disabled and why', () => {
    const mail = renderMail(everyKind('da')['webhook.disabled']);
    assert.equal(mail.subject, 'Webhook slået fra: hooks.example');
    assert.ok(mail.text.includes('Endpoint: https://hooks.example/kdi?token=hemmelig'), mail.text);
    assert.ok(mail.text.includes('Årsag: HTTP 500 for 3 days'), mail.text);
    assert.ok(mail.text.includes('Slået fra: torsdag den 26. november 2026 kl. 13.00'), mail.text);
  });

  for (const lang of ['da', 'en'] as const)
    it(`renders every kind in ${lang}: a subject, one h1, no images, links as given, the same links in text and HTML`, () => {
      const inputs = everyKind(lang);
      assert.deepEqual(Object.keys(inputs).sort(), [...MESSAGE_KINDS].sort(), 'every kind is covered');
      for (const [kind, input] of Object.entries(inputs)) {
        const mail = renderMail(input);
        assert.ok(mail.subject.length > 0, `${kind} has a subject`);
        assert.ok(mail.html.includes(`<html lang="${lang}">`), `${kind} says its language`);
        assert.equal(mail.html.match(/<h1[ >]/g)?.length, 1, `${kind} has one h1`);
        assert.ok(!/<img|<script|<style|<link |\bsrc=/i.test(mail.html), `${kind} loads nothing`);
        const htmlLinks = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
        // The webhook URL is a fact in the mail, not a link of it.
        const textLinks = [...mail.text.matchAll(/https:\/\/status\.example\S*/g)].map((m) => m[0]);
        assert.deepEqual(htmlLinks, textLinks, `${kind}: the text and the HTML carry the same links`);
        // The service desk's cause_resolved mail is no subscription.
        const isNotice = (NOTICE_KINDS as readonly string[]).includes(kind) && kind !== 'incident.cause_resolved';
        assert.equal(mail.text.includes(links.unsubscribe), isNotice || kind === 'subscription.existing', `${kind}: the unsubscribe link`);
      }
    });
});
