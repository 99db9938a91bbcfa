import type { WebhookEndpointView } from '@kdi-status/sdk';
import type { WebhookRegistration } from '@kdi-status/sdk/admin';
import { parse, required, UsageError } from './args.js';
import { command, group, options } from './command.js';
import type { CliIo } from './io.js';
import { deliveriesTable, whole } from './outbox.js';
import { human, shortTime, table } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient } from './remote.js';

/** Request fields → the options they come from. */
const HINTS = { url: '--url', components: '--component', contact: '--contact', state: '--enable' };

/**
 * Webhook endpoints as a table: id, state, vendor, URL, components (`*`: every one), contact, created.
 *
 * @example
 * io.stdout.write(webhooksTable((await admin.webhooks()).endpoints));
 */
export function webhooksTable(endpoints: readonly WebhookEndpointView[]): string {
  if (endpoints.length === 0) return 'No webhook endpoints. Register one with "kdi-status webhooks create".\n';
  return table(
    ['ID', 'STATE', 'VENDOR', 'URL', 'COMPONENTS', 'CONTACT', 'CREATED'],
    endpoints.map((e) => [
      e.id,
      e.state === 'disabled' ? `disabled (${e.disabledReason ?? '?'})` : e.state,
      e.vendor,
      e.url,
      e.components === null ? '*' : e.components.join(','),
      e.contact,
      shortTime(e.createdAt),
    ]),
  );
}

/** The secret alone on stdout (so `SECRET=$(kdi-status webhooks create …)` works), the rest on stderr. */
function printSecret(io: CliIo, what: string, { endpoint, secret }: WebhookRegistration): void {
  io.stderr.write(
    human`${what} webhook endpoint ${endpoint.id} → ${endpoint.url}.\n` +
      'This is its signing secret. It is shown only now and cannot be shown again: give it to the receiver.\n',
  );
  io.stdout.write(`${secret}\n`);
}

const create = command({
  name: 'webhooks create',
  summary: 'Register a webhook endpoint and print its signing secret (once)',
  usage: `Usage: kdi-status webhooks create --url <url> (--component <id>… | --all) --contact <address>

Register a webhook endpoint for the key's vendor. Its signing secret is printed once: in human
output the secret alone goes to stdout (the rest to stderr).

${options(
  [
    ['--url <url>', 'Where to POST: public https (private networks only where the server allows).'],
    ['--component <id>', 'A component to hear about; repeat for more.'],
    ['--all', 'Every component.'],
    ['--contact <address>', 'Who is mailed when the endpoint is disabled after failing too long.'],
    ...ADMIN_HELP,
  ],
  'Print { endpoint, secret } as JSON.',
)}`,
  hints: HINTS,
  async action(args, io, out) {
    const { values } = parse(args, {
      ...ADMIN_OPTIONS,
      url: { type: 'string' },
      component: { type: 'string', multiple: true },
      all: { type: 'boolean', default: false },
      contact: { type: 'string' },
    });
    if (values.all && values.component) throw new UsageError('give --component or --all, not both');
    const body = {
      url: required(values.url, 'url'),
      components: values.all ? null : required(values.component, 'component'),
      contact: required(values.contact, 'contact'),
    };
    const registration = await adminClient(values, io).createWebhook(body);
    if (out.json) return out.result('', registration);
    printSecret(io, 'Registered', registration);
  },
});

const list = command({
  name: 'webhooks list',
  summary: 'List the webhook endpoints the key may see',
  usage: `Usage: kdi-status webhooks list [--json]

List the webhook endpoints: a vendor key its vendor's, an admin key every one (never secrets).

${options([...ADMIN_HELP], 'Print { endpoints } as JSON.')}`,
  async action(args, io, out) {
    const { values } = parse(args, ADMIN_OPTIONS);
    const result = await adminClient(values, io).webhooks();
    out.result(webhooksTable(result.endpoints), result);
  },
});

const enable = command({
  name: 'webhooks enable',
  summary: 'Enable an endpoint that was disabled after failing',
  usage: `Usage: kdi-status webhooks enable <id>

Enable a webhook endpoint again. Its failed deliveries stay failed: send them again with
"kdi-status outbox retry".

${options([...ADMIN_HELP], 'Print the endpoint as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, ADMIN_OPTIONS, ['id']);
    const endpoint = await adminClient(values, io).editWebhook(positionals[0]!, { state: 'active' });
    out.result(human`${endpoint.id} is ${endpoint.state}.`, endpoint);
  },
});

const rotate = command({
  name: 'webhooks rotate-secret',
  summary: 'Give an endpoint a new signing secret at once and print it (once)',
  usage: `Usage: kdi-status webhooks rotate-secret <id>

Give a webhook endpoint a new signing secret: the old one stops working at once. The new one is
printed once (alone on stdout).

${options([...ADMIN_HELP], 'Print { endpoint, secret } as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, ADMIN_OPTIONS, ['id']);
    const registration = await adminClient(values, io).rotateWebhookSecret(positionals[0]!);
    if (out.json) return out.result('', registration);
    printSecret(io, 'New secret for', registration);
  },
});

const remove = command({
  name: 'webhooks delete',
  summary: 'Delete an endpoint; its unsent deliveries fail',
  usage: `Usage: kdi-status webhooks delete <id>

Delete a webhook endpoint. Its unsent deliveries fail; the audit trail keeps the change.

${options([...ADMIN_HELP], 'Print { deleted } as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, ADMIN_OPTIONS, ['id']);
    await adminClient(values, io).deleteWebhook(positionals[0]!);
    out.result(human`Deleted webhook endpoint ${positionals[0]}.`, { deleted: positionals[0] });
  },
});

const deliveries = command({
  name: 'webhooks deliveries',
  summary: "An endpoint's delivery log, oldest first",
  usage: `Usage: kdi-status webhooks deliveries <id> [--limit N] [--after <id>]

${options(
  [
    ['--limit <n>', 'At most this many (1 to 1000, default 100).'],
    ['--after <id>', 'Only deliveries after this id (the next page).'],
    ...ADMIN_HELP,
  ],
  'Print the page { deliveries, next } as JSON.',
)}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, { ...ADMIN_OPTIONS, limit: { type: 'string' }, after: { type: 'string' } }, ['id']);
    const query = {
      limit: values.limit === undefined ? undefined : whole(values.limit, '--limit', { min: 1, max: 1000 }),
      after: values.after === undefined ? undefined : whole(values.after, '--after', { min: 0, max: Number.MAX_SAFE_INTEGER }),
    };
    const page = await adminClient(values, io).webhookDeliveries(positionals[0]!, query);
    out.result(deliveriesTable(page.deliveries) + (page.next === null ? '' : human`More: --after ${page.next}\n`), page);
  },
});

/**
 * `kdi-status webhooks create|list|enable|rotate-secret|delete|deliveries`, over HTTP.
 *
 * @example
 * await webhooks.run(['create', '--url', 'https://hooks.nord.example/kdi', '--component', 'ky', '--contact', 'drift@nord.example'], processIo());
 */
export const webhooks = group('webhooks', 'Register and manage webhook endpoints (over HTTP)', {
  create,
  list,
  enable,
  'rotate-secret': rotate,
  delete: remove,
  deliveries,
});
