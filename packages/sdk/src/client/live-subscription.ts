import type { LiveEvent } from '../schemas/event.js';
import type { Problem } from '../schemas/problem.js';
import type { Summary } from '../schemas/summary.js';
import { fullJitterDelay } from './backoff.js';
import type { Check } from './check.js';
import { NetworkError, SchemaValidationError, TimeoutError, isKdiStatusError } from './errors.js';
import { createRequester, httpErrorFrom, type ClientOptions } from './request.js';
import { createSseParser } from './sse-parser.js';

/**
 * Where a live subscription is: connecting to the stream, open, waiting `delay` ms before
 * reconnect number `attempt + 1`, polling the summary because the stream is unavailable, or
 * closed for good (aborted).
 *
 * @example
 * client.subscribe(render, { onStateChange: (s) => s.state === 'waiting' && console.info(`retry in ${s.delay} ms`) });
 */
export type LiveConnectionState =
  | { state: 'connecting' }
  | { state: 'open' }
  | { state: 'waiting'; attempt: number; delay: number }
  /** `reachable`: how the latest summary poll went (a 304 is reached; unset before the first). */
  | { state: 'polling'; reachable?: boolean }
  | { state: 'closed' };

/**
 * The timer functions a subscription uses; inject fakes to test without waiting.
 *
 * @example
 * const timers: LiveTimers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number) };
 */
export interface LiveTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The part of the browser's `EventSource` a subscription uses.
 *
 * @example
 * client.subscribe(onEvent, { EventSource: globalThis.EventSource });
 */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: string; lastEventId: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

/**
 * A constructor of {@link EventSourceLike}, such as `globalThis.EventSource`.
 *
 * @example
 * const ES: EventSourceConstructor = globalThis.EventSource;
 */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/**
 * Options of {@link subscribeLive} (and `client.subscribe`).
 *
 * @example
 * const controller = new AbortController();
 * client.subscribe(onEvent, { components: ['ky'], signal: controller.signal, onError: console.warn });
 */
export interface SubscribeOptions {
  /** Only events concerning these components (and what they depend on). Default: everything. */
  components?: readonly string[];
  /** Only incidents and maintenance that affect this municipality (kommunekode, `0101`); effective status from what is left. */
  municipality?: string;
  /** Resume after this event (a `seq` from an earlier subscription) instead of starting with a fresh summary. */
  lastEventId?: string | number;
  /**
   * Fetch the first summary with `GET /api/v1/summary` (compressed, cacheable, revalidated with
   * its ETag) and start the stream after it, rather than take it from the stream (never
   * compressed). Costs a request; a page view in a browser then pays ~1.5 KB instead of ~6 KB for
   * one fagløsning in a large landscape. If that request fails, the stream's summary is used.
   */
  summaryFirst?: boolean;
  /** Ends the subscription: the connection is closed and no timer is left behind. */
  signal?: AbortSignal;
  /**
   * Told of every problem without ending the subscription: a failed connect (`HttpError`,
   * `NetworkError`, `TimeoutError`), a message that did not validate (`SchemaValidationError`,
   * the message is skipped), and anything `onEvent` threw.
   */
  onError?: (error: unknown) => void;
  /** Told whenever the connection state changes. */
  onStateChange?: (state: LiveConnectionState) => void;
  /** Backoff base in ms, until the server sends its own `retry:` (which `EventSource` does not show to scripts). Default 1000. */
  retryDelay?: number;
  /** Backoff cap in ms (raised to the server's `retry:` if that is larger). Default 30 000. */
  maxRetryDelay?: number;
  /** Consecutive connects without an event before falling back to polling. Default 3. */
  fallbackAfter?: number;
  /** While falling back: ms between summary polls. Default 30 000. */
  pollInterval?: number;
  /** While falling back: ms of polling before the stream is tried again. Default 120 000. */
  streamRetryInterval?: number;
  /** Reconnect when nothing, not even a heartbeat, arrived for this many ms (fetch reader only; 0 = never). Default 60 000. */
  idleTimeout?: number;
  /** `EventSource` to use; defaults to the global one unless the client has its own `fetch`. `null` forces the fetch reader. */
  EventSource?: EventSourceConstructor | null;
  /** Source of jitter in [0, 1); for tests. Default `Math.random`. */
  random?: () => number;
  /** Timers; for tests. Default the global ones. */
  timers?: LiveTimers;
}

