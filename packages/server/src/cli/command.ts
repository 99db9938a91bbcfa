import type { CliIo } from './io.js';
import { describeError, escapeControls, Output, type FieldHints } from './output.js';

/** One command of `kdi-status`, or a group of them (`incident open|update|…`). */
export interface Command {
  /** One line for the list of commands. */
  summary: string;
  /** What `--help` prints. */
  usage: string;
  /** Runs with the arguments after the command's name; resolves to the exit code. Never throws. */
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CommandSpec {
  /** As typed, e.g. `incident open`: for messages. */
  name: string;
  summary: string;
  usage: string;
  /** Request fields → the options they come from, so a refusal names what the user typed. */
  hints?: FieldHints;
  /** Parses `args` (with `parse`), does the work, prints through `out`. */
  action(args: string[], io: CliIo, out: Output): Promise<number | void>;
}

/** One option in a usage text: how it is written, and what it does (may hold line breaks). */
export type OptionHelp = readonly [flag: string, description: string];

/**
 * The "Options:" block of a usage text, descriptions aligned; `--json` and `--help` added.
 *
 * @example
 * options([['--reason <text>', 'Why.']], 'Print the component as JSON.');
 */
export function options(rows: readonly OptionHelp[], json: string): string {
  const all: OptionHelp[] = [...rows, ['--json', json], ['--help', 'Show this help.']];
  const width = Math.max(...all.map(([flag]) => flag.length));
  const lines = all.map(([flag, description]) =>
    `  ${flag.padEnd(width)}  ${description.split('\n').join(`\n  ${' '.repeat(width)}  `)}`.trimEnd(),
  );
  return `Options:\n${lines.join('\n')}\n`;
}

const wantsHelp = (args: readonly string[]) => args.some((arg) => arg === '--help' || arg === '-h');

/**
 * A command that prints its usage on `--help` and turns whatever its action throws into one line
 * on stderr (or JSON with `--json`) and an exit code: 2 for usage errors, 1 for refusals.
 *
 * @example
 * export const list = command({ name: 'keys list', summary: 'List API keys', usage: '…',
 *   action: async (args, io, out) => { … } });
 */
export function command(spec: CommandSpec): Command {
  return {
    summary: spec.summary,
    usage: spec.usage,
    async run(args, io) {
      if (wantsHelp(args)) {
        io.stdout.write(spec.usage);
        return 0;
      }
      const json = args.includes('--json');
      try {
        return (await spec.action(args, io, new Output(io.stdout, json))) ?? 0;
      } catch (error) {
        const report = describeError(error, spec.hints);
        if (json) io.stderr.write(`${JSON.stringify(report.json)}\n`);
        else {
          // The message may carry the server's words (a problem's detail): shown, never acted on.
          // Each line escaped on its own: the message's own line breaks (a config error lists its variables) stay.
          io.stderr.write(`kdi-status ${spec.name}: ${report.message.split('\n').map(escapeControls).join('\n')}\n`);
          if (report.exitCode === 2) io.stderr.write(`Run "kdi-status ${spec.name} --help" for usage.\n`);
        }
        return report.exitCode;
      }
    },
  };
}

/**
 * Commands under one name: `kdi-status keys create|list|revoke`.
 *
 * @example
 * export const keys = group('keys', 'Manage API keys', { create, list, revoke });
 */
export function group(name: string, summary: string, commands: Record<string, Command>): Command {
  const width = Math.max(...Object.keys(commands).map((sub) => sub.length));
  const usage =
    `Usage: kdi-status ${name} <command> [options]\n\n${summary}.\n\nCommands:\n` +
    Object.entries(commands)
      .map(([sub, cmd]) => `  ${sub.padEnd(width)}  ${cmd.summary}\n`)
      .join('') +
    `\nRun "kdi-status ${name} <command> --help" for a command's options.\n`;
  return {
    summary,
    usage,
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
        (sub === undefined ? io.stderr : io.stdout).write(usage);
        return sub === undefined ? 2 : 0;
      }
      const cmd = Object.hasOwn(commands, sub) ? commands[sub] : undefined;
      if (!cmd) {
        io.stderr.write(`kdi-status ${name}: unknown command "${escapeControls(sub)}".\n\n${usage}`);
        return 2;
      }
      return cmd.run(rest, io);
    },
  };
}
