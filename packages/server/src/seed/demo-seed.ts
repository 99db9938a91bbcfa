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
 * @example
 * await store.commitIfNoComponents(demoSeed(new Date()), { type: 'system', id: 'seed' }, new Date().toISOString());
 */
export function demoSeed(now: Date): Change[] {
  const landscape = LandscapeSchema.parse(landscapeJson);
  assertValidDependencies(landscape.components);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();

  const components: Component[] = landscape.components.map((c) => ({ ...c, status: 'operational', links: {} }));

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
    { type: 'incident.changed', data: incident },
    { type: 'maintenance.changed', data: maintenance },
    ...content.map((data) => ({ type: 'content.changed' as const, data })),
  ];
}
