/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { COMPONENT_KINDS, type ComponentKind, type Lang } from '@kdi-status/sdk';
import type { ComponentChildren } from 'preact';
import { CONSENT } from '../../notify/subscriptions.js';
import { pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { MunicipalitySelect } from './municipality-parts.js';

/** The fields of the subscription forms, in the order they are shown (and their errors summed up). */
export const SUBSCRIPTION_FIELDS = ['address', 'components', 'municipality', 'lang', 'consent'] as const;
export type SubscriptionField = (typeof SUBSCRIPTION_FIELDS)[number];

/** What a form shows in its fields: what the person entered (kept after an error), or the defaults. */
export interface SubscriptionFormValues {
  address: string;
  /** "Alle løsninger, også nye" ticked. */
  all: boolean;
  components: readonly string[];
  lang: Lang | undefined;
  consent: boolean;
  /** The one municipality chosen (a kommunekode); absent or null: all. */
  municipality?: string | null | undefined;
}

/** One error text per field at fault, in the page's language. */
export type SubscriptionFormErrors = Partial<Record<SubscriptionField, string>>;

/** A component one can choose: its id, name and kind (for the groups). */
export interface ComponentChoice {
  id: string;
  name: string;
  kind: ComponentKind;
}

/** Where the form posts: the sign-up (`/abonnement`). */
export const SIGN_UP_PATH = '/abonnement';

/** Every id of the forms starts with this: no id of the page around them can clash. */
const ID = 'subscribe-';

/** The element an error in the summary links to: the field itself, or a group's first box. */
export const fieldAnchor: Record<SubscriptionField, string> = {
  address: `${ID}address`,
  components: `${ID}all`,
  municipality: `${ID}municipality`,
  lang: `${ID}lang-da`,
  consent: `${ID}consent`,
};

const errorId = (field: SubscriptionField) => `${ID}${field}-error`;

/** `aria-describedby` of a field: its hint (when it has one) and its error (when it has one). */
const describedBy = (hint: string | undefined, field: SubscriptionField, errors: SubscriptionFormErrors) =>
  [hint, errors[field] ? errorId(field) : undefined].filter(Boolean).join(' ') || undefined;

/** A field's error text, under its label, with "Fejl:" for screen readers (GOV.UK's pattern). */
function FieldError({ field, errors, lang }: { field: SubscriptionField; errors: SubscriptionFormErrors; lang: Lang }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <p id={errorId(field)} class="field-error">
      <span class="visually-hidden">{messagesFor(lang).subs.errorPrefix} </span>
      {message}
    </p>
  );
}

/**
 * "Der er et problem": the errors of a form, each linking to its field, at the top of the page.
 * It takes the focus when the page loads (`autofocus` on `tabindex="-1"`), so a screen reader
 * reads it first and a keyboard user starts from it. Nothing when there are no errors.
 *
 * @example
 * <ErrorSummary errors={{ address: 'Skriv din e-mailadresse' }} lang="da" />
 */
