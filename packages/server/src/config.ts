import { z } from 'zod/mini';
import { DATABASE_URL_FORMS, databaseKind } from './store/open-store.js';
import './zod-locale.js';

/** Every default of the server's configuration, written here once. */
export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/kdi-status.db',
  /** Admin requests a minute per API key. */
  rateLimitPerMinute: 120,
  logLevel: 'warn',
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const PORT_MESSAGE = 'must be a port number, 0 to 65535';

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
  RATE_LIMIT_PER_MINUTE: z._default(z.coerce.number().check(z.int(), z.minimum(1)), DEFAULTS.rateLimitPerMinute),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS), DEFAULTS.logLevel),
});

/** The server's configuration: where to listen, the database, and the options `createApp` takes. */
export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** Where users reach the server (behind a proxy); default `http://localhost:<port>`. */
  publicUrl: string | undefined;
  /** Passed to `createApp` as they are. */
  app: { rateLimitPerMinute: number; logLevel: LogLevel };
}

type Env = Record<string, string | undefined>;

/** An empty variable counts as unset, as shells and `.env` files mean it. */
const present = (env: Env) => Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));

function invalid(issues: readonly z.core.$ZodIssue[]): Error {
  const lines = issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  return new Error(`Invalid configuration:\n${lines.join('\n')}`);
}

/**
 * The configuration from the environment, parsed once: `PORT`, `HOST`, `DATABASE_URL`,
 * `PUBLIC_URL`, `RATE_LIMIT_PER_MINUTE` (admin requests per key), `LOG_LEVEL`. A bad value
 * stops the start with a message naming the variable.
 *
 * @example
 * const config = readConfig(process.env);
 * const app = await createApp({ store: openStore(config.databaseUrl), ...config.app });
 * await app.http.listen({ port: config.port, host: config.host });
 */
export function readConfig(env: Env): ServerConfig {
  const result = EnvSchema.safeParse(present(env));
  if (!result.success) throw invalid(result.error.issues);
  const { PORT, HOST, DATABASE_URL, PUBLIC_URL, RATE_LIMIT_PER_MINUTE, LOG_LEVEL } = result.data;
  return {
    port: PORT,
    host: HOST,
    databaseUrl: DATABASE_URL,
    publicUrl: PUBLIC_URL?.replace(/\/+$/, ''),
    app: { rateLimitPerMinute: RATE_LIMIT_PER_MINUTE, logLevel: LOG_LEVEL },
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
