import type { Lang } from '@kdi-status/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../domain/errors.js';
import type { StatusView } from '../read/status-view.js';
import { messagesFor } from '../site/messages.js';
import { renderedPage } from '../site/rendered-page.js';
import type { SiteContext } from '../site/site-routes.js';
import { renderAtom, type FeedHead } from './atom-feed.js';
import { renderBadge } from './badge.js';
import { renderCalendar } from './calendar.js';
import { feedEntries, scopeOf, tagUri } from './feed-entries.js';
import { createFeedIndex } from './feed-index.js';
import { publicOrigin, type PublicOrigin } from '../http/public-origin.js';
import { FEED_PATHS, inLang } from './feed-paths.js';
import { renderRss } from './rss-feed.js';

/** The media types of what these routes answer, with their charset. */
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const RSS_TYPE = 'application/rss+xml; charset=utf-8';
const CALENDAR_TYPE = 'text/calendar; charset=utf-8';
const SVG_TYPE = 'image/svg+xml; charset=utf-8';

export interface FeedRouteOptions {
  /** Where users reach the server (`PUBLIC_URL`): links, ids and UIDs are made from it. Default: the request's own origin. */
  publicUrl?: string | undefined;
}

/** The live component `id`, or a 404 problem naming the path parameter. */
function componentOf(view: StatusView, id: string) {
  const component = view.componentsById.get(id);
  if (!component)
    throw new NotFoundError('component_not_found', `No component "${id}".`, [{ field: 'component', message: 'is no component' }]);
  return component;
}

/**
 * Feeds, calendars and badges, server-side from the read model and the event log:
 * `/feeds/incidents.atom|rss` and `/c/:component/feed.atom|rss` (incidents and maintenance, newest
 * first, at most 50), `/calendar.ics` and `/c/:component/calendar.ics` (planned maintenance and
 * releases, stable UIDs, growing SEQUENCE), `/badge/:component.svg`. Danish by default, `?lang=en`.
 * Each is rendered once per change (and origin) through the site's page responder: ETag, 304,
 * brotli or gzip. An unknown component is a 404 problem naming `component`.
 *
 * @example
 * registerFeedRoutes(app, site); // in registerSiteRoutes
 */
export function registerFeedRoutes(app: FastifyInstance, site: SiteContext, options: FeedRouteOptions = {}): void {
  const { readModel, store, pages } = site;
  const index = createFeedIndex(store);
  const originOf = (request: FastifyRequest) => publicOrigin(request, options.publicUrl);

  /** What a feed of `componentId` (null: everything) says about itself. */
  const headOf = (
    format: 'atom' | 'rss',
    view: StatusView,
    componentId: string | null,
    lang: Lang,
    { origin, host }: PublicOrigin,
    updated: string,
  ): FeedHead => {
    const t = messagesFor(lang);
    const component = componentId === null ? null : componentOf(view, componentId);
    const atom = component ? FEED_PATHS.componentAtom(component.id) : FEED_PATHS.atom;
    const rss = component ? FEED_PATHS.componentRss(component.id) : FEED_PATHS.rss;
    return {
      id: tagUri(host, 'feed', component ? `c/${component.id}` : 'incidents'),
      title: component ? `${t.badgeTitleFor} ${component.name}: ${t.feedTitle}` : `${t.siteName}: ${t.feedTitle}`,
      subtitle: t.feedSubtitle,
      self: `${origin}${inLang(format === 'atom' ? atom : rss, lang)}`,
      page: `${origin}${inLang(component ? `/c/${encodeURIComponent(component.id)}` : '/', lang)}`,
      alternates: { atom: `${origin}${inLang(atom, lang)}`, rss: `${origin}${inLang(rss, lang)}` },
      author: t.siteName,
      updated,
      lang,
    };
  };

  const feed = (format: 'atom' | 'rss', request: FastifyRequest, componentId: string | null) => {
    const origin = originOf(request);
    return async (lang: Lang) => {
      const { view } = readModel.current();
      if (componentId !== null) componentOf(view, componentId);
      const state = await index.current();
      const entries = feedEntries(state, scopeOf(componentId, view.summary.components), lang, origin);
      const head = headOf(format, view, componentId, lang, origin, entries[0]?.updated ?? view.summary.updatedAt);
      return format === 'atom'
        ? renderedPage(200, renderAtom(head, entries), ATOM_TYPE)
        : renderedPage(200, renderRss(head, entries), RSS_TYPE);
    };
  };

  const calendar = (request: FastifyRequest, componentId: string | null) => {
    const origin = originOf(request);
    return async (lang: Lang) => {
      const { view } = readModel.current();
      const t = messagesFor(lang);
      const component = componentId === null ? null : componentOf(view, componentId);
      const state = await index.current();
      const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
      const name = component ? `${t.siteName} – ${component.name}: ${t.calendarName}` : `${t.siteName}: ${t.calendarName}`;
      const text = renderCalendar(state, {
        name,
        lang,
        origin,
        inScope: scopeOf(componentId, view.summary.components),
        names,
        now: new Date(),
      });
      return renderedPage(200, text, CALENDAR_TYPE);
    };
  };

  const keyOf = (request: FastifyRequest, what: string) => `${what}\u0000${originOf(request).origin}`;

  app.get(FEED_PATHS.atom, (request, reply) => pages.answer(request, reply, keyOf(request, 'feed:atom'), feed('atom', request, null)));
  app.get(FEED_PATHS.rss, (request, reply) => pages.answer(request, reply, keyOf(request, 'feed:rss'), feed('rss', request, null)));
  app.get(FEED_PATHS.calendar, (request, reply) => pages.answer(request, reply, keyOf(request, 'calendar'), calendar(request, null)));

  app.get<{ Params: { component: string } }>('/c/:component/feed.atom', (request, reply) => {
    const id = request.params.component;
    return pages.answer(request, reply, keyOf(request, `feed:atom:${id}`), feed('atom', request, id));
  });
  app.get<{ Params: { component: string } }>('/c/:component/feed.rss', (request, reply) => {
    const id = request.params.component;
    return pages.answer(request, reply, keyOf(request, `feed:rss:${id}`), feed('rss', request, id));
  });
  app.get<{ Params: { component: string } }>('/c/:component/calendar.ics', (request, reply) => {
    const id = request.params.component;
    return pages.answer(request, reply, keyOf(request, `calendar:${id}`), calendar(request, id));
  });

  // `/badge/:component.svg`: the router takes the whole last segment; the suffix is checked here.
  app.get<{ Params: { file: string } }>('/badge/:file', (request, reply) => {
    const { file } = request.params;
    const id = file.endsWith('.svg') ? file.slice(0, -'.svg'.length) : null;
    if (id === null)
      throw new NotFoundError('component_not_found', `No badge "${file}": badges end in .svg.`, [
        { field: 'component', message: 'must be a component id followed by .svg' },
      ]);
    return pages.answer(request, reply, `badge:${id}`, (lang) => {
      const component = componentOf(readModel.current().view, id);
      return renderedPage(200, renderBadge({ name: component.name, status: component.effective.status, lang }), SVG_TYPE);
    });
  });
}
