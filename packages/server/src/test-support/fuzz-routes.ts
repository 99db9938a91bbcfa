import fc from 'fast-check';
import {
  AddIncidentUpdateRequestSchema,
  CreateComponentRequestSchema,
  CreateContentRequestSchema,
  EditComponentRequestSchema,
  EditContentRequestSchema,
  EditIncidentRequestSchema,
  IncidentMessageRequestSchema,
  OpenIncidentRequestSchema,
  PutVendorRequestSchema,
  ScheduleMaintenanceRequestSchema,
  SetComponentStatusRequestSchema,
  SetIncidentComponentsRequestSchema,
  UpdateMaintenanceRequestSchema,
  CorrectIncidentUpdateRequestSchema,
  DisputeLinkRequestSchema,
  LinkIncidentRequestSchema,
  SettleLinkRequestSchema,
} from '@kdi-status/sdk/admin';
import type { z } from 'zod/mini';
import type { FuzzServer } from './fuzz-server.js';
import { bodyMutations, idMutations, queryMutations, type Json, type Mutation, type QueryParam } from './fuzz-mutations.js';

export const ADMIN = '/api/v1/admin';
export const PUBLIC = '/api/v1';
export const V2 = '/api/v2';

/** The ids a route's path needs (`:id`, `:updateId`), made fresh for it on each store. */
export type RouteIds = Record<string, string>;

/** An admin write route: its fixture and a valid body for either key (none: the route takes no body). */
export interface AdminRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  setup?: (server: FuzzServer) => Promise<RouteIds>;
  /** A valid body; `n` is unique per case (for ids a create must not repeat). */
  body?: (n: number) => Json;
  /** The route creates what its `:id` names (a vendor): any slug there is valid. */
  createsAtId?: boolean;
  /** Only an admin key may (a vendor key gets 403 once the input is valid). */
  adminOnly?: boolean;
}

const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const text = (da: string, en: string) => ({ da, en });

/**
 * A body the SDK's schema accepts, checked here, so the suite starts from valid requests even
 * when the schemas change.
 */
function valid<S extends z.ZodMiniType>(schema: S, body: Json): Json {
  const result = schema.safeParse(body);
  if (!result.success) throw new Error(`fuzz fixture is not valid: ${JSON.stringify(body)}: ${result.error.message}`);
  return body;
}

async function openIncident(server: FuzzServer): Promise<RouteIds> {
  const incident = await server.json('admin', 'POST', `${ADMIN}/incidents`, {
    title: { da: 'Fuzz-fixtur' },
    impact: 'minor',
    vendor: 'infra-drift',
    components: [{ id: 'sts', status: 'degraded_performance' }],
    message: { da: 'Vi undersøger' },
  });
  return { id: incident.id as string, updateId: (incident.updates as Array<{ id: string }>)[0]!.id };
}

async function scheduleMaintenance(server: FuzzServer): Promise<RouteIds> {
  const maintenance = await server.json('admin', 'POST', `${ADMIN}/maintenances`, {
    title: { da: 'Fuzz-vindue' },
    description: { da: 'Opdatering' },
    vendor: 'infra-drift',
    components: ['sts'],
    startsAt: later(48),
    endsAt: later(50),
  });
  return { id: maintenance.id as string };
}

async function createContent(server: FuzzServer): Promise<RouteIds> {
  const item = await server.json('admin', 'POST', `${ADMIN}/content`, {
    componentId: 'sts',
    type: 'news',
    title: { da: 'Fuzz-nyhed' },
    body: { da: 'Tekst' },
    date: later(0),
  });
  return { id: item.id as string };
}

const createComponent = (id: string) => async (server: FuzzServer) => {
  await server.json('admin', 'POST', `${ADMIN}/components`, {
    id,
    name: id,
    kind: 'support-system',
    vendor: 'infra-drift',
    dependsOn: ['sts'],
  });
  return { id };
};

/**
 * A chain of two infra-drift incidents (Serviceplatformen caused by STS, which it depends on) for
 * the link routes, linked (and disputed) as far as `stage` says. The upstream id is kept for the
 * body, which the fuzz builds after the setup of its own route.
 */
let upstreamId = '';
const linkedIncidents =
  (stage: 'open' | 'linked' | 'disputed') =>
  async (server: FuzzServer): Promise<RouteIds> => {
    const open = async (component: string) =>
      (
        await server.json('admin', 'POST', `${ADMIN}/incidents`, {
          title: { da: `Fuzz-kæde ${component}` },
          impact: 'minor',
          vendor: 'infra-drift',
          components: [{ id: component, status: 'degraded_performance' }],
          message: { da: 'Vi undersøger' },
        })
      ).id as string;
    const id = await open('serviceplatformen');
    upstreamId = await open('sts');
    if (stage !== 'open') await server.json('vendor', 'PUT', `${ADMIN}/incidents/${id}/caused-by`, { incident: upstreamId });
    if (stage === 'disputed') await server.json('vendor', 'POST', `${ADMIN}/incidents/${id}/caused-by/dispute`, { reason: 'Ikke os' });
    return { id };
  };

