import { ChangeSubscriptionRequestSchema, LangSchema, SubscribeRequestSchema, type Lang, type SubscriptionAccepted } from '@kdi-status/sdk';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import { z } from 'zod/mini';
import { InvalidInputError, NotFoundError, UnprocessableError, type FieldError } from '../domain/errors.js';
import { SUBSCRIPTION_PATH } from '../notify/subscription-links.js';
import {
  addressKey,
  changeSubscription,
  confirmSubscription,
  deleteSubscription,
  signUp,
  subscriberOf,
  SubscriptionExpiredError,
  unknownComponents,
  unknownMunicipality,
  type SubscriptionContext,
} from '../notify/subscriptions.js';
import type { ReadModelHolder } from '../read/read-model.js';
import type { Subscriber } from '../store/notification-store.js';
import type { Store } from '../store/store.js';
import { pathIn } from '../site/layout.js';
import { messagesFor } from '../site/messages.js';
import { NotFoundPage } from '../site/pages/not-found-page.js';
import { SubscriptionConfirmPage } from '../site/pages/subscription-confirm-page.js';
import { SubscriptionManagePage } from '../site/pages/subscription-manage-page.js';
import { SubscriptionMessagePage } from '../site/pages/subscription-message-page.js';
import {
  emptyValues,
  type ComponentChoice,
  type SubscriptionFormErrors,
  type SubscriptionFormValues,
} from '../site/pages/subscription-parts.js';
import { SignUpPage } from '../site/pages/subscription-sign-up-page.js';
import { SubscriptionUnsubscribePage } from '../site/pages/subscription-unsubscribe-page.js';
import { renderPage } from '../site/render-page.js';
import { setSiteHeaders } from '../site/site-headers.js';
import { fieldErrorsOf } from './field-errors.js';
import { problem, sendProblem } from './problem.js';
import { clientOf, createTokenBuckets, RateLimitedError } from './rate-limit.js';
import { parseQuery } from './validate-query.js';

/** The JSON API of sign-ups: `POST` signs up, `DELETE …/:token` unsubscribes. */
export const SUBSCRIPTIONS_API_PATH = '/api/v1/subscriptions';

/** The limits on sign-ups (in memory, per instance, as every limit of http/rate-limit.ts). */
export const SUBSCRIPTION_LIMITS = {
  /** Sign-ups (valid or not) a minute from one client address (an IPv6 /64). */
  signUpsPerClientPerMinute: 10,
  /** Sign-up mails (confirm, "already subscribed") an hour to one address; beyond it sign-ups are answered as ever and send nothing. */
  mailsPerAddressPerHour: 3,
};

/** A form post is a few hundred bytes; a sign-up choosing every component a few KB. */
const FORM_BODY_LIMIT = 16 * 1024;

export interface SubscriptionRoutesOptions {
  store: Store;
  /** The components one can choose: those the site shows (retired ones are not in it). */
  readModel: ReadModelHolder;
  now: () => Date;
  /** SMTP is configured: without it, no sign-up (the API answers 503, the site shows no form); links of earlier mails keep working. */
  mailEnabled: boolean;
  limits?: Partial<typeof SUBSCRIPTION_LIMITS> | undefined;
}

/** A form body: each name once as a string, a repeated one (checkboxes) as the list of its values. */
type FormBody = Record<string, string | string[]>;

