import { NetworkError, TimeoutError } from './errors.js';
import type { Connection, EventSourceConstructor, Outcome } from './live-subscription.js';

/**
 * The `EventSource` transport of a subscription (browsers, when no custom `fetch` is given). Kept
 * apart from the fetch reader so that `@kdi-status/sdk/read`, which uses the fetch reader only
 * (it honours `retry:` and notices a silent connection), carries none of it.
 *
 * @example
 * subscribeWith(checks, connectEventSource, client, onEvent, { EventSource: globalThis.EventSource });
 */
export function connectEventSource(connection: Connection, EventSourceCtor: EventSourceConstructor): Promise<Outcome> {
  const { stop, timers, connectTimeout } = connection;
  // EventSource cannot send headers: the id goes in the query. Its own reconnect (with a stale
  // URL and no jitter) is never used: on any error it is closed and we reconnect ourselves.
  const url = connection.url(true);
  return new Promise((resolve) => {
    let opened = false;
    let finished = false;
    let source: InstanceType<EventSourceConstructor>;
    try {
      source = new EventSourceCtor(url);
    } catch (error) {
      // A URL the browser refuses: a failed connect like any other, not the end of the subscription.
      resolve({ error });
      return;
    }
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      timers.clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
      source.onopen = null;
      source.onmessage = null;
      source.onerror = null;
      source.close();
      resolve(error === undefined ? {} : { error });
    };
    const onStop = () => finish();
    const timer = timers.setTimeout(() => finish(new TimeoutError(url, connectTimeout)), connectTimeout);
    stop.addEventListener('abort', onStop, { once: true });
    source.onopen = () => {
      opened = true;
      timers.clearTimeout(timer);
      connection.setState({ state: 'open' });
    };
    source.onmessage = (message) => {
      if (message.lastEventId !== '') connection.seen(message.lastEventId);
      connection.handleData(message.data, url);
    };
    // EventSource does not tell why: a 404 looks like a refused connection, and is counted
    // as a failed connect towards the fallback.
    source.onerror = () => finish(opened ? undefined : new NetworkError(url, new Error('EventSource could not connect')));
  });
}
