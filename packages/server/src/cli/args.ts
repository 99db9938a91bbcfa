import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command line itself is wrong (unknown option, missing value, bad format): exit code 2,
 * with the command's usage hint. Nothing was sent or written.
 *
 * @example
 * throw new UsageError('--impact must be one of none, minor, major, critical');
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parse` returns: typed by the options given. */
export type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof COMMON_OPTIONS; allowPositionals: true; strict: true }>
>;

/** Accepted by every command. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * `node:util` parseArgs, strict, with `--json` and `--help` added, positionals counted, and its
 * errors turned into UsageErrors.
 *
 * @example
 * const { values, positionals } = parse(['inc_1', '--message', 'Løst'], { message: { type: 'string' } }, ['id']);
 */
export function parse<const O extends Options>(
  args: string[],
  options: O,
  positionalNames: readonly string[] = [],
  optional = 0,
): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options: { ...options, ...COMMON_OPTIONS }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '.') : String(error));
  }
  const { positionals } = parsed;
  const needed = positionalNames.length - optional;
  if (positionals.length < needed) {
    throw new UsageError(
      `missing ${positionalNames
        .slice(positionals.length, needed)
        .map((n) => `<${n}>`)
        .join(' ')}`,
    );
  }
  if (positionals.length > positionalNames.length) {
    throw new UsageError(`unexpected argument "${positionals[positionalNames.length]}"`);
  }
  return parsed;
}

/**
 * The value of a required option, or a UsageError naming it.
 *
 * @example
 * const title = required(values.title, 'title');
 */
export function required<T>(value: T | undefined, option: string): T {
  if (value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) {
    throw new UsageError(`missing --${option}`);
  }
  return value;
}

/**
 * Checks a value against an enum of the SDK (`COMPONENT_STATUSES`, …) so a typo is caught before
 * anything is sent, with the allowed values listed.
 *
 * @example
 * oneOf('major', INCIDENT_IMPACTS, '--impact'); // 'major'
 */
export function oneOf<const T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${what} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/**
 * `--component <id>=<status>`: a component and the status an incident gives it.
 *
 * @example
 * componentStatus('sts=major_outage', COMPONENT_STATUSES); // { id: 'sts', status: 'major_outage' }
 */
export function componentStatus<const T extends string>(text: string, statuses: readonly T[]): { id: string; status: T } {
  const match = /^([^=\s]+)=(\S+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--component must be <id>=<status>, e.g. sts=major_outage (got "${text}")`);
  return { id: match[1]!, status: oneOf(match[2]!, statuses, `the status in --component ${match[1]}`) };
}

/**
 * A point in time given on the command line, as the UTC ISO string the API wants. Takes any
 * ISO 8601 date-time (with `Z` or an offset; local time when it has neither).
 *
 * @example
 * instant('2026-11-29T00:00+01:00', '--starts'); // '2026-11-28T23:00:00.000Z'
 */
export function instant(text: string, option: string): string {
  const time = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text.trim())
    ? Date.parse(text.trim())
    : NaN;
  if (Number.isNaN(time)) throw new UsageError(`${option} must be an ISO 8601 time, e.g. 2026-11-28T23:00:00Z (got "${text}")`);
  return new Date(time).toISOString();
}

const UNITS: Record<string, number> = { h: 3_600_000, d: 86_400_000 };

/**
 * `--expires`: an ISO time, or a duration from `now` in hours or days (`12h`, `30d`).
 *
 * @example
 * expiry('30d', new Date('2026-11-26T08:00:00Z')); // '2026-12-26T08:00:00.000Z'
 */
export function expiry(text: string, now: Date): string {
  const duration = /^(\d+)([hd])$/.exec(text.trim());
  if (duration) return new Date(now.getTime() + Number(duration[1]) * UNITS[duration[2]!]!).toISOString();
  try {
    return instant(text, '--expires');
  } catch {
    throw new UsageError(`--expires must be an ISO 8601 time or a duration such as 12h or 30d (got "${text}")`);
  }
}

/**
 * `--municipality 0101,0147` (repeatable): the kommunekoder an incident or maintenance is limited
 * to, or undefined when none is given (all). Which codes exist the server checks (422 naming
 * `municipalities.<i>`).
 *
 * @example
 * municipalityList(['0101,0147', '0751']); // ['0101', '0147', '0751']
 */
export function municipalityList(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const codes = values.flatMap((value) => value.split(',')).map((code) => code.trim());
  const bad = codes.find((code) => !/^[0-9]{4}$/.test(code));
  if (bad !== undefined) throw new UsageError(`--municipality takes kommunekoder of four digits, e.g. 0101,0147 (got "${bad}")`);
  return codes;
}
