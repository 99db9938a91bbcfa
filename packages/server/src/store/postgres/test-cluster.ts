import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Where Debian puts the server's binaries: the newest version installed. */
function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL in /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (initdb refuses root). */
async function asPostgres(binary: string, args: string[]): Promise<void> {
  const command = join(binDir(), binary);
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await promisify(execFile)(file, argv, { timeout: 60_000 });
}

/**
 * A PostgreSQL cluster of a test's own (initdb in a temp dir, on `port`), to stop and start
 * under running servers: the shared server on 5432 must not be restarted by a test. `destroy`
 * stops it and removes its files, whatever state it is in.
 *
 * @example
 * const cluster = await startTestCluster(await freePort());
 * try { … await cluster.stop(); … await cluster.start(); … } finally { await cluster.destroy(); }
 */
export async function startTestCluster(port: number): Promise<{
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  destroy: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'kdi-pg-cluster-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const ids = (await promisify(execFile)('id', ['-u', 'postgres'])).stdout.trim();
    const gid = (await promisify(execFile)('id', ['-g', 'postgres'])).stdout.trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  const start = () =>
    asPostgres('pg_ctl', [
      '-D',
      data,
      '-w',
      '-l',
      join(dir, 'log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  const stop = () => asPostgres('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
  try {
    await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
