import { isDeepStrictEqual } from 'node:util';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { createTestKey } from './admin-server.js';
import { tempSqliteStore } from './fixtures.js';
import { rawHttpClient, type RawRequest, type RawResponse } from './fuzz-http.js';

export const STORE_KINDS = ['sqlite', 'postgres'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The keys a fuzz run sends with: KOMBIT's admin key and a vendor's (infra-drift owns `sts`). */
export interface FuzzKeys {
  admin: string;
  vendor: string;
}

/** The store's whole state as a comparable value, without what reading it changes. */
export type Fingerprint = { sequence: number; state: unknown };

export interface FuzzServer {
  kind: StoreKind;
  app: App;
  baseUrl: string;
  keys: FuzzKeys;
  send(req: RawRequest): Promise<RawResponse>;
  /** A JSON request with a key (`admin` or `vendor`): for setting up fixtures. Throws unless 2xx. */
  json(role: keyof FuzzKeys, method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  fingerprint(): Promise<Fingerprint>;
  /** Whether any event was appended after `seq`: one indexed read, far cheaper than an export. */
  movedSince(seq: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The export without its time and without the keys' `lastUsedAt` (every authenticated request moves it). */
async function fingerprintOf(store: Store): Promise<Fingerprint> {
  const { exportedAt: _at, keys, events, ...rest } = await store.exportState(new Date().toISOString());
  return {
    sequence: events.at(-1)?.seq ?? 0,
    state: { ...rest, events, keys: keys.map(({ lastUsedAt: _used, ...key }) => key) },
  };
}

/**
 * Two fingerprints are the same state.
 *
 * @example
 * assert.ok(sameState(before, await server.fingerprint()));
 */
export const sameState = (a: Fingerprint, b: Fingerprint): boolean => isDeepStrictEqual(a, b);

async function openTempStore(kind: StoreKind): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  return kind === 'sqlite' ? tempSqliteStore() : tempPostgresStore();
}

/**
 * A real server listening on 127.0.0.1 on a fresh SQLite file or PostgreSQL database, with the
 * demo landscape, an admin and a vendor key, no maintenance clock (nothing may change the state
 * but the requests) and a rate limit no fuzz run reaches.
 *
 * @example
 * const server = await startFuzzServer('postgres');
 * const res = await server.send({ method: 'GET', path: '/api/v1/incidents/%00' });
 */
export async function startFuzzServer(kind: StoreKind): Promise<FuzzServer> {
  const temp = await openTempStore(kind);
  const app = await createApp({ store: temp.store, scheduler: false, rateLimitPerMinute: 1_000_000, logLevel: 'silent' });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
  const client = rawHttpClient(baseUrl);
  const keys: FuzzKeys = {
    admin: await createTestKey(app.store, 'admin', 'kombit'),
    vendor: await createTestKey(app.store, 'vendor', 'infra-drift'),
  };
  return {
    kind,
    app,
    baseUrl,
    keys,
    send: client.send,
    async json(role, method, path, body) {
      const res = await client.send({
        method,
        path,
        headers: { authorization: `Bearer ${keys[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (res.status >= 300) throw new Error(`fixture ${method} ${path} answered ${res.status}: ${res.body}`);
      return res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
    },
    fingerprint: () => fingerprintOf(app.store),
    movedSince: async (seq) => (await app.store.eventsAfter(seq, 1)).length > 0,
    async close() {
      client.close();
      await app.http.close();
      await temp.cleanup();
    },
  };
}