/** `application/x-www-form-urlencoded` as the browser sends it (UTF-8), names kept on an object without prototype. */
function formOf(text: string): FormBody {
  const form: FormBody = Object.create(null) as FormBody;
  for (const [name, value] of new URLSearchParams(text)) {
    const had = form[name];
    form[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return form;
}

/** Whatever body reached a form route (a form, JSON, nothing) as a form: strings and lists of strings only. */
function asForm(body: unknown): FormBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return Object.create(null) as FormBody;
  const form: FormBody = Object.create(null) as FormBody;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') form[name] = value;
    else if (Array.isArray(value)) form[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return form;
}

const listOf = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const ticked = (value: string | string[] | undefined) => listOf(value).includes('true');
/** One field's one value; a repeated single field is kept as a list, so that validation refuses it. */
const single = (value: string | string[] | undefined) => (Array.isArray(value) && value.length === 1 ? value[0] : value);

/** The sign-up request a form stands for: "all" ticked is `null`, unticked consent `false`. */
function signUpInputOf(form: FormBody) {
  return {
    address: single(form.address) ?? '',
    components: ticked(form.all) ? null : listOf(form.components),
    lang: single(form.lang),
    consent: ticked(form.consent),
    municipality: municipalityOf(form),
  };
}

/** The form's municipality: "Alle kommuner" (empty) or none given is null. */
function municipalityOf(form: FormBody) {
  const value = single(form.municipality);
  return value === undefined || value === '' ? null : value;
}

/** What the form shows again after an error: what was entered, as it was typed. */
function valuesOf(form: FormBody): SubscriptionFormValues {
  const lang = LangSchema.safeParse(single(form.lang));
  const address = single(form.address);
  return {
    address: typeof address === 'string' ? address : '',
    all: ticked(form.all),
    components: listOf(form.components),
    lang: lang.success ? lang.data : undefined,
    consent: ticked(form.consent),
    municipality: typeof form.municipality === 'string' && form.municipality !== '' ? form.municipality : null,
  };
}

/**
 * Checks a sign-up or a change against its schema and the components one can subscribe to; every
 * field at fault is named (`address`, `components.1`, `consent`), all at once.
 */
function validate<S extends typeof SubscribeRequestSchema | typeof ChangeSubscriptionRequestSchema>(
  schema: S,
  input: unknown,
  live: ReadonlySet<string>,
): { ok: true; value: z.output<S> } | { ok: false; errors: FieldError[] } {
  const result = schema.safeParse(input);
  const raw = (input as { components?: unknown } | null)?.components;
  const components = Array.isArray(raw) && raw.every((id) => typeof id === 'string') ? (raw as string[]) : null;
  const unknown = [
    ...unknownComponents(components, live),
    ...unknownMunicipality((input as { municipality?: unknown } | null)?.municipality),
  ];
  if (result.success && unknown.length === 0) return { ok: true, value: result.data as z.output<S> };
  const errors = result.success ? [] : fieldErrorsOf(result.error.issues, '(body)');
  return { ok: false, errors: [...errors, ...unknown.filter((u) => !errors.some((e) => e.field === u.field))] };
}

/** The field errors of a form in words for people, one per field (the first thing wrong with it). */
function formErrorsOf(
  errors: readonly FieldError[],
  input: ReturnType<typeof signUpInputOf> | undefined,
  lang: Lang,
): SubscriptionFormErrors {
  const t = messagesFor(lang).subs.errors;
  const found: SubscriptionFormErrors = {};
  for (const { field } of errors) {
    const name = field.split('.')[0];
    if (name === 'address' && !found.address) {
      const address = typeof input?.address === 'string' ? input.address.trim() : undefined;
      found.address = address === '' ? t.addressMissing : (address?.length ?? 0) > 254 ? t.addressTooLong : t.addressInvalid;
    } else if (name === 'components' && !found.components) {
      found.components = /^components\.\d+$/.test(field) ? t.componentsUnknown : t.componentsMissing;
    } else if (name === 'municipality') found.municipality = messagesFor(lang).kommune.subscribeUnknown;
    else if (name === 'lang') found.lang = t.langMissing;
    else if (name === 'consent') found.consent = t.consentMissing;
    // An unknown field (a form with more in it) is nobody's mistake on the page: ignored.
  }
  return found;
}

const PageQuerySchema = z.object({ lang: z.optional(LangSchema) });

/**
 * Mail subscriptions (issue 11), in an encapsulated plugin of their own (its own form parsers):
 *
 * - `POST /api/v1/subscriptions` (JSON) and `POST /abonnement` (the site's form) sign an address
 *   up: the same answer whatever the address's state (202 / "Tjek din mail"), a confirmation or
 *   "already subscribed" mail queued (notify/subscriptions.ts). 422 naming each field at fault /
 *   the form again with its errors; 429 past the client's limit; 503 without SMTP.
 * - `GET|POST /abonnement/bekraeft/:token`: a page with one button; the POST confirms.
 * - `GET|POST /abonnement/:token`: the subscription's components and language; `POST
 *   /abonnement/:token/slet` deletes everything about the subscriber.
 * - `GET|POST /abonnement/afmeld/:token`: a page with one button; the POST (also RFC 8058's
 *   one-click, `List-Unsubscribe=One-Click`, no cookie or CSRF token: the token is the
 *   capability) deletes the subscriber. `DELETE /api/v1/subscriptions/:token` is its JSON twin.
 *
 * Pages of a token are in the subscriber's language unless `?lang=` says otherwise, never cached
 * (`no-store`), not indexed, and send no Referer.
 *
 * @example
 * registerSubscriptionRoutes(http, { store, readModel, now, mailEnabled: notify.smtpUrl !== undefined });
 */
export function registerSubscriptionRoutes(app: FastifyInstance, options: SubscriptionRoutesOptions): void {
  void app.register(subscriptionRoutes, options);
}

async function subscriptionRoutes(app: FastifyInstance, options: SubscriptionRoutesOptions): Promise<void> {
  const { readModel, mailEnabled } = options;
  const context: SubscriptionContext = { store: options.store, now: options.now };
  const limits = { ...SUBSCRIPTION_LIMITS, ...options.limits };
  const clock = () => options.now().getTime();
  const clients = createTokenBuckets({ perMinute: limits.signUpsPerClientPerMinute, now: clock });
  const addresses = createTokenBuckets({ perHour: limits.mailsPerAddressPerHour, now: clock });
  const mayMail = (address: string) => () => addresses.take(addressKey(address)) === 0;

  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: FORM_BODY_LIMIT },
    (_request, bytes, done) => {
      try {
        done(null, formOf(utf8.decode(bytes as Buffer)));
      } catch {
        done(new InvalidInputError('invalid_encoding', [{ field: '(body)', message: 'is not valid UTF-8' }]), undefined);
      }
    },
  );
  // RFC 8058 lets a one-click unsubscribe come as multipart/form-data: its content says nothing we need.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: FORM_BODY_LIMIT }, (_request, _bytes, done) =>
    done(null, {}),
  );

  const live = () => new Set(readModel.current().view.componentsById.keys());
  const choices = (): ComponentChoice[] =>
    readModel.current().view.summary.components.map((c) => ({ id: c.id, name: c.name, kind: c.kind }));
  const queryLang = (request: FastifyRequest) => parseQuery(PageQuerySchema, request.query).lang;

  function sendPage<P>(reply: FastifyReply, status: number, page: VNode<P>, kind: 'page' | 'token' = 'page') {
    setSiteHeaders(reply).header('cache-control', 'no-store');
    // A token's page: its URL is a secret, so no Referer carries it away, and no search engine keeps it.
    if (kind === 'token') reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex');
    return reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));
  }
  const message = (
    reply: FastifyReply,
    status: number,
    lang: Lang,
    path: string,
    title: string,
    texts: string[],
    kind: 'page' | 'token' = 'page',
  ) => sendPage(reply, status, h(SubscriptionMessagePage, { lang, path, title, texts, links: nextLinks(lang) }), kind);
  const nextLinks = (lang: Lang) => [{ href: pathIn('/', lang), label: messagesFor(lang).backHome }];

  /**
   * Runs a token page's work; an unknown token is the 404 page "Linket virker ikke", an expired
   * sign-up the 410 page "Linket er udløbet" (with the way to sign up again).
   */
  async function withToken(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply, work: () => Promise<FastifyReply>) {
    try {
      return await work();
    } catch (error) {
      const lang = queryLang(request) ?? 'da';
      const t = messagesFor(lang).subs;
      const path = request.url.split('?')[0]!;
      if (error instanceof NotFoundError && error.code === 'subscription_not_found')
        return message(reply, 404, lang, path, t.unknownTitle, [t.unknownText], 'token');
      if (error instanceof SubscriptionExpiredError) {
        const links = mailEnabled ? [{ href: pathIn(SUBSCRIPTION_PATH, lang), label: t.signUpAgain }] : nextLinks(lang);
        return sendPage(
          reply,
          410,
          h(SubscriptionMessagePage, { lang, path, title: t.expiredTitle, texts: [t.expiredText], links }),
          'token',
        );
      }
      throw error;
    }
  }

  /** The page's language: `?lang=`, else the subscriber's own. */
  const langFor = (request: FastifyRequest, subscriber: Subscriber): Lang => queryLang(request) ?? subscriber.lang;

  // —— the JSON API ——

  app.post(SUBSCRIPTIONS_API_PATH, async (request, reply) => {
    // A state of the server, not an error of it: answered, not thrown (nor logged as a failure).
    if (!mailEnabled)
      return sendProblem(
        request,
        reply,
        problem(503, 'mail_not_configured', 'This server sends no mail (SMTP_URL is not set), so it takes no subscriptions.'),
      );
    const wait = clients.take(clientOf(request.ip));
    if (wait) throw new RateLimitedError(wait, `Too many sign-ups from this client address: try again in ${wait} s.`);
    const checked = validate(SubscribeRequestSchema, request.body, live());
    if (!checked.ok) throw new UnprocessableError('invalid_subscription', checked.errors);
    await signUp(context, checked.value, mayMail(checked.value.address));
    const accepted: SubscriptionAccepted = {
      status: 'accepted',
      detail: 'If the address can receive mail, a mail with a confirmation link (valid for 48 hours) is on its way.',
    };
    return reply.code(202).header('cache-control', 'no-store').send(accepted);
  });

  app.delete<{ Params: { token: string } }>(`${SUBSCRIPTIONS_API_PATH}/:token`, async (request, reply) => {
    await deleteSubscription(context, request.params.token);
    return reply.code(204).header('cache-control', 'no-store').send();
  });

  // —— the site: sign-up ——

  app.get(SUBSCRIPTION_PATH, (request, reply) => {
    const lang = queryLang(request) ?? 'da';
    if (!mailEnabled) return sendPage(reply, 404, h(NotFoundPage, { lang }));
    return sendPage(reply, 200, h(SignUpPage, { choices: choices(), values: emptyValues(lang), lang }));
  });

  app.post(SUBSCRIPTION_PATH, async (request, reply) => {
    const lang = queryLang(request) ?? 'da';
    const t = messagesFor(lang).subs;
    if (!mailEnabled) return message(reply, 503, lang, SUBSCRIPTION_PATH, t.notOfferedTitle, [t.notOfferedText]);
    const wait = clients.take(clientOf(request.ip));
    if (wait) {
      reply.header('retry-after', String(wait));
      return message(reply, 429, lang, SUBSCRIPTION_PATH, t.tryLaterTitle, [t.tryLaterText]);
    }
    const form = asForm(request.body);
    const input = signUpInputOf(form);
    const checked = validate(SubscribeRequestSchema, input, live());
    if (!checked.ok) {
      const errors = formErrorsOf(checked.errors, input, lang);
      return sendPage(reply, 422, h(SignUpPage, { choices: choices(), values: valuesOf(form), errors, lang }));
    }
    await signUp(context, checked.value, mayMail(checked.value.address));
    return message(reply, 200, lang, SUBSCRIPTION_PATH, t.checkMailTitle, [
      t.checkMailText(checked.value.address),
      t.checkMailExisting,
      t.checkMailNone,
    ]);
  });

  // —— the site: confirm ——

  const confirmPath = `${SUBSCRIPTION_PATH}/bekraeft/:token`;
  app.get<{ Params: { token: string } }>(confirmPath, (request, reply) =>
    withToken(request, reply, async () => {
      const subscriber = await subscriberOf(context, request.params.token);
      const lang = langFor(request, subscriber);
      const path = request.url.split('?')[0]!;
      if (subscriber.confirmedAt) return confirmedPage(reply, subscriber, lang, path, true);
      return sendPage(reply, 200, h(SubscriptionConfirmPage, { lang, path, address: subscriber.address }), 'token');
    }),
  );
  app.post<{ Params: { token: string } }>(confirmPath, (request, reply) =>
    withToken(request, reply, async () => {
      const { subscriber, already } = await confirmSubscription(context, request.params.token);
      return confirmedPage(reply, subscriber, langFor(request, subscriber), request.url.split('?')[0]!, already);
    }),
  );
  function confirmedPage(reply: FastifyReply, subscriber: Subscriber, lang: Lang, path: string, already: boolean) {
    const t = messagesFor(lang).subs;
    const manage = pathIn(`${SUBSCRIPTION_PATH}/${encodeURIComponent(subscriber.token)}`, lang);
    const texts = already ? [t.alreadyConfirmed, t.confirmedText] : [t.confirmedText];
    return sendPage(
      reply,
      200,
      h(SubscriptionMessagePage, {
        lang,
        path,
        title: t.confirmedTitle,
        texts,
        links: [{ href: manage, label: t.manageLink }, ...nextLinks(lang)],
      }),
      'token',
    );
  }

  // —— the site: unsubscribe (one button; RFC 8058 one-click posts here too) ——

  const unsubscribePath = `${SUBSCRIPTION_PATH}/afmeld/:token`;
  app.get<{ Params: { token: string } }>(unsubscribePath, (request, reply) =>
    withToken(request, reply, async () => {
      const subscriber = await subscriberOf(context, request.params.token, { expired: 'allow' });
      const lang = langFor(request, subscriber);
      return sendPage(
        reply,
        200,
        h(SubscriptionUnsubscribePage, { lang, path: request.url.split('?')[0]!, address: subscriber.address }),
        'token',
      );
    }),
  );
  app.post<{ Params: { token: string } }>(unsubscribePath, (request, reply) =>
    withToken(request, reply, async () => {
      const deleted = await deleteSubscription(context, request.params.token);
      const lang = langFor(request, deleted);
      const t = messagesFor(lang).subs;
      return message(reply, 200, lang, request.url.split('?')[0]!, t.unsubscribedTitle, [t.unsubscribedText], 'token');
    }),
  );

  // —— the site: manage, delete everything ——

  const managePath = `${SUBSCRIPTION_PATH}/:token`;
  const managePage = (
    reply: FastifyReply,
    status: number,
    subscriber: Subscriber,
    lang: Lang,
    path: string,
    extra: { values?: SubscriptionFormValues; errors?: SubscriptionFormErrors; saved?: boolean } = {},
  ) => {
    const values = extra.values ?? {
      ...emptyValues(subscriber.lang, subscriber.components ?? []),
      all: subscriber.components === null,
      municipality: subscriber.municipality ?? null,
    };
    return sendPage(
      reply,
      status,
      h(SubscriptionManagePage, {
        lang,
        path,
        address: subscriber.address,
        choices: choices(),
        values,
        errors: extra.errors,
        saved: extra.saved,
      }),
      'token',
    );
  };
  app.get<{ Params: { token: string } }>(managePath, (request, reply) =>
    withToken(request, reply, async () => {
      const subscriber = await subscriberOf(context, request.params.token);
      const lang = langFor(request, subscriber);
      const path = request.url.split('?')[0]!;
      // Not confirmed yet: the link to manage is the link to confirm (the same token); confirm first.
      if (!subscriber.confirmedAt)
        return sendPage(
          reply,
          200,
          h(SubscriptionConfirmPage, {
            lang,
            path: `${SUBSCRIPTION_PATH}/bekraeft/${encodeURIComponent(subscriber.token)}`,
            address: subscriber.address,
          }),
          'token',
        );
      return managePage(reply, 200, subscriber, lang, path);
    }),
  );
  app.post<{ Params: { token: string } }>(managePath, (request, reply) =>
    withToken(request, reply, async () => {
      const subscriber = await subscriberOf(context, request.params.token);
      const lang = langFor(request, subscriber);
      const path = request.url.split('?')[0]!;
      const form = asForm(request.body);
      const input = {
        components: ticked(form.all) ? null : listOf(form.components),
        lang: single(form.lang),
        municipality: municipalityOf(form),
      };
      const checked = validate(ChangeSubscriptionRequestSchema, input, live());
      if (!checked.ok) {
        const values = { ...valuesOf(form), address: subscriber.address };
        return managePage(reply, 422, subscriber, lang, path, { values, errors: formErrorsOf(checked.errors, undefined, lang) });
      }
      const changed = await changeSubscription(context, request.params.token, checked.value);
      return managePage(reply, 200, changed, langFor(request, changed), path, { saved: true });
    }),
  );
  app.post<{ Params: { token: string } }>(`${managePath}/slet`, (request, reply) =>
    withToken(request, reply, async () => {
      const deleted = await deleteSubscription(context, request.params.token);
      const lang = langFor(request, deleted);
      const t = messagesFor(lang).subs;
      return message(reply, 200, lang, request.url.split('?')[0]!, t.deletedTitle, [t.deletedText(deleted.address)], 'token');
    }),
  );
}
