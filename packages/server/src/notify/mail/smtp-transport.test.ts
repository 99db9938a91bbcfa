import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSmtpSink, type SmtpSink } from '../../test-support/smtp-sink.js';
import { subscriptionLinks } from '../subscription-links.js';
import { composeMail } from './compose-mail.js';
import { renderMail } from './render-mail.js';
import { createMailer, parseSmtpUrl, SmtpUrlError, type Mailer } from './smtp-transport.js';

const FROM = 'Driftsstatus <driftsstatus@status.example>';
const links = subscriptionLinks('https://status.example', 'tok_abc');

const confirmation = (messageId: string) =>
  composeMail({
    kind: 'subscription.confirm',
    from: FROM,
    to: 'borger@example.dk',
    lang: 'da',
    content: renderMail({ kind: 'subscription.confirm', lang: 'da', components: [], vendors: [], subscribedTo: null, links }),
    messageId,
    date: new Date('2026-11-26T08:08:00.000Z'),
  });

const existing = (messageId: string) =>
  composeMail({
    kind: 'subscription.existing',
    from: FROM,
    to: 'borger@example.dk',
    lang: 'en',
    content: renderMail({ kind: 'subscription.existing', lang: 'en', links }),
    messageId,
    date: new Date('2026-11-26T08:08:00.000Z'),
    unsubscribeUrl: links.unsubscribe,
  });

/** The raw value of a header line as the sink received it. */
const rawHeader = (sinkMail: SmtpSink['messages'][number], name: string) =>
  sinkMail.headerLines
    .find((h) => h.key === name.toLowerCase())
    ?.line.replace(/^[^:]*:\s*/, '')
    .replace(/\r?\n\s+/g, ' ');

