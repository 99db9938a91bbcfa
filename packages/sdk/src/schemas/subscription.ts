import { z } from 'zod/mini';
import { LangSchema, SlugSchema } from './primitives.js';
import { MunicipalityCodeSchema } from './municipality.js';

/** The longest address SMTP carries (RFC 5321 §4.5.3.1.3: a path of 256 octets, less the brackets). */
export const ADDRESS_MAX = 254;

/** Components one subscription may name at most (the landscape has a few dozen). */
export const SUBSCRIPTION_COMPONENTS_MAX = 200;

/**
 * One mail address as a subscriber writes it: trimmed and lower-cased, at most `ADDRESS_MAX`
 * characters, a local part of at most 64, ASCII only (a domain with æ, ø or å is written in its
 * `xn--` form). Lists (`a@x.dk, b@y.dk`) and display names (`Navn <a@x.dk>`) are refused: one
 * subscription is one address.
 *
 * @example
 * SubscriberAddressSchema.parse(' Lis.Hansen@Kommune.DK '); // 'lis.hansen@kommune.dk'
 * SubscriberAddressSchema.safeParse('a@x.dk, b@y.dk').success; // false
 */
export const SubscriberAddressSchema = z.string().check(
  z.trim(),
  z.toLowerCase(),
  z.minLength(1, 'must be given'),
  z.maxLength(ADDRESS_MAX, `must be at most ${ADDRESS_MAX} characters`),
  z.email({ error: 'must be one mail address, e.g. navn@kommune.dk' }),
  z.refine((address) => address.indexOf('@') <= 64, { error: 'must have at most 64 characters before the @' }),
);

/**
 * The components a subscription is about: ids (each once, at least one), or `null` for every
 * component, new ones included. A subscriber to a component also hears of what it depends on.
 *
 * @example
 * SubscriptionComponentsSchema.parse(['ky', 'ksd']);
 * SubscriptionComponentsSchema.parse(null); // everything
 */
export const SubscriptionComponentsSchema = z.nullable(
  z.array(SlugSchema).check(
    z.minLength(1, 'must name at least one component, or be null for all'),
    z.maxLength(SUBSCRIPTION_COMPONENTS_MAX),
    z.refine((ids) => new Set(ids).size === ids.length, { error: 'must name each component once' }),
  ),
);

/**
 * `POST /api/v1/subscriptions`: sign up for mail notifications. Double opt-in: the answer is the
 * same whatever the address's state (202), and the address gets a mail with a confirmation link.
 * `consent` must be `true`: the subscriber accepts the consent text the site shows (what is kept,
 * for how long).
 *
 * @example
 * SubscribeRequestSchema.parse({ address: 'lis@kommune.dk', components: ['ky'], lang: 'da', consent: true });
 */
export const SubscribeRequestSchema = z.strictObject({
  address: SubscriberAddressSchema,
  components: SubscriptionComponentsSchema,
  lang: LangSchema,
  consent: z.literal(true, { error: 'must be true: the consent text must be accepted' }),
  /** Only mail about what affects this municipality (a kommunekode); absent or null: all. */
  municipality: z.optional(z.nullable(MunicipalityCodeSchema)),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

/**
 * A change of a subscription (the manage page): the components, the language and the
 * municipality. The address is not changed: a new address signs up (and confirms) anew.
 *
 * @example
 * ChangeSubscriptionRequestSchema.parse({ components: null, lang: 'en' });
 */
export const ChangeSubscriptionRequestSchema = z.strictObject({
  components: SubscriptionComponentsSchema,
  lang: LangSchema,
  /** The one municipality to hear of, `null` for all; absent: left as it is. */
  municipality: z.optional(z.nullable(MunicipalityCodeSchema)),
});
export type ChangeSubscriptionRequest = z.infer<typeof ChangeSubscriptionRequestSchema>;

/**
 * The answer to a sign-up (202): always the same, so it never tells whether the address was
 * subscribed already.
 *
 * @example
 * SubscriptionAcceptedSchema.parse(await response.json()).status; // 'accepted'
 */
export const SubscriptionAcceptedSchema = z.object({
  status: z.literal('accepted'),
  detail: z.string(),
});
export type SubscriptionAccepted = z.infer<typeof SubscriptionAcceptedSchema>;
