import type { Incident } from '@kdi-status/sdk';
import type { DisputeList, SettleLinkRequest } from '@kdi-status/sdk/admin';
import { oneOf, parse, required } from './args.js';
import { command, options } from './command.js';
import { human, shortTime, table } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient } from './remote.js';

// The chain of responsibility (ADR 18) on the command line: link an incident to its upstream
// cause, dispute a link, settle a dispute, and KOMBIT's list of disputes.

/** Request fields → the options they come from. */
const HINTS = { incident: '--caused-by', reason: '--reason', outcome: '--outcome' };

const SETTLE_OUTCOMES = ['confirm', 'move', 'remove'] as const;

/**
 * An incident and its link, in a few aligned lines: the cause, its state, the dispute and the
 * settlement when there are any.
 *
 * @example
 * io.stdout.write(formatLinked(incident));
 */
export function formatLinked(incident: Incident): string {
  const cause = incident.causedBy;
  const lines = [human`${incident.id}  ${incident.title.da}`, human`  vendor      ${incident.vendor}`];
  if (!cause) lines.push('  caused by   -');
  else {
    const resolved = cause.upstreamResolvedAt ? `, resolved ${shortTime(cause.upstreamResolvedAt)}` : '';
    lines.push(human`  caused by   ${cause.incident} (${cause.vendor}: ${cause.components.join(', ')})${resolved}`);
    lines.push(human`  link        ${cause.state}, by ${cause.linkedBy} ${shortTime(cause.linkedAt)}`);
    if (cause.dispute) lines.push(human`  disputed    by ${cause.dispute.by} ${shortTime(cause.dispute.at)}: ${cause.dispute.reason}`);
    if (cause.settlement)
      lines.push(human`  settled     ${cause.settlement.outcome} by ${cause.settlement.by}: ${cause.settlement.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

const link = command({
  name: 'incident link',
  summary: 'Name the upstream incident an incident is caused by',
  usage: `Usage: kdi-status incident link <id> --caused-by <upstream-id>

Link incident <id> to the upstream incident it is caused by. The downstream incident's vendor or
an admin key; the upstream incident's components must be dependencies of <id>'s components.

${options([['--caused-by <id>', 'The upstream incident.'], ...ADMIN_HELP], 'Print the incident as JSON.')}
Example:
  kdi-status incident link inc_ky --caused-by inc_sp
`,
  hints: HINTS,
  async action(args, io, out) {
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS, 'caused-by': { type: 'string' } }, ['id']);
    const body = { incident: required(values['caused-by'], 'caused-by') };
    const incident = await adminClient(values, io).linkIncident(positionals[0]!, body);
    out.result(human`Linked incident ${incident.id} to ${body.incident}.\n` + formatLinked(incident), incident);
  },
});

const unlink = command({
  name: 'incident unlink',
  summary: 'Remove the link to the upstream incident',
  usage: `Usage: kdi-status incident unlink <id>

Remove the link of incident <id> to its upstream incident (not while it is disputed).

${options([...ADMIN_HELP], 'Print the incident as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS }, ['id']);
    const incident = await adminClient(values, io).unlinkIncident(positionals[0]!);
    out.result(human`Incident ${incident.id} names no cause.\n` + formatLinked(incident), incident);
  },
});

const dispute = command({
  name: 'incident dispute',
  summary: 'Dispute the link of an incident to yours (the upstream vendor)',
  usage: `Usage: kdi-status incident dispute <id> --reason <text>

Dispute the link of the downstream incident <id> to your incident: KOMBIT settles it.

${options([['--reason <text>', 'Why ("Fejlen er ikke hos os").'], ...ADMIN_HELP], 'Print the incident as JSON.')}`,
  hints: HINTS,
  async action(args, io, out) {
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS, reason: { type: 'string' } }, ['id']);
    const incident = await adminClient(values, io).disputeLink(positionals[0]!, { reason: required(values.reason, 'reason') });
    out.result(human`Disputed the link of incident ${incident.id}.\n` + formatLinked(incident), incident);
  },
});

const settle = command({
  name: 'incident settle',
  summary: 'Settle a disputed link (admin keys)',
  usage: `Usage: kdi-status incident settle <id> --outcome confirm|move|remove --reason <text> [--caused-by <id>]

Settle the disputed link of incident <id>: confirm it, move it to another upstream incident
(--caused-by), or remove it.

${options(
  [
    ['--outcome <outcome>', SETTLE_OUTCOMES.join(' | ')],
    ['--caused-by <id>', 'The upstream incident to move the link to (move only).'],
    ['--reason <text>', "KOMBIT's reason."],
    ...ADMIN_HELP,
  ],
  'Print the incident as JSON.',
)}`,
  hints: HINTS,
  async action(args, io, out) {
    const { values, positionals } = parse(
      args,
      { ...ADMIN_OPTIONS, outcome: { type: 'string' }, reason: { type: 'string' }, 'caused-by': { type: 'string' } },
      ['id'],
    );
    const outcome = oneOf(required(values.outcome, 'outcome'), SETTLE_OUTCOMES, '--outcome');
    const reason = required(values.reason, 'reason');
    const body: SettleLinkRequest =
      outcome === 'move' ? { outcome, reason, incident: required(values['caused-by'], 'caused-by') } : { outcome, reason };
    const incident = await adminClient(values, io).settleLink(positionals[0]!, body);
    out.result(human`Settled the link of incident ${incident.id} (${outcome}).\n` + formatLinked(incident), incident);
  },
});

/** The subcommands `incident` gains. */
export const linkCommands = { link, unlink, dispute, settle };

/**
 * The disputes as a table, oldest first.
 *
 * @example
 * io.stdout.write(disputesTable(await admin.disputes()));
 */
export function disputesTable({ disputes }: DisputeList): string {
  if (disputes.length === 0) return 'No disputed links.\n';
  return table(
    ['INCIDENT', 'VENDOR', 'CAUSED BY', 'CAUSE VENDOR', 'DISPUTED', 'BY', 'REASON'],
    disputes.map(({ incident }) => [
      incident.id,
      incident.vendor,
      incident.causedBy?.incident,
      incident.causedBy?.vendor,
      shortTime(incident.causedBy?.dispute?.at),
      incident.causedBy?.dispute?.by,
      incident.causedBy?.dispute?.reason,
    ]),
  );
}

/**
 * `kdi-status disputes`: the disputed links KOMBIT is to settle (admin keys).
 *
 * @example
 * await disputes.run(['--json'], processIo());
 */
export const disputes = command({
  name: 'disputes',
  summary: 'List the disputed links between incidents (admin keys, over HTTP)',
  usage: `Usage: kdi-status disputes

List the links between incidents that an upstream vendor disputed, oldest first: what KOMBIT is
to settle (kdi-status incident settle).

${options([...ADMIN_HELP], 'Print the disputes as JSON.')}`,
  async action(args, io, out) {
    const { values } = parse(args, { ...ADMIN_OPTIONS });
    const list = await adminClient(values, io).disputes();
    out.result(disputesTable(list), list);
  },
});
