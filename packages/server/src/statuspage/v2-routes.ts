import type { Lang } from '@kdi-status/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeNotFound } from '../http/problem.js';
import { setPublicHeaders } from '../http/public-routes.js';
import { publicOrigin } from '../http/public-origin.js';
import { parseQuery } from '../http/validate-query.js';
import { createBoundedCache } from '../read/bounded-cache.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { StatusView } from '../read/status-view.js';
import { renderedPage, sendRendered, type RenderedPage } from '../site/rendered-page.js';
import type { Store } from '../store/store.js';
import { V2_HISTORY_PATHS, V2_PATHS, v2Document, type V2History, type V2Path } from './v2-documents.js';
import { V2QuerySchema } from './v2-schemas.js';

/** Where the Statuspage-compatible read API lives. */
export const V2_PREFIX = '/api/v2';

/** How far back `incidents.json` and `scheduled-maintenances.json` reach (and at most 50 each). */
export const V2_HISTORY_DAYS = 90;

/** Answers kept, per read-model sequence, language, origin and path: each is built once per change. */
const ANSWER_CACHE = { maxEntries: 500, maxBytes: 16 * 1024 * 1024 };

export interface StatuspageV2Options {
  readModel: ReadModelHolder;
  store: Store;
  now?: () => Date;
  /** Where users reach the server; default: the origin each request names (`Host`, or the trusted proxy's). */
  publicUrl?: string | undefined;
}

/**
 * The Statuspage v2 read API (register with `{ prefix: V2_PREFIX }`): the eight `.json` reads
 * of that API, with its field names and enums (docs/adr/0013-statuspage-v2-mapping.md), so tools
 * that read status pages read a kdi-status server unchanged. CORS and caching as the v1 reads
 * (its hook helper), each answer built once per read-model sequence, language and origin, with a
 * strong ETag (304) and brotli or gzip by `Accept-Encoding`. `?lang=en` for English text; any
 * other parameter is a 400 naming it; an unknown path a 404 problem, CORS headers included.
 *
 * @example
 * await app.register(statuspageV2Routes, { prefix: V2_PREFIX, readModel, store, now });
 */
export async function statuspageV2Routes(api: FastifyInstance, options: StatuspageV2Options): Promise<void> {
  const { readModel, store } = options;
  const now = options.now ?? (() => new Date());
  const cache = createBoundedCache<RenderedPage>({ ...ANSWER_CACHE, sizeOf: (p) => 2 * p.body.length });
  /** The time of the event log's first event, once there is one (it never changes after). */
  let logStart: string | undefined;
  /** The history window, read once per read-model sequence (both history lists share it). */
  let history: { sequence: number; read: Promise<V2History> } | undefined;

  const createdAt = async (view: StatusView) => {
    logStart ??= (await store.eventsAfter(0, 1))[0]?.at;
    return logStart ?? view.summary.updatedAt;
  };
  const historyAt = (sequence: number) => {
    if (history?.sequence !== sequence) {
      const since = new Date(now().getTime() - V2_HISTORY_DAYS * 86_400_000).toISOString();
      const read = store.snapshot({ since }).then(({ incidents, maintenances }) => ({ incidents, maintenances }));
      // A failed read is not kept: the next request tries again.
      read.catch(() => {
        if (history?.read === read) history = undefined;
      });
      history = { sequence, read };
    }
    return history.read;
  };

  async function build(path: V2Path, view: StatusView, lang: Lang, origin: string): Promise<RenderedPage> {
    const context = { lang, origin, updatedAt: view.summary.updatedAt, createdAt: await createdAt(view) };
    const needsHistory = V2_HISTORY_PATHS.includes(path);
    const document = v2Document(path, { view, context, history: needsHistory ? await historyAt(view.summary.sequence) : undefined });
    return renderedPage(200, JSON.stringify(document), 'application/json; charset=utf-8');
  }

  async function answer(path: V2Path, request: FastifyRequest, reply: FastifyReply) {
    const { lang = 'da' } = parseQuery(V2QuerySchema, request.query);
    const { view } = readModel.current();
    const { origin } = publicOrigin(request, options.publicUrl);
    const key = `${view.summary.sequence}\u0000${lang}\u0000${origin}\u0000${path}`;
    const page = cache.get(key) ?? cache.set(key, await build(path, view, lang, origin));
    return sendRendered(request, reply, page);
  }

  // The v1 reads' headers (CORS, cache-control) on every answer of this plugin, its 404s included.
  api.addHook('onRequest', (_request, reply, done) => {
    setPublicHeaders(reply);
    done();
  });
  api.setNotFoundHandler(routeNotFound);
  for (const path of V2_PATHS) api.get(`/${path}`, (request, reply) => answer(path, request, reply));

  // A conditional read (If-None-Match) from another origin is preflighted.
  api.options('/*', (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
      .header('access-control-allow-headers', 'If-None-Match, Accept')
      .header('access-control-max-age', '86400')
      .send(),
  );
}
