import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { runCli, startServerProcess } from '../test-support/server-process.js';

// Issue 12, item 5: signed checkpoints of the log, published at a public URL with the public key,
// made on a timer (CHECKPOINT_INTERVAL_HOURS) while the log grows and on demand, with the key
// from SIGNING_KEY or generated on the first start and kept — all through the real server process.

interface PublishedCheckpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} after ${ms} ms`);
    await sleep(100);
  }
}

/** The check a third party writes, from the ADR's message format alone (no code of ours). */
function signatureHolds(checkpoint: PublishedCheckpoint, publicKeyPem: string): boolean {
  const message = `kdi-status-checkpoint/v1\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.at}\n${checkpoint.keyId}`;
  return verify(null, Buffer.from(message), createPublicKey(publicKeyPem), Buffer.from(checkpoint.signature, 'base64'));
}

describe('kdi-status serve: signed checkpoints of the log', { timeout: 180_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-log-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes checkpoints that verify with the published key, made while the log grows; the generated key survives a restart', async () => {
    const env = { DATABASE_URL: `sqlite:${join(dir, 'generated.db')}`, CHECKPOINT_INTERVAL_HOURS: '0.0005' };
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const admin = { authorization: `Bearer ${created.stdout.trim()}` };
    let server = await startServerProcess(env);
    let keyId: string;
    let first: PublishedCheckpoint;
    try {
      const api = `${server.baseUrl}/api/v1`;
      // The first checkpoint comes an interval after the first event (the seed's), over the seeded log.
      first = await until(async () => {
        const res = await getJson<PublishedCheckpoint>(`${api}/log/checkpoints/latest`);
        return res.status === 200 ? res.body : undefined;
      }, 'first checkpoint');
      const key = await getJson<{ keyId: string; algorithm: string; publicKeyPem: string; publicKey: string }>(`${api}/log/public-key`);
      assert.equal(key.status, 200);
      assert.equal(key.headers.get('access-control-allow-origin'), '*', 'anyone may fetch it, from any origin');
      assert.equal(key.body.algorithm, 'Ed25519');
      keyId = key.body.keyId;
      assert.equal(first.keyId, keyId);
      assert.ok(signatureHolds(first, key.body.publicKeyPem), 'the signature holds under the published PEM');
      // The raw key (base64) is the same key.
      const raw = createPublicKey({
        key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.body.publicKey, 'base64').toString('base64url') },
        format: 'jwk',
      });
      assert.ok(
        verify(
          null,
          Buffer.from(`kdi-status-checkpoint/v1\n${first.seq}\n${first.hash}\n${first.at}\n${first.keyId}`),
          raw,
          Buffer.from(first.signature, 'base64'),
        ),
      );
      assert.equal(keyId, createHash('sha256').update(Buffer.from(key.body.publicKey, 'base64')).digest('hex').slice(0, 16));
      assert.ok(!signatureHolds({ ...first, seq: first.seq + 1 }, key.body.publicKeyPem), 'another sequence number does not hold');

      // It stands on the log's last event as the server itself verifies it.
      const verified = await getJson<{ ok: boolean; lastSeq: number; lastHash: string }>(`${api}/admin/log/verify`, { headers: admin });
      assert.equal(verified.status, 200);
      assert.equal(verified.body.ok, true);
      assert.equal(verified.body.lastSeq, first.seq);
      assert.equal(verified.body.lastHash, first.hash);

      // The log does not grow: no new checkpoint over several intervals (1.8 s each).
      await sleep(4_500);
      let list = await getJson<{ checkpoints: PublishedCheckpoint[] }>(`${api}/log/checkpoints`);
      assert.equal(list.body.checkpoints.length, 1);

      // It grows (a key made by the CLI is an event): the timer signs the new head.
      assert.equal((await runCli(['keys', 'create', '--role', 'vendor', '--vendor', 'infra-drift'], env)).code, 0);
      const second = await until(async () => {
        const res = await getJson<PublishedCheckpoint>(`${api}/log/checkpoints/latest`);
        return res.body.seq > first.seq ? res.body : undefined;
      }, 'checkpoint of the grown log');
      assert.equal(second.seq, first.seq + 1);
      assert.ok(signatureHolds(second, key.body.publicKeyPem));
      list = await getJson<{ checkpoints: PublishedCheckpoint[] }>(`${api}/log/checkpoints`);
      assert.deepEqual(
        list.body.checkpoints.map((c) => c.seq),
        [second.seq, first.seq],
        'newest first',
      );

      // On demand: the latest again while the log did not grow (200), a new one once it did (201).
      const again = await getJson<PublishedCheckpoint>(`${api}/admin/log/checkpoints`, { method: 'POST', headers: admin });
      assert.equal(again.status, 200);
      assert.equal(again.body.seq, second.seq);
      const refused = await fetch(`${api}/admin/log/checkpoints`, { method: 'POST' });
      assert.equal(refused.status, 401);
      assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    } finally {
      await server.stop();
    }

    // Restarted on the same database: the same key, and the old checkpoints still hold under it.
    server = await startServerProcess({ ...env, CHECKPOINT_INTERVAL_HOURS: '24' });
    try {
      const key = await getJson<{ keyId: string; publicKeyPem: string }>(`${server.baseUrl}/api/v1/log/public-key`);
      assert.equal(key.body.keyId, keyId);
      assert.ok(signatureHolds(first, key.body.publicKeyPem));
      const cli = await runCli(['checkpoint', '--server', server.baseUrl, '--json'], { KDI_STATUS_TOKEN: created.stdout.trim() });
      assert.equal(cli.code, 0, cli.stderr);
      const made = JSON.parse(cli.stdout) as PublishedCheckpoint;
      // verify against the running server (remote), as an operator without the database would.
      const remote = await runCli(['verify', '--server', server.baseUrl, '--json'], { KDI_STATUS_TOKEN: created.stdout.trim() });
      assert.equal(remote.code, 0, remote.stderr);
      assert.equal((JSON.parse(remote.stdout) as { ok: boolean; checkpoints: number }).checkpoints, 2);
      assert.equal(made.keyId, keyId);
      assert.ok(signatureHolds(made, key.body.publicKeyPem));
    } finally {
      await server.stop();
    }
  });

  it('SIGNING_KEY signs (PEM or base64 DER); a bad one stops the start naming it', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const expectedId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const server = await startServerProcess({
      DATABASE_URL: `sqlite:${join(dir, 'configured.db')}`,
      SIGNING_KEY: der,
      CHECKPOINT_INTERVAL_HOURS: '0.0005',
    });
    try {
      const key = await getJson<{ keyId: string }>(`${server.baseUrl}/api/v1/log/public-key`);
      assert.equal(key.body.keyId, expectedId);
      const checkpoint = await until(async () => {
        const res = await getJson<PublishedCheckpoint>(`${server.baseUrl}/api/v1/log/checkpoints/latest`);
        return res.status === 200 ? res.body : undefined;
      }, 'checkpoint');
      assert.ok(signatureHolds(checkpoint, publicKey.export({ format: 'pem', type: 'spki' }).toString()));
    } finally {
      await server.stop();
    }

    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const local = await runCli(['checkpoint', '--database', `sqlite:${join(dir, 'configured.db')}`, '--json'], { SIGNING_KEY: pem });
    assert.equal(local.code, 0, local.stderr);
    assert.equal((JSON.parse(local.stdout) as PublishedCheckpoint).keyId, expectedId);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    for (const bad of ['not a key', rsa]) {
      await assert.rejects(
        startServerProcess({ DATABASE_URL: `sqlite:${join(dir, 'bad.db')}`, SIGNING_KEY: bad }),
        /SIGNING_KEY: must be an Ed25519 private key/,
      );
    }
    await assert.rejects(
      startServerProcess({ DATABASE_URL: `sqlite:${join(dir, 'bad.db')}`, CHECKPOINT_INTERVAL_HOURS: '25' }),
      /CHECKPOINT_INTERVAL_HOURS: must be at most 24/,
    );
  });
});
