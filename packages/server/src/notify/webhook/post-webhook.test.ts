import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { generateWebhookSecret, verifyWebhook, type WebhookPayload } from '@kdi-status/sdk/webhooks';
import { postWebhook, WEBHOOK_ANSWER_LIMIT, type PostWebhookRequest } from './post-webhook.js';

const payload: WebhookPayload = {
  type: 'maintenance.reminder',
  timestamp: '2026-12-03T10:40:00.000Z',
  data: {
    seq: 7,
    maintenance: {
      id: 'mnt_1',
      title: { da: 'Opdatering af produktionsmiljøet', en: 'Production update' },
      description: { da: 'Produktionsmiljøet opdateres lørdag den 5. december kl. 00.00 til kl. 08.00' },
      status: 'scheduled',
      vendor: 'infra-drift',
      components: ['sts'],
      startsAt: '2026-12-04T23:00:00.000Z',
      endsAt: '2026-12-05T07:00:00.000Z',
      updatedAt: '2026-12-01T09:00:00.000Z',
    },
    affected: [{ component: 'sts', path: ['sts'] }],
    url: 'https://status.example/vedligeholdelse/mnt_1',
  },
};
const body = JSON.stringify(payload);
const secret = generateWebhookSecret();

interface Receiver {
  url: string;
  /** What arrived, in order. */
  received: Array<{ path: string; headers: IncomingMessage['headers']; body: Buffer }>;
}

let servers: Server[] = [];
afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers = [];
});

/** A real node:http receiver on 127.0.0.1 that records every request and answers as `answer` says. */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const listener: RequestListener = async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const got = Buffer.concat(chunks);
    received.push({ path: req.url ?? '', headers: req.headers, body: got });
    answer(req, res, got);
  };
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const attempt = (url: string, overrides: Partial<PostWebhookRequest> = {}) =>
  postWebhook({
    url,
    id: 'msg_12',
    timestamp: Math.floor(Date.now() / 1000),
    body,
    secret,
    timeoutMs: 5000,
    allowPrivate: true,
    ...overrides,
  });

describe('postWebhook', () => {
  it('delivers a webhook the receiver verifies with the SDK', async () => {
    let verified: WebhookPayload | undefined;
    const hook = await receiver((req, res, got) => {
      verified = verifyWebhook({ secret, headers: req.headers, body: got });
      res.writeHead(204).end();
    });
    assert.deepEqual(await attempt(`${hook.url}/hooks/kdi`), { ok: true, status: 204 });
    assert.deepEqual(verified, payload);
    const [request] = hook.received;
    assert.equal(request?.path, '/hooks/kdi');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['webhook-id'], 'msg_12');
    assert.equal(request?.body.toString('utf8'), body, 'the body arrives byte for byte as signed');
  });

  it('a receiver with another secret refuses it', async () => {
    const hook = await receiver((req, res, got) => {
      try {
        verifyWebhook({ secret: generateWebhookSecret(), headers: req.headers, body: got });
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end('Unauthorized');
      }
    });
    assert.deepEqual(await attempt(hook.url), { ok: false, status: 401, error: 'HTTP 401: Unauthorized' });
  });

  it('counts any answer other than 2xx as a failure, quoting the start of its body', async () => {
    const hook = await receiver((_req, res) => res.writeHead(503).end(`Service\n  Unavailable ${'x'.repeat(1000)}`));
    const result = await attempt(hook.url);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.status === 503, 'the status is kept');
    assert.ok(!result.ok && result.error.startsWith('HTTP 503: Service Unavailable xxx'), `error: ${!result.ok && result.error}`);
    assert.ok(!result.ok && result.error.length <= 'HTTP 503: '.length + 200, 'at most 200 characters of the body are quoted');
  });

  it('does not follow a redirect', async () => {
    const hook = await receiver((req, res) => {
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else res.writeHead(204).end();
    });
    assert.deepEqual(await attempt(`${hook.url}/old`), { ok: false, status: 307, error: 'HTTP 307: redirect to /new not followed' });
    assert.deepEqual(
      hook.received.map((r) => r.path),
      ['/old'],
      'nothing was sent to /new',
    );
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const hook = await receiver(() => {
      // never answers
    });
    assert.deepEqual(await attempt(hook.url, { timeoutMs: 100 }), { ok: false, error: 'no answer within 100 ms' });
    assert.equal(hook.received.length, 1, 'the request did arrive');
  });

  it('gives up on a receiver that answers the status but never finishes the body', async () => {
    const hook = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('working on it');
    });
    assert.deepEqual(await attempt(hook.url, { timeoutMs: 100 }), { ok: false, error: 'no answer within 100 ms' });
  });

  it('reads no more than 64 KB of an answer that does not end', async () => {
    let written = 0;
    const hook = await receiver((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'a');
      // Writes until the sender hangs up.
      const pump = () => {
        while (!res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    // Were the answer read to its end, this would be the timeout instead.
    assert.deepEqual(await attempt(hook.url, { timeoutMs: 5000 }), { ok: true, status: 200 });
    assert.ok(written >= WEBHOOK_ANSWER_LIMIT, `the receiver wrote at least the limit (${written} bytes)`);
  });

  it('tells when nothing listens', async () => {
    const hook = await receiver(() => {});
    const [server] = servers;
    server!.close();
    await once(server!, 'close');
    assert.deepEqual(await attempt(hook.url), { ok: false, error: 'could not send: ECONNREFUSED' });
  });

  it('without allowPrivate sends nothing to http, to a private address or to a name resolving to one', async () => {
    const hook = await receiver((_req, res) => res.writeHead(204).end());
    const port = new URL(hook.url).port;
    assert.deepEqual(await attempt(hook.url, { allowPrivate: false }), { ok: false, error: 'URL must be an https URL' });
    assert.deepEqual(await attempt(`https://127.0.0.1:${port}/`, { allowPrivate: false }), {
      ok: false,
      error: 'URL must not point to a private, loopback or link-local address (127.0.0.1)',
    });
    const named = await attempt(`https://localhost:${port}/`, { allowPrivate: false });
    assert.ok(!named.ok && named.error.startsWith('URL must be a host name that resolves to public'), `refused: ${JSON.stringify(named)}`);
    assert.equal(hook.received.length, 0, 'the receiver got nothing');
  });

  it('refuses an id that cannot be a header without throwing', async () => {
    const hook = await receiver((_req, res) => res.writeHead(204).end());
    const result = await attempt(hook.url, { id: 'msg_1\r\nx-injected: 1' });
    assert.ok(!result.ok && result.error.startsWith('could not send: '), `refused: ${JSON.stringify(result)}`);
    assert.equal(hook.received.length, 0, 'the receiver got nothing');
  });
});
