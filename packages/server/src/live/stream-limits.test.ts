import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, type Actor } from '@kdi-status/sdk';
import type { App } from '../app.js';
import { startListeningApp } from '../test-support/admin-server.js';
import { incident } from '../test-support/fixtures.js';
import { encodeEvent } from './sse-frames.js';

const actor: Actor = { type: 'system', id: 'test' };
const now = () => new Date().toISOString();

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body so far: the whole one for an answer with Content-Length, the first message of a stream. */
  body: string;
  socket: Socket;
}

/**
 * One request on its own socket from `localAddress` (127.0.0.2 … are loopback addresses too on
 * Linux, so the server sees another client address). Resolves with the head and, for a stream,
 * its first message; for any other answer, its whole body. Bounded: 5 s.
 */
function request(port: number, path: string, { localAddress = '127.0.0.1', method = 'GET', headers = {} as Record<string, string> } = {}) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const timer = setTimeout(() => reject(new Error(`${method} ${path} from ${localAddress}: no answer`)), 5000);
    let received = '';
    socket.on('connect', () => {
      const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...headerLines] = received.slice(0, end).split('\r\n');
      const head = Object.fromEntries(
        headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const body = received.slice(end + 4);
      const answer = { status: Number(statusLine!.split(' ')[1]), headers: head, body, socket };
      const length = head['content-length'];
      const complete =
        method === 'HEAD' ||
        (length !== undefined && Buffer.byteLength(body) >= Number(length)) ||
        (head['content-type']?.startsWith('text/event-stream') && /data: .*\n\n/.test(body));
      if (complete) {
        clearTimeout(timer);
        resolve(answer);
      }
    });
  });
}

