import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../test-support/admin-server.js';
import { confirmedSubscriber, until } from '../test-support/notify-scenario.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

// A subscriber who follows Aarhus hears of what affects Aarhus (everyone's trouble included) and
// not of København's own incident; one who follows all hears of both. Over real SMTP.

describe('notice mail by municipality (real HTTP, real SMTP sink)', { timeout: 60_000 }, () => {
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

  const open = async (token: string, title: string, municipalities?: string[]) => {
    const opened = await server.call('POST', '/api/v1/admin/incidents', {
      token,
      body: {
        title: { da: title },
        impact: 'major',
        vendor: 'infra-drift',
        components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
        message: { da: 'Vi undersøger fejlen.' },
        ...(municipalities ? { municipalities } : {}),
      },
    });
    assert.equal(opened.statusCode, 201, opened.body);
  };

  it('hides an incident that does not affect the municipality and keeps one that affects all', async () => {
    const at = new Date().toISOString();
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(0, ['ky'], at), lang: 'da', municipality: '0751' });
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(1, ['ky'], at), lang: 'da' });
    await server.app.store.saveSubscriber({ ...confirmedSubscriber(2, null, at), lang: 'da', municipality: '0101' });
    const admin = await server.token('admin');

    await open(admin, 'Kun i København', ['0101', '0147']);
    await open(admin, 'Alle kommuner rammes');
    // reader0 (Aarhus): 1; reader1 (all): 2; reader2 (København): 2.
    await until(() => sink.messages.length >= 5, 20_000, 'five mails');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const subjects = (address: string) =>
      sink.messages
        .filter((m) => m.to.includes(address))
        .map((m) => m.subject)
        .sort();
    assert.deepEqual(subjects('reader0@kommune.example'), ['Ny driftsmeddelelse: Alle kommuner rammes']);
    assert.deepEqual(subjects('reader1@kommune.example'), [
      'Ny driftsmeddelelse: Alle kommuner rammes',
      'Ny driftsmeddelelse: Kun i København',
    ]);
    assert.deepEqual(subjects('reader2@kommune.example'), [
      'Ny driftsmeddelelse: Alle kommuner rammes',
      'Ny driftsmeddelelse: Kun i København',
    ]);
    assert.equal(sink.messages.length, 5);
  });
});
