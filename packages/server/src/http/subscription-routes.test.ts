import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp, type App, type AppOptions } from '../app.js';
import { CONFIRM_WITHIN_MS, CONSENT } from '../notify/subscriptions.js';
import { subscriptionLinks } from '../notify/subscription-links.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Subscriber } from '../store/notification-store.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

/** Any SMTP URL switches sign-ups on; nothing here sends (the outbox worker is not running). */
const MAIL = { smtpUrl: 'smtp://127.0.0.1:2525', worker: false };
const FORM = 'application/x-www-form-urlencoded';

/** A real server with the demo landscape on a real SQLite file (or PostgreSQL database). */
async function startServer(kind: 'sqlite' | 'postgres' = 'sqlite', options: Partial<AppOptions> = { notify: MAIL }) {
  const temp = kind === 'sqlite' ? await tempSqliteStore() : await tempPostgresStore();
  const app = await createApp({ store: temp.store, scheduler: false, ...options });
  return {
    app,
    close: async () => {
      await app.http.close();
      await temp.cleanup();
    },
  };
}

/** Each test signs up from addresses of its own: the per-client limit is 10 a minute. */
let clientCount = 0;
const newClient = () => `198.51.100.${++clientCount}`;

function inject(
  app: App,
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  options: { form?: string; json?: unknown; ip?: string; type?: string } = {},
) {
  const { form, json, ip = newClient(), type } = options;
  const payload = form ?? (json === undefined ? undefined : JSON.stringify(json));
  const contentType = type ?? (form !== undefined ? FORM : json !== undefined ? 'application/json' : undefined);
  return app.http.inject({
    method,
    url,
    remoteAddress: ip,
    headers: contentType ? { 'content-type': contentType } : {},
    ...(payload === undefined ? {} : { payload }),
  });
}

const signUpJson = (app: App, body: unknown, ip?: string) => inject(app, 'POST', '/api/v1/subscriptions', { json: body, ip });
const signUpForm = (app: App, form: string, ip?: string, lang = '') => inject(app, 'POST', `/abonnement${lang}`, { form, ip });
const valid = (address: string) => ({ address, components: ['ky'], lang: 'da', consent: true });

async function subscriberOf(app: App, address: string): Promise<Subscriber> {
  const subscriber = await app.store.subscriberByAddress(address);
  assert.ok(subscriber, `${address} is a subscriber`);
  return subscriber;
}
const kindsTo = async (app: App, subscriber: Subscriber) =>
  (await app.store.deliveries({ recipient: subscriber.id, limit: 100 })).map((d) => d.kind);
/** A link's path on this server (subscriptionLinks makes absolute URLs). */
const pathOf = (url: string) => new URL(url).pathname;
const links = (subscriber: Subscriber) => {
  const all = subscriptionLinks('http://status.test', subscriber.token);
  return { confirm: pathOf(all.confirm), manage: pathOf(all.manage), unsubscribe: pathOf(all.unsubscribe) };
};

