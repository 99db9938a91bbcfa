/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import {
  ButtonForm,
  ErrorSummary,
  ManageForm,
  type ComponentChoice,
  type SubscriptionFormErrors,
  type SubscriptionFormValues,
} from './subscription-parts.js';

export interface SubscriptionManagePageProps {
  lang: Lang;
  /** `/abonnement/:token`: the form saves to it, the delete button posts to its `/slet`. */
  path: string;
  address: string;
  choices: readonly ComponentChoice[];
  values: SubscriptionFormValues;
  errors?: SubscriptionFormErrors | undefined;
  /** Just saved: says so (a status message, read out by screen readers). */
  saved?: boolean | undefined;
}

/**
 * `/abonnement/:token`: the subscription's components (grouped as the site groups them) and the
 * language of its mails, with Save; and "Slet alt om mig", which deletes the subscriber and its
 * unsent mails.
 *
 * @example
 * renderPage(<SubscriptionManagePage lang="da" path="/abonnement/…" address="lis@kommune.dk" choices={choices} values={values} />);
 */
export function SubscriptionManagePage({ lang, path, address, choices, values, errors = {}, saved }: SubscriptionManagePageProps) {
  const t = messagesFor(lang).subs;
  const failed = Object.keys(errors).length > 0;
  return (
    <Layout lang={lang} path={path} title={t.manageTitle} documentTitle={failed ? `${t.errorPrefix} ${t.manageTitle}` : undefined}>
      <ErrorSummary errors={errors} lang={lang} />
      {saved ? (
        <p class="notice" role="status">
          {t.saved}
        </p>
      ) : null}
      <p class="text">{t.manageIntro(address)}</p>
      <ManageForm action={pathIn(path, lang)} choices={choices} values={values} errors={errors} lang={lang} />
      <section aria-labelledby="delete-all">
        <h2 id="delete-all">{t.deleteHeading}</h2>
        <p>{t.deleteText}</p>
        <ButtonForm action={pathIn(`${path}/slet`, lang)} label={t.deleteButton} danger />
      </section>
    </Layout>
  );
}
