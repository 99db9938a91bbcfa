import { resolve } from 'node:path';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/**
 * Opens the store a `DATABASE_URL` names: `postgres://…` or `postgresql://…` for PostgreSQL
 * (several instances may share it), otherwise SQLite at `sqlite:<path>`, `file:<path>` or a bare
 * path. The default URL is the configuration's (config.ts).
 *
 * @example
 * const store = openStore(readConfig(process.env).databaseUrl);
 */
export function openStore(databaseUrl: string): Store {
  const url = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url);
  const path = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return openSqliteStore(path === ':memory:' ? path : resolve(path));
}
