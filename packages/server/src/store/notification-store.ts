/**
 * The notification part of the store: subscribers (mail), webhook endpoints, and the outbox —
 * notices written in the same transaction as the event that causes them, expanded into one
 * delivery per recipient, claimed and sent by the outbox worker (notify/). See
 * docs/adr/0016-notification-outbox.md.
 *
 * Subscribers are personal data: they are never in the event log (which is kept for ever and
 * exported), only in their own table, and deleting one deletes it (GDPR). Webhook endpoints are an
 * operator's change: saving or deleting one appends a `webhook.changed` event without its secret.
 */
import type { Actor, ChangeEvent, WebhookEndpointView } from '@kdi-status/sdk';
import { DELIVERY_STATES, OUTBOX_CHANNELS, type MessageKind } from '@kdi-status/sdk/admin';
import { WEBHOOK_EVENT_TYPES } from '@kdi-status/sdk/webhooks';

/**
 * What a notice tells: the SDK's webhook event types, one list for the outbox and the payload.
 * `maintenance.reminder` is due before the window starts; the rest at once.
 */
export const NOTICE_KINDS = WEBHOOK_EVENT_TYPES;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Messages that no event causes: the double opt-in mail, the "already subscribed" mail, and the owner's notice that a webhook endpoint was disabled. */
export type DirectMessageKind = Exclude<MessageKind, NoticeKind>;
export type { MessageKind };

/** A notice a commit writes with its events: `changeIndex` is the change (of those committed) whose event causes it. */
export interface NoticeDraft {
  changeIndex: number;
  kind: NoticeKind;
  /** The incident's or the maintenance's id. */
  subjectId: string;
  /** When it is to be expanded and sent (ISO): the commit's time, or for a reminder the window's start less the lead. */
  dueAt: string;
}

