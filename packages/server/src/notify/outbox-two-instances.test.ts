import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { tempPostgresDatabase } from '../store/postgres/test-database.js';
import { openServiceplatformenIncident, seedSubscribers, until } from '../test-support/notify-scenario.js';
import { runCli, startServerProcess } from '../test-support/server-process.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

// Two server processes on one PostgreSQL database: both run the outbox worker, and each notice
// is delivered once (claims with FOR UPDATE SKIP LOCKED; the fan-out written once).

const SUBSCRIBERS = 300;

describe('outbox: two instances on one PostgreSQL', { timeout: 120_000 }, () => {
  let db: Awaited<ReturnType<typeof tempPostgresDatabase>>;
  let sink: SmtpSink;
  before(async () => {
    db = await tempPostgresDatabase();
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
    await db.drop();
  });

  it('delivers each notice exactly once, whichever instance sends it', async () => {
    await seedSubscribers(openPostgresStore(db.url), SUBSCRIBERS, ['ky']);
    const env = { DATABASE_URL: db.url, SMTP_URL: sink.url, OUTBOX_CONCURRENCY: '4' };
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    try {
      await openServiceplatformenIncident(servers[0]!.baseUrl, created.stdout.trim());
      await until(() => sink.messages.length >= SUBSCRIBERS, 60_000, `${SUBSCRIBERS} mails`);
      // A moment more for a duplicate, if there were one, to arrive too.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    const ids = new Set(sink.messages.map((m) => m.messageId));
    assert.equal(sink.messages.length, SUBSCRIBERS, `each notice once: ${sink.messages.length} mails for ${SUBSCRIBERS} subscribers`);
    assert.equal(ids.size, SUBSCRIBERS);
    assert.equal(new Set(sink.messages.map((m) => m.to.join(','))).size, SUBSCRIBERS, 'every subscriber');
  });
});
