import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { en } from 'zod/locales';
import { registerProblemHandling } from './http/problem.js';
import { registerPublicRoutes } from './http/public-routes.js';
import { registerStaticRoutes } from './http/static-routes.js';
import { createReadModel, type ReadModelHolder } from './read-model.js';
import { demoSeed } from './seed/demo-seed.js';
import type { Store } from './store/store.js';

// Validation messages name what is wrong in plain English (zod/mini ships none by default).
z.config(en());

export interface AppOptions {
  store: Store;
  /** Serve the example host apps from this folder (the demo). */
  examplesDir?: string | undefined;
  /** Seed the demo landscape into an empty database. Default true. */
  seed?: boolean;
  now?: () => Date;
  logLevel?: string;
}

export interface App {
  http: FastifyInstance;
  readModel: ReadModelHolder;
  store: Store;
}

/**
 * Builds the server: migrates the store, seeds an empty one, builds the read model, registers
 * the routes. Listening is the caller's business (tests use `app.http.inject()` or port 0).
 *
 * @example
 * const app = await createApp({ store: openStore(process.env.DATABASE_URL) });
 * await app.http.listen({ port: 3000 });
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  await store.migrate();
  if (options.seed !== false) {
    const at = now();
    await store.commitIfEmpty(demoSeed(at), { type: 'system', id: 'seed' }, at.toISOString());
  }
  const readModel = createReadModel(store, now);
  await readModel.refresh();

  const http = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
  });
  registerProblemHandling(http);
  registerPublicRoutes(http, { readModel, store });
  registerStaticRoutes(http, { examplesDir: options.examplesDir });
  http.get('/healthz', async (_request, reply) => {
    const { summary } = readModel.current().view;
    return reply.header('cache-control', 'no-store').send({ status: 'ok', sequence: summary.sequence });
  });
  http.addHook('onClose', () => store.close());
  return { http, readModel, store };
}
