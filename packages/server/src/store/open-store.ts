import { resolve } from 'node:path';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** What a database URL may look like, for messages. */
export const DATABASE_URL_FORMS = 'must be sqlite:<path>, file:<path>, postgres://… or a file path';

/**
 * Which store a database URL names, or null when it has a scheme we do not know: a mistyped
 * `postgress://` or a `mysql://` must not quietly become a local SQLite file.
 *
 * @example
 * databaseKind('postgres://db/kdi'); // 'postgres'
 * databaseKind('./data/kdi-status.db'); // 'sqlite'
 * databaseKind('postgress://db/kdi'); // null
 */
export function databaseKind(url: string): 'postgres' | 'sqlite' | null {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^(sqlite|file):/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url)) return 'sqlite';
  return null;
}

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
  const kind = databaseKind(url);
  if (!kind) throw new Error(`Not a database URL: "${url}" ${DATABASE_URL_FORMS}.`);
  if (kind === 'postgres') return openPostgresStore(url);
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  return openSqliteStore(path === ':memory:' ? path : resolve(path));
}