/** How one connection to the stream ended (the events it delivered are counted by the subscription). */
export interface Outcome {
  /** The server has no stream (404/405/501, or it answered something else than an event stream). */
  unavailable?: boolean;
  /** Ms the server asked to wait before the next try (`Retry-After` on a refusal such as 429/503). */
  retryAfter?: number | undefined;
  error?: unknown;
}

/**
 * The checks a subscription validates with: zod's in `@kdi-status/sdk` (the full `Summary` and
 * `LiveEvent`), the lean ones derived from the same schemas in `@kdi-status/sdk/read` (their read
 * projection, `SummaryView` and `LiveEventView`).
 */
export interface ReadChecks<S extends { sequence: number } = Summary, E = LiveEvent> {
  event: Check<E>;
  summary: Check<S>;
  problem: Check<Problem>;
}

/** The event a summary fetched by GET is delivered as. */
type SummaryEventOf<S> = { type: 'summary'; seq: number; data: S };

/** What a transport gets from the subscription it connects for (internal). */
export interface Connection {
  /** The stream's URL; with the last event id in the query for transports that cannot send headers. */
  url(withLastEventId: boolean): string;
  stop: AbortSignal;
  timers: LiveTimers;
  connectTimeout: number;
  setState(state: LiveConnectionState): void;
  /** Validates and delivers one message's data (counted when it was a valid event). */
  handleData(data: string, url: string): void;
  /** Remembers the id of the last message seen. */
  seen(lastEventId: string): void;
}

/** A transport other than the fetch reader, e.g. `EventSource` (event-source-connector.ts). */
export type Connector = (connection: Connection, EventSourceImpl: EventSourceConstructor) => Promise<Outcome>;

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. A
 * cross-origin page sees it only if the server lists it in `Access-Control-Expose-Headers`.
 */
