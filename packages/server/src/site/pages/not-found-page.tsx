/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';

/**
 * The HTML 404 of the site (an unknown component or incident): people, not programs, follow these links.
 *
 * @example
 * renderPage(<NotFoundPage lang="da" />);
 */
export function NotFoundPage({ lang }: { lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <Layout lang={lang} path="/" title={t.notFound}>
      <p>{t.notFoundText}</p>
      <p>
        <a href={pathIn('/', lang)}>{t.backHome}</a>
      </p>
    </Layout>
  );
}
