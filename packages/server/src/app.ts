import type { KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULTS, type LogLevel, type NotifyConfig } from './config.js';
import { ADMIN_PREFIX, adminRoutes } from './http/admin-routes.js';
import { registerInputChecks } from './http/input.js';
import { answerClientError, answerUnmetExpectation, problem, registerProblemHandling, sendProblem, toProblem } from './http/problem.js';
import { PUBLIC_PREFIX, publicRoutes, setPublicHeaders } from './http/public-routes.js';
import { registerStaticRoutes } from './http/static-routes.js';
import { registerSubscriptionRoutes } from './http/subscription-routes.js';
import { createLiveHub, type LiveHub } from './live/live-hub.js';
import { createNotifier, type Notifier } from './notify/notifier.js';
import { registerOpenApiRoutes } from './openapi/openapi-routes.js';
import { createReadModel, type ReadModelHolder } from './read/read-model.js';
import { registerSiteRoutes } from './site/site-routes.js';
import { statuspageV2Routes, V2_PREFIX } from './statuspage/v2-routes.js';
import { demoSeed } from './seed/demo-seed.js';
import type { Store } from './store/store.js';
import { startCheckpointTimer } from './write/log-checkpoints.js';
import { createMaintenanceClock } from './write/maintenance-clock.js';
import { createLogSigner, type LogSigner } from './write/signing-key.js';
import { createWriter, type Writer } from './write/writer.js';
import './zod-locale.js';

export interface AppOptions {
  store: Store;
  /** Where users reach the server (`PUBLIC_URL`): the origin of absolute links in feeds, calendars and the v2 API. Default: the origin each request names. */
  publicUrl?: string | undefined;
  /** Serve the example host apps from this folder (the demo). */
  examplesDir?: string | undefined;
  /** Seed the demo landscape into a database without components (keys made first do not count). Default true. */
  seed?: boolean;
  now?: () => Date;
  /** Default: `DEFAULTS.logLevel` (config.ts). */
  logLevel?: LogLevel;
  /** Admin requests per minute per API key. Default: `DEFAULTS.rateLimitPerMinute` (config.ts). */
  rateLimitPerMinute?: number;
  /** Failed authentications per minute per client address. Default: `DEFAULTS.authFailuresPerMinute`. */
  authFailuresPerMinute?: number;
  /** Whose `X-Forwarded-For` gives the client address (Fastify's `trustProxy`). Default: nobody. */
  trustProxy?: boolean | string;
  /** Slow clients: the whole request, and its headers, must arrive within these. Defaults in config.ts. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this. Default in config.ts. */
  keepAliveTimeoutMs?: number;
  /** Open connections at most (streams included); more are closed at once. Default in config.ts. */
  maxConnections?: number;
  /** Run the maintenance clock (default true). */
  scheduler?: boolean;
  /** Mail and webhooks (config.ts `NotifyConfig`), and the outbox worker's pace (tests make it quick). */
  notify?: Partial<NotifyConfig> & NotifyTuning;
  /** Without `SMTP_URL`, print every mail with this instead (the demo: sign up and read the link in the terminal). */
  printMail?: (text: string) => void;
  /** `SIGNING_KEY`: the Ed25519 key checkpoints are signed with. Default: generated on first start and kept in the database. */
  signingKey?: KeyObject | undefined;
  /** A checkpoint is made this often while the log grows (default `DEFAULTS.checkpointIntervalHours`); 0: no timer. */
  checkpointIntervalMs?: number;
  /** Options of the live stream (heartbeat, slow-client limit, replay limit). */
  live?: Partial<Omit<Parameters<typeof createLiveHub>[0], 'store' | 'readModel'>>;
}

/** How the outbox worker runs; the defaults (notify/outbox-worker.ts) suit production. */
export interface NotifyTuning {
  /** Run the outbox worker in this process (default true). */
  worker?: boolean;
  /** A delivery not sent this long after it was written is given up (default 24 hours). */
  giveUpMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  tickMs?: number;
}