describe('subscriptions: the JSON API (real server on SQLite)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('refuses a bad sign-up with a 422 naming every field at fault', async () => {
    const response = await signUpJson(server.app, {
      address: 'lis@kommune.dk, per@kommune.dk',
      components: ['ky', 'nope'],
      lang: 'de',
      consent: false,
      extra: 1,
    });
    assert.equal(response.statusCode, 422);
    assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
    const body = response.json() as { code: string; errors: Array<{ field: string }> };
    assert.equal(body.code, 'invalid_subscription');
    assert.deepEqual(body.errors.map((e) => e.field).sort(), ['address', 'components.1', 'consent', 'extra', 'lang']);
  });

  it('names each field: a missing one, a too long address, an empty choice, no consent, a body that is not an object', async () => {
    const fieldsOf = async (body: unknown) => {
      const response = await signUpJson(server.app, body);
      assert.equal(response.statusCode, 422, JSON.stringify(body));
      return (response.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    };
    assert.deepEqual(await fieldsOf({ components: null, lang: 'da', consent: true }), ['address']);
    assert.deepEqual(await fieldsOf({ ...valid(`${'a'.repeat(60)}@${'b'.repeat(200)}.dk`) }), ['address']);
    assert.deepEqual(await fieldsOf({ ...valid(`${'a'.repeat(65)}@kommune.dk`) }), ['address']);
    assert.deepEqual(await fieldsOf({ ...valid('lis@kommune.dk'), components: [] }), ['components']);
    assert.deepEqual(await fieldsOf({ ...valid('lis@kommune.dk'), components: ['ky', 'ky'] }), ['components']);
    assert.deepEqual(await fieldsOf({ address: 'lis@kommune.dk', components: null, lang: 'da' }), ['consent']);
    assert.deepEqual(await fieldsOf([]), ['(body)']);
  });

  it('answers byte for byte the same for a new, an unconfirmed and a confirmed address, and queues the right mail', async () => {
    const address = 'same.answer@kommune.dk';
    const first = await signUpJson(server.app, valid(' Same.Answer@Kommune.DK '));
    const pending = await subscriberOf(server.app, address);
    assert.equal(pending.confirmedAt, null);
    assert.equal(pending.consentVersion, CONSENT.version);
    const second = await signUpJson(server.app, { ...valid(address), components: null, lang: 'en' });
    const replaced = await subscriberOf(server.app, address);
    assert.equal(replaced.id, pending.id);
    assert.equal(replaced.token, pending.token, 'the same token: the link of the first mail keeps working');
    assert.deepEqual([replaced.components, replaced.lang], [null, 'en'], 'the new choice replaces the old');
    const confirmed = await inject(server.app, 'POST', links(replaced).confirm, { form: '' });
    assert.equal(confirmed.statusCode, 200);
    const third = await signUpJson(server.app, { ...valid(address), components: ['ksd'] });
    const after = await subscriberOf(server.app, address);
    assert.deepEqual(after.components, null, 'a confirmed subscription is not changed by a sign-up');
    assert.equal(after.token, replaced.token);

    for (const response of [first, second, third]) {
      assert.equal(response.statusCode, 202);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['access-control-allow-origin'], undefined, 'no CORS on sign-ups');
    }
    assert.equal(second.body, first.body);
    assert.equal(third.body, first.body);
    assert.deepEqual(await kindsTo(server.app, after), ['subscription.confirm', 'subscription.confirm', 'subscription.existing']);
  });

  it('sends at most 3 sign-up mails an hour to one address, answering every sign-up the same', async () => {
    const address = 'limited@kommune.dk';
    const bodies = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const response = await signUpJson(server.app, valid(address));
      assert.equal(response.statusCode, 202);
      bodies.add(response.body);
    }
    assert.equal(bodies.size, 1);
    assert.deepEqual(await kindsTo(server.app, await subscriberOf(server.app, address)), [
      'subscription.confirm',
      'subscription.confirm',
      'subscription.confirm',
    ]);
  });

  it('allows 10 sign-ups a minute from one client address, then 429 with Retry-After', async () => {
    const ip = newClient();
    for (let i = 0; i < 10; i++) assert.equal((await signUpJson(server.app, valid(`client${i}@kommune.dk`), ip)).statusCode, 202);
    const refused = await signUpJson(server.app, valid('client10@kommune.dk'), ip);
    assert.equal(refused.statusCode, 429);
    assert.equal((refused.json() as { code: string }).code, 'rate_limited');
    assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After says when');
    assert.equal(await server.app.store.subscriberByAddress('client10@kommune.dk'), undefined);
    const page = await signUpForm(server.app, 'address=client11%40kommune.dk&all=true&lang=da&consent=true', ip);
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /Prøv igen om lidt/);
    assert.ok(page.headers['retry-after'], 'the page says when too');
  });

  it('DELETE /api/v1/subscriptions/:token deletes the subscriber and its unsent mails; then 404', async () => {
    await signUpJson(server.app, valid('api.delete@kommune.dk'));
    const subscriber = await subscriberOf(server.app, 'api.delete@kommune.dk');
    const deleted = await inject(server.app, 'DELETE', `/api/v1/subscriptions/${subscriber.token}`);
    assert.equal(deleted.statusCode, 204);
    assert.equal(await server.app.store.subscriberByAddress('api.delete@kommune.dk'), undefined);
    assert.deepEqual(await kindsTo(server.app, subscriber), []);
    const again = await inject(server.app, 'DELETE', `/api/v1/subscriptions/${subscriber.token}`);
    assert.equal(again.statusCode, 404);
    assert.equal((again.json() as { code: string }).code, 'subscription_not_found');
  });
});

