import type { Lang } from '@kdi-status/sdk';

/**
 * The feeds', calendars' and badges' paths: one place, so pages, feeds and tests agree.
 *
 * @example
 * FEED_PATHS.componentAtom('ky'); // '/c/ky/feed.atom'
 */
export const FEED_PATHS = {
  atom: '/feeds/incidents.atom',
  rss: '/feeds/incidents.rss',
  calendar: '/calendar.ics',
  componentAtom: (id: string) => `/c/${encodeURIComponent(id)}/feed.atom`,
  componentRss: (id: string) => `/c/${encodeURIComponent(id)}/feed.rss`,
  componentCalendar: (id: string) => `/c/${encodeURIComponent(id)}/calendar.ics`,
  badge: (id: string) => `/badge/${encodeURIComponent(id)}.svg`,
} as const;

/**
 * `path` in `lang`: Danish has no parameter, English `?lang=en` (as the pages do).
 *
 * @example
 * inLang(FEED_PATHS.atom, 'en'); // '/feeds/incidents.atom?lang=en'
 */
export function inLang(path: string, lang: Lang): string {
  return lang === 'en' ? `${path}?lang=en` : path;
}