function retryAfterMs(response: Response): number | undefined {
  // Absent, it parses as no date (NaN): undefined.
  const value = response.headers.get('retry-after')?.trim() ?? '';
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

const UNAVAILABLE = [404, 405, 501];
const SSE = 'text/event-stream';

/**
 * A query string of the components filter (`components=ky,ksd`), as the stream and the summary take it.
 *
 * @example
 * componentsParam(['ky', 'ksd']); // 'components=ky,ksd'
 */
export function componentsParam(components: readonly string[] | undefined): string {
  return components?.length ? `components=${components.map(encodeURIComponent).join(',')}` : '';
}

/** `path` with the components and municipality filters and `lastEventId` (when not '') in its query. */
function withQuery(path: string, components: readonly string[] | undefined, lastEventId = '', municipality?: string): string {
  const query = [
    componentsParam(components),
    municipality && `municipality=${encodeURIComponent(municipality)}`,
    lastEventId && `lastEventId=${encodeURIComponent(lastEventId)}`,
  ]
    .filter(Boolean)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/**
 * The summary's path, for all of the landscape or only `components` and their dependencies
 * (and only what affects `municipality`, when given).
 *
 * @example
 * summaryPath(['ky']); // '/api/v1/summary?components=ky'
 * summaryPath(['ky'], '0101'); // '/api/v1/summary?components=ky&municipality=0101'
 */
export function summaryPath(components: readonly string[] | undefined, municipality?: string): string {
  return withQuery('/api/v1/summary', components, '', municipality);
}

/**
 * The live subscription behind both `subscribeLive`s (`@kdi-status/sdk` with zod and the
 * `EventSource` transport, `@kdi-status/sdk/read` with the lean checks and the fetch reader only):
 * validates with `checks`, connects with `connector` where it applies and the fetch reader
 * otherwise. See `subscribeLive` in live.ts for what it does.
 *
 * @example
 * const stop = subscribeWith(leanChecks, undefined, { baseUrl }, render, { components: ['ky'] });
 */
export function subscribeWith<S extends { sequence: number }, E>(
  checks: ReadChecks<S, E>,
  connector: Connector | undefined,
  client: ClientOptions,
  onEvent: (event: NoInfer<E | SummaryEventOf<S>>) => void,
  options: SubscribeOptions = {},
): () => void {
  const stream = `${client.baseUrl.replace(/\/+$/, '')}/api/v1/stream`;
  // The global setTimeout/clearTimeout, called as methods of the global object.
  const timers = options.timers ?? (globalThis as LiveTimers);
  const random = options.random ?? Math.random;
  const maxRetryDelay = options.maxRetryDelay ?? 30_000;
  const fallbackAfter = Math.max(1, options.fallbackAfter ?? 3);
  const pollInterval = options.pollInterval ?? 30_000;
  const streamRetryInterval = options.streamRetryInterval ?? 120_000;
  const idleTimeout = options.idleTimeout ?? 60_000;
  const connectTimeout = client.timeout ?? 10_000;
  // A server slower than the timeout still gets its answer in the end: each try that timed out
  // doubles the next one's patience (up to 8×: 80 s by default), the stream's and the poll's.
  let patience = 1;
  const timedOutOnce = (error: unknown) => {
    if (error instanceof TimeoutError) patience = Math.min(patience * 2, 8);
  };
  const EventSourceImpl =
    !connector || options.EventSource === null
      ? undefined
      : (options.EventSource ?? (client.fetch ? undefined : (globalThis as { EventSource?: EventSourceConstructor }).EventSource));
  const requester = createRequester(client, checks.problem);

  let retryBase = options.retryDelay ?? 1000;
  let lastEventId = String(options.lastEventId ?? '');
  let etag: string | null = null;
  /** Valid events delivered by the current connection. */
  let delivered = 0;

  const stop = new AbortController();
  const stopped = () => stop.signal.aborted;
  // Ends whatever the subscription waits on (a sleep, an open stream); one at a time.
  let wake = () => {};
  stop.signal.addEventListener('abort', () => wake(), { once: true });
  for (const signal of [client.signal, options.signal]) {
    // The listener goes with the subscription, however it ends.
    if (signal?.aborted) stop.abort();
    else signal?.addEventListener('abort', () => stop.abort(), { once: true, signal: stop.signal });
  }

  function report(error: unknown): void {
    if (stopped()) return;
    if (!options.onError) return;
    try {
      options.onError(error);
    } catch {
      // A failing error handler must not end the subscription.
    }
  }

  function setState(state: LiveConnectionState): void {
    try {
      options.onStateChange?.(state);
    } catch (error) {
      report(error);
    }
  }

  function deliver(event: E | SummaryEventOf<S>): void {
    if (stopped()) return;
    try {
      onEvent(event);
    } catch (error) {
      // The caller's bug, not the stream's: tell them, and carry on with the next event.
      if (options.onError) report(error);
      else console.error(error);
    }
  }

  /** Validates one message's data and delivers it, counting it when it was a valid event. */
  function handleData(data: string, url: string): void {
    if (stopped()) return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (error) {
      return report(new SchemaValidationError(url, [{ path: '', message: `event data is not JSON (${String(error)})` }]));
    }
    const parsed = checks.event(json);
    if (!parsed.ok) return report(new SchemaValidationError(url, parsed.issues));
    delivered += 1;
    deliver(parsed.data);
  }

  /** Resolves after `ms`, or at once when the subscription ends (clearing the timer). */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped()) return resolve();
      const handle = timers.setTimeout(resolve, ms);
      wake = () => {
        timers.clearTimeout(handle);
        resolve();
      };
    });

  async function connectFetch(): Promise<Outcome> {
    const url = withQuery(stream, options.components, '', options.municipality);
    const controller = new AbortController();
    wake = () => controller.abort();
    let timer: unknown;
    let timedOut = 0;
    /** (Re)starts the one timer of this connection; 0 only clears it. */
    const arm = (ms: number) => {
      timers.clearTimeout(timer);
      if (ms > 0)
        timer = timers.setTimeout(() => {
          timedOut = ms;
          controller.abort();
        }, ms);
    };
    try {
      arm(connectTimeout * patience);
      const response = await (client.fetch ?? globalThis.fetch)(url, {
        headers: { accept: SSE, ...(lastEventId && { 'last-event-id': lastEventId }) },
        signal: controller.signal,
      });
      if (!response.ok) {
        return {
          unavailable: UNAVAILABLE.includes(response.status),
          retryAfter: retryAfterMs(response),
          error: await httpErrorFrom(response, url, checks.problem),
        };
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith(SSE) || !response.body) {
        // E.g. a single-page app's catch-all answering HTML: there is no stream here.
        return {
          unavailable: true,
          error: new SchemaValidationError(url, [{ path: '', message: `content-type is "${type}", not ${SSE}` }]),
        };
      }
      setState({ state: 'open' });
      const parser = createSseParser(
        {
          onMessage: (message) => {
            if (message.lastEventId !== '') lastEventId = message.lastEventId;
            if (message.event === 'message') handleData(message.data, url);
          },
          onRetry: (ms) => {
            retryBase = ms;
          },
        },
        lastEventId,
      );
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        arm(idleTimeout);
        const { done, value } = await reader.read();
        if (done) break;
        parser.push(decoder.decode(value, { stream: true }));
        if (stopped()) break;
      }
      // The server closed the stream (a restart, a deploy): not an error, just reconnect.
      return {};
    } catch (error) {
      if (stopped()) return {};
      if (timedOut) return { error: new TimeoutError(url, timedOut) };
      return { error: isKdiStatusError(error) ? error : new NetworkError(url, error) };
    } finally {
      arm(0);
      // Releases the connection whatever state the body is in.
      controller.abort();
    }
  }

  /** One summary request; `asPoll` tells its outcome as a polling state (not for the first one). */
  async function pollOnce(asPoll = true): Promise<void> {
    const tell = (reachable: boolean) => asPoll && setState({ state: 'polling', reachable });
    try {
      const result = await requester.get(checks.summary, summaryPath(options.components, options.municipality), {
        signal: stop.signal,
        timeout: connectTimeout * patience,
        headers: etag ? { 'if-none-match': etag } : {},
      });
      if (stopped()) return;
      tell(true);
      if ('notModified' in result) return;
      etag = result.etag;
      // The summary reflects everything up to its sequence: the stream resumes after it.
      lastEventId = String(result.data.sequence);
      deliver({ type: 'summary', seq: result.data.sequence, data: result.data });
    } catch (error) {
      if (stopped()) return;
      timedOutOnce(error);
      tell(false);
      report(error);
    }
  }

  // Built only for a connector (the read entry has none, and its bundle leaves this out).
  const connection = (): Connection => ({
    url: (withLastEventId) => withQuery(stream, options.components, withLastEventId ? lastEventId : '', options.municipality),
    stop: stop.signal,
    timers,
    connectTimeout,
    setState,
    handleData,
    seen: (id) => {
      lastEventId = id;
    },
  });

  async function pollUntilStreamRetry(): Promise<void> {
    setState({ state: 'polling' });
    let waited = 0;
    for (;;) {
      await pollOnce();
      if (stopped() || waited >= streamRetryInterval) return;
      await sleep(pollInterval);
      waited += pollInterval;
    }
  }

  async function run(): Promise<void> {
    if (options.summaryFirst && lastEventId === '') await pollOnce(false);
    let attempt = 0;
    let failures = 0;
    let polling = false;
    while (!stopped()) {
      if (polling) {
        await pollUntilStreamRetry();
        if (stopped()) break;
      }
      setState({ state: 'connecting' });
      delivered = 0;
      const outcome = await (EventSourceImpl && connector ? connector(connection(), EventSourceImpl) : connectFetch());
      if (stopped()) break;
      if (outcome.error !== undefined) {
        timedOutOnce(outcome.error);
        report(outcome.error);
      }
      if (delivered) {
        attempt = 0;
        failures = 0;
        polling = false;
      } else {
        failures += 1;
      }
      if (outcome.unavailable) failures = Math.max(failures, fallbackAfter);
      if (failures >= fallbackAfter) {
        polling = true;
        continue;
      }
      // A server that said when to come back is not asked sooner; the jitter still spreads the crowd.
      const delay = (outcome.retryAfter ?? 0) + fullJitterDelay(attempt, { base: retryBase, cap: maxRetryDelay, random });
      setState({ state: 'waiting', attempt, delay });
      attempt += 1;
      await sleep(delay);
    }
  }

  run()
    .catch(report)
    .finally(() => setState({ state: 'closed' }));
  return () => stop.abort();
}
