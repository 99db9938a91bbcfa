import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.js';
import { readConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { parse } from './args.js';
import { command, options } from './command.js';
import { human } from './output.js';

const USAGE = `Usage: kdi-status serve [--demo]

Start the server. Configured by the environment: PORT, HOST, DATABASE_URL, PUBLIC_URL,
RATE_LIMIT_PER_MINUTE, LOG_LEVEL, SMTP_URL, MAIL_FROM … (the README lists every variable).

${options([['--demo', 'Also serve the example host apps at /examples/; without SMTP_URL, print mail here instead of sending it.']], 'Print where it runs as JSON instead of the human lines.')}`;

/**
 * `kdi-status serve [--demo]`: starts the server and keeps running until SIGINT/SIGTERM. Prints
 * "kdi-status is running at <url>/" (the e2e test and scripts read that line).
 *
 * @example
 * await serve.run(['--demo'], processIo());
 */
export const serve = command({
  name: 'serve',
  summary: 'Start the server (PORT, HOST, DATABASE_URL, PUBLIC_URL, RATE_LIMIT_PER_MINUTE, LOG_LEVEL)',
  usage: USAGE,
  async action(args, io, out) {
    const { values } = parse(args, { demo: { type: 'boolean', default: false } });
    const config = readConfig(io.env);
    // From src/cli/ (or dist/cli/) up to the repository root.
    const examplesDir = fileURLToPath(new URL('../../../../examples/', import.meta.url));
    if (values.demo && !existsSync(examplesDir)) throw new Error(`--demo needs the examples folder at ${examplesDir}`);

    const maxConnections = fittingConnectionCap(config.app.maxConnections, openFileLimit());
    // The default quietly fits the machine; a cap the operator set and cannot have, or a machine
    // that allows very few, is worth a line.
    if (maxConnections < config.app.maxConnections && (io.env.MAX_CONNECTIONS || maxConnections < 1000))
      io.stderr.write(
        `kdi-status serve: MAX_CONNECTIONS=${config.app.maxConnections} is more than this process may open (ulimit -n): ` +
          `at most ${maxConnections} connections.\n`,
      );
    const app = await createApp({
      store: openStore(config.databaseUrl),
      examplesDir: values.demo ? examplesDir : undefined,
      // The demo prints its mail in the terminal when there is no relay to send it through.
      printMail: values.demo ? (text) => io.stdout.write(text) : undefined,
      ...config.app,
      maxConnections,
    });
    try {
      await app.http.listen({ port: config.port, host: config.host });
    } catch (error) {
      await app.http.close();
      throw new Error(`cannot listen on HOST=${config.host} PORT=${config.port}: ${(error as Error).message}`);
    }
    const port = (app.http.server.address() as { port: number }).port;
    const base = config.publicUrl ?? `http://localhost:${port}`;
    out.result(
      [
        human`kdi-status is running at ${base}/ (database: ${config.databaseUrl})`,
        human`  summary:  ${base}/api/v1/summary`,
        human`  widget:   ${base}/widget/kdi-status.js`,
        ...(values.demo ? [human`  demo:     ${base}/examples/plain-html/   <- open this`] : []),
      ].join('\n'),
      { url: `${base}/`, database: config.databaseUrl, ...(values.demo ? { demo: `${base}/examples/plain-html/` } : {}) },
    );

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      io.stdout.write(`${signal}: stopping\n`);
      await app.http.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  },
});

/** Files kept free of connections: the database's, the log's, the files served. */
const FILES_KEPT_FREE = 128;

/**
 * The soft limit on open files of this process, from `/proc/self/limits` (Linux), or null where
 * it cannot be read or is unlimited.
 *
 * @example
 * openFileLimit(); // 20000
 */
export function openFileLimit(limits = readLimits()): number | null {
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits ?? '')?.[1];
  return soft === undefined || soft === 'unlimited' ? null : Number(soft);
}

function readLimits(): string | null {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
}

/**
 * The connection cap that fits the open-file limit: past it, a new connection to the database
 * (or to a file) fails with EMFILE, so the cap must come first.
 *
 * @example
 * fittingConnectionCap(25_000, 1024); // 896
 */
export function fittingConnectionCap(requested: number, fileLimit: number | null): number {
  return fileLimit === null ? requested : Math.max(1, Math.min(requested, fileLimit - FILES_KEPT_FREE));
}
