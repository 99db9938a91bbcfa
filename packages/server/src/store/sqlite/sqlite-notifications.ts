import type Database from 'better-sqlite3';
import { eventScope, type Actor, type ChangeEvent } from '@kdi-status/sdk';
import {
  DELIVERY_COLUMNS,
  NOTICE_COLUMNS,
  SUBSCRIBER_COLUMNS,
  UNFINISHED_SQL,
  endpointRecipients,
  endpointView,
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

/** Appends one event in the caller's transaction and returns its sequence number (sqlite-store.ts's appendEvent). */
export type AppendEvent = (
  type: string,
  subjectId: string,
  data: unknown,
  scope: { components: string[]; vendors: string[] },
  actor: Actor,
  at: string,
) => number;

const INSERT_DELIVERY = `INSERT INTO deliveries (notice_id, seq, kind, channel, recipient, subject_id, detail, state, attempts,
    created_at, next_attempt_at, give_up_at, updated_at)
  VALUES (@noticeId, @seq, @kind, @channel, @recipient, @subjectId, @detail, 'pending', 0, @at, @nextAttemptAt, @giveUpAt, @at)
  ON CONFLICT (notice_id, channel, recipient) WHERE notice_id IS NOT NULL DO NOTHING`;

/**
 * The notification tables of the SQLite store (see notification-store.ts): subscribers, webhook
 * endpoints and the outbox. Every method is one synchronous transaction, so a claim can never
 * interleave with another inside the process, and SQLite's write lock keeps other processes out.
 *
 * @example
 * const notifications = sqliteNotifications(db, appendEvent, (result, appended) => result);
 * const claimed = await notifications.store.claimDeliveries({ channel: 'mail', at, limit: 10, leaseMs: 60_000, worker: 'w1' });
 */
export function sqliteNotifications(
  db: Database.Database,
  appendEvent: AppendEvent,
  /** Tells the store's commit listeners after a transaction that appended events. */
  committed: <T>(result: T, appended: boolean) => T,
): {
  store: NotificationStore;
  /** Writes a commit's notices in its transaction: each with the sequence number of the event of its change. */
  writeNotices(events: readonly ChangeEvent[], notices: readonly NoticeDraft[], at: string): void;
  /** The subscribers and endpoints for an export, in the caller's transaction. */
  exportRows(): { subscribers: Subscriber[]; webhookEndpoints: WebhookEndpoint[] };
  /** Writes an export's subscribers and endpoints, in the caller's transaction (their events are in the log already). */
  importRows(subscribers: readonly Subscriber[], endpoints: readonly WebhookEndpoint[]): void;
} {
  const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T | undefined;
  const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);

  function writeNotices(events: readonly ChangeEvent[], notices: readonly NoticeDraft[], at: string): void {
    if (notices.length === 0) return;
    const insert = db.prepare(`INSERT INTO notices (seq, kind, subject_id, due_at, state, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`);
    for (const notice of notices) {
      const event = events[notice.changeIndex];
      if (!event) throw new Error(`notice ${notice.kind} names change ${notice.changeIndex} of ${events.length}`);
      insert.run(event.seq, notice.kind, notice.subjectId, notice.dueAt, at);
    }
  }

  /** Writes deliveries with one prepared statement; returns how many were new. */
  function insertDeliveries(drafts: readonly DeliveryDraft[], at: string, notice?: { id: number; seq: number }): number {
    const insert = db.prepare(INSERT_DELIVERY);
    let written = 0;
    for (const draft of drafts) {
      written += insert.run({
        noticeId: notice?.id ?? null,
        seq: notice?.seq ?? null,
        kind: draft.kind,
        channel: draft.channel,
        recipient: draft.recipient,
        subjectId: draft.subjectId,
        detail: draft.detail === undefined ? null : JSON.stringify(draft.detail),
        at,
        nextAttemptAt: draft.notBefore ?? at,
        giveUpAt: draft.giveUpAt,
      }).changes;
    }
    return written;
  }

  const expandNotice = db.transaction(
    (noticeId: number, drafts: readonly DeliveryDraft[], state: 'expanded' | 'skipped', at: string): number => {
      const notice = one<{ id: number; seq: number }>('SELECT id, seq FROM notices WHERE id = ?', noticeId);
      if (!notice) return 0;
      const written = insertDeliveries(drafts, at, notice);
      run('UPDATE notices SET state = ? WHERE id = ?', state, noticeId);
      return written;
    },
  );

  // The webhook channel's order: a delivery waits while an older one to the same endpoint is unfinished.
  const claim = db.transaction((channel: string, at: string, limit: number, until: string, worker: string): DeliveryRow[] =>
    all<DeliveryRow>(
      `UPDATE deliveries SET state = 'sending', lease_until = @until, claimed_by = @worker, attempts = attempts + 1, updated_at = @at
       WHERE id IN (
         SELECT id FROM deliveries AS d
         WHERE channel = @channel
           AND ((state = 'pending' AND next_attempt_at <= @at) OR (state = 'sending' AND lease_until < @at))
           AND (@channel <> 'webhook' OR NOT EXISTS (
             SELECT 1 FROM deliveries AS o
             WHERE o.channel = d.channel AND o.recipient = d.recipient AND o.id < d.id AND o.state IN (${UNFINISHED_SQL})))
         ORDER BY id LIMIT @limit)
       RETURNING ${DELIVERY_COLUMNS}`,
      { channel, at, limit, until, worker },
    ).sort((a, b) => Number(a.id) - Number(b.id)),
  );

  const writeSubscriber = (subscriber: Subscriber) =>
    run(
      `INSERT INTO subscribers (${SUBSCRIBER_COLUMNS})
       VALUES (@id, @address, @components, @lang, @token, @createdAt, @confirmedAt, @consentVersion, @consentedAt, @municipality)
       ON CONFLICT (id) DO UPDATE SET address = excluded.address, components = excluded.components, lang = excluded.lang,
         token = excluded.token, created_at = excluded.created_at, confirmed_at = excluded.confirmed_at,
         consent_version = excluded.consent_version, consented_at = excluded.consented_at, municipality = excluded.municipality`,
      {
        ...subscriber,
        components: subscriber.components === null ? null : JSON.stringify(subscriber.components),
        municipality: subscriber.municipality ?? null,
      },
    );
  const writeEndpoint = (endpoint: WebhookEndpoint, data = endpointView(endpoint)) =>
    run(
      `INSERT INTO webhook_endpoints (id, secret, doc) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, doc = excluded.doc`,
      endpoint.id,
      endpoint.secret,
      JSON.stringify(data),
    );

  const saveSubscriber = db.transaction((subscriber: Subscriber, drafts: readonly DeliveryDraft[]) => {
    writeSubscriber(subscriber);
    // saveSubscriber has no time of its own: its mail is dated by the subscriber's creation.
    insertDeliveries(drafts, subscriber.createdAt);
  });

  const deleteSubscriber = db.transaction((id: string) => {
    run(`DELETE FROM deliveries WHERE channel = 'mail' AND recipient = ? AND state <> 'sent'`, id);
    run('DELETE FROM subscribers WHERE id = ?', id);
  });

  const purgeUnconfirmed = db.transaction((before: string): number => {
    const unconfirmed = 'SELECT id FROM subscribers WHERE confirmed_at IS NULL AND created_at < ?';
    run(`DELETE FROM deliveries WHERE channel = 'mail' AND recipient IN (${unconfirmed}) AND state <> 'sent'`, before);
    return run(`DELETE FROM subscribers WHERE id IN (${unconfirmed})`, before).changes;
  });

  const failTo = (recipients: readonly string[], error: string, at: string): number =>
    run(
      `UPDATE deliveries SET state = 'failed', last_error = ?, lease_until = NULL, updated_at = ?
       WHERE channel IN ('mail', 'webhook') AND recipient IN (SELECT value FROM json_each(?)) AND state IN (${UNFINISHED_SQL})`,
      error,
      at,
      JSON.stringify(recipients),
    ).changes;

  const appendEndpointEvent = (data: ReturnType<typeof endpointView>, actor: Actor, at: string): ChangeEvent => {
    const change = { type: 'webhook.changed', data } as const;
    const seq = appendEvent(change.type, data.id, data, eventScope(change, actor), actor, at);
    return { seq, at, actor, ...change };
  };

  const saveWebhookEndpoint = db.transaction((endpoint: WebhookEndpoint, actor: Actor, at: string, drafts: readonly DeliveryDraft[]) => {
    const data = endpointView(endpoint);
    writeEndpoint(endpoint, data);
    insertDeliveries(drafts, at);
    return appendEndpointEvent(data, actor, at);
  });

  const deleteWebhookEndpoint = db.transaction((id: string, actor: Actor, at: string): ChangeEvent | undefined => {
    const row = one<EndpointRow>('SELECT doc, secret FROM webhook_endpoints WHERE id = ?', id);
    if (!row) return undefined;
    run('DELETE FROM webhook_endpoints WHERE id = ?', id);
    failTo(endpointRecipients(id), 'The webhook endpoint was deleted.', at);
    return appendEndpointEvent({ ...endpointView(toEndpoint(row)), state: 'deleted' }, actor, at);
  });

  const subscriberWhere = (column: 'id' | 'token' | 'address', value: string) => {
    const row = one<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE ${column} = ?`, value);
    return row && toSubscriber(row);
  };

  const store: NotificationStore = {
    async dueNotices(at, limit) {
      return all<NoticeRow>(
        `SELECT ${NOTICE_COLUMNS} FROM notices WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?`,
        at,
        limit,
      ).map(toNotice);
    },
    async expandNotice(noticeId, drafts, state, at) {
      return expandNotice.immediate(noticeId, drafts, state, at);
    },
    async claimDeliveries({ channel, at, limit, leaseMs, worker }) {
      return claim.immediate(channel, at, limit, leaseEnd(at, leaseMs), worker).map(toDelivery);
    },
    async finishDelivery(id, worker, outcome) {
      const next = outcome.state === 'retry' ? 'pending' : outcome.state;
      run(
        `UPDATE deliveries SET state = @next, lease_until = NULL, updated_at = @at,
           sent_at = CASE WHEN @next = 'sent' THEN @at ELSE sent_at END,
           last_error = COALESCE(@error, last_error),
           next_attempt_at = COALESCE(@nextAttemptAt, next_attempt_at)
         WHERE id = @id AND state = 'sending' AND claimed_by = @worker`,
        {
          id,
          worker,
          next,
          at: outcome.at,
          error: 'error' in outcome ? outcome.error : null,
          nextAttemptAt: outcome.state === 'retry' ? outcome.nextAttemptAt : null,
        },
      );
    },
    async delivery(id) {
      const row = one<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = ?`, id);
      return row && toDelivery(row);
    },
    async deliveries({ state, channel, recipient, afterId, limit }) {
      return all<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM deliveries
         WHERE (@state IS NULL OR state = @state) AND (@channel IS NULL OR channel = @channel)
           AND (@recipient IS NULL OR recipient = @recipient) AND id > @afterId
         ORDER BY id LIMIT @limit`,
        { state: state ?? null, channel: channel ?? null, recipient: recipient ?? null, afterId: afterId ?? 0, limit },
      ).map(toDelivery);
    },
    async deliveryCounts() {
      return all<{ channel: Channel; state: DeliveryState; count: number }>(
        'SELECT channel, state, count(*) AS count FROM deliveries GROUP BY channel, state ORDER BY channel, state',
      );
    },
    async retryDeliveries(ids, at, giveUpAt) {
      return db
        .transaction(() =>
          all<{ id: number }>(
            `UPDATE deliveries SET state = 'pending', next_attempt_at = ?, give_up_at = ?, lease_until = NULL, updated_at = ?
             WHERE id IN (SELECT value FROM json_each(?)) AND state = 'failed' RETURNING id`,
            at,
            giveUpAt,
            at,
            JSON.stringify(ids),
          ),
        )
        .immediate()
        .map((row) => row.id)
        .sort((a, b) => a - b);
    },
    async failDeliveriesTo(recipient, error, at) {
      return failTo([recipient], error, at);
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
      return all<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers WHERE confirmed_at IS NOT NULL ORDER BY id`).map(
        toSubscriber,
      );
    },
    async saveSubscriber(subscriber, drafts = []) {
      saveSubscriber.immediate(subscriber, drafts);
    },
    async deleteSubscriber(id) {
      deleteSubscriber.immediate(id);
    },
    async purgeUnconfirmed(before) {
      return purgeUnconfirmed.immediate(before);
    },

    async webhookEndpoint(id) {
      const row = one<EndpointRow>('SELECT doc, secret FROM webhook_endpoints WHERE id = ?', id);
      return row && toEndpoint(row);
    },
    async webhookEndpoints() {
      return all<EndpointRow>('SELECT doc, secret FROM webhook_endpoints ORDER BY id').map(toEndpoint);
    },
    async saveWebhookEndpoint(endpoint, actor, at, drafts = []) {
      return committed(saveWebhookEndpoint.immediate(endpoint, actor, at, drafts), true);
    },
    async deleteWebhookEndpoint(id, actor, at) {
      const event = deleteWebhookEndpoint.immediate(id, actor, at);
      return committed(event, event !== undefined);
    },
  };
  return {
    store,
    writeNotices,
    exportRows: () => ({
      subscribers: all<SubscriberRow>(`SELECT ${SUBSCRIBER_COLUMNS} FROM subscribers ORDER BY id`).map(toSubscriber),
      webhookEndpoints: all<EndpointRow>('SELECT doc, secret FROM webhook_endpoints ORDER BY id').map(toEndpoint),
    }),
    importRows(subscribers, endpoints) {
      for (const subscriber of subscribers) writeSubscriber(subscriber);
      for (const endpoint of endpoints) writeEndpoint(endpoint);
    },
  };
}