/** Every admin write route (http/admin-routes.ts), each on targets of its own (infra-drift's, so both keys may try). */
export const ADMIN_ROUTES: AdminRoute[] = [
  {
    method: 'POST',
    path: '/incidents',
    body: () =>
      valid(OpenIncidentRequestSchema, {
        title: text('Fuzz-nedbrud', 'Fuzz outage'),
        impact: 'major',
        status: 'investigating',
        vendor: 'infra-drift',
        components: [{ id: 'sts', status: 'major_outage' }],
        message: text('Vi undersøger', 'Investigating'),
        citizenText: text('Du kan ikke logge ind lige nu', 'You cannot log in just now'),
      }),
  },
  {
    method: 'PATCH',
    path: '/incidents/:id',
    setup: openIncident,
    body: () => valid(EditIncidentRequestSchema, { citizenText: text('Prøv igen senere', 'Try again later') }),
  },
  {
    method: 'POST',
    path: '/incidents/:id/updates',
    setup: openIncident,
    body: () =>
      valid(AddIncidentUpdateRequestSchema, {
        status: 'identified',
        message: text('Fundet', 'Found'),
        components: [{ id: 'sts', status: 'degraded_performance' }],
        impact: 'minor',
      }),
  },
  {
    method: 'PUT',
    path: '/incidents/:id/components',
    setup: openIncident,
    body: () => valid(SetIncidentComponentsRequestSchema, { components: [{ id: 'sts', status: 'partial_outage' }] }),
  },
  {
    method: 'POST',
    path: '/incidents/:id/resolve',
    setup: openIncident,
    body: () => valid(IncidentMessageRequestSchema, { message: text('Løst', 'Resolved') }),
  },
  {
    method: 'POST',
    path: '/incidents/:id/reopen',
    setup: async (server) => {
      const ids = await openIncident(server);
      await server.json('admin', 'POST', `${ADMIN}/incidents/${ids.id}/resolve`, { message: { da: 'Løst' } });
      return ids;
    },
    body: () => valid(IncidentMessageRequestSchema, { message: text('Genåbnet', 'Reopened') }),
  },
  {
    method: 'PATCH',
    path: '/incidents/:id/updates/:updateId',
    setup: openIncident,
    body: () => valid(CorrectIncidentUpdateRequestSchema, { message: text('Rettet', 'Corrected') }),
  },
  {
    method: 'PUT',
    path: '/incidents/:id/caused-by',
    setup: linkedIncidents('open'),
    body: () => valid(LinkIncidentRequestSchema, { incident: upstreamId }),
  },
  { method: 'DELETE', path: '/incidents/:id/caused-by', setup: linkedIncidents('linked') },
  {
    method: 'POST',
    path: '/incidents/:id/caused-by/dispute',
    setup: linkedIncidents('linked'),
    body: () => valid(DisputeLinkRequestSchema, { reason: 'Fejlen er ikke hos os' }),
  },
  {
    method: 'POST',
    adminOnly: true,
    path: '/incidents/:id/caused-by/settle',
    setup: linkedIncidents('disputed'),
    body: () => valid(SettleLinkRequestSchema, { outcome: 'move', incident: upstreamId, reason: 'KOMBIT har afgjort det' }),
  },
  {
    method: 'PUT',
    path: '/components/:id/status',
    setup: createComponent('fuzz-status'),
    body: () => valid(SetComponentStatusRequestSchema, { status: 'degraded_performance', reason: 'Langsomme opslag' }),
  },
  {
    method: 'POST',
    adminOnly: true,
    path: '/components',
    body: (n) =>
      valid(CreateComponentRequestSchema, {
        id: `fuzz-new-${n}`,
        name: 'Fuzz',
        description: 'Til fuzz',
        kind: 'support-system',
        group: 'Fuzz',
        vendor: 'infra-drift',
        dependsOn: ['sts', 'mitid'],
        links: { support: 'https://example.dk/support' },
      }),
  },
  {
    method: 'PATCH',
    adminOnly: true,
    path: '/components/:id',
    setup: createComponent('fuzz-edit'),
    body: () =>
      valid(EditComponentRequestSchema, {
        name: 'Fuzz redigeret',
        description: 'Redigeret',
        kind: 'support-system',
        group: 'Fuzz',
        vendor: 'infra-drift',
        dependsOn: ['sts', 'mitid'],
        links: { documentation: 'https://example.dk/docs' },
      }),
  },
  { method: 'DELETE', adminOnly: true, path: '/components/:id', setup: createComponent('fuzz-retire') },
  {
    method: 'PUT',
    adminOnly: true,
    path: '/vendors/:id',
    createsAtId: true,
    setup: async () => ({ id: 'fuzz-vendor' }),
    body: () =>
      valid(PutVendorRequestSchema, {
        name: 'Fuzz A/S',
        servicedesk: { email: 'fuzz@example.dk', phone: '+45 00 00 00 00', hours: 'Altid', url: 'https://example.dk' },
      }),
  },
  {
    method: 'POST',
    path: '/maintenances',
    body: () =>
      valid(ScheduleMaintenanceRequestSchema, {
        title: text('Fuzz-vindue', 'Fuzz window'),
        description: text('Opdatering', 'Upgrade'),
        vendor: 'infra-drift',
        components: ['sts'],
        startsAt: later(48),
        endsAt: later(50),
        citizenText: text('Selvbetjeningen lukker i nat', 'Self-service closes tonight'),
      }),
  },
  {
    method: 'PATCH',
    path: '/maintenances/:id',
    setup: scheduleMaintenance,
    body: () =>
      valid(UpdateMaintenanceRequestSchema, {
        title: text('Flyttet', 'Moved'),
        description: text('Opdatering', 'Upgrade'),
        components: ['sts', 'context-handler'],
        startsAt: later(72),
        endsAt: later(75),
        citizenText: text('Flyttet til weekenden', 'Moved to the weekend'),
      }),
  },
  { method: 'POST', path: '/maintenances/:id/cancel', setup: scheduleMaintenance },
  {
    method: 'POST',
    path: '/content',
    body: () =>
      valid(CreateContentRequestSchema, {
        componentId: 'sts',
        type: 'news',
        title: text('Nyhed', 'News'),
        body: text('Tekst', 'Text'),
        date: later(0),
      }),
  },
  {
    method: 'PATCH',
    path: '/content/:id',
    setup: createContent,
    body: () =>
      valid(EditContentRequestSchema, { type: 'faq', title: text('Spørgsmål', 'Question'), body: text('Svar', 'Answer'), date: later(1) }),
  },
  { method: 'DELETE', path: '/content/:id', setup: createContent },
];

