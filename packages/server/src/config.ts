import type { KeyObject } from 'node:crypto';
import { z } from 'zod/mini';
import { DATABASE_URL_FORMS, databaseKind } from './store/open-store.js';
import { parseSigningKey, SIGNING_KEY_FORMS } from './write/signing-key.js';
import './zod-locale.js';

/** Every default of the server's configuration, written here once. */
export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/kdi-status.db',
  /** Admin requests a minute per API key. */
  rateLimitPerMinute: 120,
  /** Failed authentications a minute per client address (checked before any database lookup). */
  authFailuresPerMinute: 30,
  logLevel: 'warn',
  /** Whose `X-Forwarded-For` to believe for the client address: nobody. */
  trustProxy: false,
  /** A request (headers and body) must arrive within this; slower clients get 408. */
  requestTimeoutMs: 30_000,
  /** The headers must arrive within this. */
  headersTimeoutMs: 10_000,
  /** An idle keep-alive connection is closed after this (behind a load balancer: above its idle timeout). */
  keepAliveTimeoutMs: 5_000,
  /** Open connections (live streams included); more are closed at once. */
  maxConnections: 25_000,
  /** Live streams per client address (a municipality's caseworkers may share one NAT address). */
  streamsPerAddress: 1000,
  /** Live streams in all. */
  streamsTotal: 20_000,
  /** A resuming stream gets a fresh summary instead of a replay longer than this. */
  streamReplayMaxBytes: 1024 * 1024,
  /** Subscribers are reminded of a planned window this many hours before it starts. */
  maintenanceReminderHours: 24,
  /** Webhook URLs that resolve to loopback, private or link-local addresses are refused. */
  webhookAllowPrivateNetworks: false,
  /** Mails (and webhook calls) in flight at once per instance. */
  outboxConcurrency: 4,
  /** A message claimed by an instance that died is sent again after this many seconds. */
  outboxLeaseSeconds: 60,
  /** A signed checkpoint of the event log is made this often (when the log grew). */
  checkpointIntervalHours: 24,
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PORT_MESSAGE = 'must be a port number, 0 to 65535';
const TRUST_PROXY_MESSAGE = "must be true, false, or the proxies' addresses/CIDRs separated by commas";

/** A whole number of at least 1 (a limit, a timeout in ms), with its default. */
const count = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.minimum(1)), fallback);

const EnvSchema = z.object({
  PORT: z._default(
    z.pipe(
      z.string().check(
        z.regex(/^\d{1,5}$/, PORT_MESSAGE),
        z.refine((port) => Number(port) <= 65535, { message: PORT_MESSAGE }),
      ),
      z.transform(Number),
    ),
    DEFAULTS.port,
  ),
  HOST: z._default(z.string(), DEFAULTS.host),
  // A mistyped scheme (`postgress://`, `mysql://`) must not quietly become a local SQLite file.
  DATABASE_URL: z._default(
    z.string().check(
      z.trim(),
      z.minLength(1),
      z.refine((url) => databaseKind(url) !== null, { message: DATABASE_URL_FORMS }),
    ),
    DEFAULTS.databaseUrl,
  ),
  PUBLIC_URL: z.optional(z.url({ protocol: /^https?$/ })),
  RATE_LIMIT_PER_MINUTE: count(DEFAULTS.rateLimitPerMinute),
  AUTH_FAILURES_PER_MINUTE: count(DEFAULTS.authFailuresPerMinute),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS), DEFAULTS.logLevel),
  // Fastify's trustProxy: true (any), false (none), or the proxies' addresses/CIDRs.
  TRUST_PROXY: z._default(
    z.pipe(
      z.string().check(z.regex(/^(true|false|[0-9a-fA-F.:/, ]*[.:][0-9a-fA-F.:/, ]*)$/, TRUST_PROXY_MESSAGE)),
      z.transform((value): boolean | string => (value === 'true' ? true : value === 'false' ? false : value)),
    ),
    DEFAULTS.trustProxy,
  ),
  REQUEST_TIMEOUT_MS: count(DEFAULTS.requestTimeoutMs),
  HEADERS_TIMEOUT_MS: count(DEFAULTS.headersTimeoutMs),
  KEEP_ALIVE_TIMEOUT_MS: count(DEFAULTS.keepAliveTimeoutMs),
  MAX_CONNECTIONS: count(DEFAULTS.maxConnections),
  STREAMS_PER_ADDRESS: count(DEFAULTS.streamsPerAddress),
  STREAMS_TOTAL: count(DEFAULTS.streamsTotal),
  STREAM_REPLAY_MAX_BYTES: count(DEFAULTS.streamReplayMaxBytes),
  SMTP_URL: z.optional(
    z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example:587' }),
  ),
  MAIL_FROM: z.optional(
    z.string().check(z.regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address, e.g. "Driftsstatus <noreply@status.example>"')),
  ),
  MAINTENANCE_REMINDER_HOURS: z._default(z.coerce.number().check(z.minimum(0), z.maximum(24 * 30)), DEFAULTS.maintenanceReminderHours),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z._default(
    z.pipe(
      z.enum(['true', 'false'], 'must be true or false'),
      z.transform((value) => value === 'true'),
    ),
    DEFAULTS.webhookAllowPrivateNetworks,
  ),
  OUTBOX_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), DEFAULTS.outboxConcurrency),
  OUTBOX_LEASE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(86_400)), DEFAULTS.outboxLeaseSeconds),
  // A bad key stops the start: a server must never sign with a key other than the one configured.
  SIGNING_KEY: z.optional(
    z.string().check(
      z.refine(
        (value) => {
          try {
            parseSigningKey(value);
            return true;
          } catch {
            return false;
          }
        },
        { message: SIGNING_KEY_FORMS },
      ),
    ),
  ),
  // Fractions allowed (a test runs it in seconds); at most 24: "at least daily" (issue 12).
  CHECKPOINT_INTERVAL_HOURS: z._default(
    z.coerce
      .number()
      .check(z.positive('must be a number of hours above 0'), z.maximum(24, 'must be at most 24 (a checkpoint at least daily)')),
    DEFAULTS.checkpointIntervalHours,
  ),
});

