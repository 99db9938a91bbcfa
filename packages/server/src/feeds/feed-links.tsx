/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { messagesFor } from '../site/messages.js';
import { FEED_PATHS, inLang } from './feed-paths.js';

/**
 * The "Feeds og kalender" block of `/c/:component`: the component's Atom and RSS feeds, its
 * calendar and its badge, each a plain link with a name that says what it is.
 *
 * @example
 * renderPage(<FeedLinks componentId="ky" lang="da" />);
 */
export function FeedLinks({ componentId, lang }: { componentId: string; lang: Lang }) {
  const t = messagesFor(lang);
  const links = [
    [FEED_PATHS.componentAtom(componentId), t.feedAtom, 'application/atom+xml'],
    [FEED_PATHS.componentRss(componentId), t.feedRss, 'application/rss+xml'],
    [FEED_PATHS.componentCalendar(componentId), t.calendarLink, 'text/calendar'],
    [FEED_PATHS.badge(componentId), t.badgeLink, 'image/svg+xml'],
  ] as const;
  return (
    <section aria-labelledby="feeds">
      <h2 id="feeds">{t.feedsHeading}</h2>
      <ul class="feed-links">
        {links.map(([path, label, type]) => (
          <li>
            <a href={inLang(path, lang)} type={type}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