export interface App {
  http: FastifyInstance;
  readModel: ReadModelHolder;
  store: Store;
  writer: Writer;
  hub: LiveHub;
  notifier: Notifier;
  signer: LogSigner;
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
  // The key checkpoints are signed with: configured, or the one generated and kept in the database.
  const signer = await createLogSigner(store, options.signingKey, now());
  const readModel = createReadModel(store, now);
  await readModel.refresh();
  // Commits by any instance sharing the database refresh this one's read model (and summary ETag).
  store.onCommit((seq) => void readModel.refreshTo(seq).catch((error: unknown) => console.error('read model refresh failed', error)));
  const hub = createLiveHub({
    store,
    readModel,
    maxStreamsPerAddress: DEFAULTS.streamsPerAddress,
    maxStreams: DEFAULTS.streamsTotal,
    replayMaxBytes: DEFAULTS.streamReplayMaxBytes,
    ...options.live,
  });
  hub.start();
  const { worker: runWorker = true, giveUpMs, backoff, tickMs, ...notifyConfig } = options.notify ?? {};
  const notify: NotifyConfig = {
    smtpUrl: undefined,
    mailFrom: undefined,
    reminderLeadMs: DEFAULTS.maintenanceReminderHours * 3_600_000,
    webhookAllowPrivateNetworks: DEFAULTS.webhookAllowPrivateNetworks,
    concurrency: DEFAULTS.outboxConcurrency,
    leaseMs: DEFAULTS.outboxLeaseSeconds * 1000,
    ...notifyConfig,
  };
  const writer = createWriter({ store, readModel, now, reminderLeadMs: notify.reminderLeadMs });
  // Applies, before the first request, every maintenance window that began or ended while stopped.
  const clock = createMaintenanceClock({ store, writer, readModel, now });
  if (options.scheduler !== false) await clock.start();
  const checkpointIntervalMs = options.checkpointIntervalMs ?? DEFAULTS.checkpointIntervalHours * 3_600_000;
  const checkpoints = checkpointIntervalMs > 0 ? startCheckpointTimer({ store, signer, now, intervalMs: checkpointIntervalMs }) : undefined;

  const requestTimeout = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs, requestTimeout);
  const http = Fastify({
    logger: { level: options.logLevel ?? DEFAULTS.logLevel },
    bodyLimit: 64 * 1024,
    // Our own 503 while closing (below), as problem+json.
    return503OnClosing: false,
    trustProxy: options.trustProxy ?? DEFAULTS.trustProxy,
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    // node:http checks the timeouts of requests in progress this often (its default is 30 s).
    http: { requestTimeout, headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeout / 2)) },
    clientErrorHandler: answerClientError,
    // Errors Fastify finds before routing (a bad URL, an over-long path parameter) are problems too.
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0]!;
      const admin = path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
      if ((path.startsWith(`${PUBLIC_PREFIX}/`) && !admin) || path.startsWith(`${V2_PREFIX}/`)) setPublicHeaders(reply);
      void sendProblem(request, reply, toProblem(error));
    },
  });
  http.server.maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  // Links in mail and webhooks: PUBLIC_URL, else the address the server listens on.
  const origin = () => {
    if (options.publicUrl) return options.publicUrl;
    const address = http.server.address();
    return typeof address === 'object' && address ? `http://localhost:${address.port}` : 'http://localhost';
  };
  const notifier = createNotifier({
    store,
    now,
    landscape: () => readModel.current().view.summary,
    origin,
    config: notify,
    printMail: options.printMail,
    tuning: { giveUpMs, backoff, tickMs },
  });
  if (runWorker) notifier.start();
  // An Expect other than 100-continue: node:http would answer a plain 417 itself.
  http.server.on('checkExpectation', answerUnmetExpectation);
  // No route takes plain text: a text/plain body is refused with 415 instead of half-parsed.
  http.removeContentTypeParser('text/plain');
  registerProblemHandling(http);
  registerInputChecks(http);
  let closing = false;
  http.addHook('onRequest', (request, reply, done) => {
    // No answer is ever sniffed into something else (a JSON error rendered as HTML).
    reply.header('x-content-type-options', 'nosniff');
    if (!closing) return done();
    // A keep-alive request that arrives while the server stops: come back (to another instance).
    reply.header('connection', 'close').header('retry-after', '5');
    void sendProblem(request, reply, problem(503, 'shutting_down', 'The server is stopping: try again in a few seconds.'));
  });
  await http.register(publicRoutes, { prefix: PUBLIC_PREFIX, readModel, store, hub, signer, now });
  await http.register(adminRoutes, {
    prefix: ADMIN_PREFIX,
    store,
    writer,
    now,
    rateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute,
    authFailuresPerMinute: options.authFailuresPerMinute ?? DEFAULTS.authFailuresPerMinute,
    webhookAllowPrivateNetworks: notify.webhookAllowPrivateNetworks,
    signer,
  });
  await http.register(statuspageV2Routes, { prefix: V2_PREFIX, readModel, store, now, publicUrl: options.publicUrl });
  registerStaticRoutes(http, { examplesDir: options.examplesDir });
  // Without SMTP no mail goes out: the site offers no sign-up (links of earlier mails keep working).
  const { mailEnabled } = notifier;
  registerSiteRoutes(http, { readModel, store, publicUrl: options.publicUrl, mailEnabled });
  registerSubscriptionRoutes(http, { store, readModel, now, mailEnabled });
  registerOpenApiRoutes(http, { readModel });
  http.get('/healthz', async (_request, reply) => {
    const { summary } = readModel.current().view;
    return reply.header('cache-control', 'no-store').send({ status: 'ok', sequence: summary.sequence });
  });
  // Streams never end by themselves: tell their clients to come back (spread out) before closing.
  http.addHook('preClose', async () => {
    closing = true;
    clock.stop();
    await Promise.all([hub.close(), notifier.stop(), checkpoints?.stop()]);
  });
  http.addHook('onClose', async () => {
    await store.close();
  });
  return { http, readModel, store, writer, hub, notifier, signer };
}
