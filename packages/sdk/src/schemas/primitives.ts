import { z } from 'zod/mini';

/**
 * What a slug looks like, for code that checks ids without zod (the widget drops an id in
 * `components` that could never match, rather than have the server refuse the whole list).
 *
 * @example
 * SLUG_PATTERN.test('ky'); // true
 */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A slug: the id of a vendor or a component, as used in URLs and in `components="ky,ksd"`.
 *
 * @example
 * SlugSchema.parse('serviceplatformen');
 */
export const SlugSchema = z.string().check(z.regex(SLUG_PATTERN, 'must be a slug: a-z, 0-9 and "-", at most 63 characters'));
export type Slug = z.infer<typeof SlugSchema>;

/**
 * An ISO 8601 instant in UTC, as the server stores and sends every time.
 *
 * @example
 * TimestampSchema.parse('2026-11-26T08:08:00.000Z');
 */
export const TimestampSchema = z.iso.datetime({ offset: false });
export type Timestamp = z.infer<typeof TimestampSchema>;

/**
 * A time sent in a request: any ISO 8601 UTC form with seconds (`…T23:00:00Z`, `…T23:00:00.5Z`), normalised to
 * the one form the server stores and compares (`…T23:00:00.000Z`).
 *
 * @example
 * InstantSchema.parse('2026-11-28T23:00:00Z'); // '2026-11-28T23:00:00.000Z'
 */
export const InstantSchema = z.pipe(
  TimestampSchema,
  z.transform((value: string) => new Date(value).toISOString()),
);

/**
 * A link in vendor or operator data as it may be written: `https:`, `mailto:` or `tel:` only, so
 * a `javascript:`, `data:` or plain `http:` URL never reaches a page, feed or calendar (issue 10).
 *
 * @example
 * LinkUrlSchema.parse('https://ky.example/hjaelp');
 * LinkUrlSchema.safeParse('javascript:alert(1)').success; // false
 * LinkUrlSchema.safeParse('https://www.kombit.dk@evil.example/').success; // false
 */
export const LinkUrlSchema = z.url({ protocol: /^(?:https|mailto|tel)$/, error: 'must be an https:, mailto: or tel: URL' }).check(
  // `https://www.kombit.dk@evil.example/` reads as one site and goes to another; `https:\\x` is read
  // by browsers as `https://x`: both are refused, not stored to mislead.
  z.refine((value) => !/^https:/i.test(value) || (!value.includes('\\') && !/^https:\/\/[^/?#]*@/i.test(value)), {
    error: 'must not carry a user name, a password or a backslash',
  }),
);

/**
 * A link in vendor or operator data as it is read back: what {@link LinkUrlSchema} lets in, and
 * `http:` written before that rule (the site shows such a link as text, not as a link).
 *
 * @example
 * StoredLinkUrlSchema.parse('http://ky.example/hjaelp');
 */
export const StoredLinkUrlSchema = z.url({ protocol: /^(?:https?|mailto|tel)$/ });

/** The longest title, in either language. */
export const LOCALIZED_TITLE_MAX = 200;

/** Operator-written text is bilingual: Danish required, English optional (falls back to Danish). */
const textLimits = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/**
 * Bilingual operator text. Stored as given; never trusted as HTML anywhere.
 *
 * @example
 * LocalizedTextSchema.parse({ da: 'Langsomme svartider', en: 'Slow responses' });
 */
export const LocalizedTextSchema = z.object({
  da: textLimits(2000),
  en: z.optional(textLimits(2000)),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * A short bilingual title (incident and maintenance titles, content headings).
 *
 * @example
 * LocalizedTitleSchema.parse({ da: 'Nedbrud i STS' });
 */
export const LocalizedTitleSchema = z.object({
  da: textLimits(LOCALIZED_TITLE_MAX),
  en: z.optional(textLimits(LOCALIZED_TITLE_MAX)),
});
export type LocalizedTitle = z.infer<typeof LocalizedTitleSchema>;

/**
 * Picks the text for a language, falling back to Danish.
 *
 * @example
 * localized({ da: 'Løst' }, 'en'); // 'Løst'
 */
export function localized(text: LocalizedText, lang: Lang): string {
  return (lang === 'en' ? text.en : undefined) ?? text.da;
}

/** The two languages users read: Danish (default) and English. */
export const LANGS = ['da', 'en'] as const;
/**
 * @example
 * LangSchema.parse('da');
 */
export const LangSchema = z.enum(LANGS);
export type Lang = z.infer<typeof LangSchema>;
