/**
 * What both stores share of the notification tables: how a row becomes a `Delivery`, a
 * `Subscriber` or a `WebhookEndpoint`, and the few values computed before a statement. SQLite gives
 * JSON columns as text and integers as numbers; pg gives `json` parsed and BIGINT as a string:
 * the mappers take either.
 */
import type { WebhookEndpointView } from '@kdi-status/sdk';
import type {
  Channel,
  Delivery,
  DeliveryState,
  MessageKind,
  Notice,
  NoticeKind,
  NoticeState,
  Subscriber,
  WebhookEndpoint,
} from './notification-store.js';

type Int = number | string;
type Json<T> = T | string | null;

/** A `notices` row as either driver returns it. */
export interface NoticeRow {
  id: Int;
  seq: Int;
  kind: string;
  subject_id: string;
  due_at: string;
  state: string;
  created_at: string;
}

/** A `deliveries` row as either driver returns it. (The table's `updated_at`, when the row last changed, is for inspection: not part of `Delivery`.) */
export interface DeliveryRow {
  id: Int;
  notice_id: Int | null;
  seq: Int | null;
  kind: string;
  channel: string;
  recipient: string;
  subject_id: string;
  detail: Json<Record<string, unknown>>;
  state: string;
  attempts: Int;
  created_at: string;
  next_attempt_at: string;
  lease_until: string | null;
  claimed_by: string | null;
  give_up_at: string;
  sent_at: string | null;
  last_error: string | null;
}

/** A `subscribers` row as either driver returns it. */
export interface SubscriberRow {
  id: string;
  address: string;
  components: Json<string[]>;
  lang: string;
  token: string;
  created_at: string;
  confirmed_at: string | null;
  consent_version: string;
  consented_at: string | null;
  municipality: string | null;
}

/** A `webhook_endpoints` row: the view as a document, and the secret beside it. */
export interface EndpointRow {
  doc: Json<WebhookEndpointView>;
  secret: string;
}

/** The columns a notice is read with, in `Notice`'s order. */
export const NOTICE_COLUMNS = 'id, seq, kind, subject_id, due_at, state, created_at';

/** The columns a delivery is read with, in `Delivery`'s order. */
export const DELIVERY_COLUMNS = `id, notice_id, seq, kind, channel, recipient, subject_id, detail, state, attempts, created_at,
  next_attempt_at, lease_until, claimed_by, give_up_at, sent_at, last_error`;

/** The columns a subscriber is read and written with, in `Subscriber`'s order. */
export const SUBSCRIBER_COLUMNS =
  'id, address, components, lang, token, created_at, confirmed_at, consent_version, consented_at, municipality';

/** The unfinished states: a delivery in one of them may still be sent. */
export const UNFINISHED_SQL = `'pending', 'sending'`;

const parsed = <T>(value: Json<T>): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const int = (value: Int | null) => (value === null ? null : Number(value));

/**
 * A notice row as the contract's `Notice`.
 *
 * @example
 * const notices = rows.map(toNotice);
 */
export function toNotice(row: NoticeRow): Notice {
  return {
    id: Number(row.id),
    seq: Number(row.seq),
    kind: row.kind as NoticeKind,
    subjectId: row.subject_id,
    dueAt: row.due_at,
    state: row.state as NoticeState,
    createdAt: row.created_at,
  };
}

/**
 * A delivery row as the contract's `Delivery`.
 *
 * @example
 * const delivery = toDelivery(db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = ?`).get(id));
 */
export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: Number(row.id),
    noticeId: int(row.notice_id),
    seq: int(row.seq),
    kind: row.kind as MessageKind,
    channel: row.channel as Channel,
    recipient: row.recipient,
    subjectId: row.subject_id,
    detail: parsed(row.detail),
    state: row.state as DeliveryState,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    claimedBy: row.claimed_by,
    giveUpAt: row.give_up_at,
    sentAt: row.sent_at,
    lastError: row.last_error,
  };
}

/**
 * A subscriber row as the contract's `Subscriber`.
 *
 * @example
 * const subscriber = row && toSubscriber(row);
 */
export function toSubscriber(row: SubscriberRow): Subscriber {
  return {
    id: row.id,
    address: row.address,
    components: parsed(row.components),
    lang: row.lang as Subscriber['lang'],
    token: row.token,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    consentVersion: row.consent_version,
    consentedAt: row.consented_at,
    ...(row.municipality === null ? {} : { municipality: row.municipality }),
  };
}

/**
 * A stored endpoint: its view (the document) with its secret.
 *
 * @example
 * const endpoint = row && toEndpoint(row);
 */
export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return { ...parsed(row.doc)!, secret: row.secret };
}

/**
 * The endpoint as the API and the event log show it: field by field, so that neither the secret
 * nor anything else a caller's object carries reaches the event log, and the key order is fixed.
 *
 * @example
 * const data = endpointView(endpoint); // no `secret`
 */
export function endpointView(endpoint: WebhookEndpointView): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    components: endpoint.components,
    contact: endpoint.contact,
    vendor: endpoint.vendor,
    createdBy: endpoint.createdBy,
    createdAt: endpoint.createdAt,
    state: endpoint.state,
    disabledAt: endpoint.disabledAt,
    disabledReason: endpoint.disabledReason,
  };
}

/**
 * When a lease taken at `at` for `ms` runs out (ISO, as every stored time: compared as text).
 *
 * @example
 * leaseEnd('2026-11-26T08:00:00.000Z', 60_000); // '2026-11-26T08:01:00.000Z'
 */
export function leaseEnd(at: string, ms: number): string {
  return new Date(Date.parse(at) + ms).toISOString();
}

/**
 * Whether any value holds U+0000, which PostgreSQL text cannot: no row holds such a value, so a
 * lookup by it finds nothing (rather than failing with 22021 and a 500).
 *
 * @example
 * if (hasNul(token)) return undefined;
 */
export function hasNul(...values: readonly string[]): boolean {
  return values.some((value) => value.includes('\u0000'));
}

/** The recipients of an endpoint's deliveries: its webhooks, and the mail to its owner contact. */
export const endpointRecipients = (id: string): [string, string] => [id, `endpoint:${id}`];
