import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';
import { confirmedSubscriber, until } from '../test-support/notify-scenario.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

// Who hears of an incident, over real SMTP: the subscribers of what it reaches, in their language.

describe('notice mail: the right subscribers, and only they, in their language', { timeout: 60_000 }, () => {
  let server: TestServer;
  let sink: SmtpSink;
  before(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({ publicUrl: 'https://status.example', notify: { smtpUrl: sink.url, tickMs: 50 } });
  });
  after(async () => {
    await server.close();
    await sink.close();
  });

  it('KY (Danish) and everything (English) hear of a Serviceplatformen incident; CPR does not', async () => {
    const at = new Date().toISOString();
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(0, ['ky'], at), lang: 'da' });
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(1, ['cpr'], at), lang: 'en' });
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(2, null, at), lang: 'en' });
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(3, ['ky'], at), confirmedAt: null, consentedAt: null });
    const admin = await server.token('admin');
    const opened = await server.call('POST', '/api/v1/admin/incidents', {
      token: admin,
      body: {
        title: { da: 'Serviceplatformen svarer langsomt', en: 'Serviceplatformen is slow' },
        impact: 'major',
        vendor: 'infra-drift',
        components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
        message: { da: 'Vi undersøger fejlen.', en: 'We are investigating.' },
      },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    await until(() => sink.messages.length >= 2, 20_000, 'two mails');
    // Time for a wrong third one to arrive, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const to = (address: string) => sink.messages.filter((m) => m.to.includes(address));
    assert.equal(sink.messages.length, 2, `only the two concerned: ${sink.messages.map((m) => m.to.join()).join(' ')}`);
    const [ky] = to('reader0@kommune.example');
    const [all] = to('reader2@kommune.example');
    assert.ok(ky && all, 'the KY subscriber and the one of everything');
    assert.equal(ky.subject, 'Ny driftsmeddelelse: Serviceplatformen svarer langsomt');
    assert.match(ky.text ?? '', /via Serviceplatformen/, 'told how it reaches KY');
    assert.match(ky.text ?? '', /Alle tider er dansk tid\./);
    assert.match(all.subject ?? '', /Serviceplatformen is slow/);
    assert.match(all.text ?? '', /All times are Danish time/);
    assert.equal(to('reader1@kommune.example').length, 0, 'CPR does not depend on Serviceplatformen');
    assert.equal(to('reader3@kommune.example').length, 0, 'an unconfirmed sign-up gets no notice');
  });
});
