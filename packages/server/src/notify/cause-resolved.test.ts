import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { verifyWebhook, type WebhookPayload } from '@kdi-status/sdk/webhooks';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';
import { until } from '../test-support/notify-scenario.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

// When the upstream incident resolves, the owner of each incident linked to it hears it: the
// downstream vendor's webhook endpoints (an `incident.cause_resolved` webhook) and its service
// desk (a Danish mail) — through the real outbox worker, a real receiver and a real SMTP sink.

async function startReceiver(secret: () => string) {
  const verified: WebhookPayload[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
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
    verified,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the cause of an incident resolved: its owner is told', { timeout: 60_000 }, () => {
  let server: TestServer;
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({
      publicUrl: 'https://status.example',
      notify: { webhookAllowPrivateNetworks: true, smtpUrl: sink.url, backoff: { baseMs: 20, maxMs: 100 }, tickMs: 50 },
    });
  });
  after(async () => {
    await server.close();
    await sink.close();
  });

  it("by a webhook to the downstream vendor's endpoint and a Danish mail to its service desk; nobody else hears of it", async () => {
    const fagsys = await server.token('vendor', 'fagsys-nord');
    const infra = await server.token('vendor', 'infra-drift');
    const admin = await server.token('admin');
    let ownSecret = '';
    let otherSecret = '';
    const own = await startReceiver(() => ownSecret);
    const other = await startReceiver(() => otherSecret);
    try {
      const register = async (token: string, url: string) => {
        const answer = await server.call('POST', '/api/v1/admin/webhooks', {
          token,
          body: { url, components: null, contact: 'drift@leverandor.example' },
        });
        assert.equal(answer.statusCode, 201, answer.body);
        return answer.json() as { secret: string; endpoint: { id: string } };
      };
      ownSecret = (await register(fagsys, own.url)).secret;
      const otherEndpoint = await register(admin, other.url);
      otherSecret = otherEndpoint.secret;
      const open = async (token: string, component: string) => {
        const answer = await server.call('POST', '/api/v1/admin/incidents', {
          token,
          body: {
            title: { da: `Fejl i ${component}` },
            impact: 'major',
            components: [{ id: component, status: 'major_outage' }],
            message: { da: 'Vi undersøger fejlen' },
          },
        });
        assert.equal(answer.statusCode, 201, answer.body);
        return (answer.json() as { id: string }).id;
      };
      const ky = await open(fagsys, 'ky');
      const sp = await open(infra, 'serviceplatformen');
      const link = await server.call('PUT', `/api/v1/admin/incidents/${ky}/caused-by`, { token: fagsys, body: { incident: sp } });
      assert.equal(link.statusCode, 200, link.body);
      const resolve = await server.call('POST', `/api/v1/admin/incidents/${sp}/resolve`, {
        token: infra,
        body: { message: { da: 'Løst' } },
      });
      assert.equal(resolve.statusCode, 200, resolve.body);

      await until(() => own.verified.some((p) => p.type === 'incident.cause_resolved'), 30_000, 'the cause_resolved webhook');
      const told = own.verified.find((p) => p.type === 'incident.cause_resolved')!;
      assert.equal(told.data.incident?.id, ky);
      assert.equal(told.data.incident?.causedBy?.incident, sp);
      assert.ok(told.data.incident?.causedBy?.upstreamResolvedAt, 'the payload carries when the cause was resolved');
      assert.equal(told.data.url, `https://status.example/incidents/${ky}`);

      await until(() => sink.messages.some((m) => m.to.includes('support@fagsys-nord.example')), 30_000, 'the mail to the service desk');
      const mail = sink.messages.find((m) => m.to.includes('support@fagsys-nord.example'))!;
      assert.equal(mail.subject, 'Årsagen er løst: Fejl i ky');
      assert.ok(mail.text?.includes('Årsag: fejl i Serviceplatformen (Infrastrukturdrift'), mail.text);
      assert.ok(mail.text?.includes(`https://status.example/incidents/${ky}`), mail.text);
      assert.equal(mail.headers.get('list-unsubscribe'), undefined, 'no subscription to leave');

      // The other endpoint hears of the incidents, but not of the owner's notice: the notice was
      // expanded (in one transaction) before its webhook reached the owner, so this is final.
      const kinds = (await server.app.store.deliveries({ recipient: otherEndpoint.endpoint.id, limit: 100 })).map((d) => d.kind);
      assert.ok(kinds.includes('incident.resolved'), kinds.join());
      assert.ok(!kinds.includes('incident.cause_resolved'), kinds.join());
      assert.ok(!sink.messages.some((m) => m.to.includes('servicedesk@infra-drift.example')), 'the upstream vendor gets no owner mail');
    } finally {
      await own.close();
      await other.close();
    }
  });
});
