import type { FastifyInstance } from 'fastify';
import { ComponentListQuerySchema, ContentListQuerySchema, IncidentListQuerySchema, MaintenanceListQuerySchema } from '@kdi-status/sdk';
import { NotFoundError } from '../domain/errors.js';
import type { ReadModelHolder } from '../read-model.js';
import type { Store } from '../store/store.js';
import { matchesIfNoneMatch } from './etag.js';
import { isPublicRead, PUBLIC_HEADERS } from './public-headers.js';
import { parseQuery } from './validate-query.js';

/** A CDN may serve the summary for a few seconds and revalidate it with the ETag after. */
const SUMMARY_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';
const LIST_CACHE_CONTROL = 'public, max-age=5';

/**
 * The public read API: answered from the read model in memory; the summary from bytes
 * serialized once per change.
 *
 * @example
 * registerPublicRoutes(app, { readModel, store });
 */
export function registerPublicRoutes(app: FastifyInstance, deps: { readModel: ReadModelHolder; store: Store }): void {
  const { readModel, store } = deps;
  const view = () => readModel.current().view;

  app.get('/api/v1/summary', (request, reply) => {
    const { summaryBody, summaryEtag } = readModel.current();
    reply.headers(PUBLIC_HEADERS).header('cache-control', SUMMARY_CACHE_CONTROL).header('etag', summaryEtag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], summaryEtag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(summaryBody);
  });

  app.get('/api/v1/components', (request, reply) => {
    const { ids } = parseQuery(ComponentListQuerySchema, request.query);
    const all = view().summary.components;
    let components = all;
    if (ids) {
      const wanted = ids.split(',');
      const unknown = wanted.filter((id) => !view().componentsById.has(id));
      if (unknown.length) throw new NotFoundError('component_not_found', `No component ${unknown.map((id) => `"${id}"`).join(', ')}.`);
      components = all.filter((c) => wanted.includes(c.id));
    }
    return reply.headers(PUBLIC_HEADERS).header('cache-control', LIST_CACHE_CONTROL).send({ components });
  });

  app.get<{ Params: { id: string } }>('/api/v1/components/:id', (request, reply) => {
    const component = view().componentsById.get(request.params.id);
    if (!component) throw new NotFoundError('component_not_found', `No component "${request.params.id}".`);
    return reply.headers(PUBLIC_HEADERS).header('cache-control', LIST_CACHE_CONTROL).send(component);
  });

  app.get('/api/v1/incidents', (request, reply) => {
    const { state, limit } = parseQuery(IncidentListQuerySchema, request.query);
    const incidents = view().incidents[state].slice(0, limit ?? 100);
    return reply.headers(PUBLIC_HEADERS).header('cache-control', LIST_CACHE_CONTROL).send({ incidents });
  });

  app.get<{ Params: { id: string } }>('/api/v1/incidents/:id', async (request, reply) => {
    const { id } = request.params;
    // Recent incidents are in memory; older ones are read from the store.
    const incident = view().incidents.recent.find((i) => i.id === id) ?? (await store.incident(id));
    if (!incident) throw new NotFoundError('incident_not_found', `No incident "${id}".`);
    return reply.headers(PUBLIC_HEADERS).header('cache-control', LIST_CACHE_CONTROL).send(incident);
  });

  app.get('/api/v1/maintenances', (request, reply) => {
    const { state, limit } = parseQuery(MaintenanceListQuerySchema, request.query);
    const maintenances = view().maintenances[state].slice(0, limit ?? 100);
    return reply.headers(PUBLIC_HEADERS).header('cache-control', LIST_CACHE_CONTROL).send({ maintenances });
  });

  app.get('/api/v1/content', async (request, reply) => {
    const { component, type, limit } = parseQuery(ContentListQuerySchema, request.query);
    if (component && !view().componentsById.has(component)) throw new NotFoundError('component_not_found', `No component "${component}".`);
    const content = (await store.contentItems({ componentId: component, type })).slice(0, limit ?? 100);
    return reply.headers(PUBLIC_HEADERS).header('cache-control', LIST_CACHE_CONTROL).send({ content });
  });

  // Conditional requests (If-None-Match) and Last-Event-ID make cross-origin reads preflighted.
  app.options('/api/v1/*', (request, reply) => {
    // Admin routes are not for browsers on other origins: their preflight gets no CORS grant.
    if (!isPublicRead(request.url)) return reply.code(204).send();
    return reply
      .code(204)
      .headers(PUBLIC_HEADERS)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'If-None-Match, Last-Event-ID, Accept')
      .header('access-control-max-age', '86400')
      .send();
  });
}
