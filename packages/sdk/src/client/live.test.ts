import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, describe, it } from 'node:test';
import type { ComponentStatus } from '../schemas/status.js';
import type { EffectiveStatus } from '../schemas/component.js';
import type { LiveEvent } from '../schemas/event.js';
import type { Summary } from '../schemas/summary.js';
import { fullJitterDelay } from './backoff.js';
import { isHttpError, isSchemaValidationError } from './errors.js';
import { subscribeLive, type EventSourceLike, type LiveConnectionState, type LiveTimers, type WatchedStatus } from './live.js';
import { createSseParser, type SseMessage } from './sse-parser.js';
import { createStatusClient } from './status-client.js';
import { subscribeLive as subscribeLean, type LiveEventView } from '../read.js';

// ---------------------------------------------------------------------------------------------
// Fixtures: the smallest valid events of each kind.

const AT = '2026-11-26T08:08:00.000Z';

function effective(status: ComponentStatus): EffectiveStatus {
  return { status, own: status, cause: { type: 'own' }, sources: [] };
}

function summaryAt(sequence: number, statuses: Record<string, ComponentStatus> = {}): Summary {
  return {
    status: 'operational',
    vendors: [],
    components: ['ky', 'ksd', 'other'].map((id) => ({
      id,
      name: id.toUpperCase(),
      kind: 'application' as const,
      vendor: 'fagsys-nord',
      dependsOn: [],
      status: statuses[id] ?? 'operational',
      links: {},
      effective: effective(statuses[id] ?? 'operational'),
    })),
    incidents: [],
    maintenances: { active: [], upcoming: [] },
    sequence,
    updatedAt: AT,
  };
}

const summaryEvent = (seq: number, statuses?: Record<string, ComponentStatus>): LiveEvent => ({
  type: 'summary',
  seq,
  data: summaryAt(seq, statuses),
});
const change = (seq: number): LiveEvent => ({
  type: 'content.deleted',
  seq,
  at: AT,
  actor: { type: 'system', id: 'seed' },
  data: { id: `c${seq}`, componentId: 'ky' },
});
const statusEvent = (seq: number, statuses: Record<string, ComponentStatus>): LiveEvent => ({
  type: 'status',
  seq,
  data: { components: Object.entries(statuses).map(([id, status]) => ({ id, effective: effective(status) })) },
});
const label = (event: LiveEvent) => `${event.type}:${event.seq}`;

// ---------------------------------------------------------------------------------------------
// The protocol peer: a real SSE server on 127.0.0.1, scripted by each test.

interface PeerStream {
  /** The id the client resumed from: `Last-Event-ID` header, else the `lastEventId` query parameter. */
  lastEventId: string | null;
  header: string | null;
  url: URL;
  /** Resolves when the client's connection is gone. */
  closed: Promise<void>;
  raw(text: string): void;
  send(event: LiveEvent): void;
  retry(ms: number): void;
  end(): void;
  drop(): void;
}

