import { affectsMunicipality, LangSchema } from '@kdi-status/sdk';
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { z } from 'zod/mini';
import { dependencyClosure } from '../domain/dependency-graph.js';
import { parseQuery } from '../http/validate-query.js';
import { kommuneOf } from './municipality-query.js';
import { ComponentPage } from './pages/component-page.js';
import { renderPage } from './render-page.js';
import { renderedPage } from './rendered-page.js';
import type { Store } from '../store/store.js';
import type { SiteContext } from './site-routes.js';

/** Incidents per page of a component's history. */
export const HISTORY_PAGE_SIZE = 10;

/**
 * `/c/:component`'s query: the language and a page of the history (`?page=2`). Other parameters
 * (a tracking tag on a link in a mail) are ignored, as on every site page: a person follows links.
 */
const ComponentPageQuerySchema = z.object({
  lang: z.optional(LangSchema),
  page: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9][0-9]{0,5}$/, 'must be a page number: 1, 2, 3 …')),
      z.transform((value: string) => Number(value)),
    ),
  ),
});

/** How far back a municipality's history reaches: the store pages by component, not by municipality. */
const MUNICIPALITY_HISTORY_MAX = 1000;

/**
 * One page of the history of what affected `kommune`: the newest MUNICIPALITY_HISTORY_MAX
 * incidents of the closure, those limited to other municipalities left out, paged here.
 */
async function municipalityHistory(store: Store, ids: string[], kommune: string, page: number) {
  const { incidents } = await store.incidentsOfComponent(ids, { limit: MUNICIPALITY_HISTORY_MAX, offset: 0 });
  const affecting = incidents.filter((incident) => affectsMunicipality(incident, kommune));
  const offset = (page - 1) * HISTORY_PAGE_SIZE;
  return { incidents: affecting.slice(offset, offset + HISTORY_PAGE_SIZE), total: affecting.length };
}

/**
 * `/c/:component`, the fagløsning's own page, with one page of its incident history (the
 * incidents on it and on what it depends on, `HISTORY_PAGE_SIZE` a page). A page past the last is
 * the 404 page; a malformed `page` a 400 problem naming it.
 *
 * @example
 * registerComponentRoutes(app, site); // in registerSiteRoutes
 */
export function registerComponentRoutes(app: FastifyInstance, { readModel, store, pages, mailEnabled }: SiteContext): void {
  app.get<{ Params: { component: string } }>('/c/:component', (request, reply) => {
    const id = request.params.component;
    const { page = 1 } = parseQuery(ComponentPageQuerySchema, request.query);
    const kommune = kommuneOf(request.query);
    return pages.answer(request, reply, `/c/${id}?page=${page}&kommune=${kommune ?? ''}`, async (lang) => {
      const view = readModel.current().viewFor(kommune);
      const component = view.componentsById.get(id);
      if (!component) return pages.notFound(lang);
      const closure = dependencyClosure([id], view.summary.components);
      const [content, found] = await Promise.all([
        store.contentItems({ componentId: id }),
        kommune
          ? municipalityHistory(store, [...closure], kommune, page)
          : store.incidentsOfComponent([...closure], { limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE }),
      ]);
      const last = Math.max(1, Math.ceil(found.total / HISTORY_PAGE_SIZE));
      if (page > last) return pages.notFound(lang);
      const history = { incidents: found.incidents, page, pages: last };
      return renderedPage(
        200,
        renderPage(h(ComponentPage, { view, component, closure, content, history, subscribe: mailEnabled === true, kommune, lang })),
      );
    });
  });
}
