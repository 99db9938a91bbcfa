import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { registerFeedRoutes } from '../feeds/feed-routes.js';
import { matchesIfNoneMatch } from '../http/if-none-match.js';
import { etagOf } from '../read/etag.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Store } from '../store/store.js';
import { STYLESHEET_PATH } from './layout.js';
import { registerAccessibilityRoutes } from './accessibility-routes.js';
import { registerComponentRoutes } from './component-routes.js';
import { createPageResponder, type PageResponder } from './page-responder.js';
import { HomePage } from './pages/home-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { renderPage } from './render-page.js';
import { renderedPage } from './rendered-page.js';
import { setSiteHeaders } from './site-headers.js';
import { SITE_CSS } from './site.styles.js';

export interface SiteOptions {
  readModel: ReadModelHolder;
  store: Store;
  /** Where users reach the server (`PUBLIC_URL`), for absolute links in feeds and calendars. */
  publicUrl?: string | undefined;
}

/** What each group of site routes is registered with. */
export interface SiteContext extends SiteOptions {
  pages: PageResponder;
}

/**
 * The status website, server-rendered, working without JavaScript: `/`, `/c/:component`,
 * `/incidents/:id` and the stylesheet. Danish by default, `?lang=en` for English. Each page is
 * rendered once per change of the read model (its sequence is in the cache key) and answered
 * with an ETag (304 on `If-None-Match`), brotli or gzip when the client takes it.
 *
 * @example
 * registerSiteRoutes(app, { readModel, store });
 */
export function registerSiteRoutes(app: FastifyInstance, options: SiteOptions): void {
  const site: SiteContext = { ...options, pages: createPageResponder(options.readModel) };
  const { readModel, store, pages } = site;

  app.get('/', (request, reply) =>
    pages.answer(request, reply, '/', (lang) => renderedPage(200, renderPage(h(HomePage, { view: readModel.current().view, lang })))),
  );

  registerComponentRoutes(app, site);
  registerAccessibilityRoutes(app, site);

  app.get<{ Params: { id: string } }>('/incidents/:id', (request, reply) => {
    const { id } = request.params;
    return pages.answer(request, reply, `/incidents/${id}`, async (lang) => {
      const { view } = readModel.current();
      const incident = view.incidents.recent.find((i) => i.id === id) ?? (await store.incident(id));
      if (!incident) return pages.notFound(lang);
      return renderedPage(200, renderPage(h(IncidentPage, { view, incident, lang })));
    });
  });

  registerFeedRoutes(app, site, { publicUrl: site.publicUrl });

  const css = Buffer.from(SITE_CSS);
  const cssEtag = etagOf(css);
  app.get(STYLESHEET_PATH, (request, reply) => {
    setSiteHeaders(reply).header('cache-control', 'public, max-age=300').header('etag', cssEtag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], cssEtag)) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(css);
  });
}
