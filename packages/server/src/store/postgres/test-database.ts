import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Store } from '../store.js';
import { openPostgresStore } from './postgres-store.js';

/**
 * The server tests create their databases through (trust auth here; `TEST_POSTGRES_URL` overrides).
 * Test support, not runtime code: it lives beside the store it serves.
 */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty PostgreSQL database (`kdi_test_<random>`) for one test; `drop` removes it even
 * while connections to it are still open.
 *
 * @example
 * const db = await tempPostgresDatabase();
 * try { … openPostgresStore(db.url) … } finally { await db.drop(); }
 */
export async function tempPostgresDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `kdi_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/**
 * A migrated PostgreSQL store on a fresh database; `reopen` opens another instance on it, and
 * `cleanup` closes them all and drops the database.
 *
 * @example
 * const { store, cleanup } = await tempPostgresStore();
 */
export async function tempPostgresStore(): Promise<{
  store: Store;
  url: string;
  reopen: () => Promise<Store>;
  cleanup: () => Promise<void>;
}> {
  const db = await tempPostgresDatabase();
  const stores: Store[] = [];
  const reopen = async () => {
    const store = openPostgresStore(db.url);
    stores.push(store);
    await store.migrate();
    return store;
  };
  try {
    const store = await reopen();
    return {
      store,
      url: db.url,
      reopen,
      cleanup: async () => {
        await Promise.allSettled(stores.map((s) => s.close()));
        await db.drop();
      },
    };
  } catch (error) {
    await Promise.allSettled(stores.map((s) => s.close()));
    await db.drop();
    throw error;
  }
}
