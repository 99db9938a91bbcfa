import { fixtureCleanup, fixtureSync, waitUntil } from '@open-wc/testing';
import type { EffectiveStatus, LiveEvent, Summary } from '@kdi-status/sdk';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import type KdiStatus from '../kdi-status/kdi-status.component.js';
import type { StatusChangeDetail } from './status-change.js';
import { clearStorage } from './test-fixtures.js';

/**
 * The status server the widget's browser tests talk to: MSW in the page's service worker (the
 * network is not what these tests test), with helpers to answer the summary and the stream,
 * and to mount the element. One worker per test file (each runs in its own page).
 */
export const SERVER = 'https://status.test';
export const SUMMARY_URL = `${SERVER}/api/v1/summary`;
export const STREAM_URL = `${SERVER}/api/v1/stream`;

/** By default the server has no live stream (an older server): the widget polls the summary. */
export const noStream = http.get(STREAM_URL, () =>
  HttpResponse.json({ type: 'about:blank', title: 'Not Found', status: 404 }, { status: 404 }),
);
export const worker = setupWorker(noStream);

export const actor = { type: 'system', id: 'test' } as const;
export const operational: EffectiveStatus = { status: 'operational', own: 'operational', cause: { type: 'own' }, sources: [] };

export function ignoreErrors(write: () => void) {
  try {
    write();
  } catch {
    // The stream was cancelled.
  }
}

export interface StreamConnection {
  url: URL;
  lastEventId: string | null;
  send(event: LiveEvent): void;
  /** Ends the response, as a server restart does. */
  close(): void;
}

/** Answers the live stream with an open `text/event-stream` body per connection, to which the test writes events. */
export function serveStream() {
  const connections: StreamConnection[] = [];
  worker.use(
    http.get(STREAM_URL, ({ request }) => {
      const encoder = new TextEncoder();
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
      // A short `retry:` keeps reconnects fast, as the server's own does for its clients.
      controller.enqueue(encoder.encode('retry: 20\n\n'));
      connections.push({
        url: new URL(request.url),
        lastEventId: request.headers.get('last-event-id'),
        // Once the widget has let go of the response, writing to it may throw: nobody reads it anyway.
        send: (event) => ignoreErrors(() => controller.enqueue(encoder.encode(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`))),
        close: () => ignoreErrors(() => controller.close()),
      });
      return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
    }),
  );
  return connections;
}

/** Answers the summary endpoint with `answers` in turn (the last one repeats), recording If-None-Match. */
export function serve(
  ...answers: Array<Summary | number | 'network-error' | ((ifNoneMatch: string | null) => Response | Promise<Response>)>
) {
  const seen: Array<string | null> = [];
  worker.use(
    http.get(SUMMARY_URL, ({ request }) => {
      const ifNoneMatch = request.headers.get('if-none-match');
      const answer = answers[Math.min(seen.length, answers.length - 1)];
      seen.push(ifNoneMatch);
      if (answer === 'network-error') return HttpResponse.error();
      if (typeof answer === 'number')
        return HttpResponse.json({ type: 'about:blank', title: 'Unavailable', status: answer }, { status: answer });
      if (typeof answer === 'function') return answer(ifNoneMatch);
      return HttpResponse.json(answer, { headers: { etag: `"v${seen.length}"` } });
    }),
  );
  return seen;
}

/**
 * How long a test waits for what it expects: generous, since a loaded CI machine can take more
 * than waitUntil's default second for a fetch and a render. Waiting longer never passes a test
 * that should fail; it only keeps a slow machine from failing one that should pass.
 */
export const PATIENCE = { timeout: 5000 };

/** Puts `<kdi-status server=… components=… lang="da" poll-interval="60">` (and `attributes`) on the page. */
export function place(
  components: string,
  attributes: { lang?: string; pollInterval?: number; [name: string]: string | number | undefined } = {},
) {
  const { lang = 'da', pollInterval = 60, ...rest } = attributes;
  const el = document.createElement('kdi-status');
  for (const [name, value] of Object.entries({ server: SERVER, components, lang, 'poll-interval': pollInterval, ...rest }))
    if (value !== undefined) el.setAttribute(name, String(value));
  return fixtureSync<KdiStatus>(el);
}

/** Mounts the element and waits for its first `kdi-status-change`, i.e. the first summary it loaded. */
export async function mount(components: string, attributes: Parameters<typeof place>[1] = {}) {
  const changes: StatusChangeDetail[] = [];
  const el = place(components, attributes);
  el.addEventListener('kdi-status-change', (event) => changes.push(event.detail));
  await waitUntil(() => changes.length > 0, 'no kdi-status-change', PATIENCE);
  await el.updateComplete;
  return { el, changes };
}

export const shadow = (el: KdiStatus) => el.shadowRoot!;
// A boolean, not the element: chai formatting a Lit-rendered node for a failure message hangs the browser.
export const has = (el: KdiStatus, selector: string) => shadow(el).querySelector(selector) !== null;
export const text = (el: KdiStatus) => (shadow(el).textContent ?? '').replace(/\s+/g, ' ');

/** Starts the worker for a test file, with clean storage before each test and handlers reset after. */
export function useTestServer(): void {
  before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } }));
  beforeEach(clearStorage);
  afterEach(async () => {
    fixtureCleanup();
    // A poll the removed element sent just before is answered by this test's handlers, not the next test's.
    await new Promise((resolve) => setTimeout(resolve, 150));
    worker.resetHandlers();
  });
  after(() => worker.stop());
}

/** The element's own state, for tests that wait for a failure to be noticed (nothing else shows it for a banner). */
export const state = (el: KdiStatus) => el as unknown as { failing: boolean; summary: Summary | undefined };
