import type { Lang } from '@kdi-status/sdk';

const FORMATS = {
  da: new Intl.DateTimeFormat('da-DK', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};

/**
 * A UTC timestamp as people in Denmark read it, in Copenhagen time: "lørdag den 25. august 2026
 * kl. 00.00" (Danish style: a full stop in the clock time), "Saturday 25 August 2026, 00:00".
 *
 * @example
 * formatTime('2026-08-24T22:00:00.000Z', 'da'); // 'tirsdag den 25. august 2026 kl. 00.00'
 */
export function formatTime(iso: string, lang: Lang): string {
  const parts = FORMATS[lang].formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  if (lang === 'en') return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
  return `${part('weekday')} den ${part('day')}. ${part('month')} ${part('year')} kl. ${part('hour')}.${part('minute')}`;
}
