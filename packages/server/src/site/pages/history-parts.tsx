/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { messagesFor } from '../messages.js';

const WITH_SECONDS = {
  da: new Intl.DateTimeFormat('da-DK', {
    timeZone: 'Europe/Copenhagen',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
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
    second: '2-digit',
    hourCycle: 'h23',
  }),
};

/**
 * An instant to the second in Copenhagen time, as `formatTime` words it with the seconds added:
 * "tirsdag den 3. marts 2026 kl. 10.14.05", "Tuesday 3 March 2026, 10:14:05".
 *
 * @example
 * formatInstant('2026-03-03T09:14:05.000Z', 'da'); // 'tirsdag den 3. marts 2026 kl. 10.14.05'
 */
export function formatInstant(iso: string, lang: Lang): string {
  const parts = WITH_SECONDS[lang].formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  if (lang === 'en')
    return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}:${part('second')}`;
  return `${part('weekday')} den ${part('day')}. ${part('month')} ${part('year')} kl. ${part('hour')}.${part('minute')}.${part('second')}`;
}

/**
 * A duration in words, to the minute: "2 t 15 min", "3 d 4 t", "45 min" (English "h", "d").
 *
 * @example
 * formatDuration(8_100_000, 'da'); // '2 t 15 min'
 */
export function formatDuration(ms: number, lang: Lang): string {
  const t = messagesFor(lang).hist;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${t.dayUnit} ${hours} ${t.hourUnit}` : `${days} ${t.dayUnit}`;
  if (hours > 0) return rest > 0 ? `${hours} ${t.hourUnit} ${rest} min` : `${hours} ${t.hourUnit}`;
  return `${rest} min`;
}

/** A link to another page of a list (`rel` prev/next), or nothing. */
export interface PagerLink {
  href: string;
  label: string;
  rel: 'prev' | 'next';
}

/**
 * Previous/next links of a paged list, in a labelled `nav`.
 *
 * @example
 * <Pager label="Sider" links={[{ href: '/maintenance?page=1', label: 'Forrige side', rel: 'prev' }]} />
 */
export function Pager({ label, links }: { label: string; links: readonly PagerLink[] }) {
  if (links.length === 0) return null;
  return (
    <nav class="pager" aria-label={label}>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href} rel={link.rel}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