describe('subscriptions: the site (real server on SQLite)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it('the front page, the component page and /abonnement show the form', async () => {
    const home = await inject(server.app, 'GET', '/');
    assert.match(home.body, /<form class="subscribe-form" method="post" action="\/abonnement" novalidate>/);
    assert.match(home.body, /name="components" value="ky"/);
    const ky = await inject(server.app, 'GET', '/c/ky?lang=en');
    assert.match(ky.body, /action="\/abonnement\?lang=en"/);
    assert.match(ky.body, /name="components" value="ky" checked/, 'the component page chooses its component');
    assert.doesNotMatch(ky.body, /value="ksd"/, 'and offers only it (with a link to the rest)');
    const page = await inject(server.app, 'GET', '/abonnement');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<title>Tilmeld mailnotifikationer · Driftsstatus<\/title>/);
    assert.ok(page.body.includes(CONSENT.da), 'the consent text is next to the box');
    assert.match(
      page.body,
      /<input type="checkbox" id="subscribe-consent" name="consent" value="true" aria-describedby="subscribe-consent-text"\/>/,
    );
  });

  it('an empty form comes back with the errors: a summary, Fejl in the title, each field described by its error', async () => {
    const response = await signUpForm(server.app, '');
    assert.equal(response.statusCode, 422);
    const html = response.body;
    assert.match(html, /<title>Fejl: Tilmeld mailnotifikationer · Driftsstatus<\/title>/);
    assert.match(
      html,
      /<div class="error-summary" tabindex="-1" autofocus aria-labelledby="subscribe-error-summary-title"><div role="alert"><h2 class="error-summary-title" id="subscribe-error-summary-title">Der er et problem<\/h2>/,
    );
    // A browser sends the language (the page's own is ticked); this body has none, so it is named too.
    for (const anchor of ['subscribe-address', 'subscribe-all', 'subscribe-lang-da', 'subscribe-consent'])
      assert.match(html, new RegExp(`<a href="#${anchor}">`));
    assert.match(html, /aria-describedby="subscribe-address-hint subscribe-address-error" aria-invalid="true"/);
    assert.match(
      html,
      /<p id="subscribe-address-error" class="field-error"><span class="visually-hidden">Fejl: <\/span>Skriv din e-mailadresse<\/p>/,
    );
    assert.match(html, /aria-describedby="subscribe-consent-text subscribe-consent-error"/);
  });

  it('keeps what was entered, and names a bad address, an unknown component and missing consent (English)', async () => {
    const response = await signUpForm(server.app, 'address=lis%40&components=ky&components=nope&lang=en', undefined, '?lang=en');
    assert.equal(response.statusCode, 422);
    const html = response.body;
    assert.match(html, /<title>Error: Subscribe to mail notifications · Service status<\/title>/);
    assert.match(html, /value="lis@"/);
    assert.match(html, /name="components" value="ky" checked/);
    assert.match(html, /name="lang" value="en" checked/);
    assert.match(html, /Enter one mail address in the correct format/);
    assert.match(html, /One of the services chosen no longer exists/);
    assert.match(html, /Tick the box if you consent/);
    assert.equal(await server.app.store.subscriberByAddress('lis@'), undefined);
  });

  it('a repeated address field is refused, and a body that is not UTF-8 is a 400', async () => {
    const twice = await signUpForm(server.app, 'address=a%40kommune.dk&address=b%40kommune.dk&all=true&lang=da&consent=true');
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /Skriv én e-mailadresse/);
    const latin1 = await server.app.http.inject({
      method: 'POST',
      url: '/abonnement',
      remoteAddress: newClient(),
      headers: { 'content-type': FORM },
      payload: Buffer.from([0x61, 0x3d, 0xe6]),
    });
    assert.equal(latin1.statusCode, 400);
  });

  it('a good form: the same "check your mail" page for a new, an unconfirmed and a confirmed address', async () => {
    const form = 'address=form.same%40kommune.dk&components=ky&components=ksd&lang=en&consent=true';
    const first = await signUpForm(server.app, form);
    const second = await signUpForm(server.app, form);
    const subscriber = await subscriberOf(server.app, 'form.same@kommune.dk');
    assert.deepEqual([subscriber.components, subscriber.lang], [['ky', 'ksd'], 'en']);
    await inject(server.app, 'POST', links(subscriber).confirm);
    const third = await signUpForm(server.app, form);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /<h1>Tjek din mail<\/h1>/);
    assert.equal(second.body, first.body);
    assert.equal(third.body, first.body);
    assert.deepEqual(await kindsTo(server.app, subscriber), ['subscription.confirm', 'subscription.confirm', 'subscription.existing']);
  });

  it('confirm: GET shows one button and changes nothing; POST confirms (confirmedAt = consentedAt = now); again says so', async () => {
    await signUpForm(server.app, 'address=confirm%40kommune.dk&all=true&lang=en&consent=true');
    const subscriber = await subscriberOf(server.app, 'confirm@kommune.dk');
    const page = await inject(server.app, 'GET', links(subscriber).confirm);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="en">/, "in the subscriber's language");
    assert.match(
      page.body,
      new RegExp(
        `<form method="post" action="${links(subscriber).confirm}\\?lang=en"><button class="button" type="submit">Confirm the sign-up</button></form>`,
      ),
    );
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['x-robots-tag'], 'noindex');
    assert.equal((await subscriberOf(server.app, 'confirm@kommune.dk')).confirmedAt, null, 'a GET confirms nothing');
    const before = Date.now();
    const done = await inject(server.app, 'POST', `${links(subscriber).confirm}?lang=da`, { form: '' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Tilmeldingen er bekræftet/);
    assert.ok(done.body.includes(`href="${links(subscriber).manage}"`), 'links to the manage page');
    const confirmed = await subscriberOf(server.app, 'confirm@kommune.dk');
    assert.ok(confirmed.confirmedAt && Date.parse(confirmed.confirmedAt) >= before - 1000, 'confirmedAt is now');
    assert.equal(confirmed.consentedAt, confirmed.confirmedAt);
    const again = await inject(server.app, 'POST', links(subscriber).confirm);
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /The sign-up was confirmed already/);
    assert.equal((await subscriberOf(server.app, 'confirm@kommune.dk')).confirmedAt, confirmed.confirmedAt);
  });

  it('an unconfirmed sign-up older than 48 hours: 410 "the link has expired", on GET and POST', async () => {
    const old: Subscriber = {
      id: 'sub_expired',
      address: 'expired@kommune.dk',
      components: null,
      lang: 'da',
      token: 'E'.repeat(43),
      createdAt: new Date(Date.now() - CONFIRM_WITHIN_MS - 60_000).toISOString(),
      confirmedAt: null,
      consentVersion: CONSENT.version,
      consentedAt: null,
    };
    await server.app.store.saveSubscriber(old);
    for (const method of ['GET', 'POST'] as const) {
      const response = await inject(server.app, method, links(old).confirm);
      assert.equal(response.statusCode, 410, method);
      assert.match(response.body, /Linket er udløbet/);
      assert.match(response.body, /href="\/abonnement">Tilmeld dig igen</);
    }
    assert.equal((await inject(server.app, 'GET', links(old).manage)).statusCode, 410);
    assert.equal((await subscriberOf(server.app, 'expired@kommune.dk')).confirmedAt, null);
    // It can still be deleted (and will be purged anyway).
    assert.equal((await inject(server.app, 'POST', links(old).unsubscribe)).statusCode, 200);
  });

  it('manage: shows the choice, saves a change, and names an empty choice', async () => {
    await signUpForm(server.app, 'address=manage%40kommune.dk&components=ky&lang=da&consent=true');
    let subscriber = await subscriberOf(server.app, 'manage@kommune.dk');
    const unconfirmed = await inject(server.app, 'GET', links(subscriber).manage);
    assert.match(unconfirmed.body, /Bekræft tilmeldingen/, 'an unconfirmed subscription is confirmed first');
    await inject(server.app, 'POST', links(subscriber).confirm);
    const page = await inject(server.app, 'GET', links(subscriber).manage);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Dit abonnement<\/h1>/);
    assert.match(page.body, /name="components" value="ky" checked/);
    assert.match(page.body, /<h2 id="delete-all">Slet alt om mig<\/h2>/);
    assert.match(page.body, /<legend>Fagløsninger<\/legend>/, 'grouped as the site groups them');
    const saved = await inject(server.app, 'POST', links(subscriber).manage, { form: 'components=ksd&components=sts&lang=en' });
    assert.equal(saved.statusCode, 200);
    assert.match(saved.body, /Your choices are saved/, 'in the new language');
    subscriber = await subscriberOf(server.app, 'manage@kommune.dk');
    assert.deepEqual([subscriber.components, subscriber.lang], [['ksd', 'sts'], 'en']);
    const all = await inject(server.app, 'POST', links(subscriber).manage, { form: 'all=true&components=ky&lang=en' });
    assert.equal(all.statusCode, 200);
    assert.equal((await subscriberOf(server.app, 'manage@kommune.dk')).components, null);
    const empty = await inject(server.app, 'POST', links(subscriber).manage, { form: 'lang=en' });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /<title>Error: Your subscription · Service status<\/title>/);
    assert.match(empty.body, /Choose at least one service/);
    assert.equal((await subscriberOf(server.app, 'manage@kommune.dk')).components, null, 'nothing saved');
  });

  it('"Slet alt om mig" deletes the subscriber and its unsent mails and says what was deleted', async () => {
    await signUpForm(server.app, 'address=delete.me%40kommune.dk&all=true&lang=da&consent=true');
    const subscriber = await subscriberOf(server.app, 'delete.me@kommune.dk');
    await inject(server.app, 'POST', links(subscriber).confirm);
    const done = await inject(server.app, 'POST', `${links(subscriber).manage}/slet`, { form: '' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /<h1>Alt om dig er slettet<\/h1>/);
    assert.match(done.body, /Vi har slettet delete.me@kommune.dk, dine valg af løsninger og sprog, registreringen af dit samtykke/);
    assert.equal(await server.app.store.subscriberByAddress('delete.me@kommune.dk'), undefined);
    assert.deepEqual(await kindsTo(server.app, subscriber), [], 'its unsent mails are gone');
    assert.equal((await inject(server.app, 'GET', links(subscriber).manage)).statusCode, 404);
  });

  it('unsubscribe: GET is a page with one button; a one-click POST (RFC 8058) unsubscribes; then the link is unknown', async () => {
    for (const [type, payload] of [
      [FORM, 'List-Unsubscribe=One-Click'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n'],
    ] as const) {
      const address = `oneclick.${type.length}@kommune.dk`;
      await signUpJson(server.app, valid(address));
      const subscriber = await subscriberOf(server.app, address);
      await inject(server.app, 'POST', links(subscriber).confirm);
      const page = await inject(server.app, 'GET', links(subscriber).unsubscribe);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<button class="button" type="submit">Afmeld<\/button>/);
      assert.ok(await server.app.store.subscriberByAddress(address), 'a GET unsubscribes no one');
      const done = await inject(server.app, 'POST', links(subscriber).unsubscribe, { form: payload, type });
      assert.equal(done.statusCode, 200, type);
      assert.match(done.body, /<h1>Du er afmeldt<\/h1>/);
      assert.equal(await server.app.store.subscriberByAddress(address), undefined);
      const again = await inject(server.app, 'POST', links(subscriber).unsubscribe, { form: payload, type });
      assert.equal(again.statusCode, 404);
      assert.match(again.body, /Måske er du allerede afmeldt/);
    }
  });
});