/** The server's configuration: where to listen, the database, and the options `createApp` takes. */
export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** Where users reach the server (behind a proxy); default `http://localhost:<port>`. */
  publicUrl: string | undefined;
  /** Passed to `createApp` as they are. */
  app: {
    publicUrl: string | undefined;
    rateLimitPerMinute: number;
    authFailuresPerMinute: number;
    logLevel: LogLevel;
    trustProxy: boolean | string;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    maxConnections: number;
    live: { maxStreamsPerAddress: number; maxStreams: number; replayMaxBytes: number };
    notify: NotifyConfig;
    /** `SIGNING_KEY`: the Ed25519 key checkpoints are signed with; none: generated on first start and kept in the database. */
    signingKey: KeyObject | undefined;
    checkpointIntervalMs: number;
  };
}

/** Mail and webhooks (`SMTP_URL`, `MAIL_FROM`, `MAINTENANCE_REMINDER_HOURS`, `WEBHOOK_ALLOW_PRIVATE_NETWORKS`, `OUTBOX_*`). */
export interface NotifyConfig {
  /** Without it, no mail is sent and the site offers no subscription. */
  smtpUrl: string | undefined;
  /** The From of every mail; default `Driftsstatus <noreply@<PUBLIC_URL's host>>`. */
  mailFrom: string | undefined;
  reminderLeadMs: number;
  webhookAllowPrivateNetworks: boolean;
  concurrency: number;
  leaseMs: number;
}

type Env = Record<string, string | undefined>;

/** An empty variable counts as unset, as shells and `.env` files mean it. */
const present = (env: Env) => Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));

function invalid(issues: readonly z.core.$ZodIssue[]): Error {
  const lines = issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  return new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/**
 * The configuration from the environment, parsed once (the README's table lists every variable).
 * A bad value stops the start with a message naming the variable.
 *
 * @example
 * const config = readConfig(process.env);
 * const app = await createApp({ store: openStore(config.databaseUrl), ...config.app });
 * await app.http.listen({ port: config.port, host: config.host });
 */
export function readConfig(env: Env): ServerConfig {
  const result = EnvSchema.safeParse(present(env));
  if (!result.success) throw invalid(result.error.issues);
  const config = result.data;
  return {
    port: config.PORT,
    host: config.HOST,
    databaseUrl: config.DATABASE_URL,
    publicUrl: config.PUBLIC_URL?.replace(/\/+$/, ''),
    app: {
      publicUrl: config.PUBLIC_URL?.replace(/\/+$/, ''),
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
      logLevel: config.LOG_LEVEL,
      trustProxy: config.TRUST_PROXY,
      requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: Math.min(config.HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS),
      keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: config.MAX_CONNECTIONS,
      live: {
        maxStreamsPerAddress: config.STREAMS_PER_ADDRESS,
        maxStreams: config.STREAMS_TOTAL,
        replayMaxBytes: config.STREAM_REPLAY_MAX_BYTES,
      },
      notify: {
        smtpUrl: config.SMTP_URL,
        mailFrom: config.MAIL_FROM,
        reminderLeadMs: config.MAINTENANCE_REMINDER_HOURS * 3_600_000,
        webhookAllowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        concurrency: config.OUTBOX_CONCURRENCY,
        leaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
      },
      signingKey: config.SIGNING_KEY === undefined ? undefined : parseSigningKey(config.SIGNING_KEY),
      checkpointIntervalMs: Math.round(config.CHECKPOINT_INTERVAL_HOURS * 3_600_000),
    },
  };
}

/**
 * Only the database of the environment (`DATABASE_URL`, or the default), for the commands that
 * work on the database and do not listen (`keys`, `export`, `import`).
 *
 * @example
 * openStore(databaseUrlFrom(process.env));
 */
export function databaseUrlFrom(env: Env): string {
  const result = z.pick(EnvSchema, { DATABASE_URL: true }).safeParse(present(env));
  if (!result.success) throw invalid(result.error.issues);
  return result.data.DATABASE_URL;
}
