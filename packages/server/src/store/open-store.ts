import { resolve } from 'node:path';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store a `DATABASE_URL` names: `postgres://…` or `postgresql://…` for PostgreSQL
 * (several instances may share it), otherwise SQLite at `sqlite:<path>`, `file:<path>` or a bare
 * path (default `./data/kdi-status.db`).
 *
 * @example
 * const store = openStore(process.env.DATABASE_URL);
 */
export function openStore(databaseUrl: string | undefined): Store {
  const url = databaseUrl?.trim() || 'sqlite:./data/kdi-status.db';
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url);
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return openSqliteStore(path === ':memory:' ? path : resolve(path));
}
