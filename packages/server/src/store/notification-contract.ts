import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeEventSchema, type Actor } from '@kdi-status/sdk';
import { ExportDocumentSchema, type ExportDocument } from '@kdi-status/sdk/export';
import { component, incident, maintenance, T0 } from '../test-support/fixtures.js';
import type { DeliveryDraft, Subscriber, WebhookEndpoint } from './notification-store.js';
import type { OpenedStore } from './store-contract.js';
import type { Store } from './store.js';

const seed: Actor = { type: 'system', id: 'seed' };
const keyV1: Actor = { type: 'key', id: 'k_v1', vendor: 'v1' };
const admin: Actor = { type: 'key', id: 'k_admin', vendor: null };
const minutes = (m: number) => new Date(Date.parse(T0) + m * 60_000).toISOString();
const LEASE_MS = 60_000;
const ids = (items: readonly { id: number }[]) => items.map((i) => i.id);

const draft = (recipient: string, extra: Partial<DeliveryDraft> = {}): DeliveryDraft => ({
  kind: 'incident.opened',
  channel: 'mail',
  recipient,
  subjectId: 'i1',
  giveUpAt: minutes(24 * 60),
  ...extra,
});
const subscriber = (id: string, extra: Partial<Subscriber> = {}): Subscriber => ({
  id,
  address: `${id}@example.dk`,
  components: null,
  lang: 'da',
  token: `token-${id}`.padEnd(43, 'x'),
  createdAt: T0,
  confirmedAt: T0,
  consentVersion: '2026-11',
  consentedAt: T0,
  ...extra,
});
const endpoint = (id: string, extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id,
  url: `https://hooks.example.dk/${id}`,
  components: ['ky'],
  contact: 'drift@v1.example.dk',
  vendor: 'v1',
  createdBy: 'k_v1',
  createdAt: T0,
  state: 'active',
  disabledAt: null,
  disabledReason: null,
  secret: 'whsec_' + 'c2VjcmV0'.repeat(4),
  ...extra,
});

/** A committed incident with one notice, expanded into mail deliveries to `recipients`; returns their ids. */
async function deliveriesTo(store: Store, recipients: readonly string[], extra: Partial<DeliveryDraft> = {}): Promise<number[]> {
  await store.commit([{ type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) }], keyV1, T0, [
    { changeIndex: 0, kind: 'incident.opened', subjectId: 'i1', dueAt: T0 },
  ]);
  const [notice] = await store.dueNotices(minutes(1), 100);
  assert.ok(notice, 'the commit wrote a due notice');
  await store.expandNotice(
    notice.id,
    recipients.map((r) => draft(r, extra)),
    'expanded',
    T0,
  );
  return ids((await store.deliveries({ limit: 100_000 })).filter((d) => d.noticeId === notice.id));
}

const claim = (store: Store, worker: string, at: string, channel: 'mail' | 'webhook' = 'mail', limit = 10) =>
  store.claimDeliveries({ channel, at, limit, leaseMs: LEASE_MS, worker });

/**
 * The NotificationStore half of the Store contract (notification-store.ts), run against each
 * implementation like `describeStoreContract`: each test gets a fresh database from `open`.
 *
 * @example
 * describeNotificationContract('SQLite', async () => {
 *   const { store, cleanup } = await tempSqliteStore();
 *   return { store, cleanup };
 * });
 */
