/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout } from '../layout.js';
import { messagesFor } from '../messages.js';
import {
  ErrorSummary,
  SIGN_UP_PATH,
  SubscribeForm,
  type ComponentChoice,
  type SubscriptionFormErrors,
  type SubscriptionFormValues,
} from './subscription-parts.js';

/**
 * `/abonnement`: the sign-up form on a page of its own, and the same page again with the errors
 * (a summary first, which takes the focus; "Fejl: " before the title) and the values entered.
 *
 * @example
 * renderPage(<SignUpPage choices={choices} values={emptyValues('da')} lang="da" />);
 */
export function SignUpPage(props: {
  choices: readonly ComponentChoice[];
  values: SubscriptionFormValues;
  errors?: SubscriptionFormErrors | undefined;
  lang: Lang;
}) {
  const { choices, values, errors = {}, lang } = props;
  const t = messagesFor(lang).subs;
  const failed = Object.keys(errors).length > 0;
  return (
    <Layout lang={lang} path={SIGN_UP_PATH} title={t.heading} documentTitle={failed ? `${t.errorPrefix} ${t.heading}` : undefined}>
      <ErrorSummary errors={errors} lang={lang} />
      <p>{t.intro}</p>
      <SubscribeForm choices={choices} values={values} errors={errors} lang={lang} />
    </Layout>
  );
}
