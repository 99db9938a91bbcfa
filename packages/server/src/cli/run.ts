import type { Command } from './command.js';
import { component } from './component.js';
import { exportCommand, importCommand } from './export-import.js';
import { incident } from './incident.js';
import type { CliIo } from './io.js';
import { keys } from './keys.js';
import { disputes } from './links.js';
import { checkpoint, verify } from './log.js';
import { maintenance } from './maintenance.js';
import { outbox } from './outbox.js';
import { report } from './report.js';
import { escapeControls } from './output.js';
import { serve } from './serve.js';
import { webhooks } from './webhooks.js';

const COMMANDS: Record<string, Command> = {
  serve,
  keys,
  incident,
  maintenance,
  component,
  outbox,
  webhooks,
  report,
  disputes,
  export: exportCommand,
  import: importCommand,
  verify,
  checkpoint,
};

const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));

/** What `kdi-status --help` prints. */
export const USAGE = `Usage: kdi-status <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, cmd]) => `  ${name.padEnd(width)}  ${cmd.summary}\n`)
  .join('')}
serve, keys, export and import work on the database (DATABASE_URL or --database); verify and
checkpoint on the database, or with --server on a running server; incident, maintenance,
component, outbox, webhooks and disputes talk to a running server (KDI_STATUS_SERVER or
--server) with an API key (KDI_STATUS_TOKEN or --token). report works on the database, or asks
the server when given an API key.

Every command takes --help, and --json to print data for scripts (errors then go to stderr as
JSON: { "error": { code, message, status?, errors? } }). Exit codes: 0 done, 1 refused by the
server or the database (or it could not be reached), 2 wrong usage.
`;

/**
 * The `kdi-status` command line, in-process: runs `argv` (without node and the script) against
 * `io` and resolves to the exit code. Never throws; never exits the process (except `serve` on
 * SIGINT/SIGTERM).
 *
 * @example
 * process.exitCode = await run(process.argv.slice(2), processIo());
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(USAGE);
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.stderr.write(`kdi-status: unknown command "${escapeControls(name)}".\n\n${USAGE}`);
    return 2;
  }
  return cmd.run(rest, io);
}
