import type { EffectiveStatus } from '../schemas/component.js';
import { LiveEventSchema, type LiveEvent } from '../schemas/event.js';
import { SummarySchema } from '../schemas/summary.js';
import { fullJitterDelay } from './backoff.js';
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
  | { state: 'polling' }
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
  /** Resume after this event (a `seq` from an earlier subscription) instead of starting with a fresh summary. */
  lastEventId?: string | number;
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

interface Outcome {
  /** Valid events this connection delivered. */
  delivered: number;
  /** The server has no stream (404/405/501, or it answered something else than an event stream). */
  unavailable?: boolean;
  error?: unknown;
}

const UNAVAILABLE = new Set([404, 405, 501]);

const globalTimers: LiveTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Subscribes to the server's live stream (`GET /api/v1/stream`) and calls `onEvent` with each
 * validated {@link LiveEvent}, in order. Uses `EventSource` in browsers and a streaming `fetch`
 * reader in Node; resumes from the last event id after every disconnect; reconnects forever
 * with exponential backoff and full jitter (the server's `retry:` as base); falls back to
 * polling the summary with its ETag (emitting `summary` events) while the stream is
 * unavailable, and tries the stream again now and then. `client.subscribe` is this, bound to
 * the client's options.
 *
 * @returns A function that ends the subscription (as aborting `signal` does).
 *
 * @example
 * const stop = subscribeLive({ baseUrl: 'https://status.example.dk' }, (event) => {
 *   if (event.type === 'summary') render(event.data);
 * }, { components: ['ky'] });
 * // later: stop();
 */
export function subscribeLive(client: ClientOptions, onEvent: (event: LiveEvent) => void, options: SubscribeOptions = {}): () => void {
  const base = client.baseUrl.replace(/\/+$/, '');
  const timers = options.timers ?? globalTimers;
  const random = options.random ?? Math.random;
  const maxRetryDelay = options.maxRetryDelay ?? 30_000;
  const fallbackAfter = Math.max(1, options.fallbackAfter ?? 3);
  const pollInterval = options.pollInterval ?? 30_000;
  const streamRetryInterval = options.streamRetryInterval ?? 120_000;
  const idleTimeout = options.idleTimeout ?? 60_000;
  const connectTimeout = client.timeout ?? 10_000;
  const EventSourceImpl =
    options.EventSource === null
      ? undefined
      : (options.EventSource ?? (client.fetch ? undefined : (globalThis as { EventSource?: EventSourceConstructor }).EventSource));
  const requester = createRequester(client);

  let retryBase = options.retryDelay ?? 1000;
  let lastEventId = options.lastEventId === undefined ? '' : String(options.lastEventId);
  let etag: string | null = null;

  const stop = new AbortController();
  const external = [client.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
  const onExternalAbort = () => stop.abort();
  for (const signal of external) {
    if (signal.aborted) stop.abort();
    else signal.addEventListener('abort', onExternalAbort, { once: true });
  }
  stop.signal.addEventListener('abort', () => external.forEach((s) => s.removeEventListener('abort', onExternalAbort)), { once: true });
  const stopped = () => stop.signal.aborted;

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

  function deliver(event: LiveEvent): void {
    if (stopped()) return;
    try {
      onEvent(event);
    } catch (error) {
      // The caller's bug, not the stream's: tell them, and carry on with the next event.
      if (options.onError) report(error);
      else console.error(error);
    }
  }

  /** Validates one message's data and delivers it; true when it was a valid event. */
  function handleData(data: string, url: string): boolean {
    if (stopped()) return false;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (error) {
      report(new SchemaValidationError(url, [{ path: '', message: `event data is not JSON (${String(error)})` }]));
      return false;
    }
    const parsed = LiveEventSchema.safeParse(json);
    if (!parsed.success) {
      report(
        new SchemaValidationError(
          url,
          parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: `${issue.code}: ${issue.message}` })),
        ),
      );
      return false;
    }
    deliver(parsed.data);
    return true;
  }

  function streamUrl(withLastEventId: boolean): string {
    const params: string[] = [];
    if (options.components?.length) params.push(`components=${options.components.map(encodeURIComponent).join(',')}`);
    if (withLastEventId && lastEventId !== '') params.push(`lastEventId=${encodeURIComponent(lastEventId)}`);
    return `${base}/api/v1/stream${params.length ? `?${params.join('&')}` : ''}`;
  }

  /** Resolves after `ms`, or at once when the subscription ends (clearing the timer). */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (stopped()) return resolve();
      const onAbort = () => {
        timers.clearTimeout(handle);
        resolve();
      };
      const handle = timers.setTimeout(() => {
        stop.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      stop.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function connectFetch(): Promise<Outcome> {
    const url = streamUrl(false);
    const controller = new AbortController();
    const onStop = () => controller.abort();
    stop.signal.addEventListener('abort', onStop, { once: true });
    let timer: unknown;
    let armed = false;
    let timedOut = 0;
    const disarm = () => {
      if (armed) timers.clearTimeout(timer);
      armed = false;
    };
    const arm = (ms: number) => {
      disarm();
      if (ms <= 0) return;
      armed = true;
      timer = timers.setTimeout(() => {
        armed = false;
        timedOut = ms;
        controller.abort();
      }, ms);
    };
    let delivered = 0;
    try {
      arm(connectTimeout);
      const response = await (client.fetch ?? globalThis.fetch)(url, {
        headers: { accept: 'text/event-stream', ...(lastEventId === '' ? {} : { 'last-event-id': lastEventId }) },
        signal: controller.signal,
      });
      if (!response.ok) {
        return { delivered, unavailable: UNAVAILABLE.has(response.status), error: await httpErrorFrom(response, url) };
      }
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('text/event-stream') || !response.body) {
        // E.g. a single-page app's catch-all answering HTML: there is no stream here.
        return {
          delivered,
          unavailable: true,
          error: new SchemaValidationError(url, [{ path: '', message: `content-type is "${type}", not text/event-stream` }]),
        };
      }
      setState({ state: 'open' });
      const parser = createSseParser(
        {
          onMessage: (message) => {
            if (message.lastEventId !== '') lastEventId = message.lastEventId;
            if (message.event === 'message' && handleData(message.data, url)) delivered += 1;
          },
          onRetry: (ms) => {
            retryBase = ms;
          },
        },
        lastEventId,
      );
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      arm(idleTimeout);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm(idleTimeout);
        parser.push(decoder.decode(value, { stream: true }));
        if (stopped()) break;
      }
      // The server closed the stream (a restart, a deploy): not an error, just reconnect.
      return { delivered };
    } catch (error) {
      if (stopped()) return { delivered };
      if (timedOut) return { delivered, error: new TimeoutError(url, timedOut) };
      return { delivered, error: isKdiStatusError(error) ? error : new NetworkError(url, error) };
    } finally {
      disarm();
      stop.signal.removeEventListener('abort', onStop);
      // Releases the connection whatever state the body is in.
      controller.abort();
    }
  }

  function connectEventSource(EventSourceCtor: EventSourceConstructor): Promise<Outcome> {
    // EventSource cannot send headers: the id goes in the query. Its own reconnect (with a stale
    // URL and no jitter) is never used: on any error it is closed and we reconnect ourselves.
    const url = streamUrl(true);
    return new Promise((resolve) => {
      let delivered = 0;
      let opened = false;
      let finished = false;
      let source: InstanceType<EventSourceConstructor>;
      try {
        source = new EventSourceCtor(url);
      } catch (error) {
        // A URL the browser refuses: a failed connect like any other, not the end of the subscription.
        resolve({ delivered, error });
        return;
      }
      const finish = (error?: unknown) => {
        if (finished) return;
        finished = true;
        timers.clearTimeout(timer);
        stop.signal.removeEventListener('abort', onStop);
        source.onopen = null;
        source.onmessage = null;
        source.onerror = null;
        source.close();
        resolve(error === undefined ? { delivered } : { delivered, error });
      };
      const onStop = () => finish();
      const timer = timers.setTimeout(() => finish(new TimeoutError(url, connectTimeout)), connectTimeout);
      stop.signal.addEventListener('abort', onStop, { once: true });
      source.onopen = () => {
        opened = true;
        timers.clearTimeout(timer);
        setState({ state: 'open' });
      };
      source.onmessage = (message) => {
        if (message.lastEventId !== '') lastEventId = message.lastEventId;
        if (handleData(message.data, url)) delivered += 1;
      };
      // EventSource does not tell why: a 404 looks like a refused connection, and is counted
      // as a failed connect towards the fallback.
      source.onerror = () => finish(opened ? undefined : new NetworkError(url, new Error('EventSource could not connect')));
    });
  }

  async function pollOnce(): Promise<void> {
    try {
      const result = await requester.get(SummarySchema, '/api/v1/summary', {
        signal: stop.signal,
        ...(etag ? { headers: { 'if-none-match': etag } } : {}),
      });
      if (stopped() || 'notModified' in result) return;
      etag = result.etag;
      // The summary reflects everything up to its sequence: the stream resumes after it.
      lastEventId = String(result.data.sequence);
      deliver({ type: 'summary', seq: result.data.sequence, data: result.data });
    } catch (error) {
      report(error);
    }
  }

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
    let attempt = 0;
    let failures = 0;
    let polling = false;
    while (!stopped()) {
      if (polling) {
        await pollUntilStreamRetry();
        if (stopped()) break;
      }
      setState({ state: 'connecting' });
      const outcome = await (EventSourceImpl ? connectEventSource(EventSourceImpl) : connectFetch());
      if (stopped()) break;
      if (outcome.error !== undefined) report(outcome.error);
      if (outcome.delivered > 0) {
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
      const delay = fullJitterDelay(attempt, { base: retryBase, cap: maxRetryDelay, random });
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

/**
 * The effective status of watched components, and the event `seq` it is as of.
 *
 * @example
 * client.watch(['ky'], ({ components }) => console.log(components[0]?.effective.status));
 */
export interface WatchedStatus {
  /** In the order they were asked for; a component the server does not know is left out. */
  components: Array<{ id: string; effective: EffectiveStatus }>;
  seq: number;
}

/**
 * Options of {@link watchStatus} (and `client.watch`): those of a subscription, its filter aside.
 *
 * @example
 * client.watch(['ky'], render, { signal: controller.signal });
 */
export type WatchOptions = Omit<SubscribeOptions, 'components'>;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * Calls `onChange` with the effective status of `components` (dependencies included, as the
 * server computes it) first when it is known and then each time it changes (its status, cause
 * or sources: a new incident behind an unchanged status counts), and not otherwise.
 * Subscribes with the components filter; `summary` and `status` events carry the statuses.
 * `client.watch` is this, bound to the client's options.
 *
 * @returns A function that ends the watch.
 *
 * @example
 * const stop = watchStatus({ baseUrl: 'https://status.example.dk' }, ['ky'], ({ components }) => {
 *   const ky = components.find((c) => c.id === 'ky');
 *   setBanner(ky?.effective.status !== 'operational');
 * });
 */
export function watchStatus(
  client: ClientOptions,
  components: readonly string[],
  onChange: (status: WatchedStatus) => void,
  options: WatchOptions = {},
): () => void {
  const ids = [...new Set(components)];
  const wanted = new Set(ids);
  const known = new Map<string, EffectiveStatus>();
  let reported = false;

  function update(id: string, effective: EffectiveStatus): boolean {
    if (!wanted.has(id) || same(known.get(id), effective)) return false;
    known.set(id, effective);
    return true;
  }

  return subscribeLive(
    client,
    (event) => {
      let changed = false;
      if (event.type === 'summary') {
        const present = new Set<string>();
        for (const component of event.data.components) {
          present.add(component.id);
          if (update(component.id, component.effective)) changed = true;
        }
        // A component gone from the summary (retired) is no longer reported.
        for (const id of known.keys()) if (!present.has(id) && known.delete(id)) changed = true;
      } else if (event.type === 'status') {
        for (const component of event.data.components) if (update(component.id, component.effective)) changed = true;
      } else {
        return;
      }
      // The first summary is reported even when it knows none of the components.
      if (!changed && (reported || event.type !== 'summary')) return;
      reported = true;
      onChange({
        seq: event.seq,
        components: ids.flatMap((id) => {
          const effective = known.get(id);
          return effective ? [{ id, effective }] : [];
        }),
      });
    },
    { ...options, components: ids },
  );
}
