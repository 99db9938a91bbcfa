import { expect, waitUntil } from '@open-wc/testing';
import type { LiveConnectionState, LiveEvent, SubscribeOptions } from '@kdi-status/sdk';
import type { LiveEventView } from '@kdi-status/sdk/read';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type { subscribeShared } from './shared-subscription.js';
import { AT, incident, summary } from './test-fixtures.js';

// Two "tabs" are two same-origin iframes, each running its own copy of the module (own realm,
// own Web Lock client, own BroadcastChannel), as two tabs of one fagløsning would. Their
// requests go through this page's fetch, where MSW answers and counts them: what is tested is
// who connects, not the network.

const SERVER = 'https://status.test';
const STREAM_URL = `${SERVER}/api/v1/stream`;
const PATIENCE = { timeout: 5000 };

interface Connection {
  lastEventId: string | null;
  components: string | null;
  send(event: LiveEvent): void;
}

const connections: Connection[] = [];
const worker = setupWorker(
  http.get(STREAM_URL, ({ request }) => {
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const url = new URL(request.url);
    const lastEventId = request.headers.get('last-event-id');
    const write = (text: string) => {
      try {
        controller.enqueue(encoder.encode(text));
      } catch {
        // The tab that read it is gone.
      }
    };
    write('retry: 20\n\n');
    connections.push({
      lastEventId,
      components: url.searchParams.get('components'),
      send: (e) => write(`id: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`),
    });
    // A fresh subscription starts with the whole summary, as the server's does.
    if (lastEventId === null) write(`id: 1\ndata: ${JSON.stringify({ type: 'summary', seq: 1, data: summary() })}\n\n`);
    return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
  }),
);

interface Tab {
  frame: HTMLIFrameElement;
  events: LiveEventView[];
  states: LiveConnectionState[];
  stop: () => void;
}

/** Opens a "tab" and subscribes in it to `ky`. */
async function openTab(): Promise<Tab> {
  const frame = document.createElement('iframe');
  // about:srcdoc has this page's origin: the same lock manager and channels as a second tab.
  frame.srcdoc = `<script type="module">
    import { subscribeShared } from '/packages/widget/src/internal/shared-subscription.ts';
    window.subscribeShared = subscribeShared;
  </script>`;
  document.body.append(frame);
  const win = () => frame.contentWindow as (Window & { subscribeShared?: typeof subscribeShared }) | null;
  await waitUntil(() => win()?.subscribeShared, 'the tab did not load its module', PATIENCE);
  const events: LiveEventView[] = [];
  const states: LiveConnectionState[] = [];
  const options: SubscribeOptions = { components: ['ky'], onStateChange: (s) => states.push(s), onError: () => undefined };
  const stop = win()!.subscribeShared!({ baseUrl: SERVER, fetch: (input, init) => fetch(input, init) }, (e) => events.push(e), options);
  return { frame, events, states, stop };
}

const change = (seq: number): LiveEvent => ({
  type: 'incident.changed',
  seq,
  at: AT,
  actor: { type: 'system', id: 'test' },
  data: incident(`inc-${seq}`),
});

describe('subscribeShared', () => {
  before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } }));
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
    connections.length = 0;
  });
  after(() => worker.stop());

  it('two tabs share one stream: the second gets the summary from the first, and every event', async () => {
    const first = await openTab();
    await waitUntil(() => first.events.length === 1, 'the first tab got no summary', PATIENCE);
    const second = await openTab();
    await waitUntil(() => second.events.length === 1, 'the second tab got no summary from the first', PATIENCE);
    expect(second.events[0]).to.include({ type: 'summary', seq: 1 });

    connections[0]!.send(change(2));
    await waitUntil(() => first.events.length === 2 && second.events.length === 2, 'an event did not reach both tabs', PATIENCE);
    expect(second.events[1]).to.deep.equal(change(2));
    expect(second.states.map((s) => s.state)).to.include('open');
    // Time for a second connection to show up, if it were going to.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).to.have.length(1);
    expect(connections[0]!.components).to.equal('ky');
  });

  it('when the holding tab closes, the next one connects, resuming after the last event it saw', async () => {
    const first = await openTab();
    await waitUntil(() => first.events.length === 1, 'the first tab got no summary', PATIENCE);
    const second = await openTab();
    // Once it has the holder's summary (an event before that is in the summary it gets).
    await waitUntil(() => second.events.length === 1, 'the second tab got no summary', PATIENCE);
    connections[0]!.send(change(2));
    await waitUntil(() => second.events.length === 2, 'the second tab did not follow', PATIENCE);

    first.frame.remove();
    await waitUntil(() => connections.length === 2, 'the second tab did not take over', PATIENCE);
    expect(connections[1]!.lastEventId).to.equal('2');
    connections[1]!.send(change(3));
    await waitUntil(() => second.events.length === 3, 'a new event did not reach the second tab', PATIENCE);
    expect(second.events.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
  });

  it('an element that stops hands over too, and a stopped tab hears nothing more', async () => {
    const first = await openTab();
    await waitUntil(() => first.events.length === 1, 'the first tab got no summary', PATIENCE);
    const second = await openTab();
    await waitUntil(() => second.events.length === 1, 'the second tab got no summary', PATIENCE);

    first.stop();
    expect(first.states.at(-1)).to.deep.equal({ state: 'closed' });
    await waitUntil(() => connections.length === 2, 'the second tab did not take over', PATIENCE);
    expect(connections[1]!.lastEventId).to.equal('1');
    connections[1]!.send(change(2));
    await waitUntil(() => second.events.length === 2, 'the new holder got no event', PATIENCE);
    expect(first.events).to.have.length(1);
  });

  it('ignores what another script of the origin posts on the channel: no error, nothing forged delivered', async () => {
    const first = await openTab();
    await waitUntil(() => first.events.length === 1, 'the first tab got no summary', PATIENCE);
    const second = await openTab();
    await waitUntil(() => second.events.length === 1, 'the second tab got no summary', PATIENCE);
    const errors: unknown[] = [];
    const count = (event: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in event ? event.reason : event.message);
    for (const frame of [first.frame, second.frame]) {
      frame.contentWindow!.addEventListener('error', count);
      frame.contentWindow!.addEventListener('unhandledrejection', count);
    }
    const forger = new BroadcastChannel(`kdi-status/1 ${SERVER} ky`);
    const forged = { type: 'summary', seq: 9, data: {} };
    for (const junk of [
      null,
      'x',
      42,
      [],
      { e: null },
      { e: forged },
      { s: null },
      { to: 'nobody' },
      { ask: 1 },
      { e: { ...change(9), data: {} } },
    ])
      forger.postMessage(junk);
    forger.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(errors).to.deep.equal([]);
    expect(second.events).to.have.length(1);
    // And the real thing still comes through.
    connections[0]!.send(change(2));
    await waitUntil(() => second.events.length === 2, 'a real event after the junk did not arrive', PATIENCE);
  });
});
