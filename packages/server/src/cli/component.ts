import { COMPONENT_STATUSES, INCIDENT_IMPACTS, type IncidentImpact, type ServiceLevel } from '@kdi-status/sdk';
import { oneOf, parse, required, UsageError } from './args.js';
import { command, group, options } from './command.js';
import { human } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient } from './remote.js';

const status = command({
  name: 'component status',
  summary: "Set a component's own status by hand",
  usage: `Usage: kdi-status component status <id> <status> --reason <text>

Set a component's own status by hand, with a reason (shown in the audit trail and on the
status page). Incidents and maintenance add to it; this does not resolve them.

Status: ${COMPONENT_STATUSES.join(' | ')}

${options([['--reason <text>', 'Why, e.g. "Langsomme opslag i CPR".'], ...ADMIN_HELP], 'Print the component as JSON.')}`,
  hints: { reason: '--reason', status: '<status>' },
  async action(args, io, out) {
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS, reason: { type: 'string' } }, ['id', 'status']);
    const body = {
      status: oneOf(positionals[1]!, COMPONENT_STATUSES, '<status>'),
      reason: required(values.reason, 'reason'),
    };
    const component = await adminClient(values, io).setComponentStatus(positionals[0]!, body);
    out.result(human`${component.id} (${component.name}) is now ${component.status}: ${component.statusReason ?? body.reason}`, component);
  },
});

/**
 * A non-negative number from the command line, at most `max`, or a UsageError naming `option`.
 *
 * @example
 * amount('99.5', '--uptime', 100); // 99.5
 */
function amount(text: string, option: string, max: number): number {
  const value = /^\d{1,9}(\.\d{1,6})?$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= 0 && value <= max)) throw new UsageError(`${option} must be a number from 0 to ${max} (got "${text}")`);
  return value;
}

/**
 * `--first-update critical=15,major=30` (the option may be repeated): minutes per impact.
 *
 * @example
 * firstUpdateTargets(['critical=15,major=30']); // { critical: 15, major: 30 }
 */
export function firstUpdateTargets(texts: readonly string[]): NonNullable<ServiceLevel['firstUpdateMinutes']> {
  const targets: Partial<Record<IncidentImpact, number>> = {};
  for (const part of texts.flatMap((text) => text.split(','))) {
    const match = /^\s*([a-z]+)=(\S+)\s*$/.exec(part);
    if (!match) throw new UsageError(`--first-update must be <impact>=<minutes>[,…], e.g. critical=15,major=30 (got "${part}")`);
    const impact = oneOf(match[1]!, INCIDENT_IMPACTS, 'the impact in --first-update');
    if (impact in targets) throw new UsageError(`--first-update names ${impact} twice`);
    targets[impact] = amount(match[2]!, `--first-update ${impact}`, 100_000);
  }
  return targets;
}

const edit = command({
  name: 'component edit',
  summary: "Set a component's service-level targets (admin)",
  usage: `Usage: kdi-status component edit <id> [--uptime <percent>] [--first-update <impact>=<minutes>,…]
                                 [--maintenance-notice-hours <hours>] | --no-service-level

Set the service-level targets KOMBIT controls a component against (the monthly report,
"kdi-status report"), with an admin key. The targets given replace the old ones whole: give
every target the contract has. --no-service-level removes them.

${options(
  [
    ['--uptime <percent>', 'The least uptime of a month, e.g. 99.5.'],
    [
      '--first-update <list>',
      `Longest minutes from an incident's start to its first update after the\nopening message, per impact (${INCIDENT_IMPACTS.join(', ')}): critical=15,major=30.`,
    ],
    ['--maintenance-notice-hours <h>', 'How long before its start maintenance must be announced, e.g. 120.'],
    ['--no-service-level', 'Remove the targets.'],
    ...ADMIN_HELP,
  ],
  'Print the component as JSON.',
)}`,
  hints: {
    'serviceLevel.uptimePercent': '--uptime',
    'serviceLevel.firstUpdateMinutes': '--first-update',
    'serviceLevel.maintenanceNoticeHours': '--maintenance-notice-hours',
  },
  async action(args, io, out) {
    const { values, positionals } = parse(
      args,
      {
        ...ADMIN_OPTIONS,
        uptime: { type: 'string' },
        'first-update': { type: 'string', multiple: true },
        'maintenance-notice-hours': { type: 'string' },
        'no-service-level': { type: 'boolean', default: false },
      },
      ['id'],
    );
    const given = values.uptime !== undefined || values['first-update'] !== undefined || values['maintenance-notice-hours'] !== undefined;
    if (given && values['no-service-level']) throw new UsageError('give targets or --no-service-level, not both');
    if (!given && !values['no-service-level'])
      throw new UsageError('nothing to change: give --uptime, --first-update, --maintenance-notice-hours or --no-service-level');
    const serviceLevel: ServiceLevel | null = values['no-service-level']
      ? null
      : {
          ...(values.uptime === undefined ? {} : { uptimePercent: amount(values.uptime, '--uptime', 100) }),
          ...(values['first-update'] === undefined ? {} : { firstUpdateMinutes: firstUpdateTargets(values['first-update']) }),
          ...(values['maintenance-notice-hours'] === undefined
            ? {}
            : { maintenanceNoticeHours: amount(values['maintenance-notice-hours'], '--maintenance-notice-hours', 100_000) }),
        };
    const component = await adminClient(values, io).editComponent(positionals[0]!, { serviceLevel });
    out.result(human`${component.id} (${component.name}): ${describeTargets(component.serviceLevel)}`, component);
  },
});

/** The targets in a line: `uptime 99.5 %, first update critical 15 min, major 30 min, notice 120 h`. */
function describeTargets(level: ServiceLevel | undefined): string {
  if (!level) return 'no service-level targets';
  const parts = [
    ...(level.uptimePercent === undefined ? [] : [`uptime ${level.uptimePercent} %`]),
    ...(level.firstUpdateMinutes
      ? [
          `first update ${INCIDENT_IMPACTS.filter((i) => level.firstUpdateMinutes![i] !== undefined)
            .map((i) => `${i} ${level.firstUpdateMinutes![i]} min`)
            .join(', ')}`,
        ]
      : []),
    ...(level.maintenanceNoticeHours === undefined ? [] : [`maintenance notice ${level.maintenanceNoticeHours} h`]),
  ];
  return `targets ${parts.join('; ') || 'none'}`;
}

/**
 * `kdi-status component status <id> <status> --reason <text>` and `component edit <id> --uptime …`, over HTTP.
 *
 * @example
 * await component.run(['status', 'sts', 'degraded_performance', '--reason', 'Langsomme opslag'], processIo());
 * await component.run(['edit', 'sts', '--uptime', '99.5', '--first-update', 'critical=15,major=30'], processIo());
 */
export const component = group('component', 'Set component status and service-level targets (over HTTP)', { status, edit });
