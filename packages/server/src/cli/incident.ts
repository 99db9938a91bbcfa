import { COMPONENT_STATUSES, INCIDENT_IMPACTS, type AffectedComponent, type Incident, type LocalizedText } from '@kdi-status/sdk';
import { OPEN_INCIDENT_STATUSES } from '@kdi-status/sdk/admin';
import { componentStatus, municipalityList, oneOf, parse, required } from './args.js';
import { command, group, options } from './command.js';
import { linkCommands } from './links.js';
import { human, shortTime, table } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient, readClient, SERVER_HELP, SERVER_OPTIONS, withIdempotentRetry } from './remote.js';

/**
 * Danish text with optional English: `--message` and `--message-en`.
 *
 * @example
 * bilingual('Løst', undefined); // { da: 'Løst' }
 */
export function bilingual(da: string, en: string | undefined): LocalizedText {
  return en === undefined ? { da } : { da, en };
}

const components = (list: readonly string[] | undefined): AffectedComponent[] | undefined =>
  list?.map((text) => componentStatus(text, COMPONENT_STATUSES));

/** Request fields → the options they come from. */
const HINTS = {
  'title.da': '--title',
  'title.en': '--title-en',
  'message.da': '--message',
  'message.en': '--message-en',
  components: '--component',
  impact: '--impact',
  status: '--status',
  vendor: '--vendor',
  municipalities: '--municipality',
};

/**
 * An incident as a few aligned lines: title, status and impact, vendor, components, times and the
 * latest update.
 *
 * @example
 * io.stdout.write(formatIncident(incident));
 */
