import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LiveEventSchema, ProblemSchema, type Actor } from '@kdi-status/sdk';
import type { App } from '../app.js';
import { StoreUnavailableError } from '../store/store.js';
import { startListeningApp } from '../test-support/admin-server.js';
import { incident } from '../test-support/fixtures.js';
import { openSse } from '../test-support/sse-reader.js';

const actor: Actor = { type: 'system', id: 'test' };
const now = () => new Date().toISOString();

describe('live stream (SSE) on a real server', () => {
  let app: App;
  let base: string;
  let cleanup: () => Promise<void>;

  /** Commits an incident on `component` straight through the store, as any writer would. */
  const openIncidentOn = async (component: string, id: string) =>
    (await app.store.commit([{ type: 'incident.changed', data: incident(id, { [component]: 'major_outage' }) }], actor, now()))[0]!.seq;

  before(async () => {
    ({
      app,
      baseUrl: base,
      close: cleanup,
    } = await startListeningApp({ live: { heartbeatMs: 200, replayLimit: 5, maxBufferedBytes: 64 * 1024 } }));
  });
  after(() => cleanup());

  it('starts with the retry hint and a whole summary, then sends each change and the status it moved', async () => {
    const stream = await openSse(`${base}/api/v1/stream?components=ky`);
    try {
      assert.equal(stream.response.status, 200);
      assert.match(stream.response.headers.get('content-type')!, /^text\/event-stream/);
      assert.equal(stream.response.headers.get('access-control-allow-origin'), '*');
      await stream.until((m) => m.length >= 1);
      assert.equal(stream.retries[0], 3000);
      const [summary] = stream.events();
      assert.equal(summary!.type, 'summary');
      assert.equal(stream.messages[0]!.id, String(summary!.seq));

      const seq = await openIncidentOn('sts', 'live-1');
      await stream.until((m) => m.length >= 3);
      const [change, status] = stream
        .events()
        .slice(1)
        .map((e) => LiveEventSchema.parse(e));
      assert.equal(change!.type, 'incident.changed');
      assert.equal(change!.seq, seq);
      assert.equal(stream.messages[1]!.id, String(seq));
      assert.equal(status!.type, 'status');
      assert.ok(status!.type === 'status' && status!.data.components[0]!.id === 'ky');
      assert.ok(status!.type === 'status' && status!.data.components[0]!.effective.status === 'major_outage');
    } finally {
      await stream.close();
    }
  });

  it('leaves out events about components outside the closure of the ones asked for', async () => {
    const ky = await openSse(`${base}/api/v1/stream?components=ky`);
    const flis = await openSse(`${base}/api/v1/stream?components=flis`);
    try {
      await ky.until((m) => m.length >= 1);
      await flis.until((m) => m.length >= 1);
      await openIncidentOn('ydelsesindeks', 'only-ky'); // KY depends on Ydelsesindeks; FLIS does not
      const marker = await openIncidentOn('organisation', 'both'); // both depend on Organisation
      await ky.until((m) => m.some((x) => x.id === String(marker)));
      await flis.until((m) => m.some((x) => x.id === String(marker)));
      const incidents = (s: typeof ky) => s.events().flatMap((e) => (e.type === 'incident.changed' ? [(e.data as { id: string }).id] : []));
      assert.deepEqual(incidents(ky), ['only-ky', 'both']);
      assert.deepEqual(incidents(flis), ['both']);
    } finally {
      await ky.close();
      await flis.close();
    }
  });

  it('follows a dependency edit: a stream gets what concerns its new dependency, and the status it moves', async () => {
    const flis = await openSse(`${base}/api/v1/stream?components=flis`);
    try {
      await flis.until((m) => m.length >= 1);
      const before = app.readModel.current().view.componentsById.get('flis')!;
      assert.ok(!before.dependsOn.includes('eindkomst'));
      const { effective: _effective, ...component } = before;
      await app.store.commit(
        [{ type: 'component.changed', data: { ...component, dependsOn: [...component.dependsOn, 'eindkomst'] } }],
        actor,
        now(),
      );
      const seq = await openIncidentOn('eindkomst', 'after-edit');
      // The status may come with the edit's own event, when the read model already had the incident.
      await flis.until(
        (m) => m.some((x) => x.id === String(seq)) && m.some((x) => x.data.includes('"type":"status"') && x.data.includes('after-edit')),
      );
      const events = flis.events();
      assert.ok(events.some((e) => e.type === 'incident.changed' && (e.data as { id: string }).id === 'after-edit'));
      const status = events.findLast((e) => e.type === 'status')!.data as {
        components: { id: string; effective: { sources: { componentId: string; incidentIds: string[] }[] } }[];
      };
      assert.deepEqual(
        status.components.map((c) => c.id),
        ['flis'],
      );
      const source = status.components[0]!.effective.sources.find((s) => s.componentId === 'eindkomst');
      assert.deepEqual(source?.incidentIds, ['after-edit']);
    } finally {
      await flis.close();
    }
  });

  it('resumes after a disconnect with exactly the missed events, in order, none twice', async () => {
    const first = await openSse(`${base}/api/v1/stream`);
    await first.until((m) => m.length >= 1);
    const seen = await openIncidentOn('cpr', 'before-drop');
    await first.until((m) => m.some((x) => x.id === String(seen)));
    const lastId = first.messages.at(-1)!.id!;
    await first.close();

    const missed = [
      await openIncidentOn('cpr', 'missed-1'),
      await openIncidentOn('mitid', 'missed-2'),
      await openIncidentOn('nemkonto', 'missed-3'),
    ];
    // Resume by header, as EventSource does.
    const resumed = await openSse(`${base}/api/v1/stream`, { 'last-event-id': lastId });
    try {
      await resumed.until((m) => m.some((x) => JSON.parse(x.data).type === 'status'));
      const changes = resumed.events().filter((e) => e.type !== 'status');
      assert.deepEqual(
        changes.map((e) => e.seq),
        missed,
      );
      const live = await openIncidentOn('cpr', 'after-resume');
      await resumed.until((m) => m.some((x) => x.id === String(live)));
      const seqs = resumed
        .events()
        .filter((e) => e.type === 'incident.changed')
        .map((e) => e.seq);
      assert.deepEqual(seqs, [...missed, live]);
      assert.equal(new Set(seqs).size, seqs.length);
    } finally {
      await resumed.close();
    }

    // Resume by query parameter, for clients that cannot set headers.
    const byQuery = await openSse(`${base}/api/v1/stream?lastEventId=${missed[1]}`);
    try {
      await byQuery.until((m) => m.some((x) => JSON.parse(x.data).type === 'status'));
      assert.deepEqual(
        byQuery
          .events()
          .filter((e) => e.type === 'incident.changed')
          .map((e) => e.seq),
        [missed[2], (await app.store.eventsAfter(missed[2]!, 10)).at(-1)!.seq].filter((s, i, all) => all.indexOf(s) === i),
      );
    } finally {
      await byQuery.close();
    }
  });

  it('sends a fresh summary when the gap is older than the replay limit', async () => {
    const from = (await app.store.eventsAfter(0, 1))[0]!.seq;
    const stream = await openSse(`${base}/api/v1/stream?lastEventId=${from}`);
    try {
      await stream.until((m) => m.length >= 1);
      assert.equal(stream.events()[0]!.type, 'summary');
    } finally {
      await stream.close();
    }
  });

  it('sends heartbeat comments', async () => {
    const stream = await openSse(`${base}/api/v1/stream`);
    try {
      await stream.until(() => stream.comments.length >= 2, 3000);
      assert.equal(stream.comments[0], 'hb');
    } finally {
      await stream.close();
    }
  });

  it('drops a client that stops reading, and keeps serving the others', async () => {
    const reader = await openSse(`${base}/api/v1/stream?components=ky`);
    await reader.until((m) => m.length >= 1);
    // A client that sends the request and then never reads a byte.
    const stalled = connect({ host: '127.0.0.1', port: Number(new URL(base).port) });
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.pause();
    stalled.write('GET /api/v1/stream HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const waitForClients = async (n: number) => {
      const deadline = Date.now() + 5000;
      while (app.hub.stats().clients !== n) {
        assert.ok(Date.now() < deadline, `expected ${n} clients, have ${app.hub.stats().clients}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await waitForClients(2);
    const droppedBefore = app.hub.stats().droppedSlow;

    // 50 KB events until the stalled client's unsent bytes pass the limit (64 KB here).
    const big = 'x'.repeat(50_000);
    let last = 0;
    for (let i = 0; i < 400 && app.hub.stats().droppedSlow === droppedBefore; i++) {
      last = (
        await app.store.commit(
          [
            {
              type: 'content.changed',
              data: {
                id: `big-${i}`,
                componentId: 'cpr',
                type: 'news',
                title: { da: 'Stor' },
                body: { da: big },
                date: now(),
                updatedAt: now(),
              },
            },
          ],
          actor,
          now(),
        )
      )[0]!.seq;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(app.hub.stats().droppedSlow, droppedBefore + 1, 'the stalled client was dropped');
    await waitForClients(1);
    // The reading client got every one of those events (it follows KY, whose closure has CPR).
    await reader.until((m) => m.some((x) => x.id === String(last)), 10_000);
    stalled.destroy();
    await reader.close();
  });

  it('answers a Last-Event-ID from beyond its log (a restored database) with a fresh summary', async () => {
    const stream = await openSse(`${base}/api/v1/stream?lastEventId=999999`);
    try {
      await stream.until((m) => m.length >= 1);
      assert.equal(stream.events()[0]!.type, 'summary');
    } finally {
      await stream.close();
    }
  });

  it('survives a request pipelined behind the stream request, and serves the stream', async () => {
    const port = Number(new URL(base).port);
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.write('GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    const deadline = Date.now() + 3000;
    while (!received.includes('"type":"summary"')) {
      assert.ok(Date.now() < deadline, `no summary: ${received.slice(0, 200)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The server is alive and the pipelined request was not answered on the stream's socket.
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.ok(!received.includes('"status":"ok"'));
    socket.destroy();
  });

  it('refuses bad input with problem+json before streaming', async () => {
    const badId = await fetch(`${base}/api/v1/stream?lastEventId=abc`);
    assert.equal(badId.status, 400);
    assert.equal(ProblemSchema.parse(await badId.json()).errors?.[0]?.field, 'lastEventId');
    const badHeader = await fetch(`${base}/api/v1/stream`, { headers: { 'last-event-id': 'yesterday' } });
    assert.equal(badHeader.status, 400);
    const empty = await fetch(`${base}/api/v1/stream?components=`);
    assert.equal(empty.status, 400);
    assert.equal(ProblemSchema.parse(await empty.json()).errors?.[0]?.field, 'components');
  });

  it('starts with the summary the summary route gives for the same components, not the whole one', async () => {
    const stream = await openSse(`${base}/api/v1/stream?components=flis`);
    try {
      await stream.until((m) => m.length >= 1);
      const [first] = stream.events();
      assert.equal(first!.type, 'summary');
      const polled = await fetch(`${base}/api/v1/summary?components=flis`);
      assert.deepEqual(first!.data, await polled.json());
      const ids = (first!.data as { components: { id: string }[] }).components.map((c) => c.id);
      assert.ok(ids.includes('flis') && !ids.includes('ky'), ids.join(','));
    } finally {
      await stream.close();
    }
  });

  it('ignores an unknown id: the stream opens and an incident on a known one reaches it within a second', async () => {
    const stream = await openSse(`${base}/api/v1/stream?components=ky,nope`);
    try {
      assert.equal(stream.response.status, 200);
      await stream.until((m) => m.length >= 1);
      const summary = stream.events()[0]!.data as { components: { id: string }[] };
      assert.ok(summary.components.some((c) => c.id === 'ky'));
      assert.ok(!summary.components.some((c) => c.id === 'nope'));
      const seq = await openIncidentOn('ky', 'on-ky-with-nope');
      await stream.until((m) => m.some((x) => x.id === String(seq) && x.data.includes('on-ky-with-nope')), 1000);
    } finally {
      await stream.close();
    }
  });

  it('keeps a stream live when one of its components is retired: the component leaves what it gets', async () => {
    const stream = await openSse(`${base}/api/v1/stream?components=ky,ydelsesrefusion`);
    try {
      await stream.until((m) => m.length >= 1);
      const retiring = app.readModel.current().view.componentsById.get('ydelsesrefusion')!;
      const { effective: _effective, ...stored } = retiring;
      const [retired] = await app.store.commit([{ type: 'component.changed', data: { ...stored, retiredAt: now() } }], actor, now());
      await stream.until((m) => m.some((x) => x.id === String(retired!.seq)));
      const gone = stream.events().find((e) => e.seq === retired!.seq && e.type === 'component.changed')!;
      assert.ok((gone.data as { retiredAt?: string }).retiredAt, 'the retirement itself reaches the stream');

      const seq = await openIncidentOn('ky', 'after-retiring');
      await stream.until((m) => m.some((x) => x.id === String(seq) && x.data.includes('"type":"status"')), 1000);
      assert.equal(stream.ended, false);
      const status = stream.events().findLast((e) => e.type === 'status')!.data as { components: { id: string }[] };
      assert.deepEqual(
        status.components.map((c) => c.id),
        ['ky'],
      );
      // A stream opened now gets a first summary without it.
      const fresh = await fetch(`${base}/api/v1/summary?components=ky,ydelsesrefusion`);
      assert.ok(!((await fresh.json()) as { components: { id: string }[] }).components.some((c) => c.id === 'ydelsesrefusion'));
    } finally {
      await stream.close();
    }
  });
});

describe('live stream shutdown', () => {
  it('completes even when a client has stopped reading', async () => {
    const { app, baseUrl, close } = await startListeningApp();
    const stalled = connect({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.pause();
    stalled.write('GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n\r\n');
    while (app.hub.stats().clients < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    // Fill its buffers so the retry hint cannot be flushed.
    const big = 'x'.repeat(50_000);
    for (let i = 0; i < 60; i++) {
      await app.store.commit(
        [
          {
            type: 'content.changed',
            data: { id: `s-${i}`, componentId: 'cpr', type: 'news', title: { da: 'x' }, body: { da: big }, date: now(), updatedAt: now() },
          },
        ],
        actor,
        now(),
      );
    }
    const started = Date.now();
    await close();
    assert.ok(Date.now() - started < 5000, `close took ${Date.now() - started} ms`);
    stalled.destroy();
  });

  it('tells every client to come back after its own random delay, then closes', async () => {
    const { baseUrl, close } = await startListeningApp();
    const streams = await Promise.all([1, 2, 3, 4, 5].map(() => openSse(`${baseUrl}/api/v1/stream`)));
    await Promise.all(streams.map((s) => s.until((m) => m.length >= 1)));
    await close();
    await Promise.all(streams.map((s) => s.closed()));
    const delays = streams.map((s) => s.retries.at(-1)!);
    for (const delay of delays) assert.ok(delay >= 1000 && delay <= 11_000, `retry ${delay}`);
    assert.ok(new Set(delays).size > 1, 'retry delays are spread out');
  });
});

describe('live stream while the database is away', () => {
  it('admits new and resuming streams from memory, with a summary, when the log cannot be read', async () => {
    const { app, baseUrl, close } = await startListeningApp();
    const eventsAfter = app.store.eventsAfter.bind(app.store);
    let away = false;
    app.store.eventsAfter = (after, limit) =>
      away ? Promise.reject(new StoreUnavailableError('the database is away')) : eventsAfter(after, limit);
    try {
      const sequence = app.readModel.current().view.summary.sequence;
      away = true;
      for (const url of [`${baseUrl}/api/v1/stream?components=ky`, `${baseUrl}/api/v1/stream?lastEventId=${sequence - 3}`]) {
        const stream = await openSse(url);
        try {
          assert.equal(stream.response.status, 200, url);
          await stream.until((m) => m.length >= 1);
          const [first] = stream.events();
          assert.equal(first!.type, 'summary', url);
          assert.equal(first!.seq, sequence);
        } finally {
          await stream.close();
        }
      }
    } finally {
      away = false;
      await close();
    }
  });
});