export function ErrorSummary({ errors, lang }: { errors: SubscriptionFormErrors; lang: Lang }) {
  const fields = SUBSCRIPTION_FIELDS.filter((field) => errors[field]);
  if (fields.length === 0) return null;
  return (
    <div class="error-summary" tabIndex={-1} autofocus aria-labelledby={`${ID}error-summary-title`}>
      <div role="alert">
        <h2 class="error-summary-title" id={`${ID}error-summary-title`}>
          {messagesFor(lang).subs.errorSummary}
        </h2>
        <ul>
          {fields.map((field) => (
            <li>
              <a href={`#${fieldAnchor[field]}`}>{errors[field]}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** A box and its label, side by side. */
function Box(props: {
  type: 'checkbox' | 'radio';
  id: string;
  name: string;
  value: string;
  checked: boolean;
  invalid?: boolean | undefined;
  describedBy?: string | undefined;
  lang?: Lang | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="choice">
      <input
        type={props.type}
        id={props.id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        aria-invalid={props.invalid ? 'true' : undefined}
        aria-describedby={props.describedBy}
      />
      <label for={props.id} lang={props.lang}>
        {props.children}
      </label>
    </div>
  );
}

function AddressField({ values, errors, lang }: { values: SubscriptionFormValues; errors: SubscriptionFormErrors; lang: Lang }) {
  const t = messagesFor(lang).subs;
  const hint = `${ID}address-hint`;
  return (
    <div class={errors.address ? 'field field-invalid' : 'field'}>
      <label class="field-label" for={fieldAnchor.address}>
        {t.addressLabel}
      </label>
      <p id={hint} class="hint">
        {t.addressHint}
      </p>
      <FieldError field="address" errors={errors} lang={lang} />
      <input
        class="text-input"
        type="email"
        id={fieldAnchor.address}
        name="address"
        autocomplete="email"
        spellcheck={false}
        value={values.address}
        aria-describedby={describedBy(hint, 'address', errors)}
        aria-invalid={errors.address ? 'true' : undefined}
      />
    </div>
  );
}

/**
 * The components to choose from: "all, new ones too", then one box per component, grouped by kind
 * as the front page groups them. `more` links to the whole list (the component page offers its
 * own component only).
 */
function ComponentsField(props: {
  choices: readonly ComponentChoice[];
  values: SubscriptionFormValues;
  errors: SubscriptionFormErrors;
  more?: boolean | undefined;
  lang: Lang;
}) {
  const { choices, values, errors, more, lang } = props;
  const site = messagesFor(lang);
  const t = site.subs;
  const hint = `${ID}components-hint`;
  const invalid = Boolean(errors.components);
  const chosen = new Set(values.components);
  return (
    <fieldset class={invalid ? 'field field-invalid' : 'field'} aria-describedby={describedBy(hint, 'components', errors)}>
      <legend class="field-label">{t.componentsLegend}</legend>
      <p id={hint} class="hint">
        {t.componentsHint}
      </p>
      <FieldError field="components" errors={errors} lang={lang} />
      <Box type="checkbox" id={fieldAnchor.components} name="all" value="true" checked={values.all} invalid={invalid}>
        {t.allComponents}
      </Box>
      {COMPONENT_KINDS.map((kind) => {
        const ofKind = choices.filter((c) => c.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <fieldset class="choice-group">
            <legend>{site.kindHeading[kind]}</legend>
            {ofKind.map((c) => (
              <Box type="checkbox" id={`${ID}c-${c.id}`} name="components" value={c.id} checked={chosen.has(c.id)}>
                <span class="text">{c.name}</span>
              </Box>
            ))}
          </fieldset>
        );
      })}
      {more ? (
        <p>
          <a href={pathIn(SIGN_UP_PATH, lang)}>{t.moreComponents}</a>
        </p>
      ) : null}
    </fieldset>
  );
}

/** The one municipality to hear of (optional): "Alle kommuner" or one of the 98 by name. */
function MunicipalityField({ values, errors, lang }: { values: SubscriptionFormValues; errors: SubscriptionFormErrors; lang: Lang }) {
  const t = messagesFor(lang).kommune;
  const hint = `${ID}municipality-hint`;
  return (
    <div class={errors.municipality ? 'field field-invalid' : 'field'}>
      <label class="field-label" for={fieldAnchor.municipality}>
        {t.subscribeLabel}
      </label>
      <p id={hint} class="hint">
        {t.subscribeHint}
      </p>
      <FieldError field="municipality" errors={errors} lang={lang} />
      <MunicipalitySelect
        id={fieldAnchor.municipality}
        name="municipality"
        selected={values.municipality ?? null}
        describedBy={describedBy(hint, 'municipality', errors)}
        invalid={Boolean(errors.municipality)}
        lang={lang}
      />
    </div>
  );
}

function LangField({ values, errors, lang }: { values: SubscriptionFormValues; errors: SubscriptionFormErrors; lang: Lang }) {
  const t = messagesFor(lang).subs;
  const invalid = Boolean(errors.lang);
  return (
    <fieldset class={invalid ? 'field field-invalid' : 'field'} aria-describedby={describedBy(undefined, 'lang', errors)}>
      <legend class="field-label">{t.langLegend}</legend>
      <FieldError field="lang" errors={errors} lang={lang} />
      <Box type="radio" id={fieldAnchor.lang} name="lang" value="da" checked={values.lang === 'da'} invalid={invalid} lang="da">
        Dansk
      </Box>
      <Box type="radio" id={`${ID}lang-en`} name="lang" value="en" checked={values.lang === 'en'} invalid={invalid} lang="en">
        English
      </Box>
    </fieldset>
  );
}

/** The consent: the text (what is kept, for how long) next to an unticked box. */
function ConsentField({ values, errors, lang }: { values: SubscriptionFormValues; errors: SubscriptionFormErrors; lang: Lang }) {
  const t = messagesFor(lang).subs;
  const text = `${ID}consent-text`;
  return (
    <fieldset class={errors.consent ? 'field field-invalid' : 'field'}>
      <legend class="field-label">{t.consentLegend}</legend>
      <p id={text} class="consent-text">
        {CONSENT[lang]}
      </p>
      <FieldError field="consent" errors={errors} lang={lang} />
      <Box
        type="checkbox"
        id={fieldAnchor.consent}
        name="consent"
        value="true"
        checked={values.consent}
        invalid={Boolean(errors.consent)}
        describedBy={describedBy(text, 'consent', errors)}
      >
        {t.consentLabel}
      </Box>
    </fieldset>
  );
}

export interface SubscribeFormProps {
  choices: readonly ComponentChoice[];
  values: SubscriptionFormValues;
  errors?: SubscriptionFormErrors | undefined;
  /** Offer a link to the whole list of components (when `choices` is not all of them). */
  more?: boolean | undefined;
  lang: Lang;
}

/**
 * The sign-up form: address, components, municipality (optional), language of the mails, consent. It posts to
 * `/abonnement` (in the page's language) and works without JavaScript; the browser's own
 * validation is off (`novalidate`), so every error is told the same accessible way by the server.
 *
 * @example
 * <SubscribeForm choices={choicesOf(view.summary.components)} values={emptyValues('da')} lang="da" />
 */
export function SubscribeForm({ choices, values, errors = {}, more, lang }: SubscribeFormProps) {
  const t = messagesFor(lang).subs;
  return (
    <form class="subscribe-form" method="post" action={pathIn(SIGN_UP_PATH, lang)} noValidate>
      <AddressField values={values} errors={errors} lang={lang} />
      <ComponentsField choices={choices} values={values} errors={errors} more={more} lang={lang} />
      <MunicipalityField values={values} errors={errors} lang={lang} />
      <LangField values={values} errors={errors} lang={lang} />
      <ConsentField values={values} errors={errors} lang={lang} />
      <p>
        <button class="button" type="submit">
          {t.submit}
        </button>
      </p>
    </form>
  );
}

/**
 * The manage page's form: components, municipality and language, saved to the subscription's own URL.
 *
 * @example
 * <ManageForm action="/abonnement/…" choices={choices} values={valuesOf(subscriber)} lang="da" />
 */
export function ManageForm(props: {
  action: string;
  choices: readonly ComponentChoice[];
  values: SubscriptionFormValues;
  errors?: SubscriptionFormErrors | undefined;
  lang: Lang;
}) {
  const { action, choices, values, errors = {}, lang } = props;
  return (
    <form class="subscribe-form" method="post" action={action} noValidate>
      <ComponentsField choices={choices} values={values} errors={errors} lang={lang} />
      <MunicipalityField values={values} errors={errors} lang={lang} />
      <LangField values={values} errors={errors} lang={lang} />
      <p>
        <button class="button" type="submit">
          {messagesFor(lang).subs.save}
        </button>
      </p>
    </form>
  );
}

/**
 * A form that is one button (confirm, unsubscribe, delete): mail scanners follow links, so no
 * GET changes anything; the person presses the button.
 *
 * @example
 * <ButtonForm action="/abonnement/afmeld/…" label="Afmeld" />
 */
export function ButtonForm({ action, label, danger }: { action: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={action}>
      <button class={danger ? 'button button-danger' : 'button'} type="submit">
        {label}
      </button>
    </form>
  );
}

/**
 * The form's fields before anything was entered: nothing chosen, the page's language for the mails.
 *
 * @example
 * emptyValues('da'); // { address: '', all: false, components: [], lang: 'da', consent: false }
 */
export function emptyValues(lang: Lang, components: readonly string[] = []): SubscriptionFormValues {
  return { address: '', all: false, components, lang, consent: false };
}
