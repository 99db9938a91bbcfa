import { databaseUrlFrom, DEFAULTS } from '../config.js';
import type { Store } from '../store/store.js';
import type { OptionHelp } from './command.js';
import type { CliIo } from './io.js';

/** Option of every command that works on the database directly, like `serve`. */
export const DATABASE_OPTIONS = {
  database: { type: 'string' },
} as const;

/** Help for it. */
export const DATABASE_HELP: readonly OptionHelp[] = [
  ['--database <url>', `The database (default: DATABASE_URL, else ${DEFAULTS.databaseUrl}).`],
];

/**
 * Opens the database of `--database` / `DATABASE_URL`, brings its schema up to date, runs `work`
 * and closes it, whatever happens.
 *
 * @example
 * const keys = await withStore(values, io, (store) => store.keys());
 */
export async function withStore<T>(values: { database?: string | undefined }, io: CliIo, work: (store: Store) => Promise<T>): Promise<T> {
  const store = io.openStore(values.database ?? databaseUrlFrom(io.env));
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}
