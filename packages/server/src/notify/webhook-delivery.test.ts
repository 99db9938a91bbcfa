import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { verifyWebhook, type WebhookPayload } from '@kdi-status/sdk/webhooks';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';
import { until } from '../test-support/notify-scenario.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

// A webhook endpoint registered through the admin API, a real receiver on 127.0.0.1 that checks
// every signature with the SDK's verifyWebhook, and the server's own outbox worker between them.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that answers `fail` 503s first, then 204 to what verifies (401 to what does not). */
async function startReceiver(secret: () => string, fail: number) {
  const requests: Received[] = [];
  const verified: WebhookPayload[] = [];
  let failures = fail;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body });
      if (failures > 0) {
        failures--;
        return response.writeHead(503).end('not now');
      }
      try {
        verified.push(verifyWebhook({ secret: secret(), headers: request.headers, body }));
        response.writeHead(204).end();
      } catch {
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    verified,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('webhooks through the outbox worker', { timeout: 60_000 }, () => {
  let server: TestServer;
  let sink: SmtpSink;
  let admin: string;
  before(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({
      publicUrl: 'https://status.example',
      notify: { webhookAllowPrivateNetworks: true, smtpUrl: sink.url, backoff: { baseMs: 20, maxMs: 100 }, tickMs: 50 },
    });
    admin = await server.token('admin');
  });
  after(async () => {
    await server.close();
    await sink.close();
  });

  const register = async (url: string, components: string[] | null) => {
    const answer = await server.call('POST', '/api/v1/admin/webhooks', {
      token: admin,
      body: { url, components, contact: 'drift@leverandor.example' },
    });
    assert.equal(answer.statusCode, 201, answer.body);
    return answer.json() as { endpoint: { id: string }; secret: string };
  };

  it('a receiver that fails 3 times then recovers gets every delivery, in order, each signature verified', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret, 3);
    try {
      ({ secret } = await register(receiver.url, ['ky']));
      const opened = await server.call('POST', '/api/v1/admin/incidents', {
        token: admin,
        body: {
          title: { da: 'Serviceplatformen svarer langsomt' },
          impact: 'major',
          vendor: 'infra-drift',
          components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
          message: { da: 'Vi undersøger fejlen.' },
        },
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const { id } = opened.json() as { id: string };
      for (const status of ['identified', 'monitoring'] as const) {
        const updated = await server.call('POST', `/api/v1/admin/incidents/${id}/updates`, {
          token: admin,
          body: { status, message: { da: `Status: ${status}` } },
        });
        assert.equal(updated.statusCode, 201, updated.body);
      }
      const resolved = await server.call('POST', `/api/v1/admin/incidents/${id}/resolve`, {
        token: admin,
        body: { message: { da: 'Løst.' } },
      });
      assert.equal(resolved.statusCode, 200, resolved.body);

      await until(() => receiver.verified.length >= 4, 30_000, 'four verified deliveries');
      assert.deepEqual(
        receiver.verified.map((p) => p.type),
        ['incident.opened', 'incident.updated', 'incident.updated', 'incident.resolved'],
      );
      const seqs = receiver.verified.map((p) => p.data.seq);
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
        'in the order of the event log',
      );
      assert.deepEqual(receiver.verified[0]!.data.affected, [{ component: 'ky', path: ['ky', 'serviceplatformen'] }]);
      assert.equal(receiver.verified[0]!.data.url, `https://status.example/incidents/${id}`);
      assert.equal(receiver.requests.length, 4 + 3, 'the three failures were retried, nothing else sent twice');
      const ids = receiver.requests.map((r) => r.headers['webhook-id']);
      assert.deepEqual(ids.slice(0, 4), [ids[0], ids[0], ids[0], ids[0]], 'a retry carries the same webhook-id');
      assert.equal(new Set(ids).size, 4, 'one webhook-id per delivery');
    } finally {
      await receiver.close();
    }
  });

  it('verification refuses a tampered body, a wrong secret and an old timestamp of a real delivery', async () => {
    let secret = '';
    const receiver = await startReceiver(() => secret, 0);
    try {
      ({ secret } = await register(receiver.url, null));
      const scheduled = await server.call('POST', '/api/v1/admin/maintenances', {
        token: admin,
        body: {
          title: { da: 'Opdatering af CPR' },
          description: { da: 'CPR opdateres.' },
          components: ['cpr'],
          startsAt: new Date(Date.now() + 48 * 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 50 * 3_600_000).toISOString(),
          vendor: 'infra-drift',
        },
      });
      assert.equal(scheduled.statusCode, 201, scheduled.body);
      await until(() => receiver.verified.some((p) => p.type === 'maintenance.scheduled'), 30_000, 'the scheduled notice');
      const real = receiver.requests.at(-1)!;
      assert.doesNotThrow(() => verifyWebhook({ secret, headers: real.headers, body: real.body }));
      assert.throws(() => verifyWebhook({ secret, headers: real.headers, body: real.body.replace('CPR', 'CPX') }), /signature/i);
      const wrong = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      assert.throws(() => verifyWebhook({ secret: wrong, headers: real.headers, body: real.body }), /signature/i);
      const later = new Date((Number(real.headers['webhook-timestamp']) + 600) * 1000);
      assert.throws(() => verifyWebhook({ secret, headers: real.headers, body: real.body, now: later }), /old/i);
    } finally {
      await receiver.close();
    }
  });

  it('an endpoint that keeps failing past its give-up time is disabled and its contact is told by mail', async () => {
    const failing = await startTestServer({
      publicUrl: 'https://status.example',
      notify: { webhookAllowPrivateNetworks: true, smtpUrl: sink.url, backoff: { baseMs: 20, maxMs: 50 }, tickMs: 50, giveUpMs: 300 },
    });
    const receiver = await startReceiver(() => '', 1_000_000);
    try {
      const key = await failing.token('admin');
      const created = await failing.call('POST', '/api/v1/admin/webhooks', {
        token: key,
        body: { url: receiver.url, components: null, contact: 'vagt@leverandor.example' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { endpoint } = created.json() as { endpoint: { id: string } };
      const opened = await failing.call('POST', '/api/v1/admin/incidents', {
        token: key,
        body: {
          title: { da: 'CPR svarer ikke' },
          impact: 'minor',
          vendor: 'infra-drift',
          components: [{ id: 'cpr', status: 'degraded_performance' }],
          message: { da: 'Vi undersøger.' },
        },
      });
      assert.equal(opened.statusCode, 201, opened.body);
      await until(() => sink.messages.some((m) => m.to.includes('vagt@leverandor.example')), 30_000, 'the mail to the contact');
      const shown = (await failing.call('GET', `/api/v1/admin/webhooks/${endpoint.id}`, { token: key })).json() as {
        endpoint?: { state: string };
        state?: string;
      };
      assert.equal(shown.endpoint?.state ?? shown.state, 'disabled');
      assert.ok(receiver.requests.length >= 2, `it was retried before it was given up (${receiver.requests.length} tries)`);
    } finally {
      await receiver.close();
      await failing.close();
    }
  });
});