export const NOTICE_STATES = ['pending', 'expanded', 'skipped'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export interface Notice {
  id: number;
  /** The event that caused it. */
  seq: number;
  kind: NoticeKind;
  subjectId: string;
  dueAt: string;
  state: NoticeState;
  createdAt: string;
}

export const CHANNELS = OUTBOX_CHANNELS;
export type Channel = (typeof CHANNELS)[number];

export { DELIVERY_STATES };
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One message to one recipient, as it is to be written. */
export interface DeliveryDraft {
  kind: MessageKind;
  channel: Channel;
  /**
   * Who gets it: a subscriber's id (mail), a webhook endpoint's id (webhook), `endpoint:<id>`
   * for the mail to a webhook endpoint's owner contact, or `vendor:<id>` for the mail to a
   * vendor's service desk (the cause of its incident resolved).
   */
  recipient: string;
  /** The incident, maintenance, subscriber or endpoint the message is about. */
  subjectId: string;
  /** Small facts the message needs that its sources do not keep (the path a notice reaches a subscriber by, as component ids). */
  detail?: Record<string, unknown> | undefined;
  /** Not sent before this (ISO); default: at once. */
  notBefore?: string | undefined;
  /** Given up (state `failed`) when not sent by this (ISO). */
  giveUpAt: string;
}

/** A delivery as it is stored. `id` is stable for its life, retries included: the Message-ID and `webhook-id` are made from it. */
export interface Delivery {
  id: number;
  noticeId: number | null;
  /** The event of the notice, if any. */
  seq: number | null;
  kind: MessageKind;
  channel: Channel;
  recipient: string;
  subjectId: string;
  detail: Record<string, unknown> | null;
  state: DeliveryState;
  attempts: number;
  createdAt: string;
  /** Not claimed before this. */
  nextAttemptAt: string;
  /** A `sending` delivery whose lease ran out (its sender died) is claimed again. */
  leaseUntil: string | null;
  /** Which worker claimed it last (instance id). */
  claimedBy: string | null;
  giveUpAt: string;
  sentAt: string | null;
  lastError: string | null;
}

/** How one attempt ended. `retry` puts it back to `pending` until `nextAttemptAt`. */
export type DeliveryOutcome =
  | { state: 'sent'; at: string }
  | { state: 'retry'; at: string; nextAttemptAt: string; error: string }
  | { state: 'failed'; at: string; error: string }
  | { state: 'skipped'; at: string; error: string };

export interface DeliveryQuery {
  state?: DeliveryState | undefined;
  channel?: Channel | undefined;
  recipient?: string | undefined;
  /** Only ids above this (paging), oldest first. */
  afterId?: number | undefined;
  limit: number;
}

/**
 * A mail subscriber: only what GDPR lets us keep — the address, the components (null: all), the
 * language, and when and to which consent text consent was given — and the one secret token its
 * links carry (confirm, manage, unsubscribe).
 */
export interface Subscriber {
  id: string;
  /** Lower-cased. Unique. */
  address: string;
  /** Component ids chosen, or null for everything. */
  components: string[] | null;
  lang: 'da' | 'en';
  /** Random, 32 bytes base64url: the capability every link of the subscriber's mail carries. */
  token: string;
  createdAt: string;
  /** When the address confirmed (double opt-in); null until then. */
  confirmedAt: string | null;
  /** The version of the consent text shown when the subscriber signed up, and when it was accepted (confirmed). */
  consentVersion: string;
  consentedAt: string | null;
  /** The one municipality (a kommunekode) the subscriber follows; absent: all. */
  municipality?: string;
}

/**
 * A webhook endpoint as stored: the SDK's view (`WebhookEndpointSchema`) and the signing secret
 * (`whsec_…`), kept because every delivery is signed with it. Stored endpoints are `active` or
 * `disabled`; `deleted` is only what the event log says of one removed.
 */
export interface WebhookEndpoint extends WebhookEndpointView {
  secret: string;
}

/** The claim of a batch: deliveries of `channel` due at `at`, leased to `worker` until `at` + `leaseMs`. */
export interface ClaimRequest {
  channel: Channel;
  at: string;
  limit: number;
  leaseMs: number;
  worker: string;
}

export interface NotificationStore {
  /** Pending notices due at `at` (ISO), oldest first, at most `limit`. */
  dueNotices(at: string, limit: number): Promise<Notice[]>;
  /**
   * Writes the notice's deliveries and sets its state, atomically: a delivery already written for
   * the same (notice, channel, recipient) is kept as it is, so expanding twice after a crash writes
   * each once. Returns how many were written.
   */
  expandNotice(noticeId: number, deliveries: readonly DeliveryDraft[], state: 'expanded' | 'skipped', at: string): Promise<number>;
  /**
   * Claims up to `limit` deliveries: `pending` ones whose `nextAttemptAt` has come and `sending`
   * ones whose lease ran out, oldest first, each by one worker only (PostgreSQL: `FOR UPDATE SKIP
   * LOCKED`). Webhook deliveries are claimed in order per endpoint: only an endpoint's oldest
   * unfinished delivery can be claimed. Claiming sets `sending`, the lease, and counts an attempt.
   */
  claimDeliveries(request: ClaimRequest): Promise<Delivery[]>;
  /** Records how an attempt ended; ignored unless the delivery is still `sending` under `worker`'s claim. */
  finishDelivery(id: number, worker: string, outcome: DeliveryOutcome): Promise<void>;
  delivery(id: number): Promise<Delivery | undefined>;
  deliveries(query: DeliveryQuery): Promise<Delivery[]>;
  /** Counts of deliveries by channel and state (the operator's view). */
  deliveryCounts(): Promise<Array<{ channel: Channel; state: DeliveryState; count: number }>>;
  /** Puts `failed` deliveries back to `pending` (due at `at`, a new give-up time); returns the ids changed. */
  retryDeliveries(ids: readonly number[], at: string, giveUpAt: string): Promise<number[]>;
  /** Marks every unfinished delivery to `recipient` `failed` with `error` (an endpoint disabled, a subscriber deleted). Returns how many. */
  failDeliveriesTo(recipient: string, error: string, at: string): Promise<number>;

  subscriber(id: string): Promise<Subscriber | undefined>;
  subscriberByToken(token: string): Promise<Subscriber | undefined>;
  subscriberByAddress(address: string): Promise<Subscriber | undefined>;
  /** Every confirmed subscriber (fan-out reads them all; 10,000 is a few milliseconds). */
  confirmedSubscribers(): Promise<Subscriber[]>;
  /** Creates or replaces a subscriber and writes `deliveries` (its confirmation mail) in the same transaction. */
  saveSubscriber(subscriber: Subscriber, deliveries?: readonly DeliveryDraft[]): Promise<void>;
  /** Deletes the subscriber and every delivery to it not yet sent (its address goes with it). */
  deleteSubscriber(id: string): Promise<void>;
  /** Deletes unconfirmed subscribers created before `before`; returns how many. */
  purgeUnconfirmed(before: string): Promise<number>;

  webhookEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  webhookEndpoints(): Promise<WebhookEndpoint[]>;
  /**
   * Creates or changes an endpoint and appends a `webhook.changed` event (without the secret) in
   * the same transaction; `deliveries` (the owner's notice when it is disabled) are written with it.
   */
  saveWebhookEndpoint(endpoint: WebhookEndpoint, actor: Actor, at: string, deliveries?: readonly DeliveryDraft[]): Promise<ChangeEvent>;
  /**
   * Deletes an endpoint and fails its unsent deliveries, and appends a `webhook.changed` event
   * with state `deleted`. Undefined when there is no such endpoint.
   */
  deleteWebhookEndpoint(id: string, actor: Actor, at: string): Promise<ChangeEvent | undefined>;
}
