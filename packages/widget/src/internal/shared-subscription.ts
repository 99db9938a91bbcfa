import { applyLiveEvent, leanChecks, subscribeLive } from '@kdi-status/sdk/read';
import type { ClientOptions, LiveConnectionState, LiveEventView, SubscribeOptions, SummaryView } from '@kdi-status/sdk/read';

/** What goes over the channel: a live event, a state change, a newcomer's question, or the answer to it. */
type Message =
  | { e: LiveEventView }
  | { s: LiveConnectionState }
  | { ask: string }
  | { to: string; summary?: SummaryView; state?: LiveConnectionState | undefined };

/**
 * {@link subscribeLive}, with one connection per browser rather than per tab: where
 * `BroadcastChannel` and Web Locks exist, the tabs (and elements) of one origin that follow the
 * same server and components elect one holder by a lock held while it subscribes. The holder
 * runs the real subscription (with its jittered reconnects) and relays every event and state
 * change on a channel; the others listen, and a newcomer asks the holder for its latest summary.
 * When the holder goes (its tab closes, it is hidden into the back/forward cache, its element
 * disconnects or `signal` aborts) the lock frees and the next tab subscribes, resuming after the
 * last event it saw, so nothing is missed. Elsewhere it is `subscribeLive` itself. Same
 * arguments and return as `subscribeLive`; `onError` is told of the holder's own problems only.
 *
 * @returns A function that ends the subscription (as aborting `signal` does).
 *
 * @example
 * const stop = subscribeShared({ baseUrl: 'https://status.example.dk' }, render, { components: ['ky'] });
 */
export function subscribeShared(
  client: ClientOptions,
  onEvent: (event: LiveEventView) => void,
  options: SubscribeOptions = {},
): () => void {
  const locks = globalThis.navigator?.locks;
  if (typeof BroadcastChannel !== 'function' || !locks) return subscribeLive(client, onEvent, options);

  // The protocol's version in the name: a tab still running an older bundle is not listened to.
  const name = `kdi-status/1 ${client.baseUrl.replace(/\/+$/, '')} ${[...new Set(options.components)].sort().join(',')}${options.municipality ? ` ${options.municipality}` : ''}`;
  const me = Math.random().toString(36).slice(2);
  const stop = new AbortController();
  const stopped = stop.signal;
  const channel = new BroadcastChannel(name);
  let lastEventId = options.lastEventId;
  let summary: SummaryView | undefined;
  let state: LiveConnectionState | undefined;
  /** Ends this tab's turn as holder (frees the lock); set while it holds it. */
  let release: (() => void) | undefined;

  const post = (message: Message) => {
    try {
      channel.postMessage(message);
    } catch {
      // The channel closed under us (the page is going): nothing to tell.
    }
  };
  const setState = (next: LiveConnectionState) => {
    state = next;
    try {
      options.onStateChange?.(next);
    } catch {
      // As subscribeLive: a failing handler does not end the subscription.
    }
  };
  const deliver = (event: LiveEventView) => {
    if (stopped.aborted) return;
    lastEventId = event.seq;
    summary = applyLiveEvent(summary, event);
    try {
      onEvent(event);
    } catch (error) {
      // Never into the host page: told as subscribeLive tells it.
      try {
        (options.onError ?? console.error)(error);
      } catch {
        // A failing error handler neither.
      }
    }
  };

  // Any script of the origin can post on the channel: what is relayed is checked as the server's
  // answers are, and anything else is dropped without a word.
  const isState = (value: unknown): value is LiveConnectionState => typeof (value as LiveConnectionState | null)?.state === 'string';
  channel.onmessage = ({ data }: MessageEvent<Message>) => {
    if (typeof data !== 'object' || data === null) return;
    if ('ask' in data) {
      if (release) post({ to: data.ask, ...(summary && { summary }), state });
    } else if ('to' in data) {
      if (data.to !== me) return;
      if (!summary && leanChecks.summary(data.summary).ok) deliver({ type: 'summary', seq: data.summary!.sequence, data: data.summary! });
      if (isState(data.state)) setState(data.state);
    } else if (!release) {
      // Until it has a summary, a newcomer skips events: the holder's answer to its question
      // comes later and already holds them (else it would see them twice, the first on nothing).
      if ('e' in data && leanChecks.event(data.e).ok && (summary || data.e.type === 'summary')) deliver(data.e);
      else if ('s' in data && isState(data.s)) setState(data.s);
    }
  };

  const hold = () =>
    new Promise<void>((resolve) => {
      if (stopped.aborted) return resolve();
      const turn = new AbortController();
      const end = () => {
        release = undefined;
        turn.abort();
        resolve();
      };
      release = end;
      subscribeLive(
        client,
        (event) => {
          post({ e: event });
          deliver(event);
        },
        {
          ...options,
          // Resume after what this tab saw, if it has the summary that goes with it; else start afresh.
          lastEventId: summary ? lastEventId : options.lastEventId,
          signal: turn.signal,
          onStateChange: (next) => {
            // The holder's end is not the subscription's: the next holder carries on.
            if (next.state === 'closed') return;
            post({ s: next });
            setState(next);
          },
        },
      );
    });

  const queue = () => {
    locks.request(name, { signal: stopped }, hold).catch(() => undefined);
  };

  // Hidden into the back/forward cache, a page runs nothing: it must not keep the connection.
  // The listeners go when `stop` aborts.
  addEventListener('pagehide', () => release?.(), { signal: stopped });
  addEventListener(
    'pageshow',
    (event) => {
      if (event.persisted) queue();
    },
    { signal: stopped },
  );

  const end = () => {
    if (stopped.aborted) return;
    stop.abort();
    release?.();
    channel.close();
    setState({ state: 'closed' });
  };
  for (const signal of [client.signal, options.signal]) {
    if (signal?.aborted) end();
    signal?.addEventListener('abort', end, { once: true });
  }
  if (!stopped.aborted) {
    queue();
    post({ ask: me });
  }
  return end;
}
