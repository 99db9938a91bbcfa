import { resolve } from 'node:path';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store a `DATABASE_URL` names: `sqlite:<path>`, `file:<path>` or a bare path
 * (default `./data/kdi-status.db`). PostgreSQL (`postgres://…`) comes with its own store.
 *
 * @example
 * const store = openStore(process.env.DATABASE_URL);
 */
export function openStore(databaseUrl: string | undefined): Store {
  const url = databaseUrl?.trim() || 'sqlite:./data/kdi-status.db';
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL names PostgreSQL, which this version does not support yet; use a SQLite path.');
  }
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return openSqliteStore(path === ':memory:' ? path : resolve(path));
}
