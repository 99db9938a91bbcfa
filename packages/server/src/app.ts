import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod/mini';
import { en } from 'zod/locales';
import { registerAdminRoutes } from './http/admin-routes.js';
import { createAuthenticator } from './http/authenticate.js';
import { registerProblemHandling, sendProblem, toProblem } from './http/problem.js';
import { createRateLimiter } from './http/rate-limit.js';
import { registerPublicRoutes } from './http/public-routes.js';
import { registerStaticRoutes } from './http/static-routes.js';
import { registerStreamRoute } from './http/stream-route.js';
import { createLiveHub, type LiveHub } from './live/live-hub.js';
import { createReadModel, type ReadModelHolder } from './read-model.js';
import { createMaintenanceScheduler } from './scheduler.js';
import { demoSeed } from './seed/demo-seed.js';
import type { Store } from './store/store.js';
import { createWriter, type Writer } from './writer.js';

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
  /** Admin requests per minute per API key (default 120). */
  rateLimitPerMinute?: number;
  /** Run the maintenance clock (default true). */
  scheduler?: boolean;
  /** Options of the live stream (heartbeat, slow-client limit, replay limit). */
  live?: Omit<Parameters<typeof createLiveHub>[0], 'store' | 'readModel'>;
}

export interface App {
  http: FastifyInstance;
  readModel: ReadModelHolder;
  store: Store;
  writer: Writer;
  hub: LiveHub;
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
  // Commits by any instance sharing the database refresh this one's read model (and summary ETag).
  store.onCommit((seq) => void readModel.refreshTo(seq).catch((error: unknown) => console.error('read model refresh failed', error)));
  const hub = createLiveHub({ store, readModel, ...options.live });
  hub.start();
  const writer = createWriter({ store, readModel, now });
  // Applies, before the first request, every maintenance window that began or ended while stopped.
  const scheduler = createMaintenanceScheduler({ store, writer, now });
  if (options.scheduler !== false) await scheduler.start();

  const http = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // Errors Fastify finds before routing (a bad URL, an over-long path parameter) are problems too.
    frameworkErrors: (error, request, reply) => void sendProblem(request, reply, toProblem(error)),
  });
  // No route takes plain text: a text/plain body is refused with 415 instead of half-parsed.
  http.removeContentTypeParser('text/plain');
  http.decorateRequest('principal', null);
  registerProblemHandling(http);
  registerPublicRoutes(http, { readModel, store });
  registerStreamRoute(http, { hub, readModel });
  const authenticate = createAuthenticator(store, now);
  const rateLimit = createRateLimiter({ perMinute: options.rateLimitPerMinute ?? 120, now: () => now().getTime() });
  await http.register(async (admin) => {
    // Before the body is read: a request without a valid key never gets that far.
    admin.addHook('onRequest', async (request) => {
      request.principal = await authenticate(request.headers.authorization);
      rateLimit(request.principal.id);
    });
    registerAdminRoutes(admin, { store, writer, onMaintenanceChange: () => void scheduler.poke() });
  });
  registerStaticRoutes(http, { examplesDir: options.examplesDir });
  http.get('/healthz', async (_request, reply) => {
    const { summary } = readModel.current().view;
    return reply.header('cache-control', 'no-store').send({ status: 'ok', sequence: summary.sequence });
  });
  // Streams never end by themselves: tell their clients to come back (spread out) before closing.
  http.addHook('preClose', async () => {
    scheduler.stop();
    await hub.close();
  });
  http.addHook('onClose', async () => {
    await store.close();
  });
  return { http, readModel, store, writer, hub };
}
