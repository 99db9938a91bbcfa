import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { ReadModelHolder } from '../read/read-model.js';
import { createPageResponder } from '../site/page-responder.js';
import { renderPage } from '../site/render-page.js';
import { renderedPage, sendRendered } from '../site/rendered-page.js';
import type { ApiRoute } from './api-route.js';
import { API_ROUTES, OPENAPI_PATH } from './api-routes.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { PROBLEMS_PATH, ProblemIndexPage, ProblemPage } from './problem-page.js';
import { problemCodeOf } from './problem-codes.js';
import { REFERENCE_PATH, ReferencePage } from './reference-page.js';

export interface OpenApiRoutesOptions {
  readModel: ReadModelHolder;
  /** The route table (default: the server's own, `API_ROUTES`). */
  routes?: readonly ApiRoute[];
}

/**
 * The API's description, served by the server itself: `GET /api/openapi.json` (OpenAPI 3.1,
 * built once from the route table; any origin may read it), `GET /api` (the reference page made
 * from that document), `GET /problems` and `GET /problems/:code` (what each problem code means:
 * the `type` of every problem document). Pages are the site's: Danish, `?lang=en`, its CSP.
 *
 * @example
 * registerOpenApiRoutes(app, { readModel });
 */
export function registerOpenApiRoutes(app: FastifyInstance, options: OpenApiRoutesOptions): void {
  const document = buildOpenApiDocument(options.routes ?? API_ROUTES);
  const json = renderedPage(200, JSON.stringify(document), 'application/json; charset=utf-8');
  const pages = createPageResponder(options.readModel);

  app.get(OPENAPI_PATH, (request, reply) => {
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-expose-headers', 'ETag')
      .header('cache-control', 'public, max-age=300');
    return sendRendered(request, reply, json);
  });

  app.get(REFERENCE_PATH, (request, reply) =>
    pages.answer(request, reply, REFERENCE_PATH, (lang) => renderedPage(200, renderPage(h(ReferencePage, { document, lang })))),
  );

  app.get(PROBLEMS_PATH, (request, reply) =>
    pages.answer(request, reply, PROBLEMS_PATH, (lang) => renderedPage(200, renderPage(h(ProblemIndexPage, { lang })))),
  );

  app.get<{ Params: { code: string } }>(`${PROBLEMS_PATH}/:code`, (request, reply) => {
    const code = problemCodeOf(request.params.code);
    // Unknown codes: the site's 404 under one key (made-up paths must not grow the cache).
    if (code === undefined) return pages.answer(request, reply, `${PROBLEMS_PATH}/\u0000unknown`, (lang) => pages.notFound(lang));
    return pages.answer(request, reply, `${PROBLEMS_PATH}/${code}`, (lang) =>
      renderedPage(200, renderPage(h(ProblemPage, { code, lang }))),
    );
  });
}
