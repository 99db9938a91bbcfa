import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { subscriptionLinks } from '../notify/subscription-links.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

// A caseworker signs up for mail about her own municipality only, on the site's form (no
// JavaScript) or the JSON API, and changes it on the manage page.

const FORM = 'application/x-www-form-urlencoded';
let client = 0;

describe('subscriptions with a municipality (real server on SQLite)', () => {
  let app: App;
  let cleanup: () => Promise<void>;
  const post = (url: string, body: { form?: string; json?: unknown }) =>
    app.http.inject({
      method: 'POST',
      url,
      remoteAddress: `198.51.100.${++client}`,
      headers: { 'content-type': body.form !== undefined ? FORM : 'application/json' },
      payload: body.form ?? JSON.stringify(body.json),
    });
  const subscriber = async (address: string) => {
    const found = await app.store.subscriberByAddress(address);
    assert.ok(found, address);
    return found;
  };

  before(async () => {
    const temp = await tempSqliteStore();
    cleanup = temp.cleanup;
    app = await createApp({ store: temp.store, scheduler: false, notify: { smtpUrl: 'smtp://127.0.0.1:2525', worker: false } });
  });
  after(async () => {
    await app.http.close();
    await cleanup();
  });

  it('the sign-up form offers the municipalities, and keeps the one chosen', async () => {
    const page = await app.http.inject({ url: '/abonnement' });
    assert.match(page.body, /<label class="field-label" for="subscribe-municipality">Kommune \(valgfrit\)<\/label>/);
    assert.match(
      page.body,
      /<select id="subscribe-municipality" name="municipality" class="municipality-select" aria-describedby="subscribe-municipality-hint">/,
    );
    const signedUp = await post('/abonnement', {
      form: 'address=aarhus%40kommune.dk&components=ky&municipality=0751&lang=da&consent=true',
    });
    assert.equal(signedUp.statusCode, 200, signedUp.body);
    assert.equal((await subscriber('aarhus@kommune.dk')).municipality, '0751');
    const all = await post('/abonnement', { form: 'address=alle%40kommune.dk&components=ky&municipality=&lang=da&consent=true' });
    assert.equal(all.statusCode, 200);
    assert.equal('municipality' in (await subscriber('alle@kommune.dk')), false, '"Alle kommuner" is none');
  });

  it('a code that is no municipality is an error on its field, on the form and in the API', async () => {
    const form = await post('/abonnement', { form: 'address=x%40kommune.dk&components=ky&municipality=0411&lang=da&consent=true' });
    assert.equal(form.statusCode, 422);
    assert.match(form.body, /<a href="#subscribe-municipality">Vælg en kommune på listen, eller Alle kommuner<\/a>/);
    assert.match(
      form.body,
      /<select id="subscribe-municipality" name="municipality" class="municipality-select" aria-describedby="subscribe-municipality-hint subscribe-municipality-error" aria-invalid="true">/,
    );
    assert.equal(await app.store.subscriberByAddress('x@kommune.dk'), undefined);

    const api = await post('/api/v1/subscriptions', {
      json: { address: 'y@kommune.dk', components: ['ky'], lang: 'da', consent: true, municipality: '0411' },
    });
    assert.equal(api.statusCode, 422);
    const problem = ProblemSchema.parse(JSON.parse(api.body));
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['municipality'],
    );
    const ok = await post('/api/v1/subscriptions', {
      json: { address: 'z@kommune.dk', components: null, lang: 'en', consent: true, municipality: '0851' },
    });
    assert.equal(ok.statusCode, 202);
    assert.equal((await subscriber('z@kommune.dk')).municipality, '0851');
  });

  it('the manage page shows the municipality chosen and changes it, to all too', async () => {
    const confirmed = { ...(await subscriber('aarhus@kommune.dk')), confirmedAt: new Date().toISOString() };
    await app.store.saveSubscriber(confirmed);
    const manage = new URL(subscriptionLinks('http://status.test', confirmed.token).manage).pathname;
    assert.match((await app.http.inject({ url: manage })).body, /<option value="0751" selected>Aarhus<\/option>/);
    const changed = await post(manage, { form: 'components=ky&municipality=0101&lang=da' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((await subscriber('aarhus@kommune.dk')).municipality, '0101');
    await post(manage, { form: 'components=ky&municipality=&lang=da' });
    assert.equal('municipality' in (await subscriber('aarhus@kommune.dk')), false);
  });
});
