/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout } from '../layout.js';

/**
 * An outcome of the subscription pages in words: "Tjek din mail", "Du er afmeldt", "Linket er
 * udløbet", "Prøv igen om lidt" … — a title, a few paragraphs and the links to go on with.
 *
 * @example
 * renderPage(<SubscriptionMessagePage lang="da" path="/abonnement" title="Tjek din mail" texts={[…]} />);
 */
export function SubscriptionMessagePage(props: {
  lang: Lang;
  /** The page's own path (the language switch points at it). */
  path: string;
  title: string;
  texts: readonly string[];
  links?: ReadonlyArray<{ href: string; label: string }> | undefined;
}) {
  const { lang, path, title, texts, links = [] } = props;
  return (
    <Layout lang={lang} path={path} title={title}>
      {texts.map((text) => (
        <p class="text">{text}</p>
      ))}
      {links.length > 0 ? (
        <ul class="next-links">
          {links.map((link) => (
            <li>
              <a href={link.href}>{link.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>
  );
}
