import type pg from 'pg';
import type { PoolClient } from 'pg';
import { eventScope, type Actor, type ChangeEvent, type WebhookEndpointView } from '@kdi-status/sdk';
import {
  DELIVERY_COLUMNS,
  NOTICE_COLUMNS,
  SUBSCRIBER_COLUMNS,
  UNFINISHED_SQL,
  endpointRecipients,
  endpointView,
  hasNul,
  leaseEnd,
  toDelivery,
  toEndpoint,
  toNotice,
  toSubscriber,
  type DeliveryRow,
  type EndpointRow,
  type NoticeRow,
  type SubscriberRow,
} from '../notification-rows.js';
import type {
  Channel,
  DeliveryDraft,
  DeliveryState,
  NoticeDraft,
  NotificationStore,
  Subscriber,
  WebhookEndpoint,
} from '../notification-store.js';

/** What postgres-store.ts's `appending` hands its work: the transaction's client and the event appender. */
export interface AppendingTransaction {
  client: PoolClient;
  append(type: string, subjectId: string, data: unknown, actor: Actor, at: string, scope: ReturnType<typeof eventScope>): Promise<number>;
}

/** The parts of the PostgreSQL store the notification tables use (see postgres-store.ts). */
export interface PostgresParts {
  pool: pg.Pool;
  /** `BEGIN … COMMIT` on one pooled client. */
  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T>;
  /** A write transaction that appends events (under the event counter's lock) and tells listeners. */
  appending<T>(work: (tx: AppendingTransaction) => Promise<T>): Promise<T>;
}

type Queryable = Pick<PoolClient, 'query'>;

/**
 * Writes deliveries in one statement however many there are (10,000 for a notice to every
 * subscriber): the drafts go as column arrays and come out of `unnest`; a delivery already
 * written for the same (notice, channel, recipient) is kept. Returns how many were new.
 */
