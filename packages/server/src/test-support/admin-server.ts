import type { KeyRole } from '@kdi-status/sdk';
import { createApp, type App, type AppOptions } from '../app.js';
import { generateKey } from '../domain/api-keys.js';
import { tempSqliteStore } from './fixtures.js';

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
    async token(role, vendor = null, keyOptions = {}) {
      const vendors = (await app.store.snapshot({ since: new Date().toISOString() })).vendors;
      const { token, stored } = generateKey({ role, vendor, name: `test ${role} ${vendor ?? ''}`, ...keyOptions }, vendors, new Date());
      await app.store.saveKey(stored, { type: 'system', id: 'test' }, new Date().toISOString());
      return token;
    },
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
