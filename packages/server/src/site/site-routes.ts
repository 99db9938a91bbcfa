import { LangSchema, type Lang } from '@kdi-status/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod/mini';
import { chooseCoding } from '../http/accept-encoding.js';
import { matchesIfNoneMatch } from '../http/if-none-match.js';
import { parseQuery } from '../http/validate-query.js';
import { createBoundedCache } from '../read/bounded-cache.js';
import { etagOf } from '../read/etag.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Store } from '../store/store.js';
import { STYLESHEET_PATH } from './layout.js';
import { ComponentPage } from './pages/component-page.js';
import { HomePage } from './pages/home-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { renderPage } from './render-page.js';
import { renderedPage, type RenderedPage } from './rendered-page.js';
import { setSiteHeaders } from './site-headers.js';
import { SITE_CSS } from './site.styles.js';

/** The site's one query parameter; others (tracking tags) are ignored. */
const PageQuerySchema = z.object({ lang: z.optional(LangSchema) });

/** Rendered pages kept, per read-model sequence: every page of a change is rendered once. */
const PAGE_CACHE = { maxEntries: 1000, maxBytes: 32 * 1024 * 1024 };

export interface SiteOptions {
  readModel: ReadModelHolder;
  store: Store;
}

/**
 * The status website, server-rendered, working without JavaScript: `/`, `/c/:component`,
 * `/incidents/:id` and the stylesheet. Danish by default, `?lang=en` for English. Each page is
 * rendered once per change of the read model (its sequence is in the cache key) and answered
 * with an ETag (304 on `If-None-Match`), gzipped when the client takes it.
 *
 * @example
 * registerSiteRoutes(app, { readModel, store });
 */
export function registerSiteRoutes(app: FastifyInstance, options: SiteOptions): void {
  const { readModel, store } = options;
  const cache = createBoundedCache<RenderedPage>({ ...PAGE_CACHE, sizeOf: (p) => 2 * p.body.length });

  /** The cached page of `key` at the current sequence, rendered by `render` when missing. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, key: string, render: (lang: Lang) => Promise<RenderedPage>) => {
    const { lang = 'da' } = parseQuery(PageQuerySchema, request.query);
    const sequence = readModel.current().view.summary.sequence;
    const cacheKey = `${sequence}\u0000${lang}\u0000${key}`;
    const page = cache.get(cacheKey) ?? cache.set(cacheKey, await render(lang));
    const coding = chooseCoding(request.headers['accept-encoding'], ['gzip', 'identity']);
    const { body, etag } = coding === 'gzip' ? page.gzipped() : page;
    setSiteHeaders(reply).header('cache-control', 'no-cache').header('vary', 'Accept-Encoding').header('etag', etag);
    if (page.status === 200 && matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    if (coding === 'gzip') reply.header('content-encoding', 'gzip');
    return reply.code(page.status).type('text/html; charset=utf-8').send(body);
  };
  const notFound = (lang: Lang) => renderedPage(404, renderPage(h(NotFoundPage, { lang })));

  app.get('/', (request, reply) =>
    answer(request, reply, '/', async (lang) => renderedPage(200, renderPage(h(HomePage, { view: readModel.current().view, lang })))),
  );

  app.get<{ Params: { component: string } }>('/c/:component', (request, reply) => {
    const id = request.params.component;
    return answer(request, reply, `/c/${id}`, async (lang) => {
      const { view } = readModel.current();
      const component = view.componentsById.get(id);
      if (!component) return notFound(lang);
      const content = await store.contentItems({ componentId: id });
      return renderedPage(200, renderPage(h(ComponentPage, { view, component, content, lang })));
    });
  });

  app.get<{ Params: { id: string } }>('/incidents/:id', (request, reply) => {
    const { id } = request.params;
    return answer(request, reply, `/incidents/${id}`, async (lang) => {
      const { view } = readModel.current();
      const incident = view.incidents.recent.find((i) => i.id === id) ?? (await store.incident(id));
      if (!incident) return notFound(lang);
      return renderedPage(200, renderPage(h(IncidentPage, { view, incident, lang })));
    });
  });

  const css = Buffer.from(SITE_CSS);
  const cssEtag = etagOf(css);
  app.get(STYLESHEET_PATH, (request, reply) => {
    setSiteHeaders(reply).header('cache-control', 'public, max-age=300').header('etag', cssEtag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], cssEtag)) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(css);
  });
}
