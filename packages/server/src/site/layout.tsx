/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import type { ComponentChildren } from 'preact';
import { FEED_PATHS, inLang } from '../feeds/feed-paths.js';
import { formatTime } from './format-time.js';
import { messagesFor } from './messages.js';

/** The stylesheet's URL: a file of its own, so the CSP needs no `unsafe-inline`. */
export const STYLESHEET_PATH = '/site/site.css';

/** The URL of `path` in `lang`: Danish has no parameter, English `?lang=en`. */
export function pathIn(path: string, lang: Lang): string {
  return lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path;
}

/** The anchor of a maintenance window's card: `/maintenance#window-<id>` (prefixed, so no id of a window can clash with the page's own). */
export const maintenanceAnchor = (id: string): string => `window-${id}`;

/**
 * Where a maintenance window is shown: its card on `/maintenance`, in `lang`.
 *
 * @example
 * maintenanceHref('sp-update', 'en'); // '/maintenance?lang=en#window-sp-update'
 */
export function maintenanceHref(id: string, lang: Lang): string {
  return `${pathIn('/maintenance', lang)}#${encodeURIComponent(maintenanceAnchor(id))}`;
}

export interface LayoutProps {
  lang: Lang;
  /** The page's own path, without the language (`/c/ky`): the language switch and `hreflang` links point at it. */
  path: string;
  /** The page's title: the document's `<title>` and its one `<h1>`. */
  title: string;
  /** The document's `<title>` when it says more than the `<h1>` (a page number). */
  documentTitle?: string | undefined;
  updatedAt?: string | undefined;
  /** The component whose own feeds the page offers besides the global ones (autodiscovery). */
  componentFeed?: { id: string; name: string } | undefined;
  children: ComponentChildren;
}

/**
 * Every page's frame: `lang`, a skip link, header with the site name and a language switch,
 * `main` with the one `h1`, a footer; `hreflang` alternates for both languages.
 *
 * @example
 * renderPage(<Layout lang="da" path="/" title="Driftsstatus">…</Layout>);
 */
export function Layout({ lang, path, title, documentTitle = title, updatedAt, componentFeed, children }: LayoutProps) {
  const t = messagesFor(lang);
  const other: Lang = lang === 'da' ? 'en' : 'da';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{documentTitle === t.siteName ? documentTitle : `${documentTitle} · ${t.siteName}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <link rel="alternate" hrefLang="da" href={pathIn(path, 'da')} />
        <link rel="alternate" hrefLang="en" href={pathIn(path, 'en')} />
        <link rel="alternate" hrefLang="x-default" href={pathIn(path, 'da')} />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={`${t.siteName}: ${t.feedTitle} (Atom)`}
          href={inLang(FEED_PATHS.atom, lang)}
        />
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${t.siteName}: ${t.feedTitle} (RSS)`}
          href={inLang(FEED_PATHS.rss, lang)}
        />
        {componentFeed ? (
          <>
            <link
              rel="alternate"
              type="application/atom+xml"
              title={`${componentFeed.name}: ${t.feedTitle} (Atom)`}
              href={inLang(FEED_PATHS.componentAtom(componentFeed.id), lang)}
            />
            <link
              rel="alternate"
              type="application/rss+xml"
              title={`${componentFeed.name}: ${t.feedTitle} (RSS)`}
              href={inLang(FEED_PATHS.componentRss(componentFeed.id), lang)}
            />
          </>
        ) : null}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skip}
        </a>
        <header class="site-header">
          <a class="site-name" href={pathIn('/', lang)}>
            {t.siteName}
          </a>
          <nav aria-label={t.navMain}>
            <ul>
              <li>
                <a href={pathIn('/', lang)}>{t.navHome}</a>
              </li>
              <li>
                <a href={pathIn('/maintenance', lang)}>{t.hist.navMaintenance}</a>
              </li>
              <li>
                <a href={pathIn('/history', lang)}>{t.hist.navHistory}</a>
              </li>
              <li>
                <a href={pathIn(path, other)} hrefLang={other} lang={other} aria-label={t.otherLanguageLabel}>
                  {t.otherLanguage}
                </a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
        <footer class="site-footer">
          <p>
            {updatedAt ? `${t.updated} ${formatTime(updatedAt, lang)}. ` : ''}
            {t.footer}
          </p>
          <p>
            <a href={pathIn('/tilgaengelighed', lang)}>{t.accessibilityStatement}</a> · <a href={pathIn('/api', lang)}>{t.apiReference}</a>{' '}
            · <a href="/api/v1/log/public-key">{t.logPublicKey}</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