/** Mutations of a route that takes no body: none, or `{}` as JSON, is valid; any other body must be refused. */
function noBodyMutations(): fc.Arbitrary<Mutation> {
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.constant<Mutation>({
        kind: 'valid (no body)',
        detail: 'none',
        body: () => undefined,
        headers: { 'content-type': null },
      }),
    },
    {
      weight: 4,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            '{}',
            '[]',
            'null',
            '{"":1}',
            '{"reason":"x"}',
            '{"message":{"da":"x"}}',
            ' ',
            'x',
            `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
          ),
          fc.json({ maxDepth: 2 }),
        )
        .chain((raw) =>
          fc
            .tuple(fc.constantFrom('application/json', 'text/plain', 'application/octet-stream'), fc.option(fc.uuid()))
            .map<Mutation>(([type, key]) => {
              // `{}` as JSON is taken, for clients that always send JSON (ADR 9); anything else is refused.
              const emptyObject = type === 'application/json' && raw === '{}';
              return {
                kind: emptyObject ? 'valid (empty object)' : 'body on a route that takes none',
                detail: `${type} ${key ? 'with Idempotency-Key ' : ''}${raw.slice(0, 40)}`,
                body: () => Buffer.from(raw, 'utf8'),
                headers: { 'content-type': type, ...(key ? { 'idempotency-key': key } : {}) },
                ...(emptyObject ? {} : { refuse: { statuses: [400, 413, 415] } }),
              };
            }),
        ),
    },
  );
}

/**
 * Every case of an admin write route: mutations of its body (or, for a route without one, bodies
 * it must refuse) and of its `:id`.
 *
 * @example
 * fc.sample(adminMutations(ADMIN_ROUTES[0]!), 3);
 */
export function adminMutations(route: AdminRoute): fc.Arbitrary<Mutation> {
  const body = route.body ? bodyMutations(route.body(0)) : noBodyMutations();
  return route.path.includes(':id') ? fc.oneof({ weight: 5, arbitrary: body }, { weight: 1, arbitrary: idMutations(route) }) : body;
}

/** A public read route: its path (`:id` filled from `ids`), the valid query, and its own mutations. */
export interface PublicRoute {
  /** Default: `PUBLIC` (`/api/v1`). */
  prefix?: string;
  path: string;
  /** A real id for `:id` (found in the seeded state). */
  id?: (server: FuzzServer) => Promise<string>;
  query: QueryParam[];
  /** The stream: its body never ends, so only the head is read. */
  stream?: boolean;
}

/** The seeded incident's id: the one active incident of the demo landscape. */
async function seededIncident(server: FuzzServer): Promise<string> {
  const res = await server.send({ method: 'GET', path: `${PUBLIC}/incidents` });
  return (JSON.parse(res.body) as { incidents: Array<{ id: string }> }).incidents[0]!.id;
}

/** Every public read route (http/public-routes.ts and the v2 API). */
export const PUBLIC_ROUTES: PublicRoute[] = [
  // The same list syntax as the stream's; unknown ids are fine (ignored), malformed lists a 400.
  { path: '/summary', query: [{ name: 'components', valid: 'ky,nope,ky' }] },
  { path: '/components', query: [{ name: 'ids', valid: 'ky,sts' }] },
  { path: '/components/:id', id: async () => 'ky', query: [] },
  {
    path: '/incidents',
    query: [
      { name: 'state', valid: 'recent' },
      { name: 'limit', valid: '20' },
    ],
  },
  { path: '/incidents/:id', id: seededIncident, query: [] },
  {
    path: '/maintenances',
    query: [
      { name: 'state', valid: 'upcoming' },
      { name: 'limit', valid: '5' },
    ],
  },
  {
    path: '/content',
    query: [
      { name: 'component', valid: 'ky' },
      { name: 'type', valid: 'news' },
      { name: 'limit', valid: '5' },
    ],
  },
  {
    path: '/stream',
    stream: true,
    query: [
      { name: 'components', valid: 'ky,nope' },
      { name: 'lastEventId', valid: '1' },
    ],
  }, // The Statuspage v2 reads (statuspage/v2-routes.ts): one parameter, the language.
  ...[
    'summary',
    'status',
    'components',
    'incidents',
    'incidents/unresolved',
    'scheduled-maintenances',
    'scheduled-maintenances/upcoming',
    'scheduled-maintenances/active',
  ].map((name) => ({ prefix: V2, path: `/${name}.json`, query: [{ name: 'lang', valid: 'en' }] })),
];

/** The audit trail (admin only): a read with a strict query. */
export const AUDIT_QUERY: QueryParam[] = [
  { name: 'component', valid: 'sts' },
  { name: 'vendor', valid: 'infra-drift' },
  { name: 'actor', valid: 'seed' },
  { name: 'since', valid: '2020-01-01T00:00:00Z' },
  { name: 'until', valid: '2099-01-01T00:00:00Z' },
  { name: 'after', valid: '0' },
  { name: 'limit', valid: '10' },
];

/** Header values to try on every read; `Last-Event-ID` must be a sequence number on the stream. */
const IF_NONE_MATCH = ['*', '"x"', 'W/"x"', '"', '""', ',', 'x'.repeat(8000), '\u00ff\u00fe', '"a", "b", W/"c"'];
const LAST_EVENT_ID_BAD = ['-1', '1e3', 'abc', '1.5', '1 2', '0x10', '\u00ff', '9'.repeat(16), '%00'];

/**
 * Every case of a public read route: its query mutated, its `:id` poisoned, odd headers.
 *
 * @example
 * fc.sample(publicMutations(PUBLIC_ROUTES[3]!), 3);
 */
export function publicMutations(route: PublicRoute): fc.Arbitrary<Mutation> {
  const arbitraries: Array<fc.WeightedArbitrary<Mutation>> = [
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'valid', detail: 'no query', query: '' }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...IF_NONE_MATCH)
        .map<Mutation>((value) => ({ kind: 'odd If-None-Match', detail: value.slice(0, 20), headers: { 'if-none-match': value } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('text/html', '*/*;q=0', 'application/problem+json', '\u00ff', 'x'.repeat(4000))
        .map<Mutation>((value) => ({ kind: 'odd Accept', detail: value.slice(0, 20), headers: { accept: value } })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('&&&', '=', '%', 'a=%', '%00=1', '%FF=%FF', `a=${'b'.repeat(20_000)}`)
        .map<Mutation>((raw) => ({ kind: 'raw query junk', detail: raw.slice(0, 30), query: raw })),
    },
  ];
  if (route.query.length) arbitraries.push({ weight: 6, arbitrary: queryMutations(route.query, false) });
  // HEAD on the stream is the stream's own test (live/); on the other reads it is answered like GET, without a body.
  if (!route.stream) arbitraries.push({ weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'HEAD', detail: 'HEAD', method: 'HEAD' }) });
  if (route.id) arbitraries.push({ weight: 4, arbitrary: idMutations() });
  if (route.stream)
    arbitraries.push({
      weight: 2,
      arbitrary: fc.constantFrom(...LAST_EVENT_ID_BAD).map<Mutation>((value) => ({
        kind: 'bad Last-Event-ID',
        detail: value.slice(0, 20),
        query: 'components=ky',
        headers: { 'last-event-id': value },
        refuse: { statuses: [400], field: 'Last-Event-ID' },
      })),
    });
  return fc.oneof(...arbitraries);
}