class Peer {
  readonly streams: PeerStream[] = [];
  readonly summaryRequests: Array<{ ifNoneMatch: string | null; components: string | null }> = [];
  /** When set, the stream answers this status with a problem+json body. */
  streamStatus: number | null = null;
  /** Sent as `Retry-After` with `streamStatus`. */
  retryAfter: string | null = null;
  summary = summaryAt(1);
  etag = '"s1"';
  /** Milliseconds before the summary is answered: a slow server. */
  summaryDelay = 0;
  /** When false, the summary is answered with something that is not a summary. */
  summaryValid = true;
  onStream: (stream: PeerStream, index: number) => void = () => {};
  base = '';
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  setSummary(summary: Summary, etag: string): void {
    this.summary = summary;
    this.etag = etag;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.base);
    if (url.pathname === '/api/v1/summary') {
      const ifNoneMatch = req.headers['if-none-match'] ?? null;
      this.summaryRequests.push({ ifNoneMatch, components: url.searchParams.get('components') });
      const answer = () => {
        if (res.destroyed) return;
        if (!this.summaryValid) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"garbage":true}');
        if (ifNoneMatch === this.etag) return void res.writeHead(304, { etag: this.etag }).end();
        res.writeHead(200, { 'content-type': 'application/json', etag: this.etag }).end(JSON.stringify(this.summary));
      };
      return void (this.summaryDelay ? setTimeout(answer, this.summaryDelay) : answer());
    }
    if (url.pathname !== '/api/v1/stream') return void res.writeHead(404).end();
    const header = typeof req.headers['last-event-id'] === 'string' ? req.headers['last-event-id'] : null;
    const closed = new Promise<void>((resolve) => res.on('close', resolve));
    const stream: PeerStream = {
      header,
      lastEventId: header ?? url.searchParams.get('lastEventId'),
      url,
      closed,
      raw: (text) => void (res.writableEnded || res.write(text)),
      send: (event) => stream.raw(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`),
      retry: (ms) => stream.raw(`retry: ${ms}\n\n`),
      end: () => void res.end(),
      drop: () => void res.destroy(),
    };
    this.streams.push(stream);
    if (this.streamStatus !== null) {
      const problem = { type: 'about:blank', title: 'Not here', status: this.streamStatus, code: 'not_found' };
      const headers = {
        'content-type': 'application/problem+json',
        ...(this.retryAfter === null ? {} : { 'retry-after': this.retryAfter }),
      };
      return void res.writeHead(this.streamStatus, headers).end(JSON.stringify(problem));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    this.onStream(stream, this.streams.length - 1);
  }
}

/** Timers that only run when the test says so; `pending` shows what a subscription left behind. */
class FakeTimers implements LiveTimers {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;
  setTimeout(callback: () => void, ms: number): number {
    this.pending.set(this.next, { callback, ms });
    return this.next++;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Runs the one pending timer of `ms` milliseconds. */
  fire(ms: number): void {
    const found = [...this.pending].filter(([, timer]) => timer.ms === ms);
    assert.equal(found.length, 1, `one pending timer of ${ms} ms (pending: ${[...this.pending.values()].map((t) => t.ms).join(', ')})`);
    const [id, timer] = found[0]!;
    this.pending.delete(id);
    timer.callback();
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const peers: Peer[] = [];
const stops: Array<() => void> = [];
async function peer(): Promise<Peer> {
  const started = await new Peer().start();
  peers.push(started);
  return started;
}
afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
after(() => assert.deepEqual(unhandled, [], 'no unhandled rejection'));

// ---------------------------------------------------------------------------------------------

describe('SSE parser', () => {
  function parse(chunks: string[]): { messages: SseMessage[]; retries: number[] } {
    const messages: SseMessage[] = [];
    const retries: number[] = [];
    const parser = createSseParser({ onMessage: (m) => messages.push(m), onRetry: (ms) => retries.push(ms) });
    for (const chunk of chunks) parser.push(chunk);
    return { messages, retries };
  }
  const msg = (data: string, lastEventId = '', event = 'message'): SseMessage => ({ event, data, lastEventId });

  it('treats LF, CRLF and CR alike', () => {
    const lf = 'retry: 10\nid: 1\ndata: a\ndata: b\n\nid: 2\ndata: c\n\n';
    const expected = parse([lf]);
    assert.deepEqual(expected.messages, [msg('a\nb', '1'), msg('c', '2')]);
    assert.deepEqual(expected.retries, [10]);
    assert.deepEqual(parse([lf.replaceAll('\n', '\r\n')]), expected);
    assert.deepEqual(parse([lf.replaceAll('\n', '\r')]), expected);
    assert.deepEqual(parse(['id: 1\r\ndata: a\rdata: b\n\r\nid: 2\rdata: c\r\n\n', 'retry: 10\n']).messages, expected.messages);
  });

  it('gives the same result however the stream is split, CR and LF of one line end apart included', () => {
    const text = ': hb\r\nid: 7\r\ndata: {"x":\r\ndata: 1}\r\n\r\nevent: ping\r\ndata: p\r\n\r\nretry: 50\r\ndata: é€😀\r\n\r\n';
    const whole = parse([text]);
    assert.deepEqual(whole.messages, [msg('{"x":\n1}', '7'), msg('p', '7', 'ping'), msg('é€😀', '7')]);
    for (let i = 0; i <= text.length; i++) assert.deepEqual(parse([text.slice(0, i), text.slice(i)]), whole, `split at ${i}`);
    assert.deepEqual(parse([...text]), whole, 'one character at a time');
    // A CR ending a chunk and the LF starting the next are one line end, not two (no empty dispatch between).
    assert.deepEqual(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n']).messages, [msg('a\nb')]);
  });

  it('follows the field rules: one optional space, bare field names, comments, unknown fields', () => {
    const { messages } = parse([
      ': a comment\n',
      'data:no space\n\n',
      'data:  two spaces\n\n',
      'data\ndata\n\n',
      'foo: bar\ndata: x\n\n',
      'data: a: b\n\n',
    ]);
    assert.deepEqual(messages, [msg('no space'), msg(' two spaces'), msg('\n'), msg('x'), msg('a: b')]);
  });

  it('keeps the last id across messages, ignores an id with NUL, and an empty id resets it', () => {
    const { messages } = parse(['id: 3\n\n', 'data: a\n\n', 'id: 4\0\ndata: b\n\n', 'id\ndata: c\n\n']);
    // `id: 3` alone dispatches nothing but sets the id the next message carries.
    assert.deepEqual(messages, [msg('a', '3'), msg('b', '3'), msg('c', '')]);
  });

  it('takes retry only as ASCII digits', () => {
    assert.deepEqual(parse(['retry: 3000\nretry: 3s\nretry:\nretry: -1\nretry: 1.5\nretry:250\n\n']).retries, [3000, 250]);
  });

  it('does not dispatch a last event without its blank line, nor one without data', () => {
    assert.deepEqual(parse(['event: x\n\n', 'id: 9\ndata: done\n\n', 'id: 10\ndata: half']).messages, [msg('done', '9')]);
  });

  it('drops a BOM at the very start only', () => {
    assert.deepEqual(parse(['\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n']).messages, [msg('a')]);
  });
});

describe('backoff', () => {
  it('draws from [0, min(cap, base·2^attempt)), the server retry raising the cap', () => {
    const top = (attempt: number, base: number, cap: number) => fullJitterDelay(attempt, { base, cap, random: () => 0.999999 });
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 20, 2000].map((attempt) => top(attempt, 1000, 30_000)),
      [999, 1999, 3999, 7999, 15_999, 29_999, 29_999, 29_999],
    );
    assert.equal(fullJitterDelay(3, { base: 1000, cap: 30_000, random: () => 0 }), 0);
    assert.equal(top(0, 45_000, 30_000), 44_999, 'a server asking for 45 s is not cut to the 30 s cap');
    assert.equal(top(5, 45_000, 30_000), 44_999);
  });
});

describe('subscribe (fetch reader against a real SSE server)', () => {
  it('delivers valid events in order; reports and skips invalid ones; ignores comments and named events', async () => {
    const server = await peer();
    server.onStream = (s) => {
      s.retry(1000);
      s.send(summaryEvent(2));
      s.raw(': hb\n\n');
      s.raw('id: 3\ndata: {not json\n\n');
      s.raw(`id: 3\ndata: ${JSON.stringify({ type: 'bogus', seq: 3 })}\n\n`);
      s.raw('event: ping\ndata: {}\n\n');
      // One event over two data lines, CRLF, written in pieces that split a line end.
      const json = JSON.stringify(change(4));
      const cut = json.indexOf(',') + 1;
      s.raw(`id: 4\r\ndata: ${json.slice(0, cut)}\r`);
      s.raw(`\ndata: ${json.slice(cut)}\r\n\r`);
      s.raw('\n');
      s.send(change(5));
      s.send(statusEvent(5, { ky: 'degraded_performance' }));
    };
    const client = createStatusClient({ baseUrl: `${server.base}/` });
    const events: LiveEvent[] = [];
    const errors: unknown[] = [];
    const states: string[] = [];
    stops.push(
      client.subscribe((e) => events.push(e), {
        EventSource: null,
        onError: (e) => errors.push(e),
        onStateChange: (s) => states.push(s.state),
      }),
    );
    await until(() => events.length === 4, 'four events');
    assert.deepEqual(events.map(label), ['summary:2', 'content.deleted:4', 'content.deleted:5', 'status:5']);
    assert.deepEqual(events[0], summaryEvent(2));
    assert.equal(errors.length, 2);
    assert.ok(errors.every(isSchemaValidationError));
    assert.deepEqual(states, ['connecting', 'open']);
    assert.equal(server.streams[0]!.lastEventId, null, 'a new subscription asks for a fresh summary');
  });

  it('resumes after a dropped connection with the last id and gets exactly the missed events', async () => {
    const server = await peer();
    const log = [change(3), change(4), change(5), change(6)];
    server.onStream = (s, index) => {
      s.retry(5);
      if (index === 0) {
        s.send(summaryEvent(2));
        log.filter((e) => e.seq <= 4).forEach(s.send);
        // Half of event 5 before the connection drops: never dispatched, so not the resume point.
        s.raw(`id: 5\ndata: ${JSON.stringify(change(5))}\n`);
        setTimeout(() => s.drop(), 20);
        return;
      }
      log.filter((e) => e.seq > Number(s.lastEventId)).forEach(s.send);
      s.send(statusEvent(6, { ky: 'operational' }));
    };
    const events: LiveEvent[] = [];
    const states: LiveConnectionState[] = [];
    stops.push(
      subscribeLive({ baseUrl: server.base }, (e) => events.push(e), {
        components: ['ky', 'ksd'],
        EventSource: null,
        onStateChange: (s) => states.push(s),
      }),
    );
    await until(() => events.some((e) => e.type === 'status'), 'the status after the replay');
    assert.deepEqual(events.map(label), [
      'summary:2',
      'content.deleted:3',
      'content.deleted:4',
      'content.deleted:5',
      'content.deleted:6',
      'status:6',
    ]);
    assert.equal(server.streams.length, 2);
    assert.equal(server.streams[1]!.header, '4', 'resumed with the Last-Event-ID header');
    assert.equal(server.streams[1]!.url.searchParams.get('components'), 'ky,ksd');
    const waiting = states.find((s) => s.state === 'waiting');
    assert.ok(waiting && waiting.state === 'waiting' && waiting.attempt === 0 && waiting.delay < 5, 'server retry: is the base');
  });

  it('starts from a given lastEventId', async () => {
    const server = await peer();
    server.onStream = (s) => s.send(change(Number(s.lastEventId) + 1));
    const events: LiveEvent[] = [];
    stops.push(subscribeLive({ baseUrl: server.base }, (e) => events.push(e), { lastEventId: 41, EventSource: null }));
    await until(() => events.length === 1, 'the event after 41');
    assert.equal(server.streams[0]!.header, '41');
    assert.deepEqual(events.map(label), ['content.deleted:42']);
  });

  it('backs off exponentially with full jitter, honours retry:, resets after events, stays within the cap', async () => {
    const server = await peer();
    server.onStream = (s, index) => {
      if (index === 0) {
        s.retry(200);
        s.send(summaryEvent(2));
        s.end();
      } else {
        s.drop();
      }
    };
    const timers = new FakeTimers();
    const randoms = [0.5, 0.25, 0.999, 0.75, 0.1, 0.6];
    let draw = 0;
    const states: LiveConnectionState[] = [];
    const errors: unknown[] = [];
    const controller = new AbortController();
    subscribeLive({ baseUrl: server.base, timeout: 123_456 }, () => {}, {
      EventSource: null,
      signal: controller.signal,
      maxRetryDelay: 1000,
      fallbackAfter: 100,
      idleTimeout: 0,
      timers,
      random: () => randoms[draw++]!,
      onStateChange: (s) => states.push(s),
      onError: (e) => errors.push(e),
    });
    const delays: number[] = [];
    for (let n = 0; n < randoms.length; n++) {
      await until(() => states.filter((s) => s.state === 'waiting').length > n, `backoff ${n}`);
      const waiting = states.filter((s) => s.state === 'waiting')[n]!;
      assert.ok(waiting.state === 'waiting');
      assert.equal(waiting.attempt, n);
      delays.push(waiting.delay);
      timers.fire(waiting.delay);
    }
    // Base 200 from the server (not the default 1000); cap 1000.
    const ceilings = [200, 400, 800, 1000, 1000, 1000];
    assert.deepEqual(
      delays,
      ceilings.map((c, i) => Math.floor(randoms[i]! * c)),
    );
    delays.forEach((d, i) => assert.ok(d >= 0 && d < ceilings[i]!));
    assert.ok(
      server.streams.slice(1).every((s) => s.header === '2'),
      'every reconnect resumes from the last id',
    );
    assert.ok(errors.length > 0 && !errors.some(isSchemaValidationError));

    await until(() => states.filter((s) => s.state === 'waiting').length > randoms.length, 'the next backoff');
    controller.abort();
    await until(() => states.at(-1)?.state === 'closed', 'closed');
    assert.equal(timers.pending.size, 0, 'no timer left after abort');
  });

  it('falls back to ETag polling on 404, emits a summary only when it changed, and returns to the stream', async () => {
    const server = await peer();
    server.streamStatus = 404;
    server.setSummary(summaryAt(5), '"s5"');
    const events: LiveEvent[] = [];
    const errors: unknown[] = [];
    const states: string[] = [];
    stops.push(
      subscribeLive({ baseUrl: server.base }, (e) => events.push(e), {
        EventSource: null,
        pollInterval: 5,
        streamRetryInterval: 20,
        onError: (e) => errors.push(e),
        onStateChange: (s) => states.push(s.state),
      }),
    );
    await until(() => server.streams.length >= 3 && server.summaryRequests.length >= 8, 'a few polls and stream retries');
    assert.deepEqual(events.map(label), ['summary:5'], 'one summary: the 304s emit nothing');
    assert.deepEqual(events[0], summaryEvent(5));
    assert.equal(server.summaryRequests[0]!.ifNoneMatch, null);
    assert.ok(server.summaryRequests.slice(1).every((r) => r.ifNoneMatch === '"s5"'));
    assert.ok(errors.some((e) => isHttpError(e) && e.status === 404 && e.code === 'not_found'));
    // Each poll's answer is told as a polling state (reachable), so a page can show it.
    const runs = states.filter((state, i) => state !== states[i - 1]);
    assert.deepEqual(runs.slice(0, 3), ['connecting', 'polling', 'connecting']);

    server.setSummary(summaryAt(7), '"s7"');
    await until(() => events.length === 2, 'the changed summary');
    assert.deepEqual(events.map(label), ['summary:5', 'summary:7']);

    const streamsBefore = server.streams.length;
    server.streamStatus = null;
    server.onStream = (s) => [change(8), change(9)].filter((e) => e.seq > Number(s.lastEventId)).forEach(s.send);
    await until(() => events.length === 4, 'events from the stream');
    assert.deepEqual(events.slice(2).map(label), ['content.deleted:8', 'content.deleted:9']);
    assert.equal(server.streams[streamsBefore]!.header, '7', 'resumes after the polled summary');
    assert.equal(states.at(-1), 'open');
  });

  it('tells each poll as reachable or not: a 304 is reached, garbage is not', async () => {
    const server = await peer();
    server.streamStatus = 404;
    const reachable: Array<boolean | undefined> = [];
    stops.push(
      subscribeLive({ baseUrl: server.base }, () => undefined, {
        EventSource: null,
        pollInterval: 5,
        streamRetryInterval: 60_000,
        onError: () => undefined,
        onStateChange: (s) => s.state === 'polling' && reachable.push(s.reachable),
      }),
    );
    await until(() => reachable.filter((r) => r === true).length >= 2, 'a summary and a 304, both reached');
    server.summaryValid = false;
    await until(() => reachable.at(-1) === false, 'garbage told as unreachable');
    assert.equal(reachable[0], undefined, 'entering polling says nothing yet');
  });

  it('a server slower than the timeout gets its answer in the end: each timed-out try doubles the next one', async () => {
    const server = await peer();
    server.streamStatus = 404;
    server.summaryDelay = 300; // slower than the client's timeout of 200 ms, faster than 400
    const events: LiveEvent[] = [];
    stops.push(
      subscribeLive({ baseUrl: server.base, timeout: 200 }, (e) => events.push(e), {
        EventSource: null,
        pollInterval: 5,
        streamRetryInterval: 60_000,
        onError: () => undefined,
      }),
    );
    await until(() => events.length === 1, 'the slow summary, on a later try');
    assert.ok(server.summaryRequests.length >= 2, 'the first try timed out');
  });

  it('summaryFirst: the first summary from GET /summary (compressible, cacheable), then the stream after it', async () => {
    const server = await peer();
    server.setSummary(summaryAt(5), '"s5"');
    server.onStream = (s) => [change(6)].filter((e) => e.seq > Number(s.lastEventId)).forEach(s.send);
    const events: LiveEvent[] = [];
    stops.push(
      subscribeLive({ baseUrl: server.base }, (e) => events.push(e), { EventSource: null, components: ['ky'], summaryFirst: true }),
    );
    await until(() => events.length === 2, 'the summary, then an event from the stream');
    assert.deepEqual(events.map(label), ['summary:5', 'content.deleted:6']);
    assert.deepEqual(server.summaryRequests, [{ ifNoneMatch: null, components: 'ky' }]);
    assert.equal(server.streams[0]!.header, '5', 'the stream resumes after the fetched summary');
  });

  it('polls only the components it follows (?components=, as the stream)', async () => {
    const server = await peer();
    server.streamStatus = 404;
    const events: LiveEvent[] = [];
    stops.push(subscribeLive({ baseUrl: server.base }, (e) => events.push(e), { EventSource: null, components: ['ky', 'ksd'] }));
    await until(() => events.length === 1, 'a polled summary');
    assert.equal(server.streams[0]!.url.searchParams.get('components'), 'ky,ksd');
    assert.deepEqual(server.summaryRequests, [{ ifNoneMatch: null, components: 'ky,ksd' }]);
  });

  it("waits out a refusal's Retry-After before the next try, with the jitter on top", async () => {
    const server = await peer();
    server.streamStatus = 503;
    server.retryAfter = '2';
    const states: LiveConnectionState[] = [];
    const options = { EventSource: null, retryDelay: 100, random: () => 0.5, onStateChange: (s: LiveConnectionState) => states.push(s) };
    stops.push(subscribeLive({ baseUrl: server.base }, () => {}, options));
    await until(() => states.some((s) => s.state === 'waiting'), 'a wait');
    assert.deepEqual(
      states.find((s) => s.state === 'waiting'),
      { state: 'waiting', attempt: 0, delay: 2000 + 50 },
    );

    // An HTTP date, and a refusal without it: just the jittered backoff.
    const other = await peer();
    other.streamStatus = 429;
    other.retryAfter = new Date(Date.now() + 60_000).toUTCString();
    const later: LiveConnectionState[] = [];
    stops.push(subscribeLive({ baseUrl: other.base }, () => {}, { ...options, onStateChange: (s) => later.push(s) }));
    await until(() => later.some((s) => s.state === 'waiting'), 'a wait');
    const delay = (later.find((s) => s.state === 'waiting') as { delay: number }).delay;
    assert.ok(delay > 58_000 && delay <= 60_050, String(delay));

    const plain = await peer();
    plain.streamStatus = 503;
    const plainStates: LiveConnectionState[] = [];
    stops.push(subscribeLive({ baseUrl: plain.base }, () => {}, { ...options, onStateChange: (s) => plainStates.push(s) }));
    await until(() => plainStates.some((s) => s.state === 'waiting'), 'a wait');
    assert.deepEqual(
      plainStates.find((s) => s.state === 'waiting'),
      { state: 'waiting', attempt: 0, delay: 50 },
    );
  });

  it('the lean subscription of @kdi-status/sdk/read delivers what is valid and skips what is not, as zod does', async () => {
    const server = await peer();
    server.onStream = (s) => {
      s.send(summaryEvent(1));
      s.raw(`id: 2\ndata: ${JSON.stringify({ ...statusEvent(2, { ky: 'major_outage' }), seq: -2 })}\n\n`);
      s.raw(`id: 3\ndata: ${JSON.stringify({ ...change(3), type: 'incident.changed' })}\n\n`);
      s.send(statusEvent(4, { ky: 'partial_outage' }));
    };
    const events: LiveEventView[] = [];
    const errors: unknown[] = [];
    stops.push(subscribeLean({ baseUrl: server.base }, (e) => events.push(e), { components: ['ky'], onError: (e) => errors.push(e) }));
    await until(() => events.length === 2, 'the valid events');
    assert.deepEqual(events, [summaryEvent(1), statusEvent(4, { ky: 'partial_outage' })]);
    assert.equal(errors.length, 2);
    assert.ok(errors.every(isSchemaValidationError));
  });

  it('falls back to polling after 3 consecutive failed connects', async () => {
    const server = await peer();
    server.streamStatus = 503;
    const events: LiveEvent[] = [];
    const states: string[] = [];
    stops.push(
      subscribeLive({ baseUrl: server.base }, (e) => events.push(e), {
        EventSource: null,
        retryDelay: 2,
        streamRetryInterval: 60_000,
        onStateChange: (s) => states.push(s.state),
      }),
    );
    await until(() => events.length === 1, 'a polled summary');
    assert.equal(server.streams.length, 3);
    // The second 'polling' is the first poll's answer (reachable).
    assert.deepEqual(states, ['connecting', 'waiting', 'connecting', 'waiting', 'connecting', 'polling', 'polling']);
    assert.deepEqual(events.map(label), ['summary:1']);
  });

  it('a server hint of retry: 0 still backs off: no tight reconnect loop', async () => {
    const server = await peer();
    server.onStream = (s) => {
      s.retry(0);
      s.end();
    };
    stops.push(subscribeLive({ baseUrl: server.base }, () => {}, { EventSource: null }));
    await until(() => server.streams.length >= 2, 'a reconnect');
    await new Promise((resolve) => setTimeout(resolve, 400));
    // A stream that ends is retried after the full backoff, whatever the hint (3 tries in 400 ms here).
    assert.ok(server.streams.length < 40, `${server.streams.length} connections in 400 ms`);
  });

  it('reconnects when a stream goes silent past idleTimeout', async () => {
    const server = await peer();
    server.onStream = (s, index) => {
      s.retry(1);
      s.send(index === 0 ? summaryEvent(2) : change(3));
    };
    const events: LiveEvent[] = [];
    const errors: unknown[] = [];
    stops.push(
      subscribeLive({ baseUrl: server.base }, (e) => events.push(e), {
        EventSource: null,
        idleTimeout: 300,
        onError: (e) => errors.push(e),
      }),
    );
    await until(() => events.length === 2, 'the event after the reconnect');
    assert.equal(server.streams[1]!.header, '2');
    assert.equal((errors[0] as Error).name, 'TimeoutError');
  });

  it('stops cleanly on abort while open: connection closed, no timer left, state closed', async () => {
    const server = await peer();
    server.onStream = (s) => s.send(summaryEvent(2));
    const timers = new FakeTimers();
    const controller = new AbortController();
    const states: string[] = [];
    const events: LiveEvent[] = [];
    subscribeLive({ baseUrl: server.base }, (e) => events.push(e), {
      EventSource: null,
      signal: controller.signal,
      timers,
      onStateChange: (s) => states.push(s.state),
    });
    await until(() => events.length === 1, 'the summary');
    assert.equal(timers.pending.size, 1, 'the idle timer');
    controller.abort();
    await server.streams[0]!.closed;
    await until(() => states.at(-1) === 'closed', 'closed');
    assert.equal(timers.pending.size, 0);
  });

  it('the returned function unsubscribes, even inside onEvent: nothing more is delivered', async () => {
    const server = await peer();
    server.onStream = (s) => [summaryEvent(2), change(3), change(4)].forEach(s.send);
    const events: LiveEvent[] = [];
    const states: string[] = [];
    const stop = subscribeLive(
      { baseUrl: server.base },
      (e) => {
        events.push(e);
        stop();
      },
      { EventSource: null, onStateChange: (s) => states.push(s.state) },
    );
    await server.streams[0]?.closed;
    await until(() => states.at(-1) === 'closed', 'closed');
    assert.deepEqual(events.map(label), ['summary:2']);
  });

  it('leaves nothing that keeps the process alive after abort (open, polling and waiting)', async () => {
    const [open, missing, failing] = [await peer(), await peer(), await peer()];
    open.onStream = (s) => s.send(summaryEvent(2));
    missing.streamStatus = 404;
    failing.streamStatus = 503;
    const live = new URL('./live.ts', import.meta.url).href;
    const script = `
      import { subscribeLive } from ${JSON.stringify(live)};
      const [open, missing, failing] = JSON.parse(process.env.PEERS);
      const closed = [];
      const onStateChange = (s) => { if (s.state === 'closed') closed.push(s.state); };
      const stopOpen = subscribeLive({ baseUrl: open }, () => stopOpen(), { EventSource: null, onStateChange });
      const stopPolling = subscribeLive({ baseUrl: missing }, () => stopPolling(), { EventSource: null, onStateChange });
      const stopWaiting = subscribeLive({ baseUrl: failing }, () => {}, {
        EventSource: null, onError: () => {}, onStateChange: (s) => { onStateChange(s); if (s.state === 'waiting') stopWaiting(); },
      });
      process.on('unhandledRejection', (e) => { console.log('unhandled', e); process.exitCode = 2; });
      process.on('exit', () => console.log(closed.join(' ')));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, PEERS: JSON.stringify([open.base, missing.base, failing.base]) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    const killer = setTimeout(() => child.kill(), 15_000);
    const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    assert.equal(code, 0, `the process exits by itself (output: ${stdout})`);
    assert.equal(stdout.trim(), 'closed closed closed');
  });
});

