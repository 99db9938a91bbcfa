#!/usr/bin/env node
// `pnpm bench` (outbox): 10,000 confirmed subscribers of KY, one incident on Serviceplatformen,
// which KY depends on.
// 1. Writing the outbox: the commit of the incident with its notice, then the fan-out that writes
//    10,000 deliveries (goal ≤ 1 s in all), on SQLite and on PostgreSQL (when reachable); the median
//    of ROUNDS, each a new incident.
// 2. Mails per second into a local SMTP sink (another process): the outbox worker sending those
//    10,000 deliveries (claim, make the mail, send, record), next to the same library — nodemailer's
//    pooled transport, the same number of connections — sending the same mails in a bare loop, in
//    the same run, alternating. The ratio is the cost of durability and bookkeeping.
// Bounded: a fixed count of mails and rounds, and a timeout on every wait.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ask, startChild } from './children.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = (path) => new URL(`../packages/server/dist/${path}`, import.meta.url).href;
const { openSqliteStore } = await import(dist('store/sqlite/sqlite-store.js'));
const { openPostgresStore } = await import(dist('store/postgres/postgres-store.js'));
const { demoSeed } = await import(dist('seed/demo-seed.js'));
const { noticesFor } = await import(dist('domain/notices.js'));
const { expandDueNotices } = await import(dist('notify/fan-out.js'));
const { createNotifier } = await import(dist('notify/notifier.js'));
const { renderMail } = await import(dist('notify/mail/render-mail.js'));
const { composeMail } = await import(dist('notify/mail/compose-mail.js'));
const { subscriptionLinks } = await import(dist('notify/subscription-links.js'));
const { createMailer } = await import(dist('notify/mail/smtp-transport.js'));
const require = createRequire(new URL('../packages/server/package.json', import.meta.url));
const pg = require('pg');

const SUBSCRIBERS = Number(process.env.BENCH_OUTBOX_SUBSCRIBERS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_OUTBOX_ROUNDS ?? 3);
const SEND_ROUNDS = Number(process.env.BENCH_OUTBOX_SEND_ROUNDS ?? 2);
const CONCURRENCY = 4;
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORIGIN = 'https://status.example';
const WAIT_MS = 300_000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round1 = (n) => Math.round(n * 10) / 10;

function subscriber(i, at) {
  return {
    id: `sub_${i}`,
    address: `reader${i}@kommune.example`,
    components: ['ky'],
    lang: i % 2 ? 'en' : 'da',
    token: `token-${i}-${'x'.repeat(32)}`,
    createdAt: at,
    confirmedAt: at,
    consentVersion: 'bench',
    consentedAt: at,
  };
}

async function seed(store) {
  await store.migrate();
  const at = new Date().toISOString();
  await store.commitIfNoComponents(demoSeed(new Date(at)), { type: 'system', id: 'seed' }, at);
  for (let i = 0; i < SUBSCRIBERS; i++) await store.saveSubscriber(subscriber(i, at));
}

function incident(n, at) {
  return {
    id: `bench-${n}-${Date.now()}`,
    title: { da: `Serviceplatformen svarer langsomt (${n})`, en: `Serviceplatformen is slow (${n})` },
    impact: 'major',
    status: 'investigating',
    vendor: 'infra-drift',
    components: [{ id: 'serviceplatformen', status: 'partial_outage' }],
    updates: [{ id: `u-${n}`, at, status: 'investigating', message: { da: 'Vi undersøger fejlen.' }, author: 'infra-drift' }],
    startedAt: at,
    resolvedAt: null,
    updatedAt: at,
  };
}

/** One incident committed with its notice, then expanded: milliseconds of each, and deliveries written. */
async function writeOutbox(store, n) {
  const at = new Date();
  const changes = [{ type: 'incident.changed', data: incident(n, at.toISOString()) }];
  const { components } = await store.snapshot({ since: at.toISOString() });
  const t0 = performance.now();
  await store.commit(
    changes,
    { type: 'system', id: 'bench' },
    at.toISOString(),
    noticesFor(changes, () => undefined, at, 86_400_000),
  );
  const t1 = performance.now();
  const written = await expandDueNotices({ store, components: () => components, giveUpMs: 86_400_000 }, new Date());
  const t2 = performance.now();
  if (written !== SUBSCRIBERS) throw new Error(`the fan-out wrote ${written} deliveries, not ${SUBSCRIBERS}`);
  return { commitMs: t1 - t0, fanOutMs: t2 - t1, totalMs: t2 - t0 };
}

async function writeRounds(store) {
  const rounds = [];
  for (let n = 0; n < ROUNDS; n++) rounds.push(await writeOutbox(store, n));
  return {
    commitMs: round1(median(rounds.map((r) => r.commitMs))),
    fanOutMs: round1(median(rounds.map((r) => r.fanOutMs))),
    totalMs: round1(median(rounds.map((r) => r.totalMs))),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'kdi-bench-outbox-'));
