import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Subscriber } from '../store/notification-store.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import {
  CONFIRM_WITHIN_MS,
  CONSENT,
  decideSignUp,
  isExpired,
  newToken,
  purgeExpiredSignUps,
  signUp,
  unknownComponents,
} from './subscriptions.js';

const at = new Date('2026-12-03T10:00:00.000Z');
const request = { address: 'lis@kommune.dk', components: ['ky'], lang: 'da' as const };
const ids = { at, mayMail: true, id: 'sub_new', token: 'T'.repeat(43) };
const unconfirmed: Subscriber = {
  id: 'sub_old',
  address: 'lis@kommune.dk',
  components: null,
  lang: 'en',
  token: 'O'.repeat(43),
  createdAt: '2026-12-02T10:00:00.000Z',
  confirmedAt: null,
  consentVersion: CONSENT.version,
  consentedAt: null,
};
const confirmed: Subscriber = { ...unconfirmed, confirmedAt: '2026-12-02T11:00:00.000Z', consentedAt: '2026-12-02T11:00:00.000Z' };

describe('decideSignUp (given the address as stored, when it signs up, then …)', () => {
  it('a new address: an unconfirmed subscriber and a confirmation mail, given up when the link expires', () => {
    const { outcome, save } = decideSignUp(undefined, request, ids);
    assert.equal(outcome, 'confirm');
    assert.deepEqual(save!.subscriber, {
      id: 'sub_new',
      address: 'lis@kommune.dk',
      components: ['ky'],
      lang: 'da',
      token: ids.token,
      createdAt: at.toISOString(),
      confirmedAt: null,
      consentVersion: CONSENT.version,
      consentedAt: null,
    });
    assert.deepEqual(save!.deliveries, [
      {
        kind: 'subscription.confirm',
        channel: 'mail',
        recipient: 'sub_new',
        subjectId: 'sub_new',
        giveUpAt: new Date(at.getTime() + CONFIRM_WITHIN_MS).toISOString(),
      },
    ]);
  });

  it('an unconfirmed address: the same subscriber and token (the first mail still works), the new choice, its 48 hours anew, a new mail', () => {
    const { outcome, save } = decideSignUp(unconfirmed, request, ids);
    assert.equal(outcome, 'confirm');
    assert.equal(save!.subscriber.id, 'sub_old', 'one subscriber per address');
    assert.equal(save!.subscriber.token, unconfirmed.token, 'the link of the earlier mail keeps working');
    assert.deepEqual(save!.subscriber.components, ['ky']);
    assert.equal(save!.subscriber.lang, 'da');
    assert.equal(save!.subscriber.createdAt, at.toISOString());
    assert.deepEqual(
      save!.deliveries.map((d) => [d.kind, d.recipient]),
      [['subscription.confirm', 'sub_old']],
    );
  });

  it('a confirmed address: nothing about it changes, an "already subscribed" mail is queued', () => {
    const { outcome, save } = decideSignUp(confirmed, request, ids);
    assert.equal(outcome, 'existing');
    assert.deepEqual(save!.subscriber, confirmed);
    assert.deepEqual(
      save!.deliveries.map((d) => [d.kind, d.recipient]),
      [['subscription.existing', 'sub_old']],
    );
  });

  it('an address whose mails are used up: nothing written, whatever its state', () => {
    for (const existing of [undefined, unconfirmed, confirmed])
      assert.deepEqual(decideSignUp(existing, request, { ...ids, mayMail: false }), { outcome: 'suppressed' });
  });
});

describe('subscription rules', () => {
  it('the consent text is pinned to its version: change the words, change the version', () => {
    const hash = createHash('sha256').update(`${CONSENT.da}\n${CONSENT.en}`).digest('hex').slice(0, 16);
    assert.deepEqual(
      { version: CONSENT.version, hash },
      { version: '2026-12-03.2', hash: PINNED_HASH },
      'bump CONSENT.version and pin the new hash',
    );
  });

  it('a sign-up expires 48 hours after it was made, unless confirmed', () => {
    const made = { ...unconfirmed, createdAt: at.toISOString() };
    assert.equal(isExpired(made, new Date(at.getTime() + CONFIRM_WITHIN_MS - 1)), false);
    assert.equal(isExpired(made, new Date(at.getTime() + CONFIRM_WITHIN_MS)), true);
    assert.equal(isExpired({ ...confirmed, createdAt: at.toISOString() }, new Date(at.getTime() + 10 * CONFIRM_WITHIN_MS)), false);
  });

  it('tokens are 32 random bytes in base64url', () => {
    const tokens = new Set(Array.from({ length: 100 }, newToken));
    assert.equal(tokens.size, 100);
    for (const token of tokens) assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from([...tokens][0]!, 'base64url').length, 32);
  });

  it('unknownComponents names each component no one can subscribe to by its place', () => {
    assert.deepEqual(unknownComponents(null, new Set()), []);
    assert.deepEqual(
      unknownComponents(['ky', 'gone', 'nope'], new Set(['ky'])).map((e) => e.field),
      ['components.1', 'components.2'],
    );
  });
});

describe('signUp and purgeExpiredSignUps on a real SQLite store', () => {
  it('two sign-ups of one new address at once make one subscriber; unconfirmed ones go after 48 hours', async () => {
    const { store, cleanup } = await tempSqliteStore();
    try {
      await store.migrate();
      let clock = at;
      const context = { store, now: () => clock };
      const outcomes = await Promise.all([1, 2].map(() => signUp(context, { ...request, consent: true }, () => true)));
      assert.deepEqual(outcomes, ['confirm', 'confirm']);
      const subscriber = await store.subscriberByAddress('lis@kommune.dk');
      assert.ok(subscriber, 'one subscriber');
      assert.equal((await store.deliveries({ recipient: subscriber.id, limit: 10 })).length, 2, 'each sign-up its mail');
      assert.equal(await signUp(context, { ...request, address: 'none@kommune.dk', consent: true }, () => false), 'suppressed');
      assert.equal(await store.subscriberByAddress('none@kommune.dk'), undefined, 'a suppressed sign-up writes nothing');
      clock = new Date(at.getTime() + CONFIRM_WITHIN_MS - 1);
      assert.equal(await purgeExpiredSignUps(context), 0);
      clock = new Date(at.getTime() + CONFIRM_WITHIN_MS + 1);
      assert.equal(await purgeExpiredSignUps(context), 1);
      assert.equal(await store.subscriberByAddress('lis@kommune.dk'), undefined);
    } finally {
      await cleanup();
    }
  });
});

/** sha256 of the Danish and English consent text, first 16 hex digits. */
const PINNED_HASH = '9d71f3e3e87588bb';
