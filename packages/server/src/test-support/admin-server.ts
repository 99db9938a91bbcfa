import type { KeyRole } from '@kdi-status/sdk/admin';
import { createApp, type App, type AppOptions } from '../app.js';
import { generateKey } from '../domain/api-keys.js';
import type { Store } from '../store/store.js';
import { tempSqliteStore } from './fixtures.js';

/**
 * Creates a key straight in the store (as the CLI does) for one of its vendors, and returns its
 * bearer token.
 *
 * @example
 * const token = await createTestKey(app.store, 'vendor', 'infra-drift');
 */
export async function createTestKey(
  store: Store,
  role: KeyRole,
  vendor: string | null = null,
  options: { expiresAt?: string; now?: Date } = {},
): Promise<string> {
  const now = options.now ?? new Date();
  const vendors = (await store.snapshot({ since: now.toISOString() })).vendors;
  const { token, stored } = generateKey({ role, vendor, name: `test ${role} ${vendor ?? ''}`, expiresAt: options.expiresAt }, vendors, now);
  await store.saveKey(stored, { type: 'system', id: 'test' }, now.toISOString());
  return token;
}

/**
 * A real server on a real SQLite file, listening on a free port of 127.0.0.1.
 *
 * @example
 * const { app, baseUrl, close } = await startListeningApp();
 */
export async function startListeningApp(
  options: Partial<AppOptions> = {},
): Promise<{ app: App; baseUrl: string; close: () => Promise<void> }> {
  const temp = await tempSqliteStore();
  const app = await createApp({ store: temp.store, ...options });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    baseUrl: `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`,
    close: async () => {
      await app.http.close();
      await temp.cleanup();
    },
  };
}

export interface TestServer {
  app: App;
  /** Creates a key straight in the store (as the CLI does) and returns its bearer token. */
  token(role: KeyRole, vendor?: string | null, options?: { expiresAt?: string }): Promise<string>;
  /** An injected request; `token` becomes the bearer header, `body` JSON unless `payload` is given. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: string },
  ): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string; json: () => unknown }>;
  /** The whole state without what reading it changes (key last-used), to compare before and after. */
  state(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A real server on a real SQLite file with the demo landscape, for admin API tests.
 *
 * @example
 * const server = await startTestServer();
 * const admin = await server.token('admin');
 * await server.call('POST', '/api/v1/admin/incidents', { token: admin, body });
 */
export async function startTestServer(options: Partial<AppOptions> = {}): Promise<TestServer> {
  const temp = await tempSqliteStore();
  const app = await createApp({ store: temp.store, ...options });
  return {
    app,
    token: (role, vendor = null, keyOptions = {}) => createTestKey(app.store, role, vendor, keyOptions),
    async call(method, url, { token, body, headers = {}, payload } = {}) {
      const response = await app.http.inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined && payload === undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(payload !== undefined ? { payload } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { statusCode: response.statusCode, headers: response.headers, body: response.body, json: () => JSON.parse(response.body) };
    },
    async state() {
      const { exportedAt: _at, keys, ...rest } = await app.store.exportState(new Date().toISOString());
      return { ...rest, keys: keys.map(({ lastUsedAt: _used, ...key }) => key) };
    },
    async close() {
      await app.http.close();
      await temp.cleanup();
    },
  };
}
