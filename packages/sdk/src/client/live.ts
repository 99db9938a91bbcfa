import type { EffectiveStatus } from '../schemas/component.js';
import { LiveEventSchema, type LiveEvent } from '../schemas/event.js';
import { ProblemSchema } from '../schemas/problem.js';
import { SummarySchema } from '../schemas/summary.js';
import { zodCheck } from './check.js';
import { connectEventSource } from './event-source-connector.js';
import { subscribeWith, type ReadChecks, type SubscribeOptions } from './live-subscription.js';
import type { ClientOptions } from './request.js';

export type {
  EventSourceConstructor,
  EventSourceLike,
  LiveConnectionState,
  LiveTimers,
  ReadChecks,
  SubscribeOptions,
} from './live-subscription.js';

/** zod's full validation, for the Node clients and everything else that imports the package root. */
// Pure: a browser bundle that imports only helpers from the root drops them (and zod with them).
const zodChecks: ReadChecks = {
  event: /* @__PURE__ */ zodCheck(LiveEventSchema),
  summary: /* @__PURE__ */ zodCheck(SummarySchema),
  problem: /* @__PURE__ */ zodCheck(ProblemSchema),
};

/**
 * Subscribes to the server's live stream (`GET /api/v1/stream`) and calls `onEvent` with each
 * validated {@link LiveEvent}, in order. Uses `EventSource` in browsers and a streaming `fetch`
 * reader in Node; resumes from the last event id after every disconnect; reconnects forever
 * with exponential backoff and full jitter (the server's `retry:` as base, and never sooner than
 * a refusal's `Retry-After`); falls back to polling the summary (only the `components` asked
 * for, `?components=`) with its ETag (emitting `summary` events) while the stream is
 * unavailable, and tries the stream again now and then. `client.subscribe` is this, bound to
 * the client's options. A browser bundle that wants no zod imports the same function from
 * `@kdi-status/sdk/read`.
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
  return subscribeWith(zodChecks, connectEventSource, client, onEvent, options);
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
