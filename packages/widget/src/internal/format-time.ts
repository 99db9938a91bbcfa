import type { Lang } from '@kdi-status/sdk';

/** Every time users read is Copenhagen time (CET/CEST), whatever the machine's zone. */
const TIME_ZONE = 'Europe/Copenhagen';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'da-DK');

// Formatters are costly to create; one per language and kind is enough.
const formats = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function format<T>(key: string, make: () => T): T {
  let made = formats.get(key) as T | undefined;
  if (!made) formats.set(key, (made = make()) as Intl.DateTimeFormat);
  return made;
}

// da-DK writes clock times with a full stop ("08.08"); en-GB with a colon.
const clockFormat = (lang: Lang) =>
  format(
    `c${lang}`,
    () => new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }),
  );
const dayFormat = (lang: Lang) =>
  format(`d${lang}`, () => new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', timeZone: TIME_ZONE }));
const relativeFormat = (lang: Lang) => format(`r${lang}`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
// Tells Copenhagen days apart, year included ("2026-11-26").
const dayKey = (date: Date) =>
  format('k', () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE })).format(
    date,
  );

/** The Copenhagen day before `date`'s, as a day key: by the calendar, not `date - 24 h` (which misses on a DST day). */
function yesterdayKey(date: Date): string {
  const [y, m, d] = dayKey(date).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * The clock time in Copenhagen, Danish style.
 *
 * @example
 * formatClock(new Date('2026-11-26T07:08:00Z'), 'da'); // '08.08'
 */
export function formatClock(date: Date, lang: Lang): string {
  return clockFormat(lang).format(date);
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
  const day = key === dayKey(now) ? '' : key === yesterdayKey(now) ? relativeFormat(lang).format(-1, 'day') : dayFormat(lang).format(date);
  if (lang === 'en') return day ? `${day} ${clock}` : clock;
  return day ? `${day} kl. ${clock}` : `kl. ${clock}`;
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