export function describeNotificationContract(name: string, open: () => Promise<OpenedStore>): void {
  const test = (title: string, body: (opened: OpenedStore) => Promise<void>) =>
    it(title, async () => {
      const opened = await open();
      try {
        await body(opened);
      } finally {
        await opened.cleanup();
      }
    });

  describe(`${name} store: the NotificationStore contract`, () => {
    test('commit writes its notices with the seq of the event of their change, in the same transaction', async ({ store }) => {
      await store.commit([{ type: 'component.changed', data: component('ky') }], seed, T0);
      const events = await store.commit(
        [
          { type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) },
          { type: 'maintenance.changed', data: maintenance('m1', ['ky'], { status: 'scheduled', startsAt: minutes(120) }) },
        ],
        keyV1,
        minutes(1),
        [
          { changeIndex: 1, kind: 'maintenance.reminder', subjectId: 'm1', dueAt: minutes(60) },
          { changeIndex: 0, kind: 'incident.opened', subjectId: 'i1', dueAt: minutes(1) },
          { changeIndex: 1, kind: 'maintenance.scheduled', subjectId: 'm1', dueAt: minutes(1) },
        ],
      );
      assert.deepEqual(
        (await store.dueNotices(minutes(1), 10)).map((n) => [n.kind, n.seq, n.subjectId, n.dueAt, n.state, n.createdAt]),
        [
          ['incident.opened', events[0]!.seq, 'i1', minutes(1), 'pending', minutes(1)],
          ['maintenance.scheduled', events[1]!.seq, 'm1', minutes(1), 'pending', minutes(1)],
        ],
        'due ones only, oldest id first among those due at once',
      );
      assert.deepEqual(
        (await store.dueNotices(minutes(60), 10)).map((n) => n.kind),
        ['incident.opened', 'maintenance.scheduled', 'maintenance.reminder'],
        'the reminder is due at its time',
      );
      assert.equal((await store.dueNotices(minutes(60), 1)).length, 1, 'at most limit');

      await assert.rejects(
        store.commit([{ type: 'incident.changed', data: incident('i2', { ky: 'major_outage' }) }], keyV1, minutes(2), [
          { changeIndex: 1, kind: 'incident.opened', subjectId: 'i2', dueAt: minutes(2) },
        ]),
        'a notice naming a change not committed is refused',
      );
      assert.equal(await store.incident('i2'), undefined, 'and nothing of that commit was written');
      assert.equal((await store.dueNotices(minutes(60), 10)).length, 3);
    });

    test('an idempotent commit writes its notices once: a replay writes none', async ({ store }) => {
      const response = { keyId: 'k_v1', key: 'retry-1', requestHash: 'h', status: 201, body: { id: 'i1' } };
      const notices = [{ changeIndex: 0, kind: 'incident.opened', subjectId: 'i1', dueAt: T0 }] as const;
      const change = { type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) } as const;
      const first = await store.commitIdempotent([change], keyV1, T0, response, notices);
      assert.ok('events' in first, 'the first request commits');
      const replay = await store.commitIdempotent([change], keyV1, minutes(1), response, notices);
      assert.ok('replay' in replay, 'the retry replays');
      assert.deepEqual(
        (await store.dueNotices(minutes(1), 10)).map((n) => n.seq),
        [first.events[0]!.seq],
      );
    });

    test('expanding a notice twice writes each delivery once, with the notice and its seq', async ({ store }) => {
      const [event] = await store.commit([{ type: 'incident.changed', data: incident('i1', { ky: 'major_outage' }) }], keyV1, T0, [
        { changeIndex: 0, kind: 'incident.opened', subjectId: 'i1', dueAt: T0 },
      ]);
      const [notice] = await store.dueNotices(T0, 10);
      const drafts = [
        draft('s1', { detail: { path: ['ky', 'sts'], note: 'Ærø 😀' } }),
        draft('s2', { notBefore: minutes(5) }),
        draft('wh_1', { channel: 'webhook' }),
      ];
      assert.equal(await store.expandNotice(notice!.id, drafts, 'expanded', minutes(1)), 3);
      assert.equal(
        await store.expandNotice(notice!.id, [...drafts, draft('s3')], 'expanded', minutes(2)),
        1,
        'after a crash: only s3 is new',
      );
      assert.deepEqual(await store.dueNotices(minutes(10), 10), [], 'no longer pending');

      const all = await store.deliveries({ limit: 10 });
      assert.deepEqual(
        all.map((d) => [d.recipient, d.channel, d.noticeId, d.seq, d.state, d.attempts, d.createdAt, d.nextAttemptAt]),
        [
          ['s1', 'mail', notice!.id, event!.seq, 'pending', 0, minutes(1), minutes(1)],
          ['s2', 'mail', notice!.id, event!.seq, 'pending', 0, minutes(1), minutes(5)],
          ['wh_1', 'webhook', notice!.id, event!.seq, 'pending', 0, minutes(1), minutes(1)],
          ['s3', 'mail', notice!.id, event!.seq, 'pending', 0, minutes(2), minutes(2)],
        ],
      );
      assert.deepEqual(all[0]!.detail, { path: ['ky', 'sts'], note: 'Ærø 😀' });
      assert.equal(all[1]!.detail, null);
      assert.deepEqual(await store.delivery(all[0]!.id), all[0]);
      assert.equal(await store.delivery(999_999), undefined);

      await store.commit([{ type: 'incident.changed', data: incident('i2', { ky: 'major_outage' }) }], keyV1, T0, [
        { changeIndex: 0, kind: 'incident.opened', subjectId: 'i2', dueAt: T0 },
      ]);
      const [other] = await store.dueNotices(T0, 10);
      assert.equal(await store.expandNotice(other!.id, [], 'skipped', T0), 0);
      assert.deepEqual(await store.dueNotices(minutes(10), 10), [], 'a skipped notice is done too');
      assert.equal(await store.expandNotice(424_242, [draft('s9')], 'expanded', T0), 0, 'no such notice: nothing');
    });

    test('expandNotice writes 10,000 deliveries at once', async ({ store }) => {
      const recipients = Array.from({ length: 10_000 }, (_, i) => `sub_${i}`);
      const written = await deliveriesTo(store, recipients);
      assert.equal(written.length, 10_000);
      const page = await store.deliveries({ limit: 3, afterId: written[4_999]! });
      assert.deepEqual(
        page.map((d) => d.recipient),
        ['sub_5000', 'sub_5001', 'sub_5002'],
        'in the order given',
      );
    });

    test('a claim leases due deliveries oldest first, counts the attempt, and no other worker gets them until the lease runs out', async ({
      store,
    }) => {
      const [a, b, c] = await deliveriesTo(store, ['s1', 's2', 's3']);
      await deliveriesTo(store, ['later'], { notBefore: minutes(30) });

      const first = await claim(store, 'w1', minutes(1), 'mail', 2);
      assert.deepEqual(ids(first), [a, b]);
      assert.deepEqual(
        first.map((d) => [d.state, d.attempts, d.claimedBy, d.leaseUntil]),
        [
          ['sending', 1, 'w1', minutes(2)],
          ['sending', 1, 'w1', minutes(2)],
        ],
      );
      assert.deepEqual(ids(await claim(store, 'w2', minutes(1))), [c], 'the rest; not the one due later, not those leased');
      assert.deepEqual(await claim(store, 'w2', minutes(2)), [], 'a lease is held up to its end');
      assert.deepEqual(await claim(store, 'w2', minutes(1), 'webhook'), [], 'another channel has none');

      // w1 died: its lease ran out, w3 takes both over.
      const taken = await claim(store, 'w3', minutes(3));
      assert.deepEqual(ids(taken), [a, b, c]);
      assert.deepEqual(
        taken.map((d) => [d.attempts, d.claimedBy]),
        [
          [2, 'w3'],
          [2, 'w3'],
          [2, 'w3'],
        ],
      );
      await store.finishDelivery(a!, 'w1', { state: 'sent', at: minutes(3) });
      assert.equal((await store.delivery(a!))?.state, 'sending', 'a worker whose lease was taken over does not overwrite');
      await store.finishDelivery(a!, 'w3', { state: 'sent', at: minutes(4) });
      await store.finishDelivery(b!, 'w3', { state: 'retry', at: minutes(4), nextAttemptAt: minutes(10), error: '421 try later' });
      await store.finishDelivery(c!, 'w3', { state: 'failed', at: minutes(4), error: '550 no such user' });
      await store.finishDelivery(a!, 'w3', { state: 'failed', at: minutes(5), error: 'late' });

      const [sent, retried, failed] = await Promise.all([a, b, c].map((id) => store.delivery(id!)));
      assert.deepEqual([sent?.state, sent?.sentAt, sent?.leaseUntil, sent?.lastError], ['sent', minutes(4), null, null], 'finished once');
      assert.deepEqual(
        [retried?.state, retried?.nextAttemptAt, retried?.lastError, retried?.leaseUntil],
        ['pending', minutes(10), '421 try later', null],
      );
      assert.deepEqual([failed?.state, failed?.lastError, failed?.sentAt], ['failed', '550 no such user', null]);
      assert.deepEqual(await claim(store, 'w4', minutes(9)), [], 'a retry waits for its time');
      const again = await claim(store, 'w4', minutes(10));
      assert.deepEqual(
        again.map((d) => [d.id, d.attempts]),
        [[b, 3]],
      );
    });

    test('a delivery past its give-up time is still claimed: the worker fails it', async ({ store }) => {
      const [id] = await deliveriesTo(store, ['s1'], { giveUpAt: minutes(1) });
      assert.deepEqual(ids(await claim(store, 'w1', minutes(5))), [id]);
      await store.finishDelivery(id!, 'w1', { state: 'skipped', at: minutes(5), error: 'given up' });
      assert.equal((await store.delivery(id!))?.state, 'skipped');
    });

    test('webhook deliveries are claimed in order per endpoint: only the oldest unfinished one of each', async ({ store }) => {
      const [e1a, e2a, e1b, e1c] = await deliveriesTo(store, ['wh_1', 'wh_2'], { channel: 'webhook' }).then(async (first) => [
        ...first,
        ...(await deliveriesTo(store, ['wh_1'], { channel: 'webhook', kind: 'incident.updated' })),
        ...(await deliveriesTo(store, ['wh_1'], { channel: 'webhook', kind: 'incident.resolved' })),
      ]);
      assert.deepEqual(ids(await claim(store, 'w1', minutes(1), 'webhook')), [e1a, e2a], 'one per endpoint');
      assert.deepEqual(await claim(store, 'w2', minutes(1), 'webhook'), [], 'the next of wh_1 waits for the one sending');
      await store.finishDelivery(e2a!, 'w1', { state: 'sent', at: minutes(1) });
      await store.finishDelivery(e1a!, 'w1', { state: 'retry', at: minutes(1), nextAttemptAt: minutes(5), error: '503' });
      assert.deepEqual(await claim(store, 'w2', minutes(2), 'webhook'), [], 'and for the one waiting to be retried');
      assert.deepEqual(ids(await claim(store, 'w2', minutes(5), 'webhook')), [e1a]);
      await store.finishDelivery(e1a!, 'w2', { state: 'sent', at: minutes(5) });
      assert.deepEqual(ids(await claim(store, 'w2', minutes(5), 'webhook')), [e1b], 'sent: the next one');
      await store.finishDelivery(e1b!, 'w2', { state: 'failed', at: minutes(5), error: 'gone' });
      assert.deepEqual(ids(await claim(store, 'w2', minutes(5), 'webhook')), [e1c], 'failed is finished too');
    });

    test('retryDeliveries puts failed ones back; failDeliveriesTo fails every unfinished one to a recipient', async ({ store }) => {
      const [a, b, c, d] = await deliveriesTo(store, ['s1', 's2', 's3', 's4']);
      await claim(store, 'w1', minutes(1), 'mail', 2);
      await store.finishDelivery(a!, 'w1', { state: 'failed', at: minutes(1), error: 'x' });
      await store.finishDelivery(b!, 'w1', { state: 'sent', at: minutes(1) });
      assert.deepEqual(await store.retryDeliveries([d!, b!, a!, 77_777], minutes(2), minutes(99)), [a], 'only failed ones');
      const retried = await store.delivery(a!);
      assert.deepEqual([retried?.state, retried?.nextAttemptAt, retried?.giveUpAt], ['pending', minutes(2), minutes(99)]);

      assert.equal(await store.failDeliveriesTo('s3', 'The subscriber is gone.', minutes(3)), 1);
      assert.equal(await store.failDeliveriesTo('s2', 'The subscriber is gone.', minutes(3)), 0, 'a sent one stays sent');
      assert.deepEqual([(await store.delivery(c!))?.state, (await store.delivery(c!))?.lastError], ['failed', 'The subscriber is gone.']);

      assert.deepEqual(
        (await store.deliveries({ state: 'pending', limit: 10 })).map((x) => x.recipient),
        ['s1', 's4'],
      );
      assert.deepEqual(
        (await store.deliveries({ recipient: 's3', channel: 'mail', limit: 10 })).map((x) => x.id),
        [c],
      );
      assert.deepEqual(
        (await store.deliveries({ afterId: a!, limit: 2 })).map((x) => x.id),
        [b, c],
      );
      assert.deepEqual(await store.deliveryCounts(), [
        { channel: 'mail', state: 'failed', count: 1 },
        { channel: 'mail', state: 'pending', count: 2 },
        { channel: 'mail', state: 'sent', count: 1 },
      ]);
    });

    test('subscribers: saved with their confirmation mail, found by id, token and address, deleted with their unsent mail', async ({
      store,
    }) => {
      const fresh = subscriber('sub_1', { confirmedAt: null, consentedAt: null, components: ['ky', 'sts'], lang: 'en' });
      await store.saveSubscriber(fresh, [draft('sub_1', { kind: 'subscription.confirm', subjectId: 'sub_1' })]);
      assert.deepEqual(await store.subscriber('sub_1'), fresh);
      assert.deepEqual(await store.subscriberByToken(fresh.token), fresh);
      assert.deepEqual(await store.subscriberByAddress('sub_1@example.dk'), fresh);
      assert.deepEqual(await store.confirmedSubscribers(), [], 'not before it is confirmed');
      const [confirm] = await store.deliveries({ recipient: 'sub_1', limit: 10 });
      assert.deepEqual([confirm?.kind, confirm?.noticeId, confirm?.seq, confirm?.state], ['subscription.confirm', null, null, 'pending']);

      const confirmed = { ...fresh, confirmedAt: minutes(5), consentedAt: minutes(5) };
      await store.saveSubscriber(confirmed);
      await store.saveSubscriber(subscriber('sub_0'));
      assert.deepEqual(await store.confirmedSubscribers(), [subscriber('sub_0'), confirmed]);
      await assert.rejects(store.saveSubscriber(subscriber('sub_2', { address: 'sub_1@example.dk' })), 'an address is unique');
      await assert.rejects(store.saveSubscriber(subscriber('sub_3', { token: fresh.token })), 'a token is unique');

      await claim(store, 'w1', minutes(6));
      await store.finishDelivery(confirm!.id, 'w1', { state: 'sent', at: minutes(6) });
      await deliveriesTo(store, ['sub_1', 'sub_0']);
      await store.deleteSubscriber('sub_1');
      assert.equal(await store.subscriber('sub_1'), undefined);
      assert.equal(await store.subscriberByToken(fresh.token), undefined);
      assert.deepEqual(
        (await store.deliveries({ recipient: 'sub_1', limit: 10 })).map((d) => [d.kind, d.state]),
        [['subscription.confirm', 'sent']],
        'the sent mail stays (it holds no address); the unsent one is gone',
      );
      assert.equal((await store.deliveries({ recipient: 'sub_0', limit: 10 })).length, 1, 'others keep theirs');
      await store.deleteSubscriber('sub_1');
    });

    test("a subscriber's municipality is kept, changed and cleared, and goes through an export and import", async ({ store }) => {
      await store.saveSubscriber(subscriber('sub_1', { municipality: '0751' }));
      await store.saveSubscriber(subscriber('sub_2'));
      assert.deepEqual(await store.subscriber('sub_1'), subscriber('sub_1', { municipality: '0751' }));
      assert.equal('municipality' in (await store.subscriber('sub_2'))!, false, 'none: all municipalities');
      await store.saveSubscriber(subscriber('sub_2', { municipality: '0101' }));
      await store.saveSubscriber(subscriber('sub_1'));
      assert.deepEqual(
        (await store.confirmedSubscribers()).map((s) => [s.id, s.municipality]),
        [
          ['sub_1', undefined],
          ['sub_2', '0101'],
        ],
      );
      const doc = await store.exportState(minutes(1));
      assert.deepEqual(ExportDocumentSchema.parse(doc), doc);
      const target = await open();
      try {
        await target.store.importState(JSON.parse(JSON.stringify(doc)) as ExportDocument);
        assert.deepEqual(await target.store.subscriber('sub_2'), subscriber('sub_2', { municipality: '0101' }));
        assert.equal('municipality' in (await target.store.subscriber('sub_1'))!, false);
      } finally {
        await target.cleanup();
      }
    });

    test('purgeUnconfirmed deletes unconfirmed subscribers created before a time, and their unsent mail', async ({ store }) => {
      await store.saveSubscriber(subscriber('old', { confirmedAt: null, createdAt: T0 }), [draft('old', { kind: 'subscription.confirm' })]);
      await store.saveSubscriber(subscriber('new', { confirmedAt: null, createdAt: minutes(60) }));
      await store.saveSubscriber(subscriber('kept', { createdAt: T0 }));
      assert.equal(await store.purgeUnconfirmed(minutes(30)), 1);
      assert.deepEqual(
        [await store.subscriber('old'), (await store.subscriber('new'))?.id, (await store.subscriber('kept'))?.id],
        [undefined, 'new', 'kept'],
      );
      assert.deepEqual(await store.deliveries({ recipient: 'old', limit: 10 }), []);
      assert.equal(await store.purgeUnconfirmed(minutes(30)), 0);
    });

    test('webhook endpoints: saving one appends webhook.changed without the secret; deleting one fails its unsent deliveries', async ({
      store,
    }) => {
      const one = endpoint('wh_1');
      const saved = await store.saveWebhookEndpoint(one, keyV1, minutes(1));
      assert.deepEqual(await store.webhookEndpoint('wh_1'), one);
      assert.equal(saved.type, 'webhook.changed');
      assert.ok(!('secret' in saved.data), 'the event has no secret');
      assert.ok(!JSON.stringify(await store.eventsAfter(0, 10)).includes(one.secret), 'nor has the event log');
      assert.deepEqual(ChangeEventSchema.parse(saved), saved);
      assert.deepEqual(await store.audit({ component: 'ky' }), [saved], 'scoped to its components');
      assert.deepEqual(await store.audit({ vendor: 'v1' }), [saved], 'and to its vendor');

      const disabled = { ...one, state: 'disabled', disabledAt: minutes(2), disabledReason: 'failing for 3 days' } as const;
      const owner = draft('endpoint:wh_1', { kind: 'webhook.disabled', subjectId: 'wh_1' });
      const changed = await store.saveWebhookEndpoint(disabled, admin, minutes(2), [owner]);
      assert.deepEqual({ ...changed.data, secret: disabled.secret }, disabled, 'the event is the endpoint as it became');
      assert.deepEqual(
        (await store.deliveries({ recipient: 'endpoint:wh_1', limit: 10 })).map((d) => [d.kind, d.createdAt]),
        [['webhook.disabled', minutes(2)]],
      );
      await store.saveWebhookEndpoint(endpoint('wh_0', { components: null, vendor: null }), admin, minutes(2));
      assert.deepEqual(
        (await store.webhookEndpoints()).map((e) => e.id),
        ['wh_0', 'wh_1'],
      );
      assert.deepEqual(await store.webhookEndpoints().then((all) => all[1]), disabled);

      await deliveriesTo(store, ['wh_1', 'wh_0'], { channel: 'webhook' });
      const deleted = await store.deleteWebhookEndpoint('wh_1', admin, minutes(3));
      assert.equal(deleted?.type === 'webhook.changed' && deleted.data.state, 'deleted');
      assert.ok(deleted && !('secret' in deleted.data), 'the event has no secret');
      assert.deepEqual(ChangeEventSchema.parse(deleted), deleted);
      assert.equal(await store.webhookEndpoint('wh_1'), undefined);
      assert.deepEqual(
        (await store.deliveries({ state: 'failed', limit: 10 })).map((d) => d.recipient),
        ['endpoint:wh_1', 'wh_1'],
        'its webhooks and the mail to its owner: both have nowhere to go now',
      );
      assert.equal((await store.deliveries({ recipient: 'wh_0', limit: 10 }))[0]?.state, 'pending');
      assert.equal(await store.deleteWebhookEndpoint('wh_1', admin, minutes(4)), undefined);
      assert.equal((await store.eventsAfter(0, 10)).filter((e) => e.type === 'webhook.changed').length, 4, 'three saves and one delete');
    });

    test('an export carries subscribers and webhook endpoints (secret included), and an import restores them', async ({ store }) => {
      await store.saveSubscriber(subscriber('sub_2', { components: ['ky'], lang: 'en' }));
      await store.saveSubscriber(subscriber('sub_1', { confirmedAt: null, consentedAt: null }));
      await store.saveWebhookEndpoint(endpoint('wh_1'), keyV1, T0);
      const doc = await store.exportState(minutes(1));
      assert.deepEqual(
        doc.subscribers?.map((s) => s.id),
        ['sub_1', 'sub_2'],
      );
      assert.deepEqual(doc.webhookEndpoints, [endpoint('wh_1')]);
      assert.deepEqual(ExportDocumentSchema.parse(doc), doc, 'a valid export document');

      const target = await open();
      try {
        await target.store.importState(JSON.parse(JSON.stringify(doc)) as ExportDocument);
        assert.deepEqual(await target.store.exportState(minutes(1)), doc, 'the same state');
        assert.deepEqual(
          await target.store.subscriberByToken(subscriber('sub_2').token),
          subscriber('sub_2', { components: ['ky'], lang: 'en' }),
        );
        assert.deepEqual(await target.store.webhookEndpoint('wh_1'), endpoint('wh_1'));
      } finally {
        await target.cleanup();
      }

      const old = await open();
      try {
        const { subscribers: _subscribers, webhookEndpoints: _endpoints, ...before } = doc;
        await old.store.importState(before);
        assert.deepEqual(await old.store.confirmedSubscribers(), [], 'an export from before subscriptions imports, with none');
        assert.deepEqual(await old.store.webhookEndpoints(), []);
      } finally {
        await old.cleanup();
      }
    });

    test('lookups by NUL characters and huge strings find nothing rather than fail', async ({ store }) => {
      await store.saveSubscriber(subscriber('sub_1'));
      await store.saveWebhookEndpoint(endpoint('wh_1'), keyV1, T0);
      for (const bad of ['a\u0000b', '\u0000', 'x'.repeat(1_000_000), `sub_1\u0000`]) {
        const label = JSON.stringify(bad.slice(0, 10));
        assert.equal(await store.subscriber(bad), undefined, `subscriber ${label}`);
        assert.equal(await store.subscriberByToken(bad), undefined, `token ${label}`);
        assert.equal(await store.subscriberByAddress(bad), undefined, `address ${label}`);
        assert.equal(await store.webhookEndpoint(bad), undefined, `endpoint ${label}`);
        assert.equal(await store.deleteWebhookEndpoint(bad, admin, T0), undefined, `delete endpoint ${label}`);
        assert.equal(await store.failDeliveriesTo(bad, 'x', T0), 0, `fail ${label}`);
        assert.deepEqual(await store.deliveries({ recipient: bad, limit: 1 }), [], `deliveries ${label}`);
        await store.deleteSubscriber(bad);
        await store.finishDelivery(1, bad, { state: 'sent', at: T0 });
      }
      assert.equal(await store.delivery(Number.NaN), undefined, 'NaN');
      assert.equal((await store.subscriber('sub_1'))?.id, 'sub_1', 'the real ones are untouched');
      assert.equal((await store.webhookEndpoint('wh_1'))?.id, 'wh_1');
    });
  });
}
