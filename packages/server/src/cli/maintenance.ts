import type { Maintenance } from '@kdi-status/sdk';
import { instant, municipalityList, parse, required } from './args.js';
import { command, group, options } from './command.js';
import { bilingual } from './incident.js';
import { human, shortTime, table } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient, readClient, SERVER_HELP, SERVER_OPTIONS, withIdempotentRetry } from './remote.js';

/**
 * A maintenance window as a few aligned lines.
 *
 * @example
 * io.stdout.write(formatMaintenance(maintenance));
 */
export function formatMaintenance(maintenance: Maintenance): string {
  return (
    [
      human`${maintenance.id}  ${maintenance.title.da}`,
      human`  status      ${maintenance.status}`,
      human`  window      ${shortTime(maintenance.startsAt)} - ${shortTime(maintenance.endsAt)}`,
      human`  vendor      ${maintenance.vendor}`,
      human`  components  ${maintenance.components.join(', ')}`,
      ...(maintenance.municipalities ? [human`  only in     ${maintenance.municipalities.join(', ')}`] : []),
    ].join('\n') + '\n'
  );
}

/**
 * Maintenance windows as a table, soonest first as the server sends them.
 *
 * @example
 * io.stdout.write(maintenancesTable(await client.maintenances({ state: 'upcoming' }), true));
 */
export function maintenancesTable(maintenances: readonly Maintenance[], upcoming = false): string {
  if (maintenances.length === 0) return upcoming ? 'No upcoming maintenance.\n' : 'No maintenance in progress.\n';
  return table(
    ['ID', 'STATUS', 'STARTS', 'ENDS', 'VENDOR', 'COMPONENTS', 'TITLE'],
    maintenances.map((m) => [m.id, m.status, shortTime(m.startsAt), shortTime(m.endsAt), m.vendor, m.components.join(','), m.title.da]),
  );
}

const schedule = command({
  name: 'maintenance schedule',
  summary: 'Schedule a maintenance window',
  usage: `Usage: kdi-status maintenance schedule --title <da> --description <da> --component <id>… --starts <time> --ends <time>

Schedule planned maintenance. The affected components are under maintenance while the window
is open. Safe to retry, like "incident open".

${options(
  [
    ['--title <text>', 'Title in Danish.'],
    ['--title-en <text>', 'Title in English (optional).'],
    ['--description <text>', 'What users will notice, in Danish.'],
    ['--description-en <text>', 'The same in English (optional).'],
    ['--component <id>', 'An affected component; repeat for more.'],
    ['--starts <time>', 'Start, ISO 8601, e.g. 2026-11-28T23:00:00Z or 2026-11-29T00:00+01:00.'],
    ['--ends <time>', 'End, ISO 8601.'],
    ['--vendor <id>', "The responsible vendor (admin keys only; default: the key's vendor)."],
    ['--municipality <codes>', 'Only these municipalities are affected: kommunekoder, e.g. 0101,0147 (default: all).'],
    ...ADMIN_HELP,
  ],
  'Print the maintenance as JSON.',
)}`,
  hints: {
    'title.da': '--title',
    'title.en': '--title-en',
    'description.da': '--description',
    'description.en': '--description-en',
    components: '--component',
    startsAt: '--starts',
    endsAt: '--ends',
    vendor: '--vendor',
    municipalities: '--municipality',
  },
  async action(args, io, out) {
    const { values } = parse(args, {
      ...ADMIN_OPTIONS,
      title: { type: 'string' },
      'title-en': { type: 'string' },
      description: { type: 'string' },
      'description-en': { type: 'string' },
      component: { type: 'string', multiple: true },
      starts: { type: 'string' },
      ends: { type: 'string' },
      vendor: { type: 'string' },
      municipality: { type: 'string', multiple: true },
    });
    const municipalities = municipalityList(values.municipality);
    const body = {
      title: bilingual(required(values.title, 'title'), values['title-en']),
      description: bilingual(required(values.description, 'description'), values['description-en']),
      components: required(values.component, 'component'),
      startsAt: instant(required(values.starts, 'starts'), '--starts'),
      endsAt: instant(required(values.ends, 'ends'), '--ends'),
      ...(values.vendor === undefined ? {} : { vendor: values.vendor }),
      ...(municipalities === undefined ? {} : { municipalities }),
    };
    const admin = adminClient(values, io);
    const maintenance = await withIdempotentRetry((idempotencyKey) => admin.scheduleMaintenance(body, { idempotencyKey }));
    out.result(human`Scheduled maintenance ${maintenance.id}.\n` + formatMaintenance(maintenance), maintenance);
  },
});

const cancel = command({
  name: 'maintenance cancel',
  summary: 'Cancel a maintenance window',
  usage: `Usage: kdi-status maintenance cancel <id>

Cancel planned (or running) maintenance.

${options([...ADMIN_HELP], 'Print the maintenance as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, ADMIN_OPTIONS, ['id']);
    const maintenance = await adminClient(values, io).cancelMaintenance(positionals[0]!);
    out.result(human`Cancelled maintenance ${maintenance.id}.\n` + formatMaintenance(maintenance), maintenance);
  },
});

const list = command({
  name: 'maintenance list',
  summary: 'List maintenance in progress (or upcoming)',
  usage: `Usage: kdi-status maintenance list [--upcoming]

List maintenance in progress, soonest first (no API key needed).

${options(
  [['--upcoming', 'Scheduled maintenance that has not started yet, instead.'], ...SERVER_HELP],
  'Print the maintenance windows as JSON.',
)}`,
  async action(args, io, out) {
    const { values } = parse(args, { ...SERVER_OPTIONS, upcoming: { type: 'boolean', default: false } });
    const maintenances = await readClient(values, io).maintenances({ state: values.upcoming ? 'upcoming' : 'active' });
    out.result(maintenancesTable(maintenances, values.upcoming), maintenances);
  },
});

/**
 * `kdi-status maintenance schedule|cancel|list`, over HTTP with the SDK's clients.
 *
 * @example
 * await maintenance.run(['list', '--upcoming'], processIo());
 */
export const maintenance = group('maintenance', 'Schedule, cancel and list maintenance (over HTTP)', { schedule, cancel, list });
