import { LangSchema } from '@kdi-status/sdk';
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { z } from 'zod/mini';
import { summaryAt } from '../history/summary-at.js';
import { copenhagenDate, copenhagenMidnight } from '../history/uptime.js';
import { parseQuery } from '../http/validate-query.js';
import { UnprocessableError } from '../domain/errors.js';
import { AsOfQuerySchema } from './as-of-query.js';
import { AsOfPage } from './pages/as-of-page.js';
import { HistoryPage } from './pages/history-page.js';
import { MaintenancePage } from './pages/maintenance-page.js';
import { renderPage } from './render-page.js';
import { renderedPage } from './rendered-page.js';
import type { SiteContext } from './site-routes.js';

/** Finished maintenance windows per page of `/maintenance`. */
export const MAINTENANCE_PAGE_SIZE = 20;

const MaintenanceQuerySchema = z.object({
  lang: z.optional(LangSchema),
  page: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9]\d{0,5}$/, { error: 'must be a page number from 1 to 999999' })),
      z.transform((value: string) => Number(value)),
    ),
  ),
});

const HistoryQuerySchema = z.object({
  lang: z.optional(LangSchema),
  month: z.optional(
    z.string().check(z.regex(/^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])$/, { error: 'must be a month as YYYY-MM, e.g. 2026-11' })),
  ),
});

/** The month after (`+1`) or before (`-1`) a `YYYY-MM`. */
function shiftMonth(month: string, by: 1 | -1): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, m - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/**
 * The history pages of the status site: `/as-of?at=…` (the page as it was, from the event log
 * through the replay checkpoints), `/maintenance` (paged with `?page=`) and `/history?month=…`.
 * A bad parameter is a 400 problem naming it (others are ignored, as on every page); an `at` or
 * a month in the future a 422, as the API gives. Pages are rendered once per change, language and
 * key (the instant, the page, the month). Also stops the site's uptime fold with the server.
 *
 * @example
 * registerHistoryRoutes(app, site); // from registerSiteRoutes
 */
export function registerHistoryRoutes(app: FastifyInstance, site: SiteContext): void {
  const { readModel, store, pages } = site;
  app.addHook('onClose', async () => site.uptime.close());

  app.get('/as-of', (request, reply) => {
    const { at } = parseQuery(AsOfQuerySchema, request.query);
    const key = at ? `/as-of?at=${at.toISOString()}` : '/as-of';
    return pages.answer(request, reply, key, async (lang) => {
      if (!at) return renderedPage(200, renderPage(h(AsOfPage, { lang })));
      // Refuses an instant after now with a 422 naming `at` (the future is not in the log).
      const summary = await summaryAt(store, at);
      const hash = summary.sequence > 0 ? ((await store.eventHash(summary.sequence)) ?? null) : null;
      return renderedPage(200, renderPage(h(AsOfPage, { lang, shown: { at, summary, hash } })));
    });
  });

  app.get('/maintenance', (request, reply) => {
    const { page = 1 } = parseQuery(MaintenanceQuerySchema, request.query);
    return pages.answer(request, reply, `/maintenance?page=${page}`, async (lang) => {
      const { view } = readModel.current();
      const found = await store.finishedMaintenances({ limit: MAINTENANCE_PAGE_SIZE + 1, offset: (page - 1) * MAINTENANCE_PAGE_SIZE });
      if (page > 1 && found.length === 0) return pages.notFound(lang);
      const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
      return renderedPage(
        200,
        renderPage(
          h(MaintenancePage, {
            lang,
            active: view.maintenances.active,
            upcoming: view.maintenances.upcoming,
            finished: found.slice(0, MAINTENANCE_PAGE_SIZE),
            page,
            hasNext: found.length > MAINTENANCE_PAGE_SIZE,
            names,
            updatedAt: view.summary.updatedAt,
          }),
        ),
      );
    });
  });

  app.get('/history', (request, reply) => {
    const query = parseQuery(HistoryQuerySchema, request.query);
    const current = copenhagenDate(new Date()).slice(0, 7);
    const month = query.month ?? current;
    if (month > current)
      throw new UnprocessableError('month_in_future', [
        { field: 'month', message: `is after this month (${current}): the log holds only what has happened` },
      ]);
    return pages.answer(request, reply, `/history?month=${month}`, async (lang) => {
      const { view } = readModel.current();
      const from = new Date(copenhagenMidnight(`${month}-01`)).toISOString();
      const until = new Date(copenhagenMidnight(`${shiftMonth(month, 1)}-01`)).toISOString();
      const incidents = await store.incidentsDuring({ from, until });
      const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
      const previous = month > '1970-01' ? shiftMonth(month, -1) : null;
      const next = month < current ? shiftMonth(month, 1) : null;
      return renderedPage(200, renderPage(h(HistoryPage, { lang, month, previous, next, incidents, names })));
    });
  });
}
