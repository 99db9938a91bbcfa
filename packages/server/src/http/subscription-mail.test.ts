// End to end over real HTTP and real SMTP: a sign-up on the site's form is mailed (outbox worker →
// SMTP sink), its link confirms, a second sign-up mails "already subscribed", and that mail's
// List-Unsubscribe URL unsubscribes in one click (RFC 8058).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startListeningApp } from '../test-support/admin-server.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../test-support/smtp-sink.js';

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  return body.toString();
};

/** The first URL in a mail's text that contains `part`. */
function linkIn(mail: ReceivedMail, part: string): string {
  const url = (mail.text ?? '').match(/https?:\/\/[^\s<>"]+/g)?.find((u) => u.includes(part));
  assert.ok(url, `the mail's text has a link with ${part}: ${mail.text}`);
  return url;
}

describe('subscriptions by mail, end to end (real HTTP, real SMTP sink, SQLite)', () => {
  let sink: SmtpSink;
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  before(async () => {
    sink = await startSmtpSink();
    server = await startListeningApp({ scheduler: false, notify: { smtpUrl: sink.url, tickMs: 50 } });
  });
  after(async () => {
    await server?.close();
    await sink?.close();
  });

  const post = (url: string, body: string, type = 'application/x-www-form-urlencoded') =>
    fetch(url.startsWith('http') ? url : `${server.baseUrl}${url}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('sign up on the form, confirm by the mailed link, get "already subscribed", unsubscribe in one click', async () => {
    const address = 'end.to.end@kommune.dk';
    const signUp = form({ address, components: ['ky', 'ksd'], lang: 'en', consent: 'true' });
    const first = await post('/abonnement', signUp);
    assert.equal(first.status, 200);
    const firstPage = await first.text();
    const [confirmMail] = await sink.waitFor(1);
    assert.deepEqual(confirmMail!.envelopeTo, [address]);
    assert.equal(confirmMail!.headers.get('list-unsubscribe'), undefined, 'a confirmation has no unsubscribe: nothing to leave yet');
    const confirmUrl = linkIn(confirmMail!, '/abonnement/bekraeft/');
    const confirmPage = await fetch(confirmUrl);
    assert.equal(confirmPage.status, 200);
    assert.match(await confirmPage.text(), /Confirm the sign-up/, 'in the language chosen');
    assert.equal((await server.app.store.subscriberByAddress(address))?.confirmedAt, null, 'following the link confirms nothing');
    const confirmed = await post(new URL(confirmUrl).pathname, '');
    assert.equal(confirmed.status, 200);
    assert.ok((await server.app.store.subscriberByAddress(address))?.confirmedAt, 'the button confirms');

    const again = await post('/abonnement', signUp);
    assert.equal(again.status, 200);
    assert.equal(await again.text(), firstPage, 'the same page as for the new address');
    const mails = await sink.waitFor(2);
    const existing = mails.find((m) => m.envelopeTo.includes(address) && m !== confirmMail)!;
    assert.ok(existing, 'an "already subscribed" mail went to the address');
    const unsubscribeLine = existing.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
    const unsubscribeUrl = /<(https?:\/\/[^>]+)>/.exec(unsubscribeLine)?.[1];
    assert.ok(unsubscribeUrl?.includes('/abonnement/afmeld/'), `List-Unsubscribe names the unsubscribe URL: ${unsubscribeLine}`);
    assert.ok(linkIn(existing, '/abonnement/').length > 0, 'the mail links to the manage page');

    // What a mail provider does for the one-click button: a POST without cookies.
    const oneClick = await post(unsubscribeUrl!, 'List-Unsubscribe=One-Click');
    assert.equal(oneClick.status, 200);
    assert.match(await oneClick.text(), /You are unsubscribed/);
    assert.equal(await server.app.store.subscriberByAddress(address), undefined, 'the address is gone');
  });
});
