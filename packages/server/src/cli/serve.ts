import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app.js';
import { readConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { parse } from './args.js';
import { command, options } from './command.js';
import { human } from './output.js';

const USAGE = `Usage: kdi-status serve [--demo]

Start the server. Configured by the environment: PORT, HOST, DATABASE_URL, PUBLIC_URL,
RATE_LIMIT_PER_MINUTE, LOG_LEVEL.

${options([['--demo', 'Also serve the example host apps at /examples/.']], 'Print where it runs as JSON instead of the human lines.')}`;

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

    const app = await createApp({
      store: openStore(config.databaseUrl),
      examplesDir: values.demo ? examplesDir : undefined,
      ...config.app,
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
