import { createHash, randomBytes } from 'node:crypto';
import { isMunicipalityCode, type ChangeSubscriptionRequest, type SubscribeRequest } from '@kdi-status/sdk';
import { DomainError, NotFoundError, type FieldError } from '../domain/errors.js';
import type { DeliveryDraft, Subscriber } from '../store/notification-store.js';
import type { Store } from '../store/store.js';

/**
 * The consent text the sign-up form shows next to its checkbox, and its version, which each
 * subscriber's record keeps (`consentVersion`). Change the text, change the version: a test pins
 * the text's hash to the version, so the record always names the words that were accepted.
 *
 * @example
 * CONSENT.da; // 'Vi gemmer din e-mailadresse, …'
 */
export const CONSENT = {
  version: '2026-12-03.2',
  da:
    'Vi gemmer din e-mailadresse, de løsninger du vælger, din kommune, hvis du vælger en, dit sprogvalg, og hvornår du gav samtykke til denne tekst. ' +
    'Vi bruger dem kun til at sende dig mails om driftsforstyrrelser og planlagt vedligeholdelse, og vi sporer ikke, om du åbner dem. ' +
    'Oplysningerne gemmes, indtil du afmelder dig; en tilmelding, du ikke bekræfter inden 48 timer, sletter vi. ' +
    'Hver mail har et link, hvor du kan ændre dine valg, afmelde dig og slette alt om dig med ét klik.',
  en:
    'We keep your mail address, the services you choose, your municipality if you choose one, your language, and when you consented to this text. ' +
    'We use them only to send you mail about incidents and planned maintenance, and we do not track whether you open it. ' +
    'They are kept until you unsubscribe; a sign-up you do not confirm within 48 hours is deleted. ' +
    'Every mail has a link where you can change your choices, unsubscribe and delete everything about you in one click.',
} as const;

/** How long a confirmation link works: after it the sign-up is gone (`purgeUnconfirmed`), and its link answers 410. */
export const CONFIRM_WITHIN_MS = 48 * 3_600_000;

/** An "already subscribed" mail not sent within this is given up: by then the sign-up is old news. */
const EXISTING_MAIL_GIVE_UP_MS = 24 * 3_600_000;

/** A token as `newToken` makes them: 32 random bytes, base64url, 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A subscriber's secret: 32 random bytes, base64url (the one capability its links carry).
 *
 * @example
 * newToken(); // 'q3J9…' (43 characters)
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The address as a rate limit may keep it: a hash, so the limiter's table holds no addresses.
 *
 * @example
 * addressKey('lis@kommune.dk'); // 'mFZ…'
 */
export function addressKey(address: string): string {
  return createHash('sha256').update(address).digest('base64url');
}

/** The link is older than `CONFIRM_WITHIN_MS` and was never confirmed (410): sign up again. */
export class SubscriptionExpiredError extends DomainError {
  override readonly status = 410;
}

/** What a sign-up did. The answer to the person signing up is the same for every one of them. */
export type SignUpOutcome =
  /** A new or unconfirmed address: a (new) confirmation mail is queued. */
  | 'confirm'
  /** A confirmed address: nothing changed, a mail telling its owner how to manage it is queued. */
  | 'existing'
  /** The address has had its sign-up mails for now: nothing written, nothing sent. */
  | 'suppressed';

/** A sign-up's decision: the subscriber to save with its mail, or nothing. */
export interface SignUpDecision {
  outcome: SignUpOutcome;
  save?: { subscriber: Subscriber; deliveries: DeliveryDraft[] };
}

const mailTo = (kind: 'subscription.confirm' | 'subscription.existing', subscriber: Subscriber, giveUpAt: string): DeliveryDraft => ({
  kind,
  channel: 'mail',
  recipient: subscriber.id,
  subjectId: subscriber.id,
  giveUpAt,
});

