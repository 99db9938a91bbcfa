import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema } from '@kdi-status/sdk';
import { OutboxCountsSchema, OutboxPageSchema, OutboxRetryResultSchema } from '@kdi-status/sdk/admin';
import { RETRY_GIVE_UP_MS } from '../notify/outbox-view.js';
import { startNotifyAdminServer, type Answer, type NotifyAdminServer } from '../test-support/notify-admin-server.js';

// The outbox operator view of the admin API on a real SQLite file: deliveries made the real way
// (an incident's notice expanded to a subscriber and a webhook endpoint), attempts failed through
// the store's claim, as the worker does.

const OUTBOX = '/api/v1/admin/outbox';
const ADDRESS = 'borger.hansen@example.dk';
const WORKER = 'test-worker';

const problemOf = (response: Answer) => {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, response.body);
  return ProblemSchema.parse(response.json());
};

describe('outbox operator view (admin API)', () => {
  let server: NotifyAdminServer;
  let admin: string;
  let vendor: string;
  const ids = { mailFailed: 0, mailPending: 0, webhookFailed: 0, webhookPending: 0 };
  let endpointId = '';

  before(async () => {
    server = await startNotifyAdminServer({ allowPrivate: true });
    admin = await server.token('admin');
    vendor = await server.token('vendor', 'infra-drift');
    const now = new Date().toISOString();
    await server.store.saveSubscriber({
      id: 'sub_1',
      address: ADDRESS,
      components: ['sts'],
      lang: 'da',
      token: 'A'.repeat(43),
      createdAt: now,
      confirmedAt: now,
      consentVersion: 'v1',
      consentedAt: now,
    });
    const registered = await server.call('POST', '/api/v1/admin/webhooks', {
      token: vendor,
      body: { url: 'http://127.0.0.1:9/hook', components: ['sts'], contact: 'drift@infra.example' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    endpointId = (registered.json() as { endpoint: { id: string } }).endpoint.id;
    for (const title of ['Nedbrud i STS', 'STS svarer igen langsomt']) {
      const opened = await server.call('POST', '/api/v1/admin/incidents', {
        token: vendor,
        body: {
          title: { da: title },
          impact: 'major',
          components: [{ id: 'sts', status: 'major_outage' }],
          message: { da: 'Vi undersøger fejlen' },
        },
      });
      assert.equal(opened.statusCode, 201, opened.body);
    }
    assert.equal(await server.expand(), 4, 'two mails and two webhooks');
    // One attempt each of the first mail and the first webhook, refused for good.
    const at = new Date().toISOString();
    const [mail] = await server.store.claimDeliveries({ channel: 'mail', at, limit: 1, leaseMs: 60_000, worker: WORKER });
    await server.store.finishDelivery(mail!.id, WORKER, {
      state: 'failed',
      at,
      error: `550 5.1.1 <${ADDRESS}>: Recipient address rejected`,
    });
    const [hook] = await server.store.claimDeliveries({ channel: 'webhook', at, limit: 1, leaseMs: 60_000, worker: WORKER });
    await server.store.finishDelivery(hook!.id, WORKER, { state: 'failed', at, error: 'HTTP 500' });
    const all = await server.store.deliveries({ limit: 100 });
    ids.mailFailed = mail!.id;
    ids.webhookFailed = hook!.id;
    ids.mailPending = all.find((d) => d.channel === 'mail' && d.state === 'pending')!.id;
    ids.webhookPending = all.find((d) => d.channel === 'webhook' && d.state === 'pending')!.id;
  });
  after(() => server?.close());

  const list = async (query = '') => {
    const response = await server.call('GET', `${OUTBOX}${query}`, { token: admin });
    assert.equal(response.statusCode, 200, response.body);
    return { page: OutboxPageSchema.parse(response.json()), body: response.body };
  };

  it('is for admin keys only: a vendor key gets 403 admin_only on every route, and no key 401', async () => {
    for (const [method, url, body] of [
      ['GET', OUTBOX, undefined],
      ['GET', `${OUTBOX}/counts`, undefined],
      ['POST', `${OUTBOX}/retry`, { state: 'failed' }],
    ] as const) {
      const refused = await server.call(method, url, { token: vendor, body });
      assert.equal(refused.statusCode, 403, `${method} ${url}`);
      assert.equal(problemOf(refused).code, 'admin_only');
      assert.equal((await server.call(method, url, { body })).statusCode, 401, `${method} ${url} without a key`);
    }
    assert.equal((await server.store.deliveries({ state: 'failed', limit: 10 })).length, 2, 'nothing retried');
  });

  it('lists every delivery oldest first by recipient id, never a subscriber’s address (not even in an SMTP error)', async () => {
    const { page, body } = await list();
    assert.equal(page.deliveries.length, 4);
    assert.equal(page.next, null);
    assert.deepEqual(
      page.deliveries.map((d) => d.id),
      [...page.deliveries.map((d) => d.id)].sort((a, b) => a - b),
    );
    assert.ok(!body.includes(ADDRESS) && !body.includes('example.dk'), 'no address in the operator view');
    const failedMail = page.deliveries.find((d) => d.id === ids.mailFailed)!;
    assert.deepEqual(
      [failedMail.recipient, failedMail.state, failedMail.attempts, failedMail.lastError],
      ['sub_1', 'failed', 1, '550 5.1.1 <address>: Recipient address rejected'],
    );
    assert.ok(failedMail.seq !== null && failedMail.kind === 'incident.opened', 'made from the notice of an event');
    assert.ok(!('detail' in failedMail) && !('claimedBy' in failedMail), 'no detail, no claim bookkeeping');
  });

  it('filters by state, channel and recipient, and pages with after and limit', async () => {
    assert.deepEqual(
      (await list('?state=failed')).page.deliveries.map((d) => d.id),
      [ids.mailFailed, ids.webhookFailed].sort((a, b) => a - b),
    );
    assert.deepEqual(
      (await list('?channel=webhook&state=pending')).page.deliveries.map((d) => d.id),
      [ids.webhookPending],
    );
    assert.deepEqual(
      (await list(`?recipient=${endpointId}`)).page.deliveries.map((d) => d.channel),
      ['webhook', 'webhook'],
    );
    const first = (await list('?limit=3')).page;
    assert.equal(first.deliveries.length, 3);
    assert.equal(first.next, first.deliveries[2]!.id);
    const second = (await list(`?limit=3&after=${first.next}`)).page;
    assert.deepEqual([second.deliveries.length, second.next], [1, null]);
  });

  it('refuses bad queries with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['?state=lost', 'state'],
      ['?channel=sms', 'channel'],
      ['?limit=0', 'limit'],
      ['?limit=1001', 'limit'],
      ['?after=-1', 'after'],
      ['?after=1.5', 'after'],
      ['?recipient=', 'recipient'],
      ['?address=x', 'address'],
    ]) {
      const response = await server.call('GET', `${OUTBOX}${query}`, { token: admin });
      assert.equal(response.statusCode, 400, query);
      assert.deepEqual(
        problemOf(response).errors?.map((e) => e.field),
        [field],
        query,
      );
    }
  });

  it('counts deliveries by channel and state', async () => {
    const response = await server.call('GET', `${OUTBOX}/counts`, { token: admin });
    assert.deepEqual(OutboxCountsSchema.parse(response.json()).counts, [
      { channel: 'mail', state: 'failed', count: 1 },
      { channel: 'mail', state: 'pending', count: 1 },
      { channel: 'webhook', state: 'failed', count: 1 },
      { channel: 'webhook', state: 'pending', count: 1 },
    ]);
  });

  it('retries failed deliveries by id (others left as they are), then every failed one; a second retry changes nothing', async () => {
    const before = Date.now();
    const byId = await server.call('POST', `${OUTBOX}/retry`, { token: admin, body: { ids: [ids.mailFailed, ids.mailPending, 999_999] } });
    assert.equal(byId.statusCode, 200, byId.body);
    assert.deepEqual(OutboxRetryResultSchema.parse(byId.json()).retried, [ids.mailFailed]);
    const retried = (await server.store.delivery(ids.mailFailed))!;
    assert.equal(retried.state, 'pending');
    assert.ok(Date.parse(retried.giveUpAt) >= before + RETRY_GIVE_UP_MS, 'a new give-up time');
    assert.ok(Date.parse(retried.nextAttemptAt) <= Date.now(), 'due at once');

    const all = await server.call('POST', `${OUTBOX}/retry`, { token: admin, body: { state: 'failed' } });
    assert.deepEqual(OutboxRetryResultSchema.parse(all.json()).retried, [ids.webhookFailed]);
    const again = await server.call('POST', `${OUTBOX}/retry`, { token: admin, body: { state: 'failed' } });
    assert.deepEqual(OutboxRetryResultSchema.parse(again.json()).retried, []);
    assert.equal((await list('?state=failed')).page.deliveries.length, 0);
  });

  it('refuses a retry body that is neither ids nor state failed, naming the field', async () => {
    for (const [body, field] of [
      [{}, 'ids'],
      [{ ids: [] }, 'ids'],
      [{ ids: [0] }, 'ids.0'],
      [{ ids: ['1'] }, 'ids.0'],
      [{ ids: [1], state: 'failed' }, 'ids'],
      [{ state: 'sent' }, 'state'],
      [{ ids: Array.from({ length: 101 }, (_, i) => i + 1) }, 'ids'],
      [{ all: true }, 'all'],
    ] as const) {
      const response = await server.call('POST', `${OUTBOX}/retry`, { token: admin, body });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.ok(
        problemOf(response).errors?.some((e) => e.field === field),
        `${JSON.stringify(body).slice(0, 60)} names ${field}: ${response.body.slice(0, 300)}`,
      );
    }
  });
});
