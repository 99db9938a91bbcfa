import type { Lang } from '@kdi-status/sdk';

// Formatters are costly to create; one per language and kind is enough.
const formats = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function format<T>(key: string, make: () => T): T {
  let made = formats.get(key) as T | undefined;
  if (!made) formats.set(key, (made = make()) as Intl.DateTimeFormat);
  return made;
}

/** Every time users read is Copenhagen time (CET/CEST), whatever the machine's zone. */
const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  format(locale + Object.keys(options), () => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'Europe/Copenhagen' }));
const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'da-DK');
const relativeFormat = (lang: Lang) => format(lang, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
// Tells Copenhagen days apart, year included ("2026-11-26").
const dayKey = (date: Date) => dateFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

/** The Copenhagen day before `date`'s, as a day key: by the calendar, not `date - 24 h` (which misses on a DST day). */
const yesterdayKey = (date: Date) => new Date(Date.parse(dayKey(date)) - 864e5).toISOString().slice(0, 10);

/**
 * The clock time in Copenhagen, Danish style.
 *
 * @example
 * formatClock(new Date('2026-11-26T07:08:00Z'), 'da'); // '08.08'
 */
export function formatClock(date: Date, lang: Lang): string {
  // da-DK writes clock times with a full stop ("08.08"); en-GB with a colon.
  return dateFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

/**
 * "kl. 08.08" when `date` is the same Copenhagen day as `now`, "i går kl. 22.15" the day before,
 * else "25. august kl. 08.08" (en: "08:08" / "yesterday 22:15" / "25 August 08:08"), so a state
 * from yesterday is not mistaken for today's.
 *
 * @example
 * formatWhen(new Date('2026-11-26T07:08:00Z'), 'da', new Date('2026-11-26T12:00:00Z')); // 'kl. 08.08'
 */
export function formatWhen(date: Date, lang: Lang, now: Date = new Date()): string {
  const clock = formatClock(date, lang);
  const key = dayKey(date);
  const day =
    key === dayKey(now)
      ? ''
      : key === yesterdayKey(now)
        ? relativeFormat(lang).format(-1, 'day')
        : dateFormat(locale(lang), { day: 'numeric', month: 'long' }).format(date);
  return `${day && `${day} `}${lang === 'en' ? '' : 'kl. '}${clock}`;
}

/**
 * How long ago, for the latest update on an incident: "for 5 minutter siden" within the hour
 * ("5 minutes ago"), else as {@link formatWhen}. A time ahead of `now` (a clock a little off) is "nu".
 *
 * @example
 * formatAgo(new Date('2026-11-26T07:08:00Z'), 'da', new Date('2026-11-26T07:13:00Z')); // 'for 5 minutter siden'
 */
export function formatAgo(date: Date, lang: Lang, now: Date = new Date()): string {
  const minutes = Math.floor((now.getTime() - date.getTime()) / 60_000);
  if (minutes >= 60) return formatWhen(date, lang, now);
  return minutes < 1 ? relativeFormat(lang).format(0, 'second') : relativeFormat(lang).format(-minutes, 'minute');
}