describe('subscribe (EventSource transport)', () => {
  /** A minimal browser-like EventSource on fetch, to check how the client drives one. */
  class TestEventSource implements EventSourceLike {
    static readonly made: TestEventSource[] = [];
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: string; lastEventId: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    private readonly controller = new AbortController();

    constructor(readonly url: string) {
      TestEventSource.made.push(this);
      void this.run();
    }

    private async run(): Promise<void> {
      try {
        const response = await fetch(this.url, { signal: this.controller.signal, headers: { accept: 'text/event-stream' } });
        if (!response.ok || !response.body) {
          this.readyState = 2;
          return this.onerror?.({});
        }
        this.readyState = 1;
        this.onopen?.({});
        const parser = createSseParser({ onMessage: (m) => m.event === 'message' && this.onmessage?.(m) });
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read())
          parser.push(decoder.decode(read.value, { stream: true }));
      } catch {
        // closed
      }
      if (this.readyState === 2) return;
      this.readyState = 0; // a browser would now reconnect by itself
      this.onerror?.({});
    }

    close(): void {
      this.readyState = 2;
      this.controller.abort();
    }
  }

  it('resumes with the lastEventId query parameter and closes every EventSource it made', async () => {
    const server = await peer();
    const log = [change(3), change(4), change(5)];
    server.onStream = (s, index) => {
      s.retry(5);
      if (index === 0) {
        s.send(summaryEvent(2));
        s.send(change(3));
        setTimeout(() => s.drop(), 10);
      } else {
        log.filter((e) => e.seq > Number(s.lastEventId)).forEach(s.send);
      }
    };
    const events: LiveEvent[] = [];
    const controller = new AbortController();
    subscribeLive({ baseUrl: server.base }, (e) => events.push(e), {
      EventSource: TestEventSource,
      retryDelay: 5,
      components: ['ky'],
      signal: controller.signal,
    });
    await until(() => events.length === 4, 'the replayed events');
    assert.deepEqual(events.map(label), ['summary:2', 'content.deleted:3', 'content.deleted:4', 'content.deleted:5']);
    assert.equal(server.streams[1]!.url.search, '?components=ky&lastEventId=3');
    assert.equal(server.streams[1]!.header, null);
    controller.abort();
    assert.ok(TestEventSource.made.every((source) => source.readyState === 2));
  });

  it('is used by default only where EventSource exists and the client has no custom fetch', async () => {
    const server = await peer();
    server.onStream = (s) => s.send(summaryEvent(2));
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'EventSource');
    Object.defineProperty(globalThis, 'EventSource', { value: TestEventSource, configurable: true, writable: true });
    try {
      const before = TestEventSource.made.length;
      const events: LiveEvent[] = [];
      stops.push(createStatusClient({ baseUrl: server.base }).subscribe((e) => events.push(e)));
      stops.push(createStatusClient({ baseUrl: server.base, fetch: (...args) => fetch(...args) }).subscribe((e) => events.push(e)));
      await until(() => events.length === 2, 'both summaries');
      assert.equal(TestEventSource.made.length, before + 1);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'EventSource', saved);
      else delete (globalThis as { EventSource?: unknown }).EventSource;
    }
  });
});