export function formatIncident(incident: Incident): string {
  const latest = incident.updates[0];
  const lines = [
    human`${incident.id}  ${incident.title.da}`,
    human`  status      ${incident.status} (impact ${incident.impact})`,
    human`  vendor      ${incident.vendor}`,
    human`  components  ${incident.components.map((c) => `${c.id} ${c.status}`).join(', ') || '-'}`,
    ...(incident.municipalities ? [human`  only in     ${incident.municipalities.join(', ')}`] : []),
    human`  started     ${shortTime(incident.startedAt)}`,
    ...(incident.resolvedAt ? [human`  resolved    ${shortTime(incident.resolvedAt)}`] : []),
    ...(latest ? [human`  latest      ${shortTime(latest.at)} ${latest.status}: ${latest.message.da}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Incidents as a table, newest first as the server sends them.
 *
 * @example
 * io.stdout.write(incidentsTable(await client.incidents()));
 */
export function incidentsTable(incidents: readonly Incident[], recent = false): string {
  if (incidents.length === 0) return recent ? 'No incidents in the last 7 days.\n' : 'No active incidents.\n';
  return table(
    ['ID', 'STATUS', 'IMPACT', 'VENDOR', 'STARTED', 'RESOLVED', 'COMPONENTS', 'TITLE'],
    incidents.map((i) => [
      i.id,
      i.status,
      i.impact,
      i.vendor,
      shortTime(i.startedAt),
      shortTime(i.resolvedAt),
      i.components.map((c) => `${c.id}=${c.status}`).join(','),
      i.title.da,
    ]),
  );
}

const open = command({
  name: 'incident open',
  summary: 'Open an incident',
  usage: `Usage: kdi-status incident open --title <da> --impact <impact> --component <id>=<status>… --message <da> [options]

Open an incident. Safe to retry: it is sent with an Idempotency-Key, and sent again (up to two
times, same key) when the answer is lost on the way, so it is opened once.

${options(
  [
    ['--title <text>', 'Title in Danish.'],
    ['--title-en <text>', 'Title in English (optional).'],
    ['--impact <impact>', INCIDENT_IMPACTS.join(' | ')],
    ['--component <id>=<st>', `An affected component and its status; repeat for more.\nStatus: ${COMPONENT_STATUSES.join(' | ')}`],
    ['--message <text>', 'The first update, in Danish.'],
    ['--message-en <text>', 'The first update, in English (optional).'],
    ['--status <status>', `${OPEN_INCIDENT_STATUSES.join(' | ')} (default investigating).`],
    ['--vendor <id>', "The responsible vendor (admin keys only; default: the key's vendor)."],
    ['--municipality <codes>', 'Only these municipalities are affected: kommunekoder, e.g. 0101,0147 (default: all).'],
    ...ADMIN_HELP,
  ],
  'Print the incident as JSON.',
)}
Example:
  kdi-status incident open --title "Nedbrud i STS" --impact major \\
    --component sts=major_outage --message "Vi undersøger fejlen"
`,
  hints: HINTS,
  async action(args, io, out) {
    const { values } = parse(args, {
      ...ADMIN_OPTIONS,
      title: { type: 'string' },
      'title-en': { type: 'string' },
      impact: { type: 'string' },
      component: { type: 'string', multiple: true },
      message: { type: 'string' },
      'message-en': { type: 'string' },
      status: { type: 'string' },
      vendor: { type: 'string' },
      municipality: { type: 'string', multiple: true },
    });
    const municipalities = municipalityList(values.municipality);
    const body = {
      title: bilingual(required(values.title, 'title'), values['title-en']),
      impact: oneOf(required(values.impact, 'impact'), INCIDENT_IMPACTS, '--impact'),
      components: components(required(values.component, 'component'))!,
      message: bilingual(required(values.message, 'message'), values['message-en']),
      ...(values.status === undefined ? {} : { status: oneOf(values.status, OPEN_INCIDENT_STATUSES, '--status') }),
      ...(values.vendor === undefined ? {} : { vendor: values.vendor }),
      ...(municipalities === undefined ? {} : { municipalities }),
    };
    const admin = adminClient(values, io);
    const incident = await withIdempotentRetry((idempotencyKey) => admin.openIncident(body, { idempotencyKey }));
    out.result(human`Opened incident ${incident.id}.\n` + formatIncident(incident), incident);
  },
});

const update = command({
  name: 'incident update',
  summary: 'Add an update to an incident',
  usage: `Usage: kdi-status incident update <id> --status <status> --message <da> [options]

Add an update to an open incident: its status now and what operators say.

${options(
  [
    ['--status <status>', OPEN_INCIDENT_STATUSES.join(' | ')],
    ['--message <text>', 'The update, in Danish.'],
    ['--message-en <text>', 'The update, in English (optional).'],
    ['--impact <impact>', `A new impact (optional): ${INCIDENT_IMPACTS.join(' | ')}`],
    ['--component <id>=<st>', 'Replace the affected components (optional; repeat for more).'],
    ...ADMIN_HELP,
  ],
  'Print the incident as JSON.',
)}`,
  hints: HINTS,
  async action(args, io, out) {
    const { values, positionals } = parse(
      args,
      {
        ...ADMIN_OPTIONS,
        status: { type: 'string' },
        message: { type: 'string' },
        'message-en': { type: 'string' },
        impact: { type: 'string' },
        component: { type: 'string', multiple: true },
      },
      ['id'],
    );
    const body = {
      status: oneOf(required(values.status, 'status'), OPEN_INCIDENT_STATUSES, '--status'),
      message: bilingual(required(values.message, 'message'), values['message-en']),
      ...(values.impact === undefined ? {} : { impact: oneOf(values.impact, INCIDENT_IMPACTS, '--impact') }),
      ...(values.component === undefined ? {} : { components: components(values.component)! }),
    };
    const incident = await adminClient(values, io).addIncidentUpdate(positionals[0]!, body);
    out.result(human`Updated incident ${incident.id}.\n` + formatIncident(incident), incident);
  },
});

const resolve = command({
  name: 'incident resolve',
  summary: 'Resolve an incident',
  usage: `Usage: kdi-status incident resolve <id> --message <da> [--message-en <en>]

Resolve an incident with a closing message.

${options(
  [
    ['--message <text>', 'The closing message, in Danish.'],
    ['--message-en <text>', 'The closing message, in English (optional).'],
    ...ADMIN_HELP,
  ],
  'Print the incident as JSON.',
)}`,
  hints: HINTS,
  async action(args, io, out) {
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS, message: { type: 'string' }, 'message-en': { type: 'string' } }, [
      'id',
    ]);
    const body = { message: bilingual(required(values.message, 'message'), values['message-en']) };
    const incident = await adminClient(values, io).resolveIncident(positionals[0]!, body);
    out.result(human`Resolved incident ${incident.id}.\n` + formatIncident(incident), incident);
  },
});

const list = command({
  name: 'incident list',
  summary: 'List active (or recent) incidents',
  usage: `Usage: kdi-status incident list [--recent]

List the active incidents, newest first (no API key needed).

${options([['--recent', 'Also those resolved in the last 7 days.'], ...SERVER_HELP], 'Print the incidents as JSON.')}`,
  async action(args, io, out) {
    const { values } = parse(args, { ...SERVER_OPTIONS, recent: { type: 'boolean', default: false } });
    const incidents = await readClient(values, io).incidents({ state: values.recent ? 'recent' : 'active' });
    out.result(incidentsTable(incidents, values.recent), incidents);
  },
});

/**
 * `kdi-status incident open|update|resolve|list|link|unlink|dispute|settle`, over HTTP with the SDK's clients.
 *
 * @example
 * await incident.run(['list', '--recent'], processIo());
 */
export const incident = group('incident', 'Open, update, resolve, list and link incidents (over HTTP)', {
  open,
  update,
  resolve,
  list,
  ...linkCommands,
});
