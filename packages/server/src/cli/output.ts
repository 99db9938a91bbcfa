import { isHttpError, isKdiStatusError, isNetworkError, isSchemaValidationError, isTimeoutError } from '@kdi-status/sdk';
import { DomainError } from '../domain/errors.js';
import { UsageError } from './args.js';
import type { TextSink } from './io.js';

/**
 * Where a command's result goes: human text, or with `--json` the data itself, for scripts.
 *
 * @example
 * new Output(io.stdout, values.json).result(`Opened ${incident.id}`, incident);
 */
export class Output {
  constructor(
    private readonly stdout: TextSink,
    readonly json: boolean,
  ) {}

  /** Prints `lines` (human text: a line or lines) or, with `--json`, `data` as JSON. */
  result(lines: string, data: unknown): void {
    this.stdout.write(this.json ? `${JSON.stringify(data, null, 2)}\n` : lines.endsWith('\n') ? lines : `${lines}\n`);
  }
}

// Everything that a terminal acts on instead of showing: C0 (tab and newline too: inside a cell
// they break the table), DEL, C1 (U+009B is a one-character CSI), and the bidi controls, which
// reorder the rest of the line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

/**
 * Operator text made safe for a terminal: every control character written out as `\x1b` or
 * `\u202e`, so a title with ESC ]0;… BEL cannot retitle the terminal, ESC [2J cannot clear it,
 * and one character stays one column. Backslashes are left as they are: text that already reads
 * `\x1b` stays ambiguous, but harmless. Only for human output; `--json` prints the text as sent.
 *
 * @example
 * escapeControls('Nedbrud\u001b[2J'); // 'Nedbrud\\x1b[2J'
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.codePointAt(0)!;
    if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
    return code < 0x10000 ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * A template for a human line: every interpolated value goes through `escapeControls`, the
 * template's own text (its line breaks) does not.
 *
 * @example
 * human`${incident.id}  ${incident.title.da}`; // the title's ESC shown as \x1b
 */
export function human(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((text, part, i) => text + escapeControls(String(values[i - 1])) + part);
}

/**
 * Columns padded to their widest cell, every cell through `escapeControls`; `null`/`undefined`/`''` shown as `-`.
 *
 * @example
 * table(['ID', 'STATUS'], [['inc_1', 'investigating']]);
 * // ID     STATUS
 * // inc_1  investigating
 */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | null | undefined>>): string {
  const cells = [
    headers,
    ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined || cell === '' ? '-' : escapeControls(cell)))),
  ];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return (
    cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : (cell ?? '').padEnd(widths[i]!))).join('  ')).join('\n') + '\n'
  );
}

/**
 * An API time, shortened for a terminal: `2026-11-26 08:08Z` (UTC, so it reads the same everywhere).
 *
 * @example
 * shortTime('2026-11-26T08:08:00.000Z'); // '2026-11-26 08:08Z'
 */
export function shortTime(iso: string | null | undefined): string | null {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : null;
}

/** How an error is told: one line, the exit code, and what `--json` writes. */
export interface ErrorReport {
  exitCode: 1 | 2;
  message: string;
  json: { error: { code: string; message: string; status?: number; errors?: Array<{ field: string; message: string }> } };
}

/** Maps a field of a request body (`title.da`, `components.0.id`) to the option it came from. */
export type FieldHints = Record<string, string>;

function fieldName(field: string, hints: FieldHints): string {
  // The longest hint that is the field or a dotted prefix of it: `components.0.status` → `--component`.
  const match = Object.keys(hints)
    .filter((prefix) => field === prefix || field.startsWith(`${prefix}.`))
    .sort((a, b) => b.length - a.length)[0];
  return match === undefined ? field : `${field} (${hints[match]})`;
}

function fields(errors: ReadonlyArray<{ field: string; message: string }> | undefined, hints: FieldHints): string {
  return (errors ?? []).map((e) => `${fieldName(e.field, hints)}: ${e.message}`).join('; ');
}

/**
 * Turns anything a command throws into one clear line and an exit code: 2 for a usage error, 1 when
 * the server or the store refused (naming the fields at fault) or could not be reached.
 *
 * @example
 * const report = describeError(error, { 'title.da': '--title' });
 * io.stderr.write(`kdi-status: ${report.message}\n`);
 */
export function describeError(error: unknown, hints: FieldHints = {}): ErrorReport {
  const report = (exitCode: 1 | 2, code: string, message: string, extra: Omit<ErrorReport['json']['error'], 'code' | 'message'> = {}) => ({
    exitCode,
    message,
    json: { error: { code, message, ...extra } },
  });

  if (error instanceof UsageError) return report(2, 'usage', error.message);
  if (isHttpError(error)) {
    const problem = error.problem;
    const detail = problem?.errors?.length ? fields(problem.errors, hints) : (problem?.detail ?? problem?.title ?? error.message);
    const hint =
      error.status === 401 ? ' (check --token or KDI_STATUS_TOKEN)' : error.status === 429 ? ' (too many requests: try again shortly)' : '';
    return report(1, error.code, `refused (HTTP ${error.status} ${error.code}): ${detail}${hint}`, {
      status: error.status,
      ...(problem?.errors ? { errors: problem.errors } : {}),
    });
  }
  if (isNetworkError(error) || isTimeoutError(error)) {
    // fetch's own error says only "fetch failed"; the reason (ECONNREFUSED, bad port, …) is its cause.
    const cause = (error as { cause?: { cause?: { code?: string; message?: string }; message?: string } }).cause;
    const why = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message;
    return report(1, error.code, `${error.message}${why ? ` (${why})` : ''}: is the server running? (--server or KDI_STATUS_SERVER)`);
  }
  if (isSchemaValidationError(error)) {
    return report(
      1,
      error.code,
      `the server's answer is not what this version understands (server and CLI versions differ?): ${error.message}`,
    );
  }
  if (isKdiStatusError(error)) return report(1, error.code, error.message);
  if (error instanceof DomainError) {
    const errors = (error as { errors?: Array<{ field: string; message: string }> }).errors;
    return report(1, error.code, errors?.length ? `refused (${error.code}): ${fields(errors, hints)}` : error.message, {
      ...(errors ? { errors } : {}),
    });
  }
  return report(1, 'error', error instanceof Error ? error.message : String(error));
}
