import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OutboxCountsSchema, OutboxPageSchema, OutboxRetryResultSchema } from '@kdi-status/sdk/admin';
import { expandDueNotices } from '../notify/fan-out.js';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `kdi-status outbox …` in-process against a real server on a real SQLite file, over real HTTP:
// deliveries made the real way (an incident's notice expanded to a subscriber), one attempt
// failed through the store's claim, as the worker does.

const ADDRESS = 'borger.hansen@example.dk';

describe('kdi-status outbox (against a running server)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let env: Record<string, string>;
  let vendorEnv: Record<string, string>;
  let failedId = 0;
  let pendingId = 0;

  const cli = async (argv: string[], withEnv = env) => {
    const io = captureIo({ env: withEnv });
    const code = await run(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  before(async () => {
    server = await startListeningApp({ scheduler: false, logLevel: 'silent', notify: { worker: false } });
    const { store } = server.app;
    env = { KDI_STATUS_SERVER: server.baseUrl, KDI_STATUS_TOKEN: await createTestKey(store, 'admin') };
    vendorEnv = { ...env, KDI_STATUS_TOKEN: await createTestKey(store, 'vendor', 'infra-drift') };
    const now = new Date().toISOString();
    await store.saveSubscriber({
      id: 'sub_1',
      address: ADDRESS,
      components: null,
      lang: 'da',
      token: 'B'.repeat(43),
      createdAt: now,
      confirmedAt: now,
      consentVersion: 'v1',
      consentedAt: now,
    });
    for (const title of ['Nedbrud i STS', 'STS svarer langsomt']) {
      const response = await server.app.http.inject({
        method: 'POST',
        url: '/api/v1/admin/incidents',
        headers: { authorization: `Bearer ${vendorEnv.KDI_STATUS_TOKEN}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          title: { da: title },
          impact: 'major',
          components: [{ id: 'sts', status: 'major_outage' }],
          message: { da: 'Vi undersøger fejlen' },
        }),
      });
      assert.equal(response.statusCode, 201, response.body);
    }
    const components = () => server.app.readModel.current().view.summary.components;
    assert.equal(await expandDueNotices({ store, components, giveUpMs: 3_600_000 }, new Date()), 2);
    const at = new Date().toISOString();
    const [mail] = await store.claimDeliveries({ channel: 'mail', at, limit: 1, leaseMs: 60_000, worker: 'w' });
    await store.finishDelivery(mail!.id, 'w', { state: 'failed', at, error: `550 5.1.1 <${ADDRESS}>: Recipient address rejected` });
    failedId = mail!.id;
    pendingId = (await store.deliveries({ state: 'pending', limit: 10 }))[0]!.id;
  });
  after(() => server?.close());

  it('lists deliveries as a table, recipients by id and no address, and as JSON with --json', async () => {
    const table = await cli(['outbox', 'list']);
    assert.equal(table.code, 0, table.err);
    const [header, ...rows] = table.out.trimEnd().split('\n');
    assert.match(header!, /^ID +KIND +CHANNEL +RECIPIENT +STATE +TRIES +CREATED +NEXT\/SENT +LAST ERROR$/);
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, new RegExp(`^${failedId} +incident\\.opened +mail +sub_1 +failed +1 .*550 5\\.1\\.1 <address>: Recipient`));
    assert.ok(!table.out.includes(ADDRESS), 'no address on the terminal');

    const json = await cli(['outbox', 'list', '--state', 'failed', '--channel', 'mail', '--json']);
    assert.equal(json.code, 0, json.err);
    const page = OutboxPageSchema.parse(JSON.parse(json.out));
    assert.deepEqual(
      page.deliveries.map((d) => d.id),
      [failedId],
    );
    const limited = await cli(['outbox', 'list', '--limit', '1']);
    assert.match(limited.out, new RegExp(`More: kdi-status outbox list … --after ${failedId}\\n$`));
    const next = OutboxPageSchema.parse(JSON.parse((await cli(['outbox', 'list', '--after', String(failedId), '--json'])).out));
    assert.deepEqual(
      next.deliveries.map((d) => d.id),
      [pendingId],
    );
  });

  it('counts deliveries by channel and state', async () => {
    const counts = await cli(['outbox', 'counts']);
    assert.equal(counts.code, 0, counts.err);
    assert.match(counts.out, /^CHANNEL +STATE +COUNT\nmail +failed +1\nmail +pending +1\n$/);
    assert.equal(OutboxCountsSchema.parse(JSON.parse((await cli(['outbox', 'counts', '--json'])).out)).counts.length, 2);
  });

  it('refuses wrong usage with exit 2 before sending anything, and a vendor key with exit 1 saying why', async () => {
    const usage: Array<[string[], RegExp]> = [
      [['outbox', 'list', '--state', 'lost'], /--state must be one of pending, sending, sent, failed, skipped \(got "lost"\)/],
      [['outbox', 'list', '--channel', 'sms'], /--channel must be one of mail, webhook/],
      [['outbox', 'list', '--limit', '0'], /--limit must be a whole number from 1 to 1000/],
      [['outbox', 'list', '--limit', '1e3'], /--limit must be a whole number/],
      [['outbox', 'list', 'extra'], /unexpected argument "extra"/],
      [['outbox', 'retry'], /missing <id>… or --failed/],
      [['outbox', 'retry', '1', '--failed'], /give ids or --failed, not both/],
      [['outbox', 'retry', 'abc'], /<id> must be a whole number/],
      [['outbox', 'retry', '0'], /<id> must be a whole number from 1/],
    ];
    for (const [argv, message] of usage) {
      const { code, err } = await cli(argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, message, argv.join(' '));
    }
    const noToken = await cli(['outbox', 'list'], { KDI_STATUS_SERVER: server.baseUrl });
    assert.equal(noToken.code, 2);
    assert.match(noToken.err, /no API key/);

    const vendor = await cli(['outbox', 'retry', '--failed'], vendorEnv);
    assert.equal(vendor.code, 1);
    assert.match(vendor.err, /^kdi-status outbox retry: refused \(HTTP 403 admin_only\): Only an admin key may retry deliveries/);
    const asJson = await cli(['outbox', 'list', '--json'], vendorEnv);
    assert.equal((JSON.parse(asJson.err) as { error: { code: string } }).error.code, 'admin_only');
    assert.equal((await server.app.store.delivery(failedId))?.state, 'failed', 'nothing retried');
  });

  it('retries by id and every failed delivery with --failed, saying what it put back', async () => {
    const none = await cli(['outbox', 'retry', String(pendingId)]);
    assert.equal(none.code, 0, none.err);
    assert.equal(none.out, 'Nothing to retry: no such delivery is failed.\n');
    const one = await cli(['outbox', 'retry', String(failedId), String(pendingId)]);
    assert.equal(one.out, `Retrying 1 delivery: ${failedId}\n`);
    assert.equal((await server.app.store.delivery(failedId))?.state, 'pending');

    const at = new Date().toISOString();
    for (const delivery of await server.app.store.claimDeliveries({ channel: 'mail', at, limit: 10, leaseMs: 60_000, worker: 'w' }))
      await server.app.store.finishDelivery(delivery.id, 'w', { state: 'failed', at, error: 'timeout' });
    const all = await cli(['outbox', 'retry', '--failed', '--json']);
    assert.equal(all.code, 0, all.err);
    assert.deepEqual(OutboxRetryResultSchema.parse(JSON.parse(all.out)).retried, [failedId, pendingId]);
  });

  it('has --help on every outbox command, and is listed by kdi-status --help', async () => {
    for (const sub of ['list', 'counts', 'retry']) {
      const { code, out } = await cli(['outbox', sub, '--help']);
      assert.equal(code, 0);
      assert.ok(out.startsWith(`Usage: kdi-status outbox ${sub}`), out);
      assert.match(out, /^ {2}--json +\S/m);
    }
    assert.match((await cli(['--help'])).out, /^ {2}outbox +List, count and retry/m);
    assert.match((await cli(['outbox', '--help'])).out, /^ {2}retry +Send failed deliveries again/m);
  });
});