/**
 * Decides a sign-up, without I/O: a new address becomes an unconfirmed subscriber with a
 * confirmation mail; an unconfirmed one gets the new choice and a new confirmation mail (its 48
 * hours start again) but keeps its token, so the link of an earlier mail still works (a form sent
 * twice, or someone else signing the address up again, must not kill it); a confirmed one is left as it is and gets a mail saying it is
 * subscribed already. With `mayMail` false (the address's mails used up) nothing happens.
 *
 * @example
 * decideSignUp(undefined, request, { at, mayMail: true, id: 'sub_1', token: newToken() });
 * // { outcome: 'confirm', save: { subscriber: { …, confirmedAt: null }, deliveries: [{ kind: 'subscription.confirm', … }] } }
 */
export function decideSignUp(
  existing: Subscriber | undefined,
  request: Pick<SubscribeRequest, 'address' | 'components' | 'lang' | 'municipality'>,
  context: { at: Date; mayMail: boolean; id: string; token: string },
): SignUpDecision {
  if (!context.mayMail) return { outcome: 'suppressed' };
  const at = context.at.toISOString();
  if (existing?.confirmedAt) {
    const giveUpAt = new Date(context.at.getTime() + EXISTING_MAIL_GIVE_UP_MS).toISOString();
    return { outcome: 'existing', save: { subscriber: existing, deliveries: [mailTo('subscription.existing', existing, giveUpAt)] } };
  }
  const subscriber: Subscriber = {
    id: existing?.id ?? context.id,
    address: request.address,
    components: request.components,
    lang: request.lang,
    token: existing?.token ?? context.token,
    createdAt: at,
    confirmedAt: null,
    consentVersion: CONSENT.version,
    consentedAt: null,
    ...(request.municipality ? { municipality: request.municipality } : {}),
  };
  // The link stops working after 48 hours: a confirmation mail sent later would be no use.
  const giveUpAt = new Date(context.at.getTime() + CONFIRM_WITHIN_MS).toISOString();
  return { outcome: 'confirm', save: { subscriber, deliveries: [mailTo('subscription.confirm', subscriber, giveUpAt)] } };
}

/**
 * The component ids of a choice that no one can subscribe to: not in the landscape, or retired
 * (`live` holds the components the site shows). Each names its place (`components.1`).
 *
 * @example
 * unknownComponents(['ky', 'nope'], new Set(['ky'])); // [{ field: 'components.1', message: 'is not a component of this site (unknown or retired): "nope"' }]
 */
export function unknownComponents(components: readonly string[] | null, live: ReadonlySet<string>): FieldError[] {
  return (components ?? []).flatMap((id, i) =>
    live.has(id) ? [] : [{ field: `components.${i}`, message: `is not a component of this site (unknown or retired): "${id}"` }],
  );
}

/**
 * The municipality of a sign-up or change when it is a well-formed kommunekode that is not one of
 * the 98, named `municipality` (the schema refuses a malformed one).
 *
 * @example
 * unknownMunicipality('0411'); // [{ field: 'municipality', message: 'is not the kommunekode of a municipality: "0411"' }]
 */
export function unknownMunicipality(municipality: unknown): FieldError[] {
  if (typeof municipality !== 'string' || !/^[0-9]{4}$/.test(municipality) || isMunicipalityCode(municipality)) return [];
  return [{ field: 'municipality', message: `is not the kommunekode of a municipality: "${municipality}"` }];
}

/** What the commands need: the store and the clock. */
export interface SubscriptionContext {
  store: Store;
  now: () => Date;
}

/**
 * Signs an address up (double opt-in; see `decideSignUp`) and returns what it did. `mayMail` is
 * asked only when a mail would be sent, and takes one of the address's mails. Runs under the
 * store's `exclusive`, so two sign-ups of one new address make one subscriber.
 *
 * @example
 * await signUp({ store, now }, { address: 'lis@kommune.dk', components: ['ky'], lang: 'da', consent: true }, () => limit.take(key) === 0);
 */
export async function signUp(context: SubscriptionContext, request: SubscribeRequest, mayMail: () => boolean): Promise<SignUpOutcome> {
  const { store } = context;
  return store.exclusive(async () => {
    const existing = await store.subscriberByAddress(request.address);
    const id = `sub_${randomBytes(12).toString('base64url')}`;
    const decision = decideSignUp(existing, request, { at: context.now(), mayMail: mayMail(), id, token: newToken() });
    if (decision.save) await store.saveSubscriber(decision.save.subscriber, decision.save.deliveries);
    return decision.outcome;
  });
}

