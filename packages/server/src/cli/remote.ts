import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createStatusClient, isNetworkError, isTimeoutError, type StatusClient } from '@kdi-status/sdk';
import { createAdminClient, type AdminClient } from '@kdi-status/sdk/admin';
import { UsageError } from './args.js';
import type { OptionHelp } from './command.js';
import type { CliIo } from './io.js';

/** Where the HTTP commands go when neither `--server` nor `KDI_STATUS_SERVER` says. */
export const DEFAULT_SERVER = 'http://localhost:3000';

/** Options of every command that talks to a running server. */
export const SERVER_OPTIONS = {
  server: { type: 'string' },
} as const;
/** Options of every command that changes something on a running server. */
export const ADMIN_OPTIONS = {
  ...SERVER_OPTIONS,
  token: { type: 'string' },
} as const;

/** Help for those options. */
export const SERVER_HELP: readonly OptionHelp[] = [['--server <url>', `The server (default: KDI_STATUS_SERVER, else ${DEFAULT_SERVER}).`]];
export const ADMIN_HELP: readonly OptionHelp[] = [
  ...SERVER_HELP,
  [
    '--token <token>',
    'The API key (default: KDI_STATUS_TOKEN; prefer the variable:\na token on the command line ends up in shell history).',
  ],
];

function serverUrl(values: { server?: string | undefined }, io: CliIo): string {
  const url = values.server ?? (io.env.KDI_STATUS_SERVER || DEFAULT_SERVER);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new UsageError(`--server must be an http(s) URL (got "${url}")`);
  return url;
}

/**
 * The public read client for `--server` / `KDI_STATUS_SERVER`.
 *
 * @example
 * const incidents = await readClient(values, io).incidents({ state: 'recent' });
 */
export function readClient(values: { server?: string | undefined }, io: CliIo): StatusClient {
  return createStatusClient({ baseUrl: serverUrl(values, io), ...(io.fetch ? { fetch: io.fetch } : {}) });
}

/**
 * The admin client for `--server` and `--token` (or `KDI_STATUS_SERVER` / `KDI_STATUS_TOKEN`).
 * No token is a usage error: nothing is sent.
 *
 * @example
 * await adminClient(values, io).resolveIncident(id, { message: { da: 'Løst' } });
 */
export function adminClient(values: { server?: string | undefined; token?: string | undefined }, io: CliIo): AdminClient {
  const baseUrl = serverUrl(values, io);
  const token = values.token ?? io.env.KDI_STATUS_TOKEN;
  if (!token) throw new UsageError('no API key: set KDI_STATUS_TOKEN or pass --token (create one with "kdi-status keys create")');
  return createAdminClient({ baseUrl, token, ...(io.fetch ? { fetch: io.fetch } : {}) });
}

/**
 * Runs a create with a fresh `Idempotency-Key` and, when the answer is lost on the way (a network
 * error or timeout), sends it again with the same key, so the server makes it at most once.
 *
 * @example
 * const incident = await withIdempotentRetry((idempotencyKey) => admin.openIncident(body, { idempotencyKey }));
 */
export async function withIdempotentRetry<T>(
  send: (idempotencyKey: string) => Promise<T>,
  { retries = 2, delayMs = 250 }: { retries?: number; delayMs?: number } = {},
): Promise<T> {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(key);
    } catch (error) {
      if (attempt >= retries || !(isNetworkError(error) || isTimeoutError(error))) throw error;
      await sleep(delayMs * (attempt + 1));
    }
  }
}
