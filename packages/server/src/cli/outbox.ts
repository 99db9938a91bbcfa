import { DELIVERY_STATES, OUTBOX_CHANNELS, type DeliveryView, type OutboxCounts } from '@kdi-status/sdk/admin';
import { oneOf, parse, UsageError } from './args.js';
import { command, group, options } from './command.js';
import { human, shortTime, table } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient } from './remote.js';

/** A whole number from the command line, or a UsageError naming `option`. */
function whole(text: string, option: string, { min, max }: { min: number; max: number }): number {
  const value = /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`${option} must be a whole number from ${min} to ${max} (got "${text}")`);
  return value;
}

/**
 * Deliveries as a table: id, kind, channel, recipient (an id, never an address), state, attempts,
 * created, the next attempt (or when it was sent), and the last error.
 *
 * @example
 * io.stdout.write(deliveriesTable(page.deliveries));
 */
export function deliveriesTable(deliveries: readonly DeliveryView[]): string {
  if (deliveries.length === 0) return 'No deliveries.\n';
  return table(
    ['ID', 'KIND', 'CHANNEL', 'RECIPIENT', 'STATE', 'TRIES', 'CREATED', 'NEXT/SENT', 'LAST ERROR'],
    deliveries.map((d) => [
      String(d.id),
      d.kind,
      d.channel,
      d.recipient,
      d.state,
      String(d.attempts),
      shortTime(d.createdAt),
      d.sentAt ? shortTime(d.sentAt) : d.state === 'pending' ? shortTime(d.nextAttemptAt) : null,
      d.lastError,
    ]),
  );
}

/**
 * The outbox's counts as a table: channel, state, count.
 *
 * @example
 * io.stdout.write(countsTable(await admin.outboxCounts()));
 */
export function countsTable({ counts }: OutboxCounts): string {
  if (counts.length === 0) return 'The outbox is empty.\n';
  return table(
    ['CHANNEL', 'STATE', 'COUNT'],
    counts.map((c) => [c.channel, c.state, String(c.count)]),
  );
}

const list = command({
  name: 'outbox list',
  summary: 'List deliveries of the outbox (mail and webhooks), oldest first',
  usage: `Usage: kdi-status outbox list [--state <state>] [--channel mail|webhook] [--recipient <id>] [--limit N] [--after <id>]

List the outbox's deliveries, oldest first, with an admin key. Recipients are ids (a
subscriber's, a webhook endpoint's), never mail addresses.

${options(
  [
    ['--state <state>', DELIVERY_STATES.join(' | ')],
    ['--channel <channel>', OUTBOX_CHANNELS.join(' | ')],
    ['--recipient <id>', 'Only deliveries to this subscriber or endpoint id.'],
    ['--limit <n>', 'At most this many (1 to 1000, default 100).'],
    ['--after <id>', 'Only deliveries after this id (the next page).'],
    ...ADMIN_HELP,
  ],
  'Print the page { deliveries, next } as JSON.',
)}`,
  hints: { state: '--state', channel: '--channel', recipient: '--recipient', limit: '--limit', after: '--after' },
  async action(args, io, out) {
    const { values } = parse(args, {
      ...ADMIN_OPTIONS,
      state: { type: 'string' },
      channel: { type: 'string' },
      recipient: { type: 'string' },
      limit: { type: 'string' },
      after: { type: 'string' },
    });
    const query = {
      state: values.state === undefined ? undefined : oneOf(values.state, DELIVERY_STATES, '--state'),
      channel: values.channel === undefined ? undefined : oneOf(values.channel, OUTBOX_CHANNELS, '--channel'),
      recipient: values.recipient,
      limit: values.limit === undefined ? undefined : whole(values.limit, '--limit', { min: 1, max: 1000 }),
      after: values.after === undefined ? undefined : whole(values.after, '--after', { min: 0, max: Number.MAX_SAFE_INTEGER }),
    };
    const page = await adminClient(values, io).outbox(query);
    const more = page.next === null ? '' : human`More: kdi-status outbox list … --after ${page.next}\n`;
    out.result(deliveriesTable(page.deliveries) + more, page);
  },
});

const counts = command({
  name: 'outbox counts',
  summary: 'Count the deliveries by channel and state',
  usage: `Usage: kdi-status outbox counts [--json]

Count the outbox's deliveries by channel and state, with an admin key.

${options([...ADMIN_HELP], 'Print { counts } as JSON.')}`,
  async action(args, io, out) {
    const { values } = parse(args, ADMIN_OPTIONS);
    const result = await adminClient(values, io).outboxCounts();
    out.result(countsTable(result), result);
  },
});

const retry = command({
  name: 'outbox retry',
  summary: 'Send failed deliveries again: by id, or all with --failed',
  usage: `Usage: kdi-status outbox retry <id>… | --failed

Put failed deliveries back to pending, with an admin key: the worker sends them again at once,
and gives up on them again after 24 hours. Deliveries that are not failed are left as they are.

${options([['--failed', 'Every failed delivery.'], ...ADMIN_HELP], 'Print { retried } (the ids put back) as JSON.')}`,
  hints: { ids: '<id>', state: '--failed' },
  async action(args, io, out) {
    // Any number of ids: at most as many as there are arguments.
    const names = args.map(() => 'id');
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS, failed: { type: 'boolean', default: false } }, names, names.length);
    if (values.failed && positionals.length) throw new UsageError('give ids or --failed, not both');
    if (!values.failed && positionals.length === 0) throw new UsageError('missing <id>… or --failed');
    const ids = positionals.map((id) => whole(id, '<id>', { min: 1, max: Number.MAX_SAFE_INTEGER }));
    if (ids.length > 1000) throw new UsageError('at most 1000 ids at a time (or --failed)');
    const result = await adminClient(values, io).retryOutbox(values.failed ? { state: 'failed' } : { ids });
    const text =
      result.retried.length === 0
        ? 'Nothing to retry: no such delivery is failed.'
        : human`Retrying ${result.retried.length} ${result.retried.length === 1 ? 'delivery' : 'deliveries'}: ${result.retried.join(' ')}`;
    out.result(text, result);
  },
});

/**
 * `kdi-status outbox list|counts|retry`: the notification outbox, over HTTP with an admin key.
 *
 * @example
 * await outbox.run(['retry', '--failed'], processIo());
 */
export const outbox = group('outbox', 'List, count and retry mail and webhook deliveries (over HTTP, admin key)', { list, counts, retry });
