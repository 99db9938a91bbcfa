import { z } from 'zod/mini';
import { TimestampSchema } from './primitives.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-payload.js';

// The outbox as the admin API shows it (`/api/v1/admin/outbox`, `/webhooks/:id/deliveries`): one
// row per message to one recipient. Recipients are ids only (a subscriber's, a webhook endpoint's,
// or `endpoint:<id>` for an endpoint's owner): never an address.

/** How a message travels. */
export const OUTBOX_CHANNELS = ['mail', 'webhook'] as const;
/**
 * @example
 * OutboxChannelSchema.parse('webhook');
 */
export const OutboxChannelSchema = z.enum(OUTBOX_CHANNELS);
export type OutboxChannel = z.infer<typeof OutboxChannelSchema>;

/** Where a delivery is: waiting, being sent, sent, given up (`failed`), or not to be sent (`skipped`). */
export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
/**
 * @example
 * DeliveryStateSchema.parse('failed');
 */
export const DeliveryStateSchema = z.enum(DELIVERY_STATES);
export type DeliveryState = z.infer<typeof DeliveryStateSchema>;

/** What a message tells: the notice kinds (the webhook event types), and the messages no event causes. */
export const MESSAGE_KINDS = [...WEBHOOK_EVENT_TYPES, 'subscription.confirm', 'subscription.existing', 'webhook.disabled'] as const;
/**
 * @example
 * MessageKindSchema.parse('maintenance.reminder');
 */
export const MessageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/**
 * One delivery as the operator sees it: what, to whom (an id), how far it got, and why its last
 * attempt failed. `seq` is the event that caused it (null for a direct message).
 *
 * @example
 * const failed = OutboxPageSchema.parse(await res.json()).deliveries.filter((d) => d.state === 'failed');
 */
export const DeliveryViewSchema = z.object({
  id: z.int().check(z.positive()),
  kind: MessageKindSchema,
  channel: OutboxChannelSchema,
  /** A subscriber's id, a webhook endpoint's id, `endpoint:<id>` (the endpoint's owner), or `vendor:<id>` (a vendor's service desk). */
  recipient: z.string(),
  /** The incident, maintenance, subscriber or endpoint the message is about. */
  subjectId: z.string(),
  seq: z.nullable(z.int()),
  state: DeliveryStateSchema,
  attempts: z.int().check(z.nonnegative()),
  createdAt: TimestampSchema,
  /** Not tried before this. */
  nextAttemptAt: TimestampSchema,
  /** Given up when not sent by this. */
  giveUpAt: TimestampSchema,
  sentAt: z.nullable(TimestampSchema),
  /** Why the last attempt failed (mail addresses in it replaced by `<address>`). */
  lastError: z.nullable(z.string()),
});
export type DeliveryView = z.infer<typeof DeliveryViewSchema>;

/**
 * One page of deliveries, oldest first. `next` is the `after` for the next page, or null at the end.
 *
 * @example
 * let page = await admin.outbox({ state: 'failed' });
 * while (page.next !== null) page = await admin.outbox({ state: 'failed', after: page.next });
 */
export const OutboxPageSchema = z.object({
  deliveries: z.array(DeliveryViewSchema),
  next: z.nullable(z.int()),
});
export type OutboxPage = z.infer<typeof OutboxPageSchema>;

/**
 * How many deliveries there are by channel and state (the pairs with none are left out).
 *
 * @example
 * const { counts } = OutboxCountsSchema.parse(await res.json());
 * counts.find((c) => c.channel === 'mail' && c.state === 'failed')?.count ?? 0;
 */
export const OutboxCountsSchema = z.object({
  counts: z.array(z.object({ channel: OutboxChannelSchema, state: DeliveryStateSchema, count: z.int().check(z.nonnegative()) })),
});
export type OutboxCounts = z.infer<typeof OutboxCountsSchema>;

/**
 * What a retry put back to `pending`: the ids of the deliveries that were `failed` (others are
 * left as they are, so a retry twice changes nothing the second time).
 *
 * @example
 * const { retried } = OutboxRetryResultSchema.parse(await res.json());
 */
export const OutboxRetryResultSchema = z.object({ retried: z.array(z.int().check(z.positive())) });
export type OutboxRetryResult = z.infer<typeof OutboxRetryResultSchema>;
