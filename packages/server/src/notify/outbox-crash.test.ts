import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';
import { openServiceplatformenIncident, seedSubscribers, until } from '../test-support/notify-scenario.js';
import { runCli, startServerProcess } from '../test-support/server-process.js';

// The crash test: 1,000 notices, the sending process killed (SIGKILL) in the middle of the
// batch and started again. Every notice arrives; the only duplicates are what was in flight at the
// kill (at most OUTBOX_CONCURRENCY), under the same Message-ID.

const SUBSCRIBERS = 1000;
const CONCURRENCY = 4;

describe('outbox: SIGKILL in the middle of a batch of 1,000 mails', { timeout: 180_000 }, () => {
  let dir: string;
  let sink: SmtpSink;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-outbox-crash-'));
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every notice after a restart; duplicates only from the batch in flight, with the same Message-ID', async () => {
    const file = join(dir, 'status.db');
    await seedSubscribers(openSqliteStore(file), SUBSCRIBERS, ['ky']);

    const env = {
      DATABASE_URL: `sqlite:${file}`,
      SMTP_URL: sink.url,
      OUTBOX_CONCURRENCY: String(CONCURRENCY),
      OUTBOX_LEASE_SECONDS: '1',
    };
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();

    const first = await startServerProcess(env);
    let killedAt: number;
    try {
      await openServiceplatformenIncident(first.baseUrl, token);
      await sink.waitFor(SUBSCRIBERS / 4, 60_000);
    } finally {
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      killedAt = sink.messages.length;
    }
    assert.ok(killedAt < SUBSCRIBERS, `killed in the middle: ${killedAt} of ${SUBSCRIBERS} had arrived`);

    const second = await startServerProcess(env);
    try {
      const distinct = () => new Set(sink.messages.map((m) => m.messageId)).size;
      await until(() => distinct() >= SUBSCRIBERS, 90_000, 'every notice after the restart').catch(() => undefined);
    } finally {
      await second.stop();
    }

    const byId = new Map<string, string[]>();
    for (const m of sink.messages) byId.set(m.messageId ?? '', [...(byId.get(m.messageId ?? '') ?? []), m.to.join(',')]);
    const recipients = new Set(sink.messages.map((m) => m.to.join(',')));
    const duplicates = sink.messages.length - byId.size;
    console.log(
      `outbox crash: ${killedAt} mails had arrived at the SIGKILL; after the restart ${sink.messages.length} in all, ` +
        `${byId.size} distinct Message-IDs, ${recipients.size} recipients, ${duplicates} duplicates (concurrency ${CONCURRENCY})`,
    );
    assert.equal(recipients.size, SUBSCRIBERS, 'every subscriber got the notice');
    assert.equal(byId.size, SUBSCRIBERS, 'one Message-ID per (event, recipient)');
    assert.ok(duplicates <= CONCURRENCY, `at most the ${CONCURRENCY} in flight arrived twice: ${duplicates}`);
    for (const [id, to] of byId) assert.equal(new Set(to).size, 1, `a Message-ID names one recipient: ${id}`);
  });
});
