import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULTS, type LogLevel } from './config.js';
import { ADMIN_PREFIX, adminRoutes } from './http/admin-routes.js';
import { registerProblemHandling, sendProblem, toProblem } from './http/problem.js';
import { PUBLIC_PREFIX, publicRoutes, setPublicHeaders } from './http/public-routes.js';
import { registerStaticRoutes } from './http/static-routes.js';
import { createLiveHub, type LiveHub } from './live/live-hub.js';
import { createReadModel, type ReadModelHolder } from './read/read-model.js';
import { demoSeed } from './seed/demo-seed.js';
import type { Store } from './store/store.js';
import { createMaintenanceClock } from './write/maintenance-clock.js';
import { createWriter, type Writer } from './write/writer.js';
import './zod-locale.js';

export interface AppOptions {
  store: Store;
  /** Serve the example host apps from this folder (the demo). */
  examplesDir?: string | undefined;
  /** Seed the demo landscape into a database without components (keys made first do not count). Default true. */
  seed?: boolean;
  now?: () => Date;
  /** Default: `DEFAULTS.logLevel` (config.ts). */
  logLevel?: LogLevel;
  /** Admin requests per minute per API key. Default: `DEFAULTS.rateLimitPerMinute` (config.ts). */
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
 * const config = readConfig(process.env);
 * const app = await createApp({ store: openStore(config.databaseUrl), ...config.app });
 * await app.http.listen({ port: config.port, host: config.host });
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  await store.migrate();
  if (options.seed !== false) {
    const at = now();
    await store.commitIfNoComponents(demoSeed(at), { type: 'system', id: 'seed' }, at.toISOString());
  }
  const readModel = createReadModel(store, now);
  await readModel.refresh();
  // Commits by any instance sharing the database refresh this one's read model (and summary ETag).
  store.onCommit((seq) => void readModel.refreshTo(seq).catch((error: unknown) => console.error('read model refresh failed', error)));
  const hub = createLiveHub({ store, readModel, ...options.live });
  hub.start();
  const writer = createWriter({ store, readModel, now });
  // Applies, before the first request, every maintenance window that began or ended while stopped.
  const clock = createMaintenanceClock({ store, writer, readModel, now });
  if (options.scheduler !== false) await clock.start();

  const http = Fastify({
    logger: { level: options.logLevel ?? DEFAULTS.logLevel },
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
    // Errors Fastify finds before routing (a bad URL, an over-long path parameter) are problems too.
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0]!;
      const admin = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
      if (path.startsWith(`${PUBLIC_PREFIX}/`) && !admin) setPublicHeaders(reply);
      void sendProblem(request, reply, toProblem(error));
    },
  });
  // No route takes plain text: a text/plain body is refused with 415 instead of half-parsed.
  http.removeContentTypeParser('text/plain');
  registerProblemHandling(http);
  await http.register(publicRoutes, { prefix: PUBLIC_PREFIX, readModel, store, hub });
  await http.register(adminRoutes, {
    prefix: ADMIN_PREFIX,
    store,
    writer,
    now,
    rateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute,
  });
  registerStaticRoutes(http, { examplesDir: options.examplesDir });
  http.get('/healthz', async (_request, reply) => {
    const { summary } = readModel.current().view;
    return reply.header('cache-control', 'no-store').send({ status: 'ok', sequence: summary.sequence });
  });
  // Streams never end by themselves: tell their clients to come back (spread out) before closing.
  http.addHook('preClose', async () => {
    clock.stop();
    await hub.close();
  });
  http.addHook('onClose', async () => {
    await store.close();
  });
  return { http, readModel, store, writer, hub };
}