const sink = await startChild('smtp-sink.mjs');
const received = async () => (await ask(sink.child, { type: 'count' }, 'count')).received;
const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
try {
  // 1. Writing the outbox.
  const file = join(dir, 'status.db');
  // Seeding 10,000 subscribers one commit each is setup, not what is measured: without fsync.
  const seeding = openSqliteStore(file, { synchronous: 'NORMAL' });
  await seed(seeding);
  await seeding.close();
  const sqlite = openSqliteStore(file);
  const sqliteWrite = await writeRounds(sqlite);
  console.log(`outbox write, SQLite: commit ${sqliteWrite.commitMs} ms + fan-out ${sqliteWrite.fanOutMs} ms for ${SUBSCRIBERS} deliveries`);

  let postgresWrite = null;
  const name = `kdi_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const postgres = openPostgresStore(url.href);
    try {
      await seed(postgres);
      postgresWrite = await writeRounds(postgres);
      console.log(`outbox write, PostgreSQL: commit ${postgresWrite.commitMs} ms + fan-out ${postgresWrite.fanOutMs} ms`);
    } finally {
      await postgres.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    }
  } catch (error) {
    console.log(`outbox write, PostgreSQL: skipped (${error.message})`);
  } finally {
    await admin.end().catch(() => undefined);
  }

  // 2. Sending: the worker against a bare nodemailer loop, the same mails.
  const { components, vendors } = await sqlite.snapshot({ since: new Date().toISOString() });
  const someIncident = incident(99, new Date().toISOString());
  const bareMessages = Array.from({ length: SUBSCRIBERS }, (_, i) => {
    const s = subscriber(i, someIncident.startedAt);
    const links = subscriptionLinks(ORIGIN, s.token);
    const content = renderMail({
      kind: 'incident.opened',
      lang: s.lang,
      components,
      vendors,
      incident: someIncident,
      affected: [{ component: 'ky', path: ['ky', 'serviceplatformen'] }],
      subscribedTo: s.components,
      links: { page: `${ORIGIN}/incidents/${someIncident.id}`, manage: links.manage, unsubscribe: links.unsubscribe },
    });
    return composeMail({
      kind: 'incident.opened',
      from: 'Driftsstatus <noreply@status.example>',
      to: s.address,
      lang: s.lang,
      content,
      messageId: `<bare-${i}@status.example>`,
      date: new Date(),
      unsubscribeUrl: links.unsubscribe,
    });
  });

  async function bareLoop() {
    // The server's own nodemailer configuration (pooled, the same connections), without the outbox.
    const transport = createMailer({ smtpUrl, from: 'Driftsstatus <noreply@status.example>', maxConnections: CONCURRENCY });
    const before = await received();
    const t0 = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < bareMessages.length) {
        const sent = await transport.send(bareMessages[next++]);
        if (!sent.ok) throw new Error(sent.error);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const seconds = (performance.now() - t0) / 1000;
    transport.close();
    if ((await received()) - before !== SUBSCRIBERS) throw new Error('the sink did not get every bare mail');
    return SUBSCRIBERS / seconds;
  }

  // The worker sends from a database of its own: only the batch of its round is pending there.
  const sendFile = join(dir, 'send.db');
  const sendSeeding = openSqliteStore(sendFile, { synchronous: 'NORMAL' });
  await seed(sendSeeding);
  await sendSeeding.close();
  const sending = openSqliteStore(sendFile);

  async function workerRun(n) {
    // A fresh batch of 10,000 deliveries for the worker to send.
    await writeOutbox(sending, 100 + n);
    const notifier = createNotifier({
      store: sending,
      now: () => new Date(),
      landscape: () => ({ components, vendors }),
      origin: () => ORIGIN,
      config: {
        smtpUrl,
        mailFrom: 'Driftsstatus <noreply@status.example>',
        reminderLeadMs: 86_400_000,
        webhookAllowPrivateNetworks: false,
        concurrency: CONCURRENCY,
        leaseMs: 60_000,
      },
    });
    const pending = (await sending.deliveryCounts()).find((c) => c.channel === 'mail' && c.state === 'pending')?.count ?? 0;
    const before = await received();
    const t0 = performance.now();
    await Promise.race([
      notifier.worker.runOnce(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the worker did not finish')), WAIT_MS).unref()),
    ]);
    const seconds = (performance.now() - t0) / 1000;
    await notifier.stop();
    const got = (await received()) - before;
    if (got !== pending) throw new Error(`the sink got ${got} of the worker's ${pending} mails`);
    return pending / seconds;
  }

  const bare = [];
  const worker = [];
  for (let n = 0; n < SEND_ROUNDS; n++) {
    bare.push(await bareLoop());
    worker.push(await workerRun(n));
  }
  await sqlite.close();
  await sending.close();
  const result = {
    bench: 'outbox',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    subscribers: SUBSCRIBERS,
    rounds: ROUNDS,
    write: { sqlite: sqliteWrite, postgres: postgresWrite, goalMs: 1000 },
    send: {
      concurrency: CONCURRENCY,
      rounds: SEND_ROUNDS,
      workerMailsPerSecond: Math.round(median(worker)),
      bareNodemailerMailsPerSecond: Math.round(median(bare)),
      ratio: Math.round((median(worker) / median(bare)) * 100) / 100,
      workerRounds: worker.map(Math.round),
      bareRounds: bare.map(Math.round),
    },
  };
  console.log(
    `outbox send: worker ${result.send.workerMailsPerSecond} mails/s, bare nodemailer loop ${result.send.bareNodemailerMailsPerSecond} mails/s (${result.send.ratio}×)`,
  );
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'outbox.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  sink.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
