import { z } from 'zod/mini';

const ConfigSchema = z.object({
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 3000),
  HOST: z._default(z.string(), '0.0.0.0'),
  DATABASE_URL: z._default(z.string(), 'sqlite:./data/kdi-status.db'),
  PUBLIC_URL: z.optional(z.url({ protocol: /^https?$/ })),
  RATE_LIMIT_PER_MINUTE: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 120),
  LOG_LEVEL: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'warn'),
});

export type Config = z.output<typeof ConfigSchema>;

/**
 * Configuration from the environment: `PORT`, `HOST`, `DATABASE_URL`, `PUBLIC_URL`,
 * `RATE_LIMIT_PER_MINUTE` (admin requests per key), `LOG_LEVEL`.
 * A bad value stops the start with a message naming the variable.
 *
 * @example
 * const config = readConfig(process.env);
 */
export function readConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = ConfigSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