describe('watch', () => {
  it('calls onChange with the watched components only when their effective status changed', async () => {
    const server = await peer();
    server.onStream = (s) => {
      s.send(summaryEvent(2)); // first: reported
      s.send(statusEvent(3, { ky: 'operational' })); // same: not reported
      s.send(change(4)); // not a status: not reported
      s.send(statusEvent(4, { ky: 'degraded_performance' })); // reported
      s.send(statusEvent(5, { other: 'major_outage' })); // not watched
      s.send(summaryEvent(6, { ky: 'degraded_performance', other: 'major_outage' })); // same for ky, ksd
      s.send(summaryEvent(7, { ky: 'degraded_performance', ksd: 'partial_outage', other: 'major_outage' })); // reported
      s.send(statusEvent(8, { ksd: 'partial_outage' })); // same
      s.send(statusEvent(9, { ky: 'operational', ksd: 'partial_outage' })); // reported
    };
    const calls: WatchedStatus[] = [];
    stops.push(createStatusClient({ baseUrl: server.base }).watch(['ky', 'ksd', 'ky'], (s) => calls.push(s), { EventSource: null }));
    await until(() => calls.some((c) => c.seq === 9), 'the last change');
    const compact = calls.map((c) => `${c.seq} ${c.components.map((x) => `${x.id}=${x.effective.status}`).join(',')}`);
    assert.deepEqual(compact, [
      '2 ky=operational,ksd=operational',
      '4 ky=degraded_performance,ksd=operational',
      '7 ky=degraded_performance,ksd=partial_outage',
      '9 ky=operational,ksd=partial_outage',
    ]);
    assert.equal(server.streams[0]!.url.searchParams.get('components'), 'ky,ksd');
  });

  it('reports the first summary even when it knows none of the components', async () => {
    const server = await peer();
    server.onStream = (s) => s.send(summaryEvent(2));
    const calls: WatchedStatus[] = [];
    stops.push(createStatusClient({ baseUrl: server.base }).watch(['nope'], (s) => calls.push(s), { EventSource: null }));
    await until(() => calls.length === 1, 'the first report');
    assert.deepEqual(calls, [{ seq: 2, components: [] }]);
  });
});
