import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** Somewhere text goes: `process.stdout`, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Everything the CLI touches outside its arguments, so a command can run in-process (tests,
 * scripts) with its output captured and its clock, network and database chosen by the caller.
 */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  now(): Date;
  /** For the HTTP commands; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Opens the database a `DATABASE_URL` names. */
  openStore(databaseUrl: string): Store;
}

/**
 * The real process: its streams, environment and clock, and the real database.
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
    openStore,
  };
}

/**
 * An io whose output is kept in strings: for running a command in-process and reading what it said.
 *
 * @example
 * const io = captureIo({ env: { KDI_STATUS_SERVER: baseUrl } });
 * const code = await run(['incident', 'list', '--json'], io);
 * JSON.parse(io.out());
 */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    env: {},
    now: () => new Date(),
    openStore,
    ...overrides,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    out: () => out,
    err: () => err,
  };
}
