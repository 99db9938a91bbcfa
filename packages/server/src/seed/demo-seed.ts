import { randomUUID } from 'node:crypto';
import { ComponentSchema, VendorSchema, type Component, type ContentItem, type Incident, type Maintenance } from '@kdi-status/sdk';
import { z } from 'zod/mini';
import { assertValidDependencies } from '../domain/dependency-graph.js';
import type { Change } from '../store/store.js';
import landscapeJson from './demo-landscape.json' with { type: 'json' };

const LandscapeSchema = z.object({
  vendors: z.array(VendorSchema),
  components: z.array(z.omit(ComponentSchema, { status: true, links: true })),
});

const HOUR = 3_600_000;

/** The UTC instant of a wall-clock time in Copenhagen (CET/CEST), found by correcting a first guess. */
function copenhagenToUtc(year: number, month: number, day: number, hour: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Copenhagen',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
  }).formatToParts(new Date(guess));
  const part = (type: string) => Number(local.find((p) => p.type === type)!.value);
  const offset = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour')) - guess;
  return new Date(guess - offset);
}

/** Saturday 00.00-08.00 Copenhagen time, at least a day after `now`: the usual production window. */
function nextSaturdayWindow(now: Date): { startsAt: string; endsAt: string } {
  const day = new Date(now.getTime() + 24 * HOUR);
  day.setUTCDate(day.getUTCDate() + ((6 - day.getUTCDay() + 7) % 7 || 7));
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  return { startsAt: copenhagenToUtc(y, m, d, 0).toISOString(), endsAt: copenhagenToUtc(y, m, d, 8).toISOString() };
}

/**
 * The demo landscape as changes for a database without components: vendors, components, one active incident
 * on Serviceplatformen (so every fagløsning that depends on it shows a banner), one planned
 * maintenance window, and a little content for KY. Times are relative to `now`.
 *
 * And a chain of responsibility (kædeansvar): the Serviceplatformen incident is caused by one on
 * Organisation (a støttesystem), and a KY incident is linked to the Serviceplatformen one by KY's
 * vendor, a link Serviceplatformen's vendor disputes ("under afklaring hos KOMBIT"). One KSD
 * incident affects only København and Frederiksberg (0101, 0147). The new incidents are of
 * lesser impact than the Serviceplatformen one, so what each fagløsning shows as its status is
 * still that incident's.
 *
 * @example
 * await store.commitIfNoComponents(demoSeed(new Date()), { type: 'system', id: 'seed' }, new Date().toISOString());
 */
