import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ComponentListQuerySchema,
  ContentListQuerySchema,
  IncidentListQuerySchema,
  MaintenanceListQuerySchema,
  StreamQuerySchema,
  SummaryQuerySchema,
} from '@kdi-status/sdk';
import { chosenMunicipality } from '../domain/affected-municipalities.js';
import { InvalidInputError, NotFoundError } from '../domain/errors.js';
import { summaryAt } from '../history/summary-at.js';
import { detachFromHttp } from '../live/detach-socket.js';
import type { LiveHub } from '../live/live-hub.js';
import { etagOf } from '../read/etag.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Store } from '../store/store.js';
import { chooseCoding, type Coding } from './accept-encoding.js';
import { matchesIfNoneMatch } from './if-none-match.js';
import { routeNotFound } from './problem.js';
import { clientOf } from './rate-limit.js';
import { publicLogRoutes } from './log-routes.js';
import { parseQuery } from './validate-query.js';
import type { LogSigner } from '../write/signing-key.js';

/** Where the public read API lives. */
export const PUBLIC_PREFIX = '/api/v1';

/**
 * Headers of every public answer, errors and 404s included: any origin may read it (the widget
 * runs inside other people's apps) and may see the ETag (conditional requests), Retry-After (a refused stream's backoff) and
 * Log-Hash (the chain hash a past summary stands on). Admin routes
 * get none of this.
 */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Retry-After, Log-Hash',
} as const;
/** A CDN may serve lists for a few seconds. Errors override it with `no-store`. */
const LIST_CACHE_CONTROL = 'public, max-age=5';
/** A filtered summary is a few KB: gzip (fast, everywhere) is all it is worth. */
const GZIP_OR_NONE: readonly Coding[] = ['gzip', 'identity'];
/** Below this many characters gzip saves less than it costs. */
const COMPRESS_FROM = 1024;
/** The summary may be served a little stale while it is revalidated with its ETag. */
const SUMMARY_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';
/** The summary of a past instant stays what it was: a CDN may keep it for an hour. */
const PAST_SUMMARY_CACHE_CONTROL = 'public, max-age=3600';

/**
 * Sets the headers every public answer carries. The plugin's hook calls it for every request it
 * routes; app.ts also for errors found before routing (a malformed URL) on a public path.
 *
 * @example
 * setPublicHeaders(reply);
 */
export function setPublicHeaders(reply: FastifyReply): void {
  reply.headers(CORS_HEADERS).header('cache-control', LIST_CACHE_CONTROL);
}

export interface PublicRoutesOptions {
  readModel: ReadModelHolder;
  store: Store;
  hub: LiveHub;
  /** The checkpoint signer, whose public key `/log/public-key` publishes. */
  signer: LogSigner;
  now: () => Date;
}

/** The component ids of a comma list that the read model does not know, as one 404. */
function assertKnown(readModel: ReadModelHolder, ids: readonly string[]): void {
  const known = readModel.current().view.componentsById;
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new NotFoundError('component_not_found', `No component ${unknown.map((id) => `"${id}"`).join(', ')}.`);
}

/**
 * The public read API (register with `{ prefix: PUBLIC_PREFIX }`): answered from the read model
 * in memory, the summary from bytes serialized once per change, the live stream handed to the
 * hub. One hook sets CORS and caching for every answer of this plugin, its 404s included, so a
 * cross-origin reader sees the 404 and not a CORS error.
 *
 * @example
 * await app.register(publicRoutes, { prefix: PUBLIC_PREFIX, readModel, store, hub });
 */
