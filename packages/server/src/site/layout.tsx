/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import type { ComponentChildren } from 'preact';
import { formatTime } from './format-time.js';
import { messagesFor } from './messages.js';

/** The stylesheet's URL: a file of its own, so the CSP needs no `unsafe-inline`. */
export const STYLESHEET_PATH = '/site/site.css';

/** The URL of `path` in `lang`: Danish has no parameter, English `?lang=en`. */
export function pathIn(path: string, lang: Lang): string {
  return lang === 'en' ? `${path}?lang=en` : path;
}

export interface LayoutProps {
  lang: Lang;
  /** The page's own path, without the language (`/c/ky`): the language switch and `hreflang` links point at it. */
  path: string;
  /** The page's title: the document's `<title>` and its one `<h1>`. */
  title: string;
  updatedAt?: string | undefined;
  children: ComponentChildren;
}

/**
 * Every page's frame: `lang`, a skip link, header with the site name and a language switch,
 * `main` with the one `h1`, a footer; `hreflang` alternates for both languages.
 *
 * @example
 * renderPage(<Layout lang="da" path="/" title="Driftsstatus">…</Layout>);
 */
export function Layout({ lang, path, title, updatedAt, children }: LayoutProps) {
  const t = messagesFor(lang);
  const other: Lang = lang === 'da' ? 'en' : 'da';
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title === t.siteName ? title : `${title} · ${t.siteName}`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <link rel="alternate" hrefLang="da" href={pathIn(path, 'da')} />
        <link rel="alternate" hrefLang="en" href={pathIn(path, 'en')} />
        <link rel="alternate" hrefLang="x-default" href={pathIn(path, 'da')} />
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
        </footer>
      </body>
    </html>
  );
}