async function insertDeliveries(
  client: Queryable,
  drafts: readonly DeliveryDraft[],
  at: string,
  notice?: { id: number; seq: number },
): Promise<number> {
  if (drafts.length === 0) return 0;
  const columns: unknown[][] = [[], [], [], [], [], [], []];
  for (const draft of drafts) {
    const values = [
      draft.kind,
      draft.channel,
      draft.recipient,
      draft.subjectId,
      draft.detail === undefined ? null : JSON.stringify(draft.detail),
      draft.notBefore ?? at,
      draft.giveUpAt,
    ];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const { rowCount } = await client.query(
    `INSERT INTO deliveries (notice_id, seq, kind, channel, recipient, subject_id, detail, state, attempts,
       created_at, next_attempt_at, give_up_at, updated_at)
     SELECT $1::bigint, $2::bigint, d.kind, d.channel, d.recipient, d.subject_id, d.detail, 'pending', 0,
       $10, d.next_attempt_at, d.give_up_at, $10
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::json[], $8::text[], $9::text[]) WITH ORDINALITY
       AS d (kind, channel, recipient, subject_id, detail, next_attempt_at, give_up_at, i)
     ORDER BY d.i
     ON CONFLICT (notice_id, channel, recipient) WHERE notice_id IS NOT NULL DO NOTHING`,
    [notice?.id ?? null, notice?.seq ?? null, ...columns, at],
  );
  return rowCount ?? 0;
}

/**
 * The notification tables of the PostgreSQL store (see notification-store.ts). Several server
 * instances share them: a claim locks the rows it takes with `FOR UPDATE SKIP LOCKED`, so two
 * instances claiming at once never get the same delivery, and neither waits for the other.
 *
 * @example
 * const notifications = postgresNotifications({ pool, transaction, appending });
 * const claimed = await notifications.store.claimDeliveries({ channel: 'webhook', at, limit: 10, leaseMs: 60_000, worker: 'w1' });
 */
export function postgresNotifications({ pool, transaction, appending }: PostgresParts): {
  store: NotificationStore;
  /** Writes a commit's notices in its transaction: each with the sequence number of the event of its change. */
  writeNotices(client: Queryable, events: readonly ChangeEvent[], notices: readonly NoticeDraft[], at: string): Promise<void>;
  /** The subscribers and endpoints for an export, in the caller's transaction. */
  exportRows(client: Queryable): Promise<{ subscribers: Subscriber[]; webhookEndpoints: WebhookEndpoint[] }>;
  /** Writes an export's subscribers and endpoints, in the caller's transaction (their events are in the log already). */
  importRows(client: Queryable, subscribers: readonly Subscriber[], endpoints: readonly WebhookEndpoint[]): Promise<void>;
} {
  async function writeNotices(client: Queryable, events: readonly ChangeEvent[], notices: readonly NoticeDraft[], at: string) {
    if (notices.length === 0) return;
    const columns: unknown[][] = [[], [], [], []];
    for (const notice of notices) {
      const event = events[notice.changeIndex];
      if (!event) throw new Error(`notice ${notice.kind} names change ${notice.changeIndex} of ${events.length}`);
      [event.seq, notice.kind, notice.subjectId, notice.dueAt].forEach((value, i) => columns[i]!.push(value));
    }
    await client.query(
      `INSERT INTO notices (seq, kind, subject_id, due_at, state, created_at)
       SELECT n.seq, n.kind, n.subject_id, n.due_at, 'pending', $5
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS n (seq, kind, subject_id, due_at, i) ORDER BY i`,
      [...columns, at],
    );
  }

  const rows = async <R extends object>(sql: string, params: unknown[] = []) => (await pool.query<R>(sql, params)).rows;

  const failTo = async (client: Queryable, recipients: readonly string[], error: string, at: string) =>
    (
      await client.query(
        `UPDATE deliveries SET state = 'failed', last_error = $2, lease_until = NULL, updated_at = $3
         WHERE channel IN ('mail', 'webhook') AND recipient = ANY($1::text[]) AND state IN (${UNFINISHED_SQL})`,
        [recipients, error, at],
      )
    ).rowCount ?? 0;

  async function appendEndpointEvent(tx: AppendingTransaction, data: WebhookEndpointView, actor: Actor, at: string): Promise<ChangeEvent> {
    const change = { type: 'webhook.changed', data } as const;
    const seq = await tx.append(change.type, data.id, data, actor, at, eventScope(change, actor));
    return { seq, at, actor, ...change };
  }

  const subscriberWhere = async (column: 'id' | 'token' | 'address', value: string): Promise<Subscriber | undefined> => {
    if (hasNul(value)) return undefined;
    const [row] = await rows<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE ${column} = $1`, [value]);
    return row && toSubscriber(row);
  };

  const writeSubscriber = (client: Queryable, subscriber: Subscriber) =>
    client.query(
      `INSERT INTO subscribers (${SUBSCRIBER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET address = excluded.address, components = excluded.components, lang = excluded.lang,
         token = excluded.token, created_at = excluded.created_at, confirmed_at = excluded.confirmed_at,
         consent_version = excluded.consent_version, consented_at = excluded.consented_at, municipality = excluded.municipality`,
      [
        subscriber.id,
        subscriber.address,
        subscriber.components === null ? null : JSON.stringify(subscriber.components),
        subscriber.lang,
        subscriber.token,
        subscriber.createdAt,
        subscriber.confirmedAt,
        subscriber.consentVersion,
        subscriber.consentedAt,
        subscriber.municipality ?? null,
      ],
    );
  const writeEndpoint = (client: Queryable, endpoint: WebhookEndpoint, data = endpointView(endpoint)) =>
    client.query(
      `INSERT INTO webhook_endpoints (id, secret, doc) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, doc = excluded.doc`,
      [endpoint.id, endpoint.secret, JSON.stringify(data)],
    );

  const store: NotificationStore = {
    async dueNotices(at, limit) {
      return (
        await rows<NoticeRow>(
          `SELECT ${NOTICE_COLUMNS} FROM notices WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2`,
          [at, limit],
        )
      ).map(toNotice);
    },
    async expandNotice(noticeId, drafts, state, at) {
      return transaction(async (client) => {
        // The notice's row lock: a second expansion at the same time waits, then writes nothing new.
        const [notice] = (
          await client.query<{ id: string; seq: string }>('SELECT id, seq FROM notices WHERE id = $1 FOR UPDATE', [noticeId])
        ).rows;
        if (!notice) return 0;
        const written = await insertDeliveries(client, drafts, at, { id: Number(notice.id), seq: Number(notice.seq) });
        await client.query('UPDATE notices SET state = $1 WHERE id = $2', [state, noticeId]);
        return written;
      });
    },
    async claimDeliveries({ channel, at, limit, leaseMs, worker }) {
      // One statement: the rows are picked and locked (those another claim holds are skipped, not
      // waited for), then leased. The webhook channel's order: a delivery waits while an older one
      // to the same endpoint is unfinished; a row another claim holds counts as unfinished.
      const claimed = await rows<DeliveryRow>(
        `WITH picked AS (
           SELECT id AS picked_id FROM deliveries AS d
           WHERE channel = $1
             AND ((state = 'pending' AND next_attempt_at <= $2) OR (state = 'sending' AND lease_until < $2))
             AND ($1 <> 'webhook' OR NOT EXISTS (
               SELECT 1 FROM deliveries AS o
               WHERE o.channel = d.channel AND o.recipient = d.recipient AND o.id < d.id AND o.state IN (${UNFINISHED_SQL})))
           ORDER BY id LIMIT $3
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE deliveries SET state = 'sending', lease_until = $4, claimed_by = $5, attempts = attempts + 1, updated_at = $2
         FROM picked WHERE id = picked_id
         RETURNING ${DELIVERY_COLUMNS}`,
        [channel, at, limit, leaseEnd(at, leaseMs), worker],
      );
      return claimed.map(toDelivery).sort((a, b) => a.id - b.id);
    },
    async finishDelivery(id, worker, outcome) {
      if (hasNul(worker)) return;
      const next = outcome.state === 'retry' ? 'pending' : outcome.state;
      await pool.query(
        `UPDATE deliveries SET state = $3, lease_until = NULL, updated_at = $4,
           sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END,
           last_error = COALESCE($5, last_error),
           next_attempt_at = COALESCE($6, next_attempt_at)
         WHERE id = $1 AND state = 'sending' AND claimed_by = $2`,
        [id, worker, next, outcome.at, 'error' in outcome ? outcome.error : null, outcome.state === 'retry' ? outcome.nextAttemptAt : null],
      );
    },
    async delivery(id) {
      if (!Number.isSafeInteger(id)) return undefined;
      const [row] = await rows<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [id]);
      return row && toDelivery(row);
    },
    async deliveries({ state, channel, recipient, afterId, limit }) {
      if (recipient !== undefined && hasNul(recipient)) return [];
      return (
        await rows<DeliveryRow>(
          `SELECT ${DELIVERY_COLUMNS} FROM deliveries
           WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR channel = $2)
             AND ($3::text IS NULL OR recipient = $3) AND id > $4
           ORDER BY id LIMIT $5`,
          [state ?? null, channel ?? null, recipient ?? null, afterId ?? 0, limit],
        )
      ).map(toDelivery);
    },
    async deliveryCounts() {
      const counts = await rows<{ channel: Channel; state: DeliveryState; count: string }>(
        'SELECT channel, state, count(*) AS count FROM deliveries GROUP BY channel, state ORDER BY channel COLLATE "C", state COLLATE "C"',
      );
      return counts.map((row) => ({ channel: row.channel, state: row.state, count: Number(row.count) }));
    },
    async retryDeliveries(ids, at, giveUpAt) {
      const changed = await rows<{ id: string }>(
        `UPDATE deliveries SET state = 'pending', next_attempt_at = $2, give_up_at = $3, lease_until = NULL, updated_at = $2
         WHERE id = ANY($1::bigint[]) AND state = 'failed' RETURNING id`,
        [ids.filter((id) => Number.isSafeInteger(id)), at, giveUpAt],
      );
      return changed.map((row) => Number(row.id)).sort((a, b) => a - b);
    },
    async failDeliveriesTo(recipient, error, at) {
      if (hasNul(recipient)) return 0;
      return failTo(pool, [recipient], error, at);
    },

    async subscriber(id) {
      return subscriberWhere('id', id);
    },
    async subscriberByToken(token) {
      return subscriberWhere('token', token);
    },
    async subscriberByAddress(address) {
      return subscriberWhere('address', address);
    },
    async confirmedSubscribers() {
      return (await rows<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE confirmed_at IS NOT NULL ORDER BY id`)).map(
        toSubscriber,
      );
    },
    async saveSubscriber(subscriber, drafts = []) {
      await transaction(async (client) => {
        await writeSubscriber(client, subscriber);
        // saveSubscriber has no time of its own: its mail is dated by the subscriber's creation.
        await insertDeliveries(client, drafts, subscriber.createdAt);
      });
    },
    async deleteSubscriber(id) {
      if (hasNul(id)) return;
      await transaction(async (client) => {
        await client.query(`DELETE FROM deliveries WHERE channel = 'mail' AND recipient = $1 AND state <> 'sent'`, [id]);
        await client.query('DELETE FROM subscribers WHERE id = $1', [id]);
      });
    },
    async purgeUnconfirmed(before) {
      return transaction(async (client) => {
        const { rows: purged } = await client.query<{ id: string }>(
          'DELETE FROM subscribers WHERE confirmed_at IS NULL AND created_at < $1 RETURNING id',
          [before],
        );
        await client.query(`DELETE FROM deliveries WHERE channel = 'mail' AND recipient = ANY($1::text[]) AND state <> 'sent'`, [
          purged.map((row) => row.id),
        ]);
        return purged.length;
      });
    },

    async webhookEndpoint(id) {
      if (hasNul(id)) return undefined;
      const [row] = await rows<EndpointRow>('SELECT doc, secret FROM webhook_endpoints WHERE id = $1', [id]);
      return row && toEndpoint(row);
    },
    async webhookEndpoints() {
      return (await rows<EndpointRow>('SELECT doc, secret FROM webhook_endpoints ORDER BY id')).map(toEndpoint);
    },
    async saveWebhookEndpoint(endpoint, actor, at, drafts = []) {
      return appending(async (tx) => {
        const data = endpointView(endpoint);
        await writeEndpoint(tx.client, endpoint, data);
        await insertDeliveries(tx.client, drafts, at);
        return appendEndpointEvent(tx, data, actor, at);
      });
    },
    async deleteWebhookEndpoint(id, actor, at) {
      if (hasNul(id)) return undefined;
      return appending(async (tx) => {
        const [row] = (await tx.client.query<EndpointRow>('DELETE FROM webhook_endpoints WHERE id = $1 RETURNING doc, secret', [id])).rows;
        if (!row) return undefined;
        await failTo(tx.client, endpointRecipients(id), 'The webhook endpoint was deleted.', at);
        return appendEndpointEvent(tx, { ...endpointView(toEndpoint(row)), state: 'deleted' }, actor, at);
      });
    },
  };
  return {
    store,
    writeNotices,
    async exportRows(client) {
      const subscribers = (await client.query<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers ORDER BY id`)).rows;
      const endpoints = (await client.query<EndpointRow>('SELECT doc, secret FROM webhook_endpoints ORDER BY id')).rows;
      return { subscribers: subscribers.map(toSubscriber), webhookEndpoints: endpoints.map(toEndpoint) };
    },
    async importRows(client, subscribers, endpoints) {
      // Rows, not the event log: a few thousand subscribers are a few thousand small inserts, once.
      for (const subscriber of subscribers) await writeSubscriber(client, subscriber);
      for (const endpoint of endpoints) await writeEndpoint(client, endpoint);
    },
  };
}
