import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, startServerProcess } from '../test-support/server-process.js';

// Issue 12, item 5: "anyone who kept a checkpoint can hold the server to it". A third party with
// no key keeps the published checkpoint; later `kdi-status verify --checkpoint <file> --server`
// says whether the server still has that hash at that sequence — through the real server process.

interface Kept {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

/** A rewrite by someone with the database: event `seq`'s data changed, every hash recomputed with plain Node, the checkpoints deleted. */
function rewrite(file: string, seq: number): void {
  const db = new Database(file);
  try {
    const rows = db
      .prepare('SELECT seq, at, actor, actor_id, type, subject_id, components, vendors, data FROM events ORDER BY seq')
      .all() as Array<Record<string, string | number | null>>;
    const update = db.prepare('UPDATE events SET data = ?, hash = ? WHERE seq = ?');
    let previous = '0'.repeat(64);
    db.transaction(() => {
      for (const row of rows) {
        if (row.seq === seq) row.data = String(row.data).replace(/[a-z]/, (c) => c.toUpperCase());
        const text = JSON.stringify([
          previous,
          row.seq,
          row.at,
          row.actor,
          row.actor_id,
          row.type,
          row.subject_id,
          row.components,
          row.vendors,
          row.data,
        ]);
        previous = createHash('sha256').update(text, 'utf8').digest('hex');
        update.run(row.data, previous, row.seq);
      }
      db.prepare('DELETE FROM log_checkpoints').run();
    })();
  } finally {
    db.close();
  }
}

describe('kdi-status verify --checkpoint: a kept checkpoint holds the server to it', { timeout: 180_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-kept-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds while the log is untouched; catches a rewrite with recomputed hashes that verify alone passes; refuses a forged signature', async () => {
    const dbFile = join(dir, 'kept.db');
    const env = { DATABASE_URL: `sqlite:${dbFile}` };
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    const server = await startServerProcess(env);
    // The third party: no database, no key.
    const outsider = { DATABASE_URL: '', KDI_STATUS_TOKEN: '' };
    try {
      const api = `${server.baseUrl}/api/v1`;
      const made = await fetch(`${api}/admin/log/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      assert.ok(made.status === 201 || made.status === 200, await made.clone().text());
      const kept = (await (await fetch(`${api}/log/checkpoints/latest`)).json()) as Kept;
      assert.ok(kept.seq >= 2, 'the seeded log has events to rewrite');
      const keptFile = join(dir, 'kept-checkpoint.json');
      writeFileSync(keptFile, JSON.stringify(kept));

      // The public route: the hash only, no key needed; 404 and 400 as problems.
      const hashRes = await fetch(`${api}/log/events/${kept.seq}/hash`);
      assert.equal(hashRes.status, 200);
      assert.equal(hashRes.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(await hashRes.json(), { seq: kept.seq, hash: kept.hash });
      const missing = await fetch(`${api}/log/events/999999/hash`);
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(((await missing.json()) as { code: string }).code, 'event_not_found');
      for (const bad of ['0', '-1', 'abc', '1.5', '99999999999999999999']) {
        const res = await fetch(`${api}/log/events/${bad}/hash`);
        assert.equal(res.status, 400, bad);
        const problem = (await res.json()) as { code: string; errors: Array<{ field: string }> };
        assert.equal(problem.code, 'invalid_path', bad);
        assert.equal(problem.errors[0]!.field, 'seq', bad);
      }

      const holds = await runCli(['verify', '--checkpoint', keptFile, '--server', server.baseUrl], outsider);
      assert.equal(holds.code, 0, holds.stderr + holds.stdout);
      assert.match(holds.stdout, new RegExp(`The server still holds checkpoint ${kept.seq}`));
      const holdsDb = await runCli(['verify', '--checkpoint', keptFile, '--database', `sqlite:${dbFile}`], { KDI_STATUS_TOKEN: '' });
      assert.equal(holdsDb.code, 0, holdsDb.stderr + holdsDb.stdout);

      // A forged checkpoint: the kept one with another hash, and one signed by another key under the server's key id.
      const changed = { ...kept, hash: 'f'.repeat(64) };
      const other = generateKeyPairSync('ed25519');
      const message = `kdi-status-checkpoint/v1\n${changed.seq}\n${changed.hash}\n${changed.at}\n${changed.keyId}`;
      const forged = { ...changed, signature: sign(null, Buffer.from(message), other.privateKey).toString('base64') };
      for (const [name, checkpoint] of [
        ['changed', changed],
        ['forged', forged],
      ] as const) {
        const file = join(dir, `${name}.json`);
        writeFileSync(file, JSON.stringify(checkpoint));
        const refused = await runCli(['verify', '--checkpoint', file, '--server', server.baseUrl, '--json'], outsider);
        assert.equal(refused.code, 1, name);
        const result = JSON.parse(refused.stdout) as { ok: boolean; failure: { reason: string } };
        assert.equal(result.ok, false, name);
        assert.equal(result.failure.reason, 'checkpoint_signature', name);
      }

      // The rewrite: one event changed, every hash after it recomputed, checkpoints gone. Verify alone passes it…
      rewrite(dbFile, 2);
      const fooled = await runCli(['verify', '--database', `sqlite:${dbFile}`, '--json'], { KDI_STATUS_TOKEN: '' });
      assert.equal(fooled.code, 0, `verify alone cannot see this rewrite: ${fooled.stdout}`);
      // …the kept checkpoint catches it, over HTTP and on the database.
      const caught = await runCli(['verify', '--checkpoint', keptFile, '--server', server.baseUrl], outsider);
      assert.equal(caught.code, 1, caught.stdout);
      assert.match(caught.stdout, new RegExp(`The server does not hold checkpoint ${kept.seq} \\(hash_mismatch\\)`));
      assert.match(caught.stdout, new RegExp(`the checkpoint says ${kept.hash}`));
      const caughtDb = await runCli(['verify', '--checkpoint', keptFile, '--database', `sqlite:${dbFile}`, '--json'], {
        KDI_STATUS_TOKEN: '',
      });
      assert.equal(caughtDb.code, 1);
      assert.equal((JSON.parse(caughtDb.stdout) as { failure: { reason: string } }).failure.reason, 'hash_mismatch');
    } finally {
      await server.stop();
    }
  });

  it('refuses a checkpoint signed by another key id than the server publishes: the key may have been replaced', async () => {
    const dbFile = join(dir, 'replaced.db');
    const env = { DATABASE_URL: `sqlite:${dbFile}` };
    // An event to sign: the first key.
    assert.equal((await runCli(['keys', 'create', '--role', 'admin'], env)).code, 0);
    const made = await runCli(['checkpoint', '--database', `sqlite:${dbFile}`, '--json'], env);
    assert.equal(made.code, 0, made.stderr + made.stdout);
    const keptFile = join(dir, 'replaced-checkpoint.json');
    writeFileSync(keptFile, made.stdout);
    const replacement = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const server = await startServerProcess({ ...env, SIGNING_KEY: replacement });
    try {
      const refused = await runCli(['verify', '--checkpoint', keptFile, '--server', server.baseUrl], {
        DATABASE_URL: '',
        KDI_STATUS_TOKEN: '',
      });
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.match(refused.stdout, /key_replaced/);
      assert.match(refused.stdout, /the key may have been replaced/);
    } finally {
      await server.stop();
    }
  });
});
