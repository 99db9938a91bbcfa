import { COMPONENT_STATUSES } from '@kdi-status/sdk';
import { oneOf, parse, required } from './args.js';
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
 * `kdi-status component status <id> <status> --reason <text>`, over HTTP.
 *
 * @example
 * await component.run(['status', 'sts', 'degraded_performance', '--reason', 'Langsomme opslag'], processIo());
 */
export const component = group('component', 'Set component status (over HTTP)', { status });
