import { ReportMonthSchema, type ServiceLevelReport } from '@kdi-status/sdk/admin';
import { serviceLevelCsv } from '../reports/service-levels-csv.js';
import { defaultReportMonth, serviceLevelReport } from '../reports/service-levels.js';
import { parse, UsageError } from './args.js';
import { command, options } from './command.js';
import { DATABASE_HELP, DATABASE_OPTIONS, withStore } from './database.js';
import type { CliIo } from './io.js';
import { human, shortTime, table } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient } from './remote.js';

const percent = (value: number | null) => (value === null ? null : value.toFixed(3));
const verdict = (met: boolean | null) => (met === null ? null : met ? 'yes' : 'NO');
const minutes = (value: number | null) => (value === null ? null : `${Math.round(value * 10) / 10} min`);

/**
 * The report for a terminal: one row per component, then the incidents whose first update came
 * late and the maintenance announced too late.
 *
 * @example
 * io.stdout.write(reportText(report));
 */
export function reportText(report: ServiceLevelReport): string {
  const head = human`Service levels ${report.month} (Copenhagen month${report.complete ? '' : `, up to ${shortTime(report.generatedAt)}`}${
    report.vendor ? `, vendor ${report.vendor}` : ''
  }; event log to sequence ${report.sequence})\n\n`;
  if (report.components.length === 0) return `${head}No components in this month.\n`;
  const components = table(
    ['VENDOR', 'COMPONENT', 'UPTIME %', 'OWN %', 'TARGET %', 'MET', 'INCIDENTS C/MA/MI/N', '1ST UPDATE LATE', 'MAINT.', 'NOTICE LATE'],
    report.components.map((c) => [
      c.vendor,
      c.id,
      percent(c.uptime.percent),
      percent(c.uptime.ownPercent),
      percent(c.uptime.targetPercent),
      verdict(c.uptime.met),
      `${c.incidents.critical}/${c.incidents.major}/${c.incidents.minor}/${c.incidents.none}`,
      String(c.firstUpdatesLate),
      String(c.maintenances),
      String(c.maintenancesLate),
    ]),
  );
  const lateIncidents = report.incidents.filter((i) => i.firstUpdateMet === false);
  const lateWindows = report.maintenances.filter((m) => m.noticeMet === false);
  const incidents = lateIncidents.length
    ? '\nFirst update later than the target:\n' +
      table(
        ['INCIDENT', 'VENDOR', 'IMPACT', 'STARTED', 'FIRST UPDATE', 'TARGET', 'RESOLVED IN'],
        lateIncidents.map((i) => [
          i.id,
          i.vendor,
          i.impact,
          shortTime(i.startedAt),
          minutes(i.firstUpdateMinutes) ?? 'none yet',
          minutes(i.firstUpdateTargetMinutes),
          minutes(i.resolveMinutes),
        ]),
      )
    : '';
  const windows = lateWindows.length
    ? '\nMaintenance announced with too little notice:\n' +
      table(
        ['MAINTENANCE', 'VENDOR', 'ANNOUNCED', 'STARTS', 'NOTICE', 'TARGET'],
        lateWindows.map((m) => [
          m.id,
          m.vendor,
          shortTime(m.announcedAt),
          shortTime(m.startsAt),
          `${Math.round(m.noticeHours * 10) / 10} h`,
          `${m.noticeTargetHours} h`,
        ]),
      )
    : '';
  return head + components + incidents + windows;
}

/** Where the report is made: on the database (`--database`, or no API key), or by a server (`--server`/`--token` or `KDI_STATUS_TOKEN`). */
function isRemote(values: { database?: string | undefined; server?: string | undefined; token?: string | undefined }, io: CliIo): boolean {
  const remote = values.server !== undefined || values.token !== undefined;
  if (remote && values.database !== undefined)
    throw new UsageError('give --database (on the database) or --server/--token (over HTTP), not both');
  if (values.database !== undefined) return false;
  return remote || Boolean(io.env.KDI_STATUS_TOKEN);
}

/**
 * `kdi-status report [--month YYYY-MM] [--csv | --json]`: the monthly service-level report, made
 * on the database (as `export` reads it) or asked of a running server with an API key; the same
 * report and the same CSV either way.
 *
 * @example
 * await report.run(['--month', '2026-11', '--csv'], processIo());
 */
export const report = command({
  name: 'report',
  summary: 'The monthly service-level report, per component and vendor (table, CSV or JSON)',
  usage: `Usage: kdi-status report [--month YYYY-MM] [--csv | --json]

The service-level report of a Copenhagen month (default: the last whole month): each
component's uptime against its target, its incidents by impact, first updates later than
the target, and maintenance announced with too little notice; rolled up per vendor in --json.

Made on the database (--database or DATABASE_URL) unless --server, --token or
KDI_STATUS_TOKEN is given: then the server makes it (a vendor key gets its own vendor's).

${options(
  [
    ['--month <YYYY-MM>', 'The month, e.g. 2026-11.'],
    ['--csv', 'Print CSV for a spreadsheet: one row per component, ";"-separated, decimal comma.'],
    ...DATABASE_HELP,
    ...ADMIN_HELP,
  ],
  'Print the whole report as JSON.',
)}`,
  hints: { month: '--month' },
  async action(args, io, out) {
    const { values } = parse(args, {
      ...DATABASE_OPTIONS,
      ...ADMIN_OPTIONS,
      month: { type: 'string' },
      csv: { type: 'boolean', default: false },
    });
    if (values.csv && values.json) throw new UsageError('give --csv or --json, not both');
    if (values.month !== undefined && !ReportMonthSchema.safeParse(values.month).success)
      throw new UsageError(`--month must be a month as YYYY-MM, e.g. 2026-11 (got "${values.month}")`);
    const now = io.now();
    const month = values.month ?? defaultReportMonth(now);
    const made = isRemote(values, io)
      ? await adminClient(values, io).serviceLevelReport(month)
      : await withStore(values, io, (store) => serviceLevelReport(store, { month, now }));
    if (values.csv) {
      io.stdout.write(serviceLevelCsv(made));
      return;
    }
    out.result(reportText(made), made);
  },
});