/** Whether an unconfirmed subscriber's link has run out at `at`. */
export function isExpired(subscriber: Subscriber, at: Date): boolean {
  return subscriber.confirmedAt === null && at.getTime() - Date.parse(subscriber.createdAt) >= CONFIRM_WITHIN_MS;
}

/**
 * The subscriber a link's token names: a token that could not have been made (`newToken`) is not
 * looked up. Throws `subscription_not_found` (404) when there is none, and, unless `expired` is
 * allowed, `subscription_expired` (410) for an unconfirmed one past its 48 hours.
 *
 * @example
 * const subscriber = await subscriberOf({ store, now }, request.params.token);
 */
export async function subscriberOf(context: SubscriptionContext, token: string, options: { expired?: 'allow' } = {}): Promise<Subscriber> {
  const subscriber = TOKEN_PATTERN.test(token) ? await context.store.subscriberByToken(token) : undefined;
  if (!subscriber) throw new NotFoundError('subscription_not_found', 'No subscription has this link: it may have been deleted.');
  if (options.expired !== 'allow' && isExpired(subscriber, context.now()))
    throw new SubscriptionExpiredError('subscription_expired', 'The confirmation link has expired: sign up again.');
  return subscriber;
}

/**
 * Confirms a sign-up (the POST behind the confirmation link): `confirmedAt` and `consentedAt`
 * become now. Confirming again changes nothing. Returns the subscriber and whether it was
 * confirmed before.
 *
 * @example
 * const { subscriber, already } = await confirmSubscription({ store, now }, token);
 */
export async function confirmSubscription(
  context: SubscriptionContext,
  token: string,
): Promise<{ subscriber: Subscriber; already: boolean }> {
  // Read and save under `exclusive`: an unsubscribe between them must not be undone by the save.
  return context.store.exclusive(async () => {
    const subscriber = await subscriberOf(context, token);
    if (subscriber.confirmedAt) return { subscriber, already: true };
    const at = context.now().toISOString();
    const confirmed = { ...subscriber, confirmedAt: at, consentedAt: at };
    await context.store.saveSubscriber(confirmed);
    return { subscriber: confirmed, already: false };
  });
}

/**
 * Changes a subscription's components, language and municipality (the manage page). The
 * address, the token and the consent stay.
 *
 * @example
 * await changeSubscription({ store, now }, token, { components: ['ky'], lang: 'en' });
 */
export async function changeSubscription(
  context: SubscriptionContext,
  token: string,
  change: ChangeSubscriptionRequest,
): Promise<Subscriber> {
  return context.store.exclusive(async () => {
    const subscriber = await subscriberOf(context, token);
    const { municipality: _old, ...rest } = subscriber;
    // Absent: left as it is; null: all municipalities again.
    const municipality = change.municipality === undefined ? subscriber.municipality : (change.municipality ?? undefined);
    const changed: Subscriber = { ...rest, components: change.components, lang: change.lang, ...(municipality ? { municipality } : {}) };
    await context.store.saveSubscriber(changed);
    return changed;
  });
}

/**
 * Deletes a subscription and every mail to it not yet sent (unsubscribe, "delete everything about
 * me"); an expired sign-up may be deleted too. Returns what was deleted, for the page that says so.
 *
 * @example
 * const deleted = await deleteSubscription({ store, now }, token);
 */
export async function deleteSubscription(context: SubscriptionContext, token: string): Promise<Subscriber> {
  return context.store.exclusive(async () => {
    const subscriber = await subscriberOf(context, token, { expired: 'allow' });
    await context.store.deleteSubscriber(subscriber.id);
    return subscriber;
  });
}

/**
 * Deletes the sign-ups not confirmed within `CONFIRM_WITHIN_MS`: an address that never confirmed
 * is not kept (GDPR). For a periodic job (the notifier's, say, hourly); returns how many.
 *
 * @example
 * await purgeExpiredSignUps({ store, now }); // 3
 */
export function purgeExpiredSignUps(context: SubscriptionContext): Promise<number> {
  return context.store.purgeUnconfirmed(new Date(context.now().getTime() - CONFIRM_WITHIN_MS).toISOString());
}