export function demoSeed(now: Date): Change[] {
  const landscape = LandscapeSchema.parse(landscapeJson);
  assertValidDependencies(landscape.components);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

  const components: Component[] = landscape.components.map((c) => ({ ...c, status: 'operational', links: {} }));

  // The root of the chain: Organisation answers slowly, so Serviceplatformen's look-ups time out.
  const organisation: Incident = {
    id: randomUUID(),
    title: {
      da: 'Organisation svarer langsomt – opslag af brugere og enheder tager op til et minut',
      en: 'Organisation answers slowly – look-ups of users and units take up to a minute',
    },
    impact: 'minor',
    status: 'identified',
    vendor: 'infra-drift',
    components: [{ id: 'organisation', status: 'degraded_performance' }],
    updates: [
      {
        id: randomUUID(),
        at: at(20),
        status: 'identified',
        message: {
          da: 'Fejlen er fundet i databasen bag Organisation. Vi flytter den til en anden server.',
          en: 'The fault is in the database behind Organisation. We are moving it to another server.',
        },
        author: 'infra-drift',
      },
      {
        id: randomUUID(),
        at: at(45),
        status: 'investigating',
        message: { da: 'Vi undersøger langsomme svar fra Organisation.', en: 'We are investigating slow answers from Organisation.' },
        author: 'infra-drift',
      },
    ],
    startedAt: at(45),
    resolvedAt: null,
    updatedAt: at(20),
  };

  const incident: Incident = {
    id: randomUUID(),
    title: {
      da: 'Fejl i opslag via Serviceplatformen – sagsopslag kan fejle eller være langsomme',
      en: 'Look-ups through Serviceplatformen fail – case look-ups may fail or be slow',
    },
    impact: 'major',
    status: 'identified',
    vendor: 'infra-drift',
    components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
    updates: [
      {
        id: randomUUID(),
        at: at(12),
        status: 'identified',
        message: {
          da: 'Fejlen er fundet i en netværkskomponent. Vi genstarter den og forventer normal drift inden for en time.',
          en: 'The fault is in a network component. We are restarting it and expect normal operation within an hour.',
        },
        author: 'infra-drift',
      },
      {
        id: randomUUID(),
        at: at(38),
        status: 'investigating',
        message: {
          da: 'Vi undersøger fejlen. Opslag i CPR og CVR via Serviceplatformen fejler for en del af kaldene.',
          en: 'We are investigating. Some CPR and CVR look-ups through Serviceplatformen fail.',
        },
        author: 'infra-drift',
      },
    ],
    startedAt: at(38),
    resolvedAt: null,
    updatedAt: at(12),
    causedBy: {
      incident: organisation.id,
      vendor: organisation.vendor,
      components: ['organisation'],
      state: 'linked',
      linkedBy: 'infra-drift',
      linkedAt: at(12),
      upstreamResolvedAt: null,
    },
  };

  // KY's vendor links its incident to Serviceplatformen's; Serviceplatformen's vendor disputes it.
  const ky: Incident = {
    id: randomUUID(),
    title: { da: 'KY kan ikke hente borgeroplysninger i nye sager', en: 'KY cannot fetch citizen details in new cases' },
    impact: 'minor',
    status: 'investigating',
    vendor: 'fagsys-nord',
    components: [{ id: 'ky', status: 'degraded_performance' }],
    updates: [
      {
        id: randomUUID(),
        at: at(30),
        status: 'investigating',
        message: {
          da: 'Nye sager kan ikke få borgerens oplysninger fra CPR. Opret sagen, og hent oplysningerne senere.',
          en: "New cases cannot get the citizen's details from CPR. Create the case and fetch the details later.",
        },
        author: 'fagsys-nord',
      },
    ],
    startedAt: at(30),
    resolvedAt: null,
    updatedAt: at(30),
    causedBy: {
      incident: incident.id,
      vendor: incident.vendor,
      components: ['serviceplatformen'],
      state: 'disputed',
      linkedBy: 'fagsys-nord',
      linkedAt: at(28),
      dispute: {
        by: 'infra-drift',
        at: at(8),
        reason: 'Fejlen er ikke hos os: Serviceplatformen svarer normalt på de kald, KY sender. Vi ser fejl i KY’s egne CPR-opslag.',
      },
      upstreamResolvedAt: null,
    },
  };

  // Not every incident touches all 98 municipalities.
  const ksd: Incident = {
    id: randomUUID(),
    title: {
      da: 'Sygedagpenge beregnes forkert i København og på Frederiksberg',
      en: 'Sickness benefit is calculated wrongly in Copenhagen and Frederiksberg',
    },
    impact: 'minor',
    status: 'identified',
    vendor: 'fagsys-syd',
    components: [{ id: 'ksd', status: 'degraded_performance' }],
    updates: [
      {
        id: randomUUID(),
        at: at(90),
        status: 'identified',
        message: {
          da: 'En satsændring er kun indlæst for de to kommuner. Vent med at godkende beregninger, til fejlen er rettet.',
          en: 'A rate change is loaded for the two municipalities only. Wait with approving calculations until it is fixed.',
        },
        author: 'fagsys-syd',
      },
    ],
    startedAt: at(120),
    resolvedAt: null,
    updatedAt: at(90),
    municipalities: ['0101', '0147'],
  };

  const maintenance: Maintenance = {
    id: randomUUID(),
    title: { da: 'Produktionsmiljøet på Serviceplatformen opdateres', en: 'The Serviceplatformen production environment is updated' },
    description: {
      da: 'Serviceplatformen er ikke tilgængelig i vinduet. Fagløsninger, der bruger den, kan ikke slå op i CPR og CVR.',
      en: 'Serviceplatformen is unavailable during the window. Applications that use it cannot look up CPR or CVR.',
    },
    status: 'scheduled',
    vendor: 'infra-drift',
    components: ['serviceplatformen'],
    ...nextSaturdayWindow(now),
    updatedAt: at(60 * 24),
  };

  const content: ContentItem[] = [
    {
      id: randomUUID(),
      componentId: 'ky',
      type: 'release',
      title: { da: 'KY release 2026.4', en: 'KY release 2026.4' },
      body: {
        da: 'Ny oversigt over ydelser pr. borger og hurtigere søgning i sager.',
        en: 'A new per-citizen benefits overview and faster case search.',
      },
      date: new Date(now.getTime() + 9 * 24 * HOUR).toISOString(),
      updatedAt: at(60 * 48),
    },
    {
      id: randomUUID(),
      componentId: 'ky',
      type: 'faq',
      title: {
        da: 'Hvorfor ser jeg en driftsmeddelelse om Serviceplatformen i KY?',
        en: 'Why does KY show a notice about Serviceplatformen?',
      },
      body: {
        da: 'KY slår op i CPR og andre registre via Serviceplatformen. Når den har problemer, kan KY blive påvirket, selv om KY selv kører normalt.',
        en: 'KY looks up CPR and other registers through Serviceplatformen. When it has trouble, KY can be affected even though KY itself runs normally.',
      },
      date: at(60 * 24 * 30),
      updatedAt: at(60 * 24 * 30),
    },
  ];

  return [
    ...landscape.vendors.map((data) => ({ type: 'vendor.changed' as const, data })),
    ...components.map((data) => ({ type: 'component.changed' as const, data })),
    { type: 'incident.changed', data: organisation },
    { type: 'incident.changed', data: incident },
    { type: 'incident.changed', data: ky },
    { type: 'incident.changed', data: ksd },
    { type: 'maintenance.changed', data: maintenance },
    ...content.map((data) => ({ type: 'content.changed' as const, data })),
  ];
}
