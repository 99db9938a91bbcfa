/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { ButtonForm } from './subscription-parts.js';

/**
 * `/abonnement/bekraeft/:token`: one button that confirms the sign-up. The link in the mail only
 * shows this page (mail scanners follow links); the button's POST confirms.
 *
 * @example
 * renderPage(<SubscriptionConfirmPage lang="da" path="/abonnement/bekraeft/…" address="lis@kommune.dk" />);
 */
export function SubscriptionConfirmPage({ lang, path, address }: { lang: Lang; path: string; address: string }) {
  const t = messagesFor(lang).subs;
  return (
    <Layout lang={lang} path={path} title={t.confirmTitle}>
      <p class="text">{t.confirmText(address)}</p>
      <ButtonForm action={pathIn(path, lang)} label={t.confirmButton} />
    </Layout>
  );
}
