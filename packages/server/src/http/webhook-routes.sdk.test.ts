import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isHttpError } from '@kdi-status/sdk';
import { createAdminClient, type AdminClient } from '@kdi-status/sdk/admin';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';

// The SDK's admin client for webhooks and the outbox over real HTTP against the real server
// (createApp, real SQLite file): every answer is checked against the SDK's schemas by the client.

describe('SDK admin client: webhooks and the outbox against a running server', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let admin: AdminClient;
  let infra: AdminClient;
  let nord: AdminClient;

  before(async () => {
    server = await startListeningApp({ scheduler: false, logLevel: 'silent', notify: { worker: false } });
    const client = async (role: 'admin' | 'vendor', vendor: string | null) =>
      createAdminClient({ baseUrl: server.baseUrl, token: await createTestKey(server.app.store, role, vendor) });
    admin = await client('admin', null);
    infra = await client('vendor', 'infra-drift');
    nord = await client('vendor', 'fagsys-nord');
  });
  after(() => server?.close());

  it('registers, reads, lists, changes, rotates, reads the log of and deletes an endpoint', async () => {
    const { endpoint, secret } = await infra.createWebhook({
      url: 'https://93.184.216.34/kdi',
      components: ['sts'],
      contact: 'drift@infra.example',
    });
    assert.match(secret, /^whsec_/);
    assert.deepEqual(await infra.webhook(endpoint.id), endpoint);
    assert.deepEqual(
      (await infra.webhooks()).endpoints.map((e) => e.id),
      [endpoint.id],
    );
    assert.deepEqual((await nord.webhooks()).endpoints, [], 'another vendor sees none of them');
    const changed = await infra.editWebhook(endpoint.id, { components: null });
    assert.equal(changed.components, null);
    const rotated = await infra.rotateWebhookSecret(endpoint.id);
    assert.notEqual(rotated.secret, secret);
    assert.deepEqual(await infra.webhookDeliveries(endpoint.id, { limit: 10 }), { deliveries: [], next: null });
    await infra.deleteWebhook(endpoint.id);
    const gone = await infra.webhook(endpoint.id).catch((error: unknown) => error);
    assert.ok(isHttpError(gone) && gone.status === 404 && gone.code === 'webhook_not_found', 'deleted');
  });

  it('surfaces the refusal of a private URL as an HttpError naming url (this server allows no private networks)', async () => {
    const error = await infra
      .createWebhook({ url: 'https://10.0.0.1/hook', components: null, contact: 'drift@infra.example' })
      .catch((e: unknown) => e);
    assert.ok(isHttpError(error), 'an HttpError');
    assert.equal(error.status, 422);
    assert.equal(error.problem?.code, 'webhook_url_refused');
    assert.deepEqual(
      error.problem?.errors?.map((e) => e.field),
      ['url'],
    );
  });

  it('reads and retries the outbox with an admin key; a vendor key is refused', async () => {
    assert.deepEqual(await admin.outbox({ state: 'failed' }), { deliveries: [], next: null });
    assert.ok(Array.isArray((await admin.outboxCounts()).counts), 'counts');
    assert.deepEqual(await admin.retryOutbox({ state: 'failed' }), { retried: [] });
    const error = await infra.outbox().catch((e: unknown) => e);
    assert.ok(isHttpError(error) && error.status === 403 && error.code === 'admin_only', 'admin only');
  });
});
