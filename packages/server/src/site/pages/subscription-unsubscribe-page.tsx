/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { ButtonForm } from './subscription-parts.js';

/**
 * `/abonnement/afmeld/:token`: one button that unsubscribes (and deletes the address). Mail
 * clients that do RFC 8058's one-click unsubscribe POST to the same URL without showing it.
 *
 * @example
 * renderPage(<SubscriptionUnsubscribePage lang="da" path="/abonnement/afmeld/…" address="lis@kommune.dk" />);
 */
export function SubscriptionUnsubscribePage({ lang, path, address }: { lang: Lang; path: string; address: string }) {
  const t = messagesFor(lang).subs;
  return (
    <Layout lang={lang} path={path} title={t.unsubscribeTitle}>
      <p class="text">{t.unsubscribeText(address)}</p>
      <ButtonForm action={pathIn(path, lang)} label={t.unsubscribeButton} />
    </Layout>
  );
}
