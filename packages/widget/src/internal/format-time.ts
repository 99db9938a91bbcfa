import type { Lang } from '@kdi-status/sdk';

/** Every time users read is Copenhagen time (CET/CEST), whatever the machine's zone. */
const TIME_ZONE = 'Europe/Copenhagen';

// Formatters are costly to create; one per language is enough.
const clocks = new Map<Lang, Intl.DateTimeFormat>();
const days = new Map<Lang, Intl.DateTimeFormat>();
// Tells Copenhagen days apart, year included ("2026-11-26").
const dayKey = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: TIME_ZONE });

function clockFormat(lang: Lang): Intl.DateTimeFormat {
  let format = clocks.get(lang);
  if (!format) {
    // da-DK writes clock times with a full stop ("08.08"); en-GB with a colon.
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: TIME_ZONE,
    });
    clocks.set(lang, format);
  }
  return format;
}

function dayFormat(lang: Lang): Intl.DateTimeFormat {
  let format = days.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'da-DK', { day: 'numeric', month: 'long', timeZone: TIME_ZONE });
    days.set(lang, format);
  }
  return format;
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
 * "kl. 08.08" when `date` is the same Copenhagen day as `now`, else "25. august kl. 08.08"
 * (en: "08:08" / "25 August 08:08"), so a state from yesterday is not mistaken for today's.
 *
 * @example
 * formatWhen(new Date('2026-11-26T07:08:00Z'), 'da', new Date('2026-11-26T12:00:00Z')); // 'kl. 08.08'
 */
export function formatWhen(date: Date, lang: Lang, now: Date = new Date()): string {
  const clock = formatClock(date, lang);
  const day = dayFormat(lang).format(date);
  const sameDay = dayKey.format(date) === dayKey.format(now);
  if (lang === 'en') return sameDay ? clock : `${day} ${clock}`;
  return sameDay ? `kl. ${clock}` : `${day} kl. ${clock}`;
}
