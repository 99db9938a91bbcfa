import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { seedSubscribers, until } from '../test-support/notify-scenario.js';
import { runCli, startServerProcess } from '../test-support/server-process.js';
import { startSmtpSink, type SmtpSink } from '../test-support/smtp-sink.js';

// Every documented mail and webhook variable, through the real `kdi-status serve` process.
// (SMTP_URL, OUTBOX_CONCURRENCY and OUTBOX_LEASE_SECONDS are also what outbox-crash.test.ts runs on.)

describe('kdi-status serve: the mail and webhook variables', { timeout: 90_000 }, () => {
  let dir: string;
  let sink: SmtpSink;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-notify-env-'));
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('MAIL_FROM is the sender, MAINTENANCE_REMINDER_HOURS the lead of the reminder', async () => {
    const file = join(dir, 'mail.db');
    await seedSubscribers(openSqliteStore(file), 1, null);
    // 0.002 hours: a reminder 7.2 s before a window that starts in 12 s.
    const env = {
      DATABASE_URL: `sqlite:${file}`,
      SMTP_URL: sink.url,
      MAIL_FROM: 'Drift i KY <drift@kommune.example>',
      MAINTENANCE_REMINDER_HOURS: '0.002',
    };
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const server = await startServerProcess(env);
    try {
      const startsAt = new Date(Date.now() + 12_000);
      const scheduled = await fetch(`${server.baseUrl}/api/v1/admin/maintenances`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.stdout.trim()}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: { da: 'Opdatering af CPR' },
          description: { da: 'CPR opdateres.' },
          vendor: 'infra-drift',
          components: ['cpr'],
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        }),
      });
      assert.equal(scheduled.status, 201, await scheduled.text());
      await until(() => sink.messages.some((m) => m.subject?.startsWith('Påmindelse:')), 30_000, 'the reminder');
      const reminder = sink.messages.find((m) => m.subject?.startsWith('Påmindelse:'))!;
      const arrived = Date.now();
      assert.ok(arrived < startsAt.getTime(), 'the reminder came before the window started');
      assert.ok(arrived >= startsAt.getTime() - 7_200 - 2_000, `not long before its lead: ${startsAt.getTime() - arrived} ms ahead`);
      assert.ok(sink.messages.indexOf(reminder) > 0, 'the scheduled notice came first');
      const from = reminder.headers.get('from') as { value: Array<{ name: string; address: string }> };
      assert.deepEqual(from.value, [{ name: 'Drift i KY', address: 'drift@kommune.example' }]);
    } finally {
      await server.stop();
    }
  });

  it('WEBHOOK_ALLOW_PRIVATE_NETWORKS=true lets an endpoint on 127.0.0.1 register; unset, it is refused naming url', async () => {
    const receiver = createServer((_request, response) => response.writeHead(204).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      for (const allowed of [true, false]) {
        const env = {
          DATABASE_URL: `sqlite:${join(dir, `hooks-${allowed}.db`)}`,
          ...(allowed ? { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } : {}),
        };
        const created = await runCli(['keys', 'create', '--role', 'admin'], env);
        assert.equal(created.code, 0, created.stderr);
        const server = await startServerProcess(env);
        try {
          const answer = await fetch(`${server.baseUrl}/api/v1/admin/webhooks`, {
            method: 'POST',
            headers: { authorization: `Bearer ${created.stdout.trim()}`, 'content-type': 'application/json' },
            body: JSON.stringify({ url, components: null, contact: 'drift@leverandor.example' }),
          });
          const body = (await answer.json()) as { errors?: Array<{ field: string }> };
          if (allowed) assert.equal(answer.status, 201, JSON.stringify(body));
          else {
            assert.equal(answer.status, 422, JSON.stringify(body));
            assert.deepEqual(
              body.errors?.map((e) => e.field),
              ['url'],
            );
          }
        } finally {
          await server.stop();
        }
      }
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('serve --demo without SMTP_URL offers the form and prints each mail, with its confirmation link, instead of sending it', async () => {
    const server = await startServerProcess({ DATABASE_URL: `sqlite:${join(dir, 'demo.db')}` }, ['--demo']);
    try {
      const front = await (await fetch(`${server.baseUrl}/`)).text();
      assert.match(front, /action="\/abonnement"/, 'the sign-up form is on the front page');
      const signedUp = await fetch(`${server.baseUrl}/api/v1/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address: 'sagsbehandler@kommune.example', components: ['ky'], lang: 'da', consent: true }),
      });
      assert.equal(signedUp.status, 202, await signedUp.text());
      await until(() => server.output().includes('/abonnement/bekraeft/'), 20_000, 'the printed confirmation mail');
      assert.match(server.output(), /Demo mail \(not sent: no SMTP_URL\) to sagsbehandler@kommune\.example/);
    } finally {
      await server.stop();
    }
  });
});