/** Waits (at most 5 s) until the hub holds `n` admitted streams. */
async function streamsHeld(app: App, n: number) {
  const deadline = Date.now() + 5000;
  while (app.hub.stats().streams !== n) {
    assert.ok(Date.now() < deadline, `expected ${n} streams, the hub holds ${app.hub.stats().streams}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function assertProblem(answer: RawAnswer, status: number, code: string) {
  assert.equal(answer.status, status, answer.body);
  assert.match(answer.headers['content-type']!, /^application\/problem\+json/);
  assert.equal(ProblemSchema.parse(JSON.parse(answer.body)).code, code);
}

describe('stream caps on a real server: per client address and in total', () => {
  let app: App;
  let port: number;
  let cleanup: () => Promise<void>;
  const open: Socket[] = [];
  const closeAll = async () => {
    for (const socket of open.splice(0)) socket.destroy();
    await streamsHeld(app, 0);
  };

  before(async () => {
    let baseUrl: string;
    ({ app, baseUrl, close: cleanup } = await startListeningApp({ live: { maxStreamsPerAddress: 3, maxStreams: 5 } }));
    port = Number(new URL(baseUrl).port);
  });
  after(async () => {
    await closeAll();
    await cleanup();
  });

  it('refuses a stream over the per-address cap with 429 problem+json and Retry-After, and still admits another address', async () => {
    for (let i = 0; i < 3; i++) {
      const stream = await request(port, '/api/v1/stream?components=ky');
      assert.equal(stream.status, 200);
      open.push(stream.socket);
    }
    const refused = await request(port, '/api/v1/stream?components=ky');
    open.push(refused.socket);
    assertProblem(refused, 429, 'too_many_streams');
    assert.equal(refused.headers['retry-after'], '30');
    assert.equal(refused.headers['access-control-allow-origin'], '*');
    // A widget on another origin can read it, so its backoff honours it (the SDK waits it out).
    assert.match(String(refused.headers['access-control-expose-headers']), /\bRetry-After\b/i);
    assert.match(JSON.parse(refused.body).detail, /3 streams per client address/);

    const other = await request(port, '/api/v1/stream', { localAddress: '127.0.0.2' });
    open.push(other.socket);
    assert.equal(other.status, 200);
    assert.match(other.body, /"type":"summary"/);
    assert.deepEqual(
      { streams: app.hub.stats().streams, addresses: app.hub.stats().addresses, clients: app.hub.stats().clients },
      { streams: 4, addresses: 2, clients: 4 },
    );
    await closeAll();
  });

  it('refuses a stream over the total cap with 503 problem+json and Retry-After', async () => {
    for (const localAddress of ['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.2', '127.0.0.3']) {
      const stream = await request(port, '/api/v1/stream', { localAddress });
      assert.equal(stream.status, 200);
      open.push(stream.socket);
    }
    const refused = await request(port, '/api/v1/stream', { localAddress: '127.0.0.4' });
    open.push(refused.socket);
    assertProblem(refused, 503, 'stream_capacity');
    assert.equal(refused.headers['retry-after'], '30');
    await closeAll();
  });

  it('frees a slot when its stream closes', async () => {
    const streams = await Promise.all([1, 2, 3].map(() => request(port, '/api/v1/stream')));
    open.push(...streams.map((s) => s.socket));
    assertProblem(await request(port, '/api/v1/stream'), 429, 'too_many_streams');
    streams[0]!.socket.destroy();
    await streamsHeld(app, 2);
    const again = await request(port, '/api/v1/stream');
    open.push(again.socket);
    assert.equal(again.status, 200);
    await closeAll();
  });

  it('reserves the slot at admission: a burst of connects gets exactly the cap, however the subscriptions queue', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(port, '/api/v1/stream?components=ky')));
    open.push(...answers.map((a) => a.socket));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, ...Array(17).fill(429)]);
    await closeAll();
  });

  it('frees the slot when subscribing fails', async () => {
    const eventsAfter = app.store.eventsAfter;
    app.store.eventsAfter = () => Promise.reject(new Error('the database went away'));
    try {
      const socket = connect({ host: '127.0.0.1', port });
      open.push(socket);
      socket.on('error', () => undefined);
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(`GET /api/v1/stream?lastEventId=1 HTTP/1.1\r\nHost: x\r\n\r\n`);
      await closed; // no half-answered stream: the server closed it
      await streamsHeld(app, 0);
    } finally {
      app.store.eventsAfter = eventsAfter;
    }
  });

  it('answers HEAD with the stream headers only, and keeps nothing', async () => {
    const head = await request(port, '/api/v1/stream?components=ky', { method: 'HEAD' });
    open.push(head.socket);
    assert.equal(head.status, 200);
    assert.match(head.headers['content-type']!, /^text\/event-stream/);
    assert.equal(head.headers['cache-control'], 'no-cache, no-transform');
    assert.equal(head.body, '');
    // The connection is an ordinary one: it answers the next request, the hub holds nothing.
    assert.deepEqual([app.hub.stats().streams, app.hub.stats().clients], [0, 0]);
    const next = await new Promise<string>((resolve) => {
      head.socket.once('data', (chunk) => resolve(chunk.toString()));
      head.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    assert.match(next, /^HTTP\/1.1 200/);
    assert.match(next, /"status":"ok"/);
    // Whatever GET would refuse, HEAD refuses too (headers only).
    const bad = await request(port, '/api/v1/stream?components=%00', { method: 'HEAD' });
    open.push(bad.socket);
    assert.equal(bad.status, 400);
    assert.match(bad.headers['content-type']!, /^application\/problem\+json/);
    await closeAll();
  });

  it('answers HEAD over the cap as GET would, and reserves nothing', async () => {
    const streams = await Promise.all([1, 2, 3].map(() => request(port, '/api/v1/stream')));
    open.push(...streams.map((s) => s.socket));
    const head = await request(port, '/api/v1/stream', { method: 'HEAD' });
    open.push(head.socket);
    assert.equal(head.status, 429);
    assert.equal(head.headers['retry-after'], '30');
    assert.equal(app.hub.stats().streams, 3);
    await closeAll();
  });
});

describe('replay bounded in bytes on a real server', () => {
  it('sends a fresh summary instead of a replay of more than replayMaxBytes, and the replay itself up to it', async () => {
    const limit = 4096;
    const { app, baseUrl, close } = await startListeningApp({ live: { replayMaxBytes: limit } });
    const port = Number(new URL(baseUrl).port);
    try {
      const from = app.readModel.current().view.summary.sequence;
      // Incidents on CPR with titles long enough that three of them pass the limit and two do not.
      const committed = [];
      for (let i = 0; i < 3; i++) {
        const data = incident(`big-${i}`, { cpr: 'major_outage' }, { title: { da: `Stor ${i} ${'x'.repeat(1200)}` } });
        committed.push(...(await app.store.commit([{ type: 'incident.changed', data }], actor, now())));
      }
      const frameBytes = committed.map((e) => encodeEvent(e).length);
      assert.ok(frameBytes[0]! + frameBytes[1]! <= limit && frameBytes.reduce((a, b) => a + b) > limit, `frames: ${frameBytes}`);
      await streamsHeld(app, 0);

      // Three events behind (well within the 1000-event limit) but over the byte limit: a summary.
      const behind = await request(port, `/api/v1/stream?components=ky&lastEventId=${from}`);
      assert.equal(behind.status, 200);
      const first = JSON.parse(/data: (.*)\n\n/.exec(behind.body)![1]!);
      assert.equal(first.type, 'summary');
      assert.equal(first.seq, committed.at(-1)!.seq);
      assert.equal(app.hub.stats().summariesForLongReplays, 1);
      behind.socket.destroy();

      // Two events behind, within the limit: exactly those two, then the status.
      const socket = connect({ host: '127.0.0.1', port });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.write(`GET /api/v1/stream?components=ky&lastEventId=${committed[0]!.seq} HTTP/1.1\r\nHost: x\r\n\r\n`);
      const deadline = Date.now() + 5000;
      while (!text.includes('"type":"status"')) {
        assert.ok(Date.now() < deadline, `no status: ${text.slice(0, 300)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const events = [...text.matchAll(/data: (.*)\n\n/g)].map((m) => JSON.parse(m[1]!) as { type: string; seq: number });
      assert.deepEqual(
        events.map((e) => [e.type, e.seq]),
        [
          ['incident.changed', committed[1]!.seq],
          ['incident.changed', committed[2]!.seq],
          ['status', committed[2]!.seq],
        ],
      );
      assert.equal(app.hub.stats().summariesForLongReplays, 1);
      socket.destroy();
    } finally {
      await close();
    }
  });
});