export async function publicRoutes(api: FastifyInstance, options: PublicRoutesOptions): Promise<void> {
  const { readModel, store, hub } = options;
  const view = () => readModel.current().view;

  // A callback hook, not an async one: no promise per request on the hottest route.
  api.addHook('onRequest', (_request, reply, done) => {
    setPublicHeaders(reply);
    done();
  });
  api.setNotFoundHandler(routeNotFound);
  // The other JSON reads are serialised per request: gzipped when the client takes it and they are
  // worth it (the summary and the stream do their own).
  api.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' || payload.length < COMPRESS_FROM || reply.hasHeader('content-encoding')) return done(null, payload);
    reply.header('vary', 'Accept-Encoding');
    if (chooseCoding(request.headers['accept-encoding'], GZIP_OR_NONE) !== 'gzip') return done(null, payload);
    reply.header('content-encoding', 'gzip').removeHeader('content-length');
    done(null, gzipSync(payload, { level: 6 }));
  });

  // `?components=ky,ksd`: only what a widget of those shows (ids it does not know are ignored), with
  // its own ETag; without it, the whole summary. Either gzipped for a client that takes it.
  api.get('/summary', (request, reply) => {
    // No query at all (every poll of the whole summary): no schema run on the hottest route.
    const query = request.url.includes('?') ? parseQuery(SummaryQuerySchema, request.query) : {};
    const { components, at } = query;
    const municipality = chosenMunicipality(query.municipality, 'municipality');
    if (at !== undefined) return pastSummary(request, reply, at, components, municipality);
    const summary = readModel.current().summaryFor(components ? components.split(',') : null, municipality);
    // Gzipped once per change (the twin is kept), for a client that takes it; a poll without
    // Accept-Encoding gets the bytes as they always were.
    const gzip = chooseCoding(request.headers['accept-encoding'], GZIP_OR_NONE) === 'gzip';
    const { body, etag } = gzip ? summary.gzipped() : summary;
    reply.header('vary', 'Accept-Encoding');
    reply.header('cache-control', SUMMARY_CACHE_CONTROL).header('etag', etag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.type('application/json; charset=utf-8').send(body);
  });

  // `?at=`: the summary as it was then, rebuilt from the event log on every request (nothing of
  // it is kept here: a CDN may keep it, since the past does not change).
  async function pastSummary(
    request: FastifyRequest,
    reply: FastifyReply,
    at: string,
    components: string | undefined,
    municipality: string | null,
  ) {
    const summary = await summaryAt(store, at, { components: components ? components.split(',') : null, municipality });
    // The chain hash of the last event it stands on (docs/adr/0021-tamper-evident-log.md).
    const hash = summary.sequence > 0 ? await store.eventHash(summary.sequence) : undefined;
    if (hash) reply.header('log-hash', hash);
    const body = Buffer.from(JSON.stringify(summary));
    const gzip = chooseCoding(request.headers['accept-encoding'], GZIP_OR_NONE) === 'gzip';
    const etag = `${etagOf(body).slice(0, -1)}${gzip ? '-gz' : ''}"`;
    reply.header('vary', 'Accept-Encoding').header('cache-control', PAST_SUMMARY_CACHE_CONTROL).header('etag', etag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.type('application/json; charset=utf-8').send(gzip ? gzipSync(body, { level: 6 }) : body);
  }

  api.get('/components', (request) => {
    const { ids } = parseQuery(ComponentListQuerySchema, request.query);
    const all = view().summary.components;
    if (!ids) return { components: all };
    const wanted = ids.split(',');
    assertKnown(readModel, wanted);
    return { components: all.filter((c) => wanted.includes(c.id)) };
  });

  api.get<{ Params: { id: string } }>('/components/:id', (request) => {
    const component = view().componentsById.get(request.params.id);
    if (!component) throw new NotFoundError('component_not_found', `No component "${request.params.id}".`);
    return component;
  });

  api.get('/incidents', (request) => {
    const { state, limit } = parseQuery(IncidentListQuerySchema, request.query);
    return { incidents: view().incidents[state].slice(0, limit ?? 100) };
  });

  api.get<{ Params: { id: string } }>('/incidents/:id', async (request) => {
    const { id } = request.params;
    // Recent incidents are in memory; older ones are read from the store.
    const incident = view().incidents.recent.find((i) => i.id === id) ?? (await store.incident(id));
    if (!incident) throw new NotFoundError('incident_not_found', `No incident "${id}".`);
    return incident;
  });

  api.get('/maintenances', (request) => {
    const { state, limit } = parseQuery(MaintenanceListQuerySchema, request.query);
    return { maintenances: view().maintenances[state].slice(0, limit ?? 100) };
  });

  api.get('/content', async (request) => {
    const { component, type, limit } = parseQuery(ContentListQuerySchema, request.query);
    if (component) assertKnown(readModel, [component]);
    return { content: (await store.contentItems({ componentId: component, type })).slice(0, limit ?? 100) };
  });

  /** A stream request's filter and resume point, validated like every route's input (problem+json). */
  const streamRequest = (request: FastifyRequest) => {
    const query = parseQuery(StreamQuerySchema, request.query);
    const header = request.headers['last-event-id'];
    let lastEventId = query.lastEventId ?? null;
    if (header !== undefined && header !== '') {
      if (!/^\d{1,15}$/.test(String(header)))
        throw new InvalidInputError('invalid_header', [{ field: 'Last-Event-ID', message: 'must be an event sequence number' }]);
      lastEventId = Number(header);
    }
    // Unknown ids are ignored, not a 404: one retired component must not turn a page's live
    // updates into polling (a component made later under that id joins the filter).
    const ids = query.components ? query.components.split(',') : null;
    return { ids, lastEventId, municipality: chosenMunicipality(query.municipality, 'municipality') };
  };

  // Server-Sent Events. The request is validated and admitted here (bad input gets problem+json
  // like every route, a full server or address a 429/503 with Retry-After, its slot reserved
  // before anything waits); then the reply is hijacked and the hub owns the socket.
  api.get('/stream', { exposeHeadRoute: false }, (request, reply) => {
    const { ids, lastEventId, municipality } = streamRequest(request);
    const slot = hub.admit(clientOf(request.ip));
    const socket = request.raw.socket;
    try {
      reply.hijack();
      detachFromHttp(socket);
    } catch (error) {
      hub.release(slot);
      socket.destroy();
      throw error;
    }
    void hub.subscribe(socket, ids, lastEventId, slot, municipality);
  });

  // HEAD answers what GET would, headers only, and opens nothing: Fastify's automatic HEAD would
  // run the GET handler, which hijacks the socket and streams.
  api.head('/stream', (request, reply) => {
    streamRequest(request);
    hub.checkAdmission(clientOf(request.ip));
    return reply.type('text/event-stream; charset=utf-8').header('cache-control', 'no-cache, no-transform').send();
  });

  // The signed checkpoints and their key: public, with this plugin's CORS and 404s.
  await api.register(publicLogRoutes, { prefix: '/log', store, signer: options.signer, now: options.now });

  // Conditional requests (If-None-Match) and Last-Event-ID make cross-origin reads preflighted.
  api.options('/*', (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'If-None-Match, Last-Event-ID, Accept')
      .header('access-control-max-age', '86400')
      .send(),
  );
}
