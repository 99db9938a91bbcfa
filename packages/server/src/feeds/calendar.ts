import { localized, type ContentItem, type Lang, type Maintenance } from '@kdi-status/sdk';
import { messagesFor } from '../site/messages.js';
import { maintenanceHref } from '../site/layout.js';
import type { FeedState, Revisioned } from './feed-index.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { escapeIcalText, icalLine, icalTime } from './ical-text.js';

/** How far back a calendar reaches: windows and releases of the last 90 days stay, as history. */
export const CALENDAR_PAST_MS = 90 * 24 * 3_600_000;

/**
 * A calendar UID (RFC 5545 §3.8.4.7): the record's kind and id at the server's host, the same
 * for ever and in every language, so a calendar updates or cancels the event it has.
 *
 * @example
 * calendarUid('maintenance', 'mnt_1', 'status.example.dk'); // 'maintenance-mnt_1@status.example.dk'
 */
export function calendarUid(kind: 'maintenance' | 'release', id: string, host: string): string {
  return `${kind}-${encodeURIComponent(id)}@${host}`;
}

/** `YYYYMMDD` of an instant in Copenhagen, and of the day after it. */
const COPENHAGEN_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
function copenhagenDay(iso: string): { day: string; next: string } {
  const [y, m, d] = COPENHAGEN_DATE.format(new Date(iso)).split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replaceAll('-', '');
  return { day: `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`, next };
}

function maintenanceEvent(
  record: Revisioned<Maintenance>,
  lang: Lang,
  { origin, host }: PublicOrigin,
  names: ReadonlyMap<string, string>,
): string {
  const t = messagesFor(lang);
  const m = record.data;
  const affected = m.components.map((id) => names.get(id) ?? id).join(', ');
  const description = [localized(m.description, lang), `${t.affected}: ${affected}`].filter(Boolean).join('\n');
  return [
    'BEGIN:VEVENT\r\n',
    icalLine('UID', calendarUid('maintenance', m.id, host)),
    icalLine('DTSTAMP', icalTime(record.revisedAt)),
    icalLine('LAST-MODIFIED', icalTime(record.revisedAt)),
    icalLine('SEQUENCE', String(record.revision)),
    icalLine('DTSTART', icalTime(m.startsAt)),
    icalLine('DTEND', icalTime(m.endsAt)),
    icalLine('SUMMARY', escapeIcalText(`${t.feedMaintenance}: ${localized(m.title, lang)}`)),
    icalLine('DESCRIPTION', escapeIcalText(description)),
    icalLine('URL', `${origin}${maintenanceHref(m.id, lang)}`),
    icalLine('STATUS', m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'),
    icalLine('TRANSP', 'TRANSPARENT'),
    icalLine('CATEGORIES', escapeIcalText(t.feedMaintenance)),
    'END:VEVENT\r\n',
  ].join('');
}

function releaseEvent(
  record: Revisioned<ContentItem>,
  lang: Lang,
  { origin, host }: PublicOrigin,
  names: ReadonlyMap<string, string>,
): string {
  const t = messagesFor(lang);
  const item = record.data;
  const { day, next } = copenhagenDay(item.date);
  const component = names.get(item.componentId) ?? item.componentId;
  return [
    'BEGIN:VEVENT\r\n',
    icalLine('UID', calendarUid('release', item.id, host)),
    icalLine('DTSTAMP', icalTime(record.revisedAt)),
    icalLine('LAST-MODIFIED', icalTime(record.revisedAt)),
    icalLine('SEQUENCE', String(record.revision)),
    // A release has a day, not a window: an all-day event on its date in Danish time.
    icalLine('DTSTART;VALUE=DATE', day),
    icalLine('DTEND;VALUE=DATE', next),
    icalLine('SUMMARY', escapeIcalText(`${t.calendarRelease} – ${component}: ${localized(item.title, lang)}`)),
    icalLine('DESCRIPTION', escapeIcalText(localized(item.body, lang))),
    icalLine('URL', `${origin}/c/${encodeURIComponent(item.componentId)}${lang === 'en' ? '?lang=en' : ''}#releases`),
    icalLine('STATUS', record.deleted ? 'CANCELLED' : 'CONFIRMED'),
    icalLine('TRANSP', 'TRANSPARENT'),
    icalLine('CATEGORIES', escapeIcalText(t.calendarRelease)),
    'END:VEVENT\r\n',
  ].join('');
}

export interface CalendarOptions {
  /** The calendar's name (RFC 7986 NAME and the common X-WR-CALNAME). */
  name: string;
  lang: Lang;
  origin: PublicOrigin;
  /** Which components it covers (see scopeOf). */
  inScope: (componentId: string) => boolean;
  /** Component names by id, for summaries and descriptions. */
  names: ReadonlyMap<string, string>;
  now: Date;
}

/**
 * An iCalendar document (RFC 5545) of planned maintenance and planned releases: one VEVENT per
 * window or release with a stable UID and a SEQUENCE that grows with every change of what the
 * event says; a cancelled window or a deleted release stays, `STATUS:CANCELLED`, with a higher
 * SEQUENCE. Lines folded at 75 octets, CRLF, TEXT escaped.
 *
 * @example
 * renderCalendar(await index.current(), { name: 'Driftsstatus', lang: 'da', origin, inScope: () => true, names, now: new Date() });
 */
export function renderCalendar(state: FeedState, options: CalendarOptions): string {
  const { lang, origin, inScope, names } = options;
  const since = new Date(options.now.getTime() - CALENDAR_PAST_MS).toISOString();
  const maintenances = [...state.maintenances.values()]
    .filter((r) => r.data.endsAt >= since && r.data.components.some(inScope))
    .sort((a, b) => (a.data.startsAt < b.data.startsAt ? -1 : 1));
  const releases = [...state.releases.values()]
    .filter((r) => r.data.date >= since && inScope(r.data.componentId))
    .sort((a, b) => (a.data.date < b.data.date ? -1 : 1));
  return [
    'BEGIN:VCALENDAR\r\n',
    icalLine('VERSION', '2.0'),
    icalLine('PRODID', '-//kdi-status//Driftsstatus//DA'),
    icalLine('CALSCALE', 'GREGORIAN'),
    icalLine('NAME', escapeIcalText(options.name)),
    icalLine('X-WR-CALNAME', escapeIcalText(options.name)),
    icalLine('REFRESH-INTERVAL;VALUE=DURATION', 'PT1H'),
    ...maintenances.map((r) => maintenanceEvent(r, lang, origin, names)),
    ...releases.map((r) => releaseEvent(r, lang, origin, names)),
    'END:VCALENDAR\r\n',
  ].join('');
}