describe('subscriptions without SMTP (no SMTP_URL)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer('sqlite', {});
  });
  after(() => server.close());

  it('the API answers 503 mail_not_configured and the site shows no form; links of earlier mails still work', async () => {
    const response = await signUpJson(server.app, valid('nomail@kommune.dk'));
    assert.equal(response.statusCode, 503);
    assert.equal((response.json() as { code: string }).code, 'mail_not_configured');
    assert.equal(response.headers['retry-after'], undefined, 'no retry mends it');
    assert.doesNotMatch((await inject(server.app, 'GET', '/')).body, /subscribe-form/);
    assert.doesNotMatch((await inject(server.app, 'GET', '/c/ky')).body, /subscribe-form/);
    assert.equal((await inject(server.app, 'GET', '/abonnement')).statusCode, 404);
    const posted = await signUpForm(server.app, 'address=nomail%40kommune.dk&all=true&lang=da&consent=true');
    assert.equal(posted.statusCode, 503);
    assert.match(posted.body, /Mailnotifikationer er ikke slået til/);
    const earlier: Subscriber = {
      id: 'sub_earlier',
      address: 'earlier@kommune.dk',
      components: null,
      lang: 'da',
      token: 'A'.repeat(43),
      createdAt: new Date().toISOString(),
      confirmedAt: new Date().toISOString(),
      consentVersion: CONSENT.version,
      consentedAt: new Date().toISOString(),
    };
    await server.app.store.saveSubscriber(earlier);
    assert.equal((await inject(server.app, 'POST', links(earlier).unsubscribe)).statusCode, 200);
    assert.equal(await server.app.store.subscriberByAddress('earlier@kommune.dk'), undefined);
  });
});

