import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { registerFeedRoutes } from '../feeds/feed-routes.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Store } from '../store/store.js';
import { STYLESHEET_PATH } from './layout.js';
import { registerAccessibilityRoutes } from './accessibility-routes.js';
import { registerComponentRoutes } from './component-routes.js';
import { kommuneOf } from './municipality-query.js';
import { createPageResponder, type PageResponder } from './page-responder.js';
import { downstreamIncidents } from './incident-chain.js';
import { HomePage } from './pages/home-page.js';
import { IncidentPage } from './pages/incident-page.js';
import { registerHistoryRoutes } from './history-routes.js';
import { renderPage } from './render-page.js';
import { renderedPage, sendRendered } from './rendered-page.js';
import { setSiteHeaders } from './site-headers.js';
import { SITE_CSS } from './site.styles.js';
import { createUptimeHolder, type UptimeHolder } from './uptime-holder.js';

export interface SiteOptions {
  readModel: ReadModelHolder;
  store: Store;
  /** Where users reach the server (`PUBLIC_URL`), for absolute links in feeds and calendars. */
  publicUrl?: string | undefined;
  /** Mail is configured (`SMTP_URL`): the front page and the component pages offer the sign-up form. */
  mailEnabled?: boolean | undefined;
}

/** What each group of site routes is registered with. */
export interface SiteContext extends SiteOptions {
  pages: PageResponder;
  /** The one timeline fold behind the 90-day bars, kept current by the store's commits. */
  uptime: UptimeHolder;
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
  const site: SiteContext = { ...options, pages: createPageResponder(options.readModel), uptime: createUptimeHolder(options.store) };
  const { readModel, store, pages } = site;

  // Keyed by the minute too: today's uptime grows while an outage lasts, and the 90 days move at midnight.
  app.get('/', (request, reply) => {
    const now = new Date();
    // `?kommune=0751`: what affects that municipality only (read/municipality-view.ts).
    const kommune = kommuneOf(request.query);
    return pages.answer(request, reply, `/\u0000${Math.floor(now.getTime() / 60_000)}\u0000${kommune ?? ''}`, async (lang) => {
      const view = readModel.current().viewFor(kommune);
      const uptime = await site.uptime.bars(view.summary.components, now);
      return renderedPage(200, renderPage(h(HomePage, { view, uptime, subscribe: site.mailEnabled === true, kommune, lang })));
    });
  });
  registerHistoryRoutes(app, site);

  registerComponentRoutes(app, site);
  registerAccessibilityRoutes(app, site);

  app.get<{ Params: { id: string } }>('/incidents/:id', (request, reply) => {
    const { id } = request.params;
    return pages.answer(request, reply, `/incidents/${id}`, async (lang) => {
      const { view } = readModel.current();
      const incident = view.incidents.recent.find((i) => i.id === id) ?? (await store.incident(id));
      if (!incident) return pages.notFound(lang);
      // The chain: the upstream incident (perhaps resolved long ago) and the linked ones of the last days.
      const cause = incident.causedBy?.incident;
      const upstream =
        cause === undefined ? undefined : (view.incidents.recent.find((i) => i.id === cause) ?? (await store.incident(cause)));
      const removed = incident.removedCause?.incident;
      const removedUpstream =
        removed === undefined ? undefined : (view.incidents.recent.find((i) => i.id === removed) ?? (await store.incident(removed)));
      const downstream = downstreamIncidents(id, view.incidents.recent);
      return renderedPage(200, renderPage(h(IncidentPage, { view, incident, lang, upstream, removedUpstream, downstream })));
    });
  });

  registerFeedRoutes(app, site, { publicUrl: site.publicUrl });

  // The stylesheet: made once with its compressed twins, cached five minutes, then revalidated.
  const css = renderedPage(200, SITE_CSS, 'text/css; charset=utf-8');
  app.get(STYLESHEET_PATH, (request, reply) => {
    setSiteHeaders(reply).header('cache-control', 'public, max-age=300');
    return sendRendered(request, reply, css);
  });
}
