#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { openStore } from './store/open-store.js';

const USAGE = `Usage: kdi-status <command>

Commands:
  serve [--demo]   Start the server (PORT, HOST, DATABASE_URL, PUBLIC_URL, LOG_LEVEL).
                   --demo also serves the example host apps at /examples/.
`;

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } } });
  const config = readConfig(process.env);
  const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
  if (values.demo && !existsSync(examplesDir)) throw new Error(`--demo needs the examples folder at ${examplesDir}`);

  const app = await createApp({
    store: openStore(config.DATABASE_URL),
    examplesDir: values.demo ? examplesDir : undefined,
    logLevel: config.LOG_LEVEL,
  });
  await app.http.listen({ port: config.PORT, host: config.HOST });
  const port = (app.http.server.address() as { port: number }).port;
  const base = config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://localhost:${port}`;
  console.log(`kdi-status is running at ${base}/ (database: ${config.DATABASE_URL})`);
  console.log(`  summary:  ${base}/api/v1/summary`);
  console.log(`  widget:   ${base}/widget/kdi-status.js`);
  if (values.demo) console.log(`  demo:     ${base}/examples/plain-html/   <- open this`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await app.http.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve(rest);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`kdi-status: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