/** Tokens no link carries: a NUL, 10 KB, emoji and letters outside ASCII, path tricks, the right shape but unknown. */
const HOSTILE_TOKENS = [
  '%00',
  `${'a'.repeat(20)}%00${'a'.repeat(22)}`,
  'a'.repeat(10_000),
  '%F0%9F%98%80',
  'æøå',
  encodeURIComponent('ÆØÅ'.repeat(15)),
  '%C0%AF',
  '%FF',
  '%2E%2E%2F%2E%2E',
  "'%20OR%201=1--",
  '_'.repeat(43),
  'Z'.repeat(43),
  '\u202e'.repeat(43),
];

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`subscriptions on ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: the flow, and hostile tokens`, () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    before(async () => {
      server = await startServer(kind);
    });
    after(() => server.close());

    it('sign up, confirm, change, unsubscribe', async () => {
      assert.equal((await signUpJson(server.app, valid('flow@kommune.dk'))).statusCode, 202);
      const subscriber = await subscriberOf(server.app, 'flow@kommune.dk');
      assert.equal((await inject(server.app, 'POST', links(subscriber).confirm)).statusCode, 200);
      assert.ok((await subscriberOf(server.app, 'flow@kommune.dk')).confirmedAt, 'confirmed');
      assert.equal((await inject(server.app, 'POST', links(subscriber).manage, { form: 'all=true&lang=en' })).statusCode, 200);
      assert.equal((await subscriberOf(server.app, 'flow@kommune.dk')).components, null);
      assert.equal((await signUpJson(server.app, valid('flow@kommune.dk'))).statusCode, 202);
      assert.deepEqual(await kindsTo(server.app, subscriber), ['subscription.confirm', 'subscription.existing']);
      assert.equal(
        (await inject(server.app, 'POST', links(subscriber).unsubscribe, { form: 'List-Unsubscribe=One-Click' })).statusCode,
        200,
      );
      assert.equal(await server.app.store.subscriberByAddress('flow@kommune.dk'), undefined);
    });

    it('no token makes a 500: every token route, GET and POST, and the JSON DELETE', async () => {
      const found: string[] = [];
      for (const token of HOSTILE_TOKENS)
        for (const [method, path] of [
          ['GET', `/abonnement/bekraeft/${token}`],
          ['POST', `/abonnement/bekraeft/${token}`],
          ['GET', `/abonnement/${token}`],
          ['POST', `/abonnement/${token}`],
          ['POST', `/abonnement/${token}/slet`],
          ['GET', `/abonnement/afmeld/${token}`],
          ['POST', `/abonnement/afmeld/${token}`],
          ['DELETE', `/api/v1/subscriptions/${token}`],
        ] as const) {
          const response = await inject(server.app, method, path, method === 'POST' ? { form: 'List-Unsubscribe=One-Click' } : {});
          if (response.statusCode >= 500 || ![400, 404, 414].includes(response.statusCode))
            found.push(`${method} ${path.slice(0, 80)}: ${response.statusCode}`);
        }
      assert.deepEqual(found, []);
    });

    it('no sign-up body makes a 500: NUL, 10 KB, unicode, wrong types', async () => {
      const found: string[] = [];
      for (const address of [
        'a\u0000@kommune.dk',
        `${'a'.repeat(10_000)}@kommune.dk`,
        'æøå@kommune.dk',
        '😀@😀.dk',
        42,
        null,
        ['x@y.dk'],
      ]) {
        const json = await signUpJson(server.app, { address, components: null, lang: 'da', consent: true });
        if (json.statusCode >= 500 || ![400, 413, 422].includes(json.statusCode))
          found.push(`json ${String(address).slice(0, 20)}: ${json.statusCode}`);
        if (typeof address !== 'string') continue;
        const form = await signUpForm(server.app, `address=${encodeURIComponent(address)}&all=true&lang=da&consent=true`);
        if (form.statusCode >= 500 || ![400, 413, 422].includes(form.statusCode))
          found.push(`form ${address.slice(0, 20)}: ${form.statusCode}`);
      }
      for (const components of [['\u0000'], ['a'.repeat(10_000)], ['😀'], [1], 'ky', {}]) {
        // A NUL is refused by the input checks (400) before the route; the rest by the route (422).
        const status = (await signUpJson(server.app, { ...valid('types@kommune.dk'), components })).statusCode;
        if (status !== 422 && status !== 400) found.push(`components ${JSON.stringify(components).slice(0, 20)}: ${status}`);
      }
      assert.deepEqual(found, []);
    });
  });
}
