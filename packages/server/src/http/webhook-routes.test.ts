import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, WebhookEndpointSchema } from '@kdi-status/sdk';
import { WebhookEndpointListSchema, WebhookRegistrationSchema } from '@kdi-status/sdk/admin';
import { disableEndpoint, ENDPOINT_DISABLED, OUTBOX_ACTOR } from '../notify/webhook-endpoints.js';
import { startNotifyAdminServer, type Answer, type NotifyAdminServer } from '../test-support/notify-admin-server.js';

// The webhook endpoints of the admin API, injected into the real server on a real SQLite file
// with the demo landscape (infra-drift owns sts, fagsys-nord owns ky).

const WEBHOOKS = '/api/v1/admin/webhooks';
/** A public address written as an IP literal: no DNS is asked (there is none here), and it is not private. */
const PUBLIC_URL = 'https://93.184.216.34/kdi-status';

const problemOf = (response: Answer) => {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, response.body);
  return ProblemSchema.parse(response.json());
};

const body = (extra: Record<string, unknown> = {}) => ({ url: PUBLIC_URL, components: ['sts'], contact: 'drift@infra.example', ...extra });

describe('webhook endpoints (admin API)', () => {
  let server: NotifyAdminServer;
  let open: NotifyAdminServer;
  let admin: string;
  let infra: string;
  let nord: string;

  before(async () => {
    server = await startNotifyAdminServer({ allowPrivate: false });
    open = await startNotifyAdminServer({ allowPrivate: true });
    admin = await server.token('admin');
    infra = await server.token('vendor', 'infra-drift');
    nord = await server.token('vendor', 'fagsys-nord');
  });
  after(async () => {
    await server?.close();
    await open?.close();
  });

  const register = async (token: string, extra: Record<string, unknown> = {}) => {
    const response = await server.call('POST', WEBHOOKS, { token, body: body(extra) });
    assert.equal(response.statusCode, 201, response.body);
    return WebhookRegistrationSchema.parse(response.json());
  };

  describe('registering', () => {
    it('refuses loopback, private, link-local and localhost URLs with 422 webhook_url_refused naming url, and stores nothing', async () => {
      const before = await server.store.webhookEndpoints();
      const seq = (await server.store.audit({ limit: 1000 })).at(-1)?.seq;
      for (const url of ['http://127.0.0.1/', 'http://10.0.0.1/', 'http://[::1]/', 'http://169.254.169.254/', 'http://localhost/']) {
        for (const scheme of [url, url.replace('http:', 'https:')]) {
          const response = await server.call('POST', WEBHOOKS, { token: admin, body: body({ url: scheme }) });
          assert.equal(response.statusCode, 422, `${scheme}: ${response.body}`);
          const problem = problemOf(response);
          assert.equal(problem.code, 'webhook_url_refused', scheme);
          assert.deepEqual(
            problem.errors?.map((e) => e.field),
            ['url'],
            scheme,
          );
        }
      }
      const https = await server.call('POST', WEBHOOKS, { token: admin, body: body({ url: 'https://169.254.169.254/latest/meta-data' }) });
      assert.match(problemOf(https).errors![0]!.message, /private, loopback or link-local address \(169\.254\.169\.254\)/);
      // A literal spelled to slip past a naive check is the address it is.
      const decimal = await server.call('POST', WEBHOOKS, { token: admin, body: body({ url: 'https://2130706433/' }) });
      assert.equal(problemOf(decimal).code, 'webhook_url_refused');
      assert.deepEqual(await server.store.webhookEndpoints(), before);
      assert.equal((await server.store.audit({ limit: 1000 })).at(-1)?.seq, seq, 'no event for a refusal');
    });

    it('accepts those URLs when the server allows private networks, storing the URL as it will be called', async () => {
      const key = await open.token('admin');
      for (const url of ['http://127.0.0.1:9/hook', 'http://10.0.0.1/', 'http://[::1]/', 'http://169.254.169.254/', 'http://localhost/']) {
        const response = await open.call('POST', WEBHOOKS, { token: key, body: body({ url }) });
        assert.equal(response.statusCode, 201, `${url}: ${response.body}`);
      }
      const normalised = await open.call('POST', WEBHOOKS, { token: key, body: body({ url: 'http://0x7f.1:8080/a/../hook' }) });
      assert.equal(WebhookRegistrationSchema.parse(normalised.json()).endpoint.url, 'http://127.0.0.1:8080/hook');
    });

    it('answers the endpoint and its secret once: never in GET, the list or the audit event, which names the actor', async () => {
      const { endpoint, secret } = await register(infra);
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      assert.match(endpoint.id, /^wh_[0-9a-f]{16}$/);
      assert.deepEqual(
        { ...endpoint, id: '', createdAt: '' },
        {
          id: '',
          url: PUBLIC_URL,
          components: ['sts'],
          contact: 'drift@infra.example',
          vendor: 'infra-drift',
          createdBy: /^kdi_(k_[0-9a-f]+)_/.exec(infra)![1]!,
          createdAt: '',
          state: 'active',
          disabledAt: null,
          disabledReason: null,
        },
      );
      const one = await server.call('GET', `${WEBHOOKS}/${endpoint.id}`, { token: infra });
      assert.equal(one.statusCode, 200);
      assert.deepEqual(WebhookEndpointSchema.parse(one.json()), endpoint);
      const list = await server.call('GET', WEBHOOKS, { token: infra });
      assert.ok(
        WebhookEndpointListSchema.parse(list.json()).endpoints.some((e) => e.id === endpoint.id),
        'listed',
      );
      const [event] = (await server.store.audit({ limit: 1000 })).filter((e) => e.type === 'webhook.changed' && e.data.id === endpoint.id);
      assert.ok(event, 'a webhook.changed event in the audit trail');
      assert.deepEqual(event.actor, { type: 'key', id: endpoint.createdBy, vendor: 'infra-drift' });
      assert.deepEqual(event.data, endpoint);
      const audit = await server.call('GET', '/api/v1/admin/audit?limit=1000', { token: admin });
      // (The export, a backup of the database, carries it: a restored server must sign with it.)
      for (const text of [one.body, list.body, audit.body])
        assert.ok(!text.includes(secret) && !text.includes('"secret"'), 'the secret is shown only once');
      assert.equal((await server.store.webhookEndpoint(endpoint.id))?.secret, secret, 'kept to sign with');
    });

    it('refuses unknown and retired components (422 naming each), a bad contact, a bad URL and unknown fields (400 naming them)', async () => {
      const retired = await server.call('DELETE', '/api/v1/admin/components/flis', { token: admin });
      assert.equal(retired.statusCode, 200, retired.body);
      const unknown = await server.call('POST', WEBHOOKS, { token: admin, body: body({ components: ['sts', 'nope', 'flis'] }) });
      assert.equal(unknown.statusCode, 422);
      assert.equal(problemOf(unknown).code, 'unknown_component');
      assert.deepEqual(
        problemOf(unknown).errors?.map((e) => e.field),
        ['components.1', 'components.2'],
      );
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ contact: 'not-an-address' }, 'contact'],
        [{ url: 'ftp://93.184.216.34/' }, 'url'],
        [{ url: 'https:\\\\evil.example/' }, 'url'],
        [{ url: 'https://93.184.216.34/a b' }, 'url'],
        [{ components: [] }, 'components'],
        [{ components: ['Not A Slug'] }, 'components.0'],
        [{ secret: 'whsec_mine' }, 'secret'],
        [{ vendor: 'fagsys-nord' }, 'vendor'],
      ];
      for (const [extra, field] of cases) {
        const response = await server.call('POST', WEBHOOKS, { token: admin, body: body(extra) });
        assert.equal(response.statusCode, 400, `${JSON.stringify(extra)}: ${response.body}`);
        assert.deepEqual([...new Set(problemOf(response).errors?.map((e) => e.field))], [field], JSON.stringify(extra));
      }
      const { components: _c, ...noComponents } = body();
      const missing = await server.call('POST', WEBHOOKS, { token: admin, body: noComponents });
      assert.equal(problemOf(missing).errors?.[0]?.field, 'components');
    });

    it('refuses an Idempotency-Key (400 naming it): the answer holds the secret, so nothing is stored to replay', async () => {
      const before = (await server.store.webhookEndpoints()).length;
      const response = await server.call('POST', WEBHOOKS, { token: admin, body: body(), headers: { 'idempotency-key': 'k-1' } });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(
        problemOf(response).errors?.map((e) => e.field),
        ['Idempotency-Key'],
      );
      assert.equal((await server.store.webhookEndpoints()).length, before, 'nothing registered');
    });

    it('takes components null (every component) and names each component once', async () => {
      const all = await register(admin, { components: null });
      assert.equal(all.endpoint.components, null);
      assert.equal(all.endpoint.vendor, null, 'an admin key without a vendor');
      const twice = await register(infra, { components: ['sts', 'sts', 'organisation'] });
      assert.deepEqual(twice.endpoint.components, ['sts', 'organisation']);
    });
  });

  describe('who may see and change which', () => {
    it('a vendor key sees its vendor’s endpoints only; another vendor gets 403 not_your_webhook everywhere; admin sees all', async () => {
      const mine = await register(nord, { components: ['ky'], contact: 'drift@nord.example' });
      const admins = await register(admin, { components: null });
      const id = mine.endpoint.id;

      const infraList = WebhookEndpointListSchema.parse((await server.call('GET', WEBHOOKS, { token: infra })).json());
      assert.ok(!infraList.endpoints.some((e) => e.id === id || e.id === admins.endpoint.id), 'not in another vendor’s list');
      assert.ok(
        infraList.endpoints.every((e) => e.vendor === 'infra-drift'),
        'a vendor key lists its own only',
      );
      const adminList = WebhookEndpointListSchema.parse((await server.call('GET', WEBHOOKS, { token: admin })).json());
      assert.ok(
        adminList.endpoints.some((e) => e.id === id) && adminList.endpoints.some((e) => e.id === admins.endpoint.id),
        'admin sees all',
      );
      const created = adminList.endpoints.map((e) => e.createdAt);
      assert.deepEqual(created, [...created].sort(), 'oldest first');

      const attempts: Array<['GET' | 'PATCH' | 'DELETE' | 'POST', string, unknown]> = [
        ['GET', `${WEBHOOKS}/${id}`, undefined],
        ['PATCH', `${WEBHOOKS}/${id}`, { contact: 'evil@infra.example' }],
        ['DELETE', `${WEBHOOKS}/${id}`, undefined],
        ['POST', `${WEBHOOKS}/${id}/rotate-secret`, {}],
        ['GET', `${WEBHOOKS}/${id}/deliveries`, undefined],
        ['GET', `${WEBHOOKS}/${admins.endpoint.id}`, undefined],
      ];
      for (const [method, url, payload] of attempts) {
        const response = await server.call(method, url, { token: infra, body: payload });
        assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
        assert.equal(problemOf(response).code, 'not_your_webhook');
      }
      assert.deepEqual(await server.store.webhookEndpoint(id), { ...mine.endpoint, secret: mine.secret }, 'unchanged');
      assert.equal((await server.call('GET', `${WEBHOOKS}/${id}`, { token: nord })).statusCode, 200);
      assert.equal((await server.call('GET', `${WEBHOOKS}/${id}`, { token: admin })).statusCode, 200);
    });

    it('404 webhook_not_found for an id no endpoint has, and 401 without a key', async () => {
      for (const id of ['wh_0000000000000000', 'nope', '%00', 'x'.repeat(90)]) {
        const response = await server.call('GET', `${WEBHOOKS}/${id}`, { token: admin });
        assert.ok(response.statusCode === 404 || response.statusCode === 400, `${id}: ${response.statusCode}`);
        assert.ok(response.statusCode !== 404 || problemOf(response).code === 'webhook_not_found', `${id}: ${response.body}`);
      }
      const none = await server.call('POST', WEBHOOKS, { body: body() });
      assert.equal(none.statusCode, 401);
      assert.equal(problemOf(none).code, 'missing_credentials');
    });
  });

  describe('changing, rotating and deleting', () => {
    it('PATCH changes the URL (checked again), the components and the contact; an empty change writes no event', async () => {
      const { endpoint } = await register(infra);
      const refused = await server.call('PATCH', `${WEBHOOKS}/${endpoint.id}`, { token: infra, body: { url: 'https://10.1.2.3/' } });
      assert.equal(refused.statusCode, 422);
      assert.deepEqual(
        problemOf(refused).errors?.map((e) => e.field),
        ['url'],
      );
      const changed = await server.call('PATCH', `${WEBHOOKS}/${endpoint.id}`, {
        token: infra,
        body: { url: 'https://93.184.216.35/new', components: ['organisation'], contact: 'ny@infra.example' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.deepEqual(WebhookEndpointSchema.parse(changed.json()), {
        ...endpoint,
        url: 'https://93.184.216.35/new',
        components: ['organisation'],
        contact: 'ny@infra.example',
      });
      const seq = (await server.store.audit({ limit: 1000 })).at(-1)!.seq;
      const same = await server.call('PATCH', `${WEBHOOKS}/${endpoint.id}`, { token: infra, body: { contact: 'ny@infra.example' } });
      assert.equal(same.statusCode, 200);
      assert.equal((await server.store.audit({ limit: 1000 })).at(-1)!.seq, seq, 'nothing changed, no event');
    });

    it('rotate-secret answers a new secret once; the store signs with it from now on', async () => {
      const { endpoint, secret } = await register(infra);
      const rotated = await server.call('POST', `${WEBHOOKS}/${endpoint.id}/rotate-secret`, { token: infra });
      assert.equal(rotated.statusCode, 200, rotated.body);
      const next = WebhookRegistrationSchema.parse(rotated.json());
      assert.notEqual(next.secret, secret);
      assert.deepEqual(next.endpoint, endpoint);
      assert.equal((await server.store.webhookEndpoint(endpoint.id))?.secret, next.secret);
    });

    it('DELETE answers 204, the endpoint is gone (404), and the event log says deleted', async () => {
      const { endpoint } = await register(infra);
      const deleted = await server.call('DELETE', `${WEBHOOKS}/${endpoint.id}`, { token: infra });
      assert.equal(deleted.statusCode, 204);
      assert.equal((await server.call('GET', `${WEBHOOKS}/${endpoint.id}`, { token: infra })).statusCode, 404);
      assert.equal((await server.call('DELETE', `${WEBHOOKS}/${endpoint.id}`, { token: infra })).statusCode, 404);
      const last = (await server.store.audit({ limit: 1000 }))
        .filter((e) => e.type === 'webhook.changed' && e.data.id === endpoint.id)
        .at(-1);
      assert.equal(last?.type === 'webhook.changed' && last.data.state, 'deleted');
    });
  });

  describe('give-up: disableEndpoint, the delivery log, and enabling again', () => {
    it('disables the endpoint with its reason, mails its owner in the same change, fails its unsent deliveries', async () => {
      const { endpoint } = await register(infra, { components: ['sts'] });
      // Two incidents on sts: a webhook delivery each for the endpoint (and none for the others' components).
      for (const title of ['Nedbrud i STS', 'Langsomme svartider i STS']) {
        const opened = await server.call('POST', '/api/v1/admin/incidents', {
          token: infra,
          body: {
            title: { da: title },
            impact: 'major',
            components: [{ id: 'sts', status: 'major_outage' }],
            message: { da: 'Vi undersøger fejlen' },
          },
        });
        assert.equal(opened.statusCode, 201, opened.body);
      }
      await server.expand();
      const log = await server.call('GET', `${WEBHOOKS}/${endpoint.id}/deliveries`, { token: infra });
      assert.equal(log.statusCode, 200, log.body);
      const page = log.json() as { deliveries: Array<{ id: number; kind: string; state: string; recipient: string }>; next: number | null };
      assert.deepEqual(
        page.deliveries.map((d) => [d.kind, d.state, d.recipient]),
        [
          ['incident.opened', 'pending', endpoint.id],
          ['incident.opened', 'pending', endpoint.id],
        ],
      );
      assert.equal(page.next, null);
      const paged = (await server.call('GET', `${WEBHOOKS}/${endpoint.id}/deliveries?limit=1`, { token: infra })).json() as typeof page;
      assert.deepEqual([paged.deliveries.length, paged.next], [1, page.deliveries[0]!.id]);
      const rest = (
        await server.call('GET', `${WEBHOOKS}/${endpoint.id}/deliveries?after=${paged.next}`, { token: infra })
      ).json() as typeof page;
      assert.deepEqual(
        rest.deliveries.map((d) => d.id),
        [page.deliveries[1]!.id],
      );

      const at = new Date();
      assert.equal(await disableEndpoint(server.store, endpoint.id, 'HTTP 500 for 3 days', at), true);
      const disabled = (await server.store.webhookEndpoint(endpoint.id))!;
      assert.deepEqual(
        [disabled.state, disabled.disabledAt, disabled.disabledReason],
        ['disabled', at.toISOString(), 'HTTP 500 for 3 days'],
      );
      const owner = await server.store.deliveries({ recipient: `endpoint:${endpoint.id}`, limit: 10 });
      assert.deepEqual(
        owner.map((d) => [d.kind, d.channel, d.subjectId, d.state]),
        [['webhook.disabled', 'mail', endpoint.id, 'pending']],
      );
      const failed = await server.store.deliveries({ recipient: endpoint.id, limit: 10 });
      assert.deepEqual(
        failed.map((d) => [d.state, d.lastError]),
        [
          ['failed', ENDPOINT_DISABLED],
          ['failed', ENDPOINT_DISABLED],
        ],
      );
      const event = (await server.store.audit({ limit: 1000 })).at(-1)!;
      assert.equal(event.type, 'webhook.changed');
      assert.deepEqual(event.actor, OUTBOX_ACTOR);
      // Once is enough: a second give-up changes nothing.
      assert.equal(await disableEndpoint(server.store, endpoint.id, 'again', new Date()), false);
      assert.equal((await server.store.audit({ limit: 1000 })).at(-1)!.seq, event.seq);
      assert.equal(await disableEndpoint(server.store, 'wh_gone', 'gone', new Date()), false);

      const enabled = await server.call('PATCH', `${WEBHOOKS}/${endpoint.id}`, { token: infra, body: { state: 'active' } });
      assert.equal(enabled.statusCode, 200, enabled.body);
      assert.deepEqual(
        (({ state, disabledAt, disabledReason }) => [state, disabledAt, disabledReason])(WebhookEndpointSchema.parse(enabled.json())),
        ['active', null, null],
      );
      const wrong = await server.call('PATCH', `${WEBHOOKS}/${endpoint.id}`, { token: infra, body: { state: 'disabled' } });
      assert.equal(problemOf(wrong).errors?.[0]?.field, 'state');
    });
  });
});
