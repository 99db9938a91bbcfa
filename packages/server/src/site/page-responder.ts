import { LangSchema, type Lang } from '@kdi-status/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { z } from 'zod/mini';
import { parseQuery } from '../http/validate-query.js';
import { createBoundedCache } from '../read/bounded-cache.js';
import type { ReadModelHolder } from '../read/read-model.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { renderPage } from './render-page.js';
import { renderedPage, sendRendered, type RenderedPage } from './rendered-page.js';
import { setSiteHeaders } from './site-headers.js';

/** The site's one common query parameter; others (a route's own, tracking tags) are ignored here. */
const PageQuerySchema = z.object({ lang: z.optional(LangSchema) });

/** Rendered pages kept, per read-model sequence: every page of a change is rendered once. */
const PAGE_CACHE = { maxEntries: 1000, maxBytes: 32 * 1024 * 1024 };

/** Renders the answer for one language (and whatever the route read from its own query). */
export type RenderFn = (lang: Lang) => Promise<RenderedPage> | RenderedPage;

export interface PageResponder {
  /**
   * Answers `request` with the page under `key` at the read model's current sequence, rendering
   * it with `render` when it is not cached: ETag, 304, brotli or gzip by `Accept-Encoding`, the
   * site's security headers. `key` must name everything the page depends on besides the
   * sequence and the language (the path, a page number, an instant).
   */
  answer(request: FastifyRequest, reply: FastifyReply, key: string, render: RenderFn): Promise<FastifyReply>;
  /** The site's 404 page in `lang`. */
  notFound(lang: Lang): RenderedPage;
}

/**
 * One cache and one way of answering for every site route (pages, feeds, calendars, badges), so
 * each is rendered once per change and served compressed with an ETag.
 *
 * @example
 * const pages = createPageResponder(readModel);
 * app.get('/', (request, reply) => pages.answer(request, reply, '/', (lang) => renderedPage(200, html(lang))));
 */
export function createPageResponder(readModel: ReadModelHolder): PageResponder {
  const cache = createBoundedCache<RenderedPage>({ ...PAGE_CACHE, sizeOf: (p) => 2 * p.body.length });
  return {
    async answer(request, reply, key, render) {
      const { lang = 'da' } = parseQuery(PageQuerySchema, request.query);
      const sequence = readModel.current().view.summary.sequence;
      const cacheKey = `${sequence}\u0000${lang}\u0000${key}`;
      let page = cache.get(cacheKey);
      if (!page) {
        page = await render(lang);
        // Only pages that exist are kept: made-up paths (/c/<anything>) must not push them out.
        if (page.status === 200) cache.set(cacheKey, page);
      }
      setSiteHeaders(reply).header('cache-control', 'no-cache');
      return sendRendered(request, reply, page);
    },
    notFound: (lang) => renderedPage(404, renderPage(h(NotFoundPage, { lang }))),
  };
}
