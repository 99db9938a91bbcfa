import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebhookEndpointListSchema, WebhookRegistrationSchema } from '@kdi-status/sdk/admin';
import { disableEndpoint } from '../notify/webhook-endpoints.js';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `kdi-status webhooks …` in-process against a real server on a real SQLite file, over real HTTP.

const URL_PUBLIC = 'https://93.184.216.34/kdi';

describe('kdi-status webhooks (against a running server)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let env: Record<string, string>;
  let nordEnv: Record<string, string>;

  const cli = async (argv: string[], withEnv = env) => {
    const io = captureIo({ env: withEnv });
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  const create = (extra: string[] = []) =>
    cli([
      'webhooks',
      'create',
      '--url',
      URL_PUBLIC,
      '--component',
      'sts',
      '--component',
      'organisation',
      '--contact',
      'drift@infra.example',
      ...extra,
    ]);

  before(async () => {
    server = await startListeningApp({ scheduler: false, logLevel: 'silent', notify: { worker: false } });
    env = { KDI_STATUS_SERVER: server.baseUrl, KDI_STATUS_TOKEN: await createTestKey(server.app.store, 'vendor', 'infra-drift') };
    nordEnv = { ...env, KDI_STATUS_TOKEN: await createTestKey(server.app.store, 'vendor', 'fagsys-nord') };
  });
  after(() => server?.close());

  it('creates an endpoint: only the secret on stdout, the warning on stderr; { endpoint, secret } with --json', async () => {
    const created = await create();
    assert.equal(created.code, 0, created.err);
    assert.match(created.out, /^whsec_\S+\n$/);
    assert.match(created.err, /^Registered webhook endpoint wh_[0-9a-f]{16} → https:\/\/93\.184\.216\.34\/kdi\.\n/);
    assert.match(created.err, /shown only now and cannot be shown again/);
    const id = /wh_[0-9a-f]{16}/.exec(created.err)![0];
    assert.equal((await server.app.store.webhookEndpoint(id))?.secret, created.out.trim());

    const json = await create(['--json']);
    assert.equal(json.code, 0, json.err);
    const { endpoint } = WebhookRegistrationSchema.parse(JSON.parse(json.out));
    assert.deepEqual(endpoint.components, ['sts', 'organisation']);
    const all = await cli(['webhooks', 'create', '--url', URL_PUBLIC, '--all', '--contact', 'drift@infra.example', '--json']);
    assert.equal(WebhookRegistrationSchema.parse(JSON.parse(all.out)).endpoint.components, null);
  });

  it('refuses wrong usage with exit 2, and a refused URL with exit 1 naming --url', async () => {
    for (const [argv, message] of [
      [['--url', URL_PUBLIC, '--all', '--component', 'sts', '--contact', 'a@b.dk'], /give --component or --all, not both/],
      [['--component', 'sts', '--contact', 'a@b.dk'], /missing --url/],
      [['--url', URL_PUBLIC, '--contact', 'a@b.dk'], /missing --component/],
      [['--url', URL_PUBLIC, '--all'], /missing --contact/],
    ] as const) {
      const { code, err } = await cli(['webhooks', 'create', ...argv]);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, message);
    }
    const refused = await cli(['webhooks', 'create', '--url', 'https://192.168.1.10/hook', '--all', '--contact', 'a@b.dk']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /refused \(HTTP 422 webhook_url_refused\): url \(--url\): must not point to a private/);
    const bad = await cli(['webhooks', 'deliveries', 'wh_x', '--limit', '0']);
    assert.equal(bad.code, 2);
  });

  it('lists, enables a disabled one, rotates its secret, shows its log and deletes it; another vendor is refused', async () => {
    const { endpoint } = WebhookRegistrationSchema.parse(JSON.parse((await create(['--json'])).out));
    await disableEndpoint(server.app.store, endpoint.id, 'HTTP 500', new Date());
    const table = await cli(['webhooks', 'list']);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /^ID +STATE +VENDOR +URL +COMPONENTS +CONTACT +CREATED\n/);
    assert.match(table.out, new RegExp(`^${endpoint.id} +disabled \\(HTTP 500\\) +infra-drift +${URL_PUBLIC} +sts,organisation `, 'm'));
    assert.ok(
      WebhookEndpointListSchema.parse(JSON.parse((await cli(['webhooks', 'list', '--json'])).out)).endpoints.some(
        (e) => e.id === endpoint.id,
      ),
      'listed as JSON',
    );
    assert.match((await cli(['webhooks', 'list'], nordEnv)).out, /^No webhook endpoints\./);

    const foreign = await cli(['webhooks', 'enable', endpoint.id], nordEnv);
    assert.equal(foreign.code, 1);
    assert.match(foreign.err, /HTTP 403 not_your_webhook/);
    assert.equal((await cli(['webhooks', 'enable', endpoint.id])).out, `${endpoint.id} is active.\n`);

    const rotated = await cli(['webhooks', 'rotate-secret', endpoint.id]);
    assert.equal(rotated.code, 0, rotated.err);
    assert.equal((await server.app.store.webhookEndpoint(endpoint.id))?.secret, rotated.out.trim());
    const log = await cli(['webhooks', 'deliveries', endpoint.id]);
    assert.equal(log.out, 'No deliveries.\n');

    assert.equal((await cli(['webhooks', 'delete', endpoint.id])).out, `Deleted webhook endpoint ${endpoint.id}.\n`);
    const again = await cli(['webhooks', 'delete', endpoint.id]);
    assert.equal(again.code, 1);
    assert.match(again.err, /HTTP 404 webhook_not_found/);
  });

  it('has --help on every webhooks command', async () => {
    for (const sub of ['create', 'list', 'enable', 'rotate-secret', 'delete', 'deliveries']) {
      const { code, out } = await cli(['webhooks', sub, '--help']);
      assert.equal(code, 0);
      assert.ok(out.startsWith(`Usage: kdi-status webhooks ${sub}`), out);
      assert.match(out, /^ {2}--json +\S/m);
    }
    assert.match((await cli(['--help'])).out, /^ {2}webhooks +Register and manage/m);
  });
});
