import type { DeliveryView, OutboxCounts, OutboxPage, OutboxRetryRequest } from '@kdi-status/sdk/admin';
import type { Delivery, DeliveryQuery } from '../store/notification-store.js';
import type { Store } from '../store/store.js';

/** A retried delivery is given up again when not sent within this. */
export const RETRY_GIVE_UP_MS = 24 * 3_600_000;

/** A page of the outbox when the query names no limit. */
export const OUTBOX_PAGE_DEFAULT = 100;

// An SMTP server's refusal often quotes the address ("550 5.1.1 <x@y.dk>: Recipient address
// rejected"): the operator's view must not show it (GDPR), so anything shaped like one goes.
const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/**
 * A delivery as the operator sees it: the recipient's id (never an address), no `detail`, no
 * claim bookkeeping, and mail addresses in its last error replaced by `<address>`.
 *
 * @example
 * deliveryView(delivery).lastError; // '550 5.1.1 <address>: Recipient address rejected'
 */
export function deliveryView(delivery: Delivery): DeliveryView {
  return {
    id: delivery.id,
    kind: delivery.kind,
    channel: delivery.channel,
    recipient: delivery.recipient,
    subjectId: delivery.subjectId,
    seq: delivery.seq,
    state: delivery.state,
    attempts: delivery.attempts,
    createdAt: delivery.createdAt,
    nextAttemptAt: delivery.nextAttemptAt,
    giveUpAt: delivery.giveUpAt,
    sentAt: delivery.sentAt,
    lastError: delivery.lastError === null ? null : delivery.lastError.replace(ADDRESS, '<address>'),
  };
}

/**
 * One page of deliveries, oldest first: `next` is the last id when the page is full.
 *
 * @example
 * const page = await outboxPage(store, { state: 'failed', limit: 50 });
 */
export async function outboxPage(store: Store, query: Omit<DeliveryQuery, 'limit'> & { limit?: number | undefined }): Promise<OutboxPage> {
  const limit = query.limit ?? OUTBOX_PAGE_DEFAULT;
  const deliveries = await store.deliveries({ ...query, limit });
  return { deliveries: deliveries.map(deliveryView), next: deliveries.length === limit ? deliveries.at(-1)!.id : null };
}

/**
 * The deliveries by channel and state, in a stable order (channel, then state).
 *
 * @example
 * const { counts } = await outboxCounts(store);
 */
export async function outboxCounts(store: Store): Promise<OutboxCounts> {
  const counts = await store.deliveryCounts();
  return {
    counts: counts.filter((c) => c.count > 0).sort((a, b) => a.channel.localeCompare(b.channel) || a.state.localeCompare(b.state)),
  };
}

/**
 * Puts failed deliveries back to `pending`, due at once and given up again after
 * `RETRY_GIVE_UP_MS`: the ids given (those not `failed` are left as they are), or with
 * `{ state: 'failed' }` every failed one. Returns the ids changed, ascending.
 *
 * @example
 * const { retried } = await retryDeliveries(store, { state: 'failed' }, new Date());
 */
export async function retryDeliveries(store: Store, request: OutboxRetryRequest, at: Date): Promise<{ retried: number[] }> {
  const now = at.toISOString();
  const giveUpAt = new Date(at.getTime() + RETRY_GIVE_UP_MS).toISOString();
  if (request.ids) return { retried: sorted(await store.retryDeliveries([...new Set(request.ids)], now, giveUpAt)) };
  const retried: number[] = [];
  // Page by id: what this puts back is `pending` and not on the next page, so each page is new.
  for (let afterId = 0; ;) {
    const page = await store.deliveries({ state: 'failed', afterId, limit: 500 });
    if (page.length === 0) break;
    retried.push(
      ...(await store.retryDeliveries(
        page.map((d) => d.id),
        now,
        giveUpAt,
      )),
    );
    afterId = page.at(-1)!.id;
  }
  return { retried: sorted(retried) };
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
