import type { FastifyInstance } from 'fastify';
import type { KeyRole } from '@kdi-status/sdk/admin';
import { createApp } from '../app.js';
import { expandDueNotices } from '../notify/fan-out.js';
import type { Store } from '../store/store.js';
import { createTestKey } from './admin-server.js';
import { tempSqliteStore } from './fixtures.js';

/** An injected request's answer. */
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json: () => unknown;
}

export interface NotifyAdminServer {
  http: FastifyInstance;
  store: Store;
  /** Creates a key straight in the store and returns its bearer token. */
  token(role: KeyRole, vendor?: string | null): Promise<string>;
  /** An injected request; `token` becomes the bearer header, `body` JSON. */
  call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** Expands the notices due now into deliveries (the outbox worker's first step). */
  expand(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real server (createApp) on a real SQLite file with the demo landscape, with
 * `webhookAllowPrivateNetworks` chosen by the test and no outbox worker (nothing but the test
 * moves the outbox: `expand` is the worker's first step, run when the test says), for the
 * webhook and outbox route tests.
 *
 * @example
 * const server = await startNotifyAdminServer({ allowPrivate: true });
 * const admin = await server.token('admin');
 * await server.call('POST', '/api/v1/admin/webhooks', { token: admin, body });
 */
export async function startNotifyAdminServer({ allowPrivate = false } = {}): Promise<NotifyAdminServer> {
  const temp = await tempSqliteStore();
  const app = await createApp({
    store: temp.store,
    scheduler: false,
    logLevel: 'silent',
    rateLimitPerMinute: 1_000_000,
    notify: { worker: false, webhookAllowPrivateNetworks: allowPrivate },
  });
  const { http, store, readModel } = app;
  return {
    http,
    store,
    token: (role, vendor = null) => createTestKey(store, role, vendor),
    async call(method, url, { token, body, headers = {} } = {}) {
      const response = await http.inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });
      return { statusCode: response.statusCode, headers: response.headers, body: response.body, json: () => JSON.parse(response.body) };
    },
    expand: () =>
      expandDueNotices({ store, components: () => readModel.current().view.summary.components, giveUpMs: 3_600_000 }, new Date()),
    async close() {
      await http.close();
      await temp.cleanup();
    },
  };
}
