import type { Lang } from '@kdi-status/sdk';

/** Copenhagen time in `locale`, with the seconds or without. */
const format = (locale: string, second?: '2-digit') =>
  new Intl.DateTimeFormat(locale, {
    timeZone: 'Europe/Copenhagen',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(second ? { second } : {}),
    hourCycle: 'h23',
  });

const FORMATS = { da: format('da-DK'), en: format('en-GB') };
const WITH_SECONDS = { da: format('da-DK', '2-digit'), en: format('en-GB', '2-digit') };

/** The day and the clock of `iso` in `lang`'s style, from `formats`. */
function worded(formats: typeof FORMATS, iso: string, lang: Lang): string {
  const parts = formats[lang].formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const seconds = parts.some((p) => p.type === 'second');
  if (lang === 'en')
    return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}${seconds ? `:${part('second')}` : ''}`;
  return `${part('weekday')} den ${part('day')}. ${part('month')} ${part('year')} kl. ${part('hour')}.${part('minute')}${seconds ? `.${part('second')}` : ''}`;
}

/**
 * A UTC timestamp as people in Denmark read it, in Copenhagen time: "lørdag den 25. august 2026
 * kl. 00.00" (Danish style: a full stop in the clock time), "Saturday 25 August 2026, 00:00".
 *
 * @example
 * formatTime('2026-08-24T22:00:00.000Z', 'da'); // 'tirsdag den 25. august 2026 kl. 00.00'
 */
export function formatTime(iso: string, lang: Lang): string {
  return worded(FORMATS, iso, lang);
}

/**
 * An instant to the second, as `formatTime` words it with the seconds added:
 * "tirsdag den 3. marts 2026 kl. 10.14.05", "Tuesday 3 March 2026, 10:14:05".
 *
 * @example
 * formatInstant('2026-03-03T09:14:05.000Z', 'da'); // 'tirsdag den 3. marts 2026 kl. 10.14.05'
 */
export function formatInstant(iso: string, lang: Lang): string {
  return worded(WITH_SECONDS, iso, lang);
}

/**
 * A window as KOMBIT writes it: on one Copenhagen day the date once, "lørdag den 25. august 2026
 * kl. 00.00 til kl. 08.00" ("Saturday 25 August 2026, 00:00 to 08:00"); across days both in full.
 *
 * @example
 * formatWindow('2026-08-24T22:00:00Z', '2026-08-25T06:00:00Z', 'da'); // 'tirsdag den 25. august 2026 kl. 00.00 til kl. 08.00'
 */
export function formatWindow(startIso: string, endIso: string, lang: Lang): string {
  const start = formatTime(startIso, lang);
  const end = formatTime(endIso, lang);
  const [startDay, startClock] = splitClock(start, lang);
  const [endDay, endClock] = splitClock(end, lang);
  if (startDay === endDay)
    return lang === 'en' ? `${startDay}, ${startClock} to ${endClock}` : `${startDay} kl. ${startClock} til kl. ${endClock}`;
  return lang === 'en' ? `${start} to ${end}` : `${start} til ${end}`;
}

/** "… 2026 kl. 00.00" → ["… 2026", "00.00"]; "…, 00:00" → ["…", "00:00"]. */
function splitClock(formatted: string, lang: Lang): [string, string] {
  const at = formatted.lastIndexOf(lang === 'en' ? ', ' : ' kl. ');
  return [formatted.slice(0, at), formatted.slice(at + (lang === 'en' ? 2 : 5))];
}