describe('createMailer and the SMTP sink', () => {
  let sink: SmtpSink;
  let mailer: Mailer;
  before(async () => {
    sink = await startSmtpSink();
    mailer = createMailer({ smtpUrl: sink.url, from: FROM, maxConnections: 2 });
  });
  after(async () => {
    mailer.close();
    await sink.close();
  });

  it('delivers a notice that reads back with its subject, Message-ID and one-click unsubscribe headers', async () => {
    const before = sink.messages.length;
    const result = await mailer.send(existing('<delivery-7@status.example>'));
    assert.ok(result.ok, `sent: ${JSON.stringify(result)}`);
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    assert.ok(mail, 'the sink has the mail');
    assert.equal(mail.subject, 'You already subscribe to status notices');
    assert.equal(mail.messageId, '<delivery-7@status.example>');
    assert.deepEqual(mail.to, ['borger@example.dk']);
    assert.deepEqual(mail.envelopeTo, ['borger@example.dk']);
    assert.equal(rawHeader(mail, 'List-Unsubscribe'), `<${links.unsubscribe}>`);
    assert.equal(rawHeader(mail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.equal(rawHeader(mail, 'Auto-Submitted'), 'auto-generated');
    assert.equal(rawHeader(mail, 'Content-Language'), 'en');
    assert.equal(rawHeader(mail, 'From'), FROM);
    assert.ok(mail.text?.includes(`Unsubscribe: ${links.unsubscribe}`), 'the text part arrives');
    assert.ok(
      typeof mail.html === 'string' && mail.html.includes(`<a href="${links.unsubscribe}">Unsubscribe</a>`),
      'the HTML part arrives',
    );
  });

  it('delivers a Danish incident notice whose subject, text and HTML read back as rendered', async () => {
    const before = sink.messages.length;
    const content = renderMail({
      kind: 'incident.resolved',
      lang: 'da',
      incident: {
        id: 'inc_1',
        title: { da: 'Nedbrud i Serviceplatformen – CPR-opslag fejler' },
        impact: 'critical',
        status: 'resolved',
        vendor: 'netic',
        components: [{ id: 'serviceplatformen', status: 'major_outage' }],
        updates: [
          {
            id: 'u1',
            at: '2026-11-26T09:15:00.000Z',
            status: 'resolved',
            message: { da: 'Fejlen er løst. Æ, ø og å virker.' },
            author: 'netic',
          },
        ],
        startedAt: '2026-11-26T07:30:00.000Z',
        resolvedAt: '2026-11-26T09:15:00.000Z',
        updatedAt: '2026-11-26T09:15:00.000Z',
      },
      components: [
        { id: 'ky', name: 'KY' },
        { id: 'serviceplatformen', name: 'Serviceplatformen' },
      ],
      vendors: [{ id: 'netic', name: 'Netic' }],
      affected: [{ component: 'ky', path: ['ky', 'serviceplatformen'] }],
      subscribedTo: ['ky'],
      links: { page: 'https://status.example/haendelser/inc_1', ...links },
    });
    const message = composeMail({
      kind: 'incident.resolved',
      from: FROM,
      to: 'borger@example.dk',
      lang: 'da',
      content,
      messageId: '<delivery-6@status.example>',
      date: new Date('2026-11-26T09:16:00.000Z'),
      unsubscribeUrl: links.unsubscribe,
    });
    assert.ok((await mailer.send(message)).ok, 'sent');
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    assert.ok(mail, 'the sink has the mail');
    assert.equal(mail.subject, 'Løst: Nedbrud i Serviceplatformen – CPR-opslag fejler');
    assert.equal(mail.text?.trimEnd(), content.text.trimEnd());
    assert.equal(typeof mail.html === 'string' && mail.html.trimEnd(), content.html.trimEnd());
    assert.equal(rawHeader(mail, 'List-Unsubscribe'), `<${links.unsubscribe}>`);
  });

  it('sends many messages at once over the pool, each arriving once', async () => {
    const before = sink.messages.length;
    const ids = Array.from({ length: 6 }, (_, i) => `<delivery-${100 + i}@status.example>`);
    const results = await Promise.all(ids.map((id) => mailer.send(existing(id))));
    assert.ok(
      results.every((r) => r.ok),
      `all sent: ${JSON.stringify(results)}`,
    );
    const mails = (await sink.waitFor(before + ids.length)).slice(before);
    assert.deepEqual(mails.map((m) => m.messageId).sort(), [...ids].sort());
  });

  it('sends the confirmation mail without List-Unsubscribe: there is nothing to leave yet', async () => {
    const before = sink.messages.length;
    assert.ok((await mailer.send(confirmation('<delivery-8@status.example>'))).ok, 'sent');
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    assert.ok(mail, 'the sink has the mail');
    assert.equal(mail.subject, 'Bekræft dit abonnement på driftsmeddelelser');
    assert.equal(rawHeader(mail, 'List-Unsubscribe'), undefined);
    assert.equal(rawHeader(mail, 'Auto-Submitted'), 'auto-generated');
    assert.equal(rawHeader(mail, 'Content-Language'), 'da');
  });

  it('keeps the Message-ID when the same delivery is sent again', async () => {
    const before = sink.messages.length;
    await mailer.send(existing('<delivery-9@status.example>'));
    await mailer.send(existing('<delivery-9@status.example>'));
    const mails = (await sink.waitFor(before + 2)).slice(before);
    assert.deepEqual(
      mails.map((m) => m.messageId),
      ['<delivery-9@status.example>', '<delivery-9@status.example>'],
    );
  });

  it('calls a 451 answer transient and a 550 answer permanent, and sends again after them', async () => {
    const before = sink.messages.length;
    sink.failNext(1, 451);
    const later = await mailer.send(existing('<delivery-10@status.example>'));
    assert.ok(!later.ok && !later.permanent, `451 is transient: ${JSON.stringify(later)}`);
    assert.ok(!later.ok && later.error.startsWith('451'), 'the error names the answer');
    sink.failNext(1, 550);
    const never = await mailer.send(existing('<delivery-11@status.example>'));
    assert.ok(!never.ok && never.permanent, `550 is permanent: ${JSON.stringify(never)}`);
    assert.ok((await mailer.send(existing('<delivery-12@status.example>'))).ok, 'the next message goes through');
    const mails = (await sink.waitFor(before + 1)).slice(before);
    assert.deepEqual(
      mails.map((m) => m.messageId),
      ['<delivery-12@status.example>'],
      'refused messages are not kept',
    );
  });
});

describe('createMailer without a server', () => {
  it('calls a refused connection transient', async () => {
    // A sink closed at once leaves a port nobody listens on.
    const sink = await startSmtpSink();
    const url = sink.url;
    await sink.close();
    const mailer = createMailer({ smtpUrl: url, from: FROM, maxConnections: 1 });
    try {
      const result = await mailer.send(confirmation('<delivery-13@status.example>'));
      assert.ok(!result.ok && !result.permanent, `a refused connection is transient: ${JSON.stringify(result)}`);
    } finally {
      mailer.close();
    }
  });

  it('refuses a URL that is not smtp:// or smtps://, without the password in the message', () => {
    assert.throws(
      () => createMailer({ smtpUrl: 'http://user:hemmelig@relay.example', from: FROM, maxConnections: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof SmtpUrlError, 'an SmtpUrlError');
        assert.ok(!error.message.includes('hemmelig'), 'the password is not in the message');
        return true;
      },
    );
    assert.throws(() => createMailer({ smtpUrl: 'not a url', from: FROM, maxConnections: 1 }), SmtpUrlError);
  });

  it('reads smtp:// and smtps:// URLs with their ports and an optional user and password', () => {
    assert.deepEqual(parseSmtpUrl('smtp://relay.example'), { host: 'relay.example', port: 25, secure: false });
    assert.deepEqual(parseSmtpUrl('smtp://relay.example:2525'), { host: 'relay.example', port: 2525, secure: false });
    assert.deepEqual(parseSmtpUrl('smtps://drift%40kombit:p%40ss@relay.example'), {
      host: 'relay.example',
      port: 465,
      secure: true,
      auth: { user: 'drift@kombit', pass: 'p@ss' },
    });
    assert.deepEqual(parseSmtpUrl('smtp://[::1]:25'), { host: '::1', port: 25, secure: false });
  });
});
