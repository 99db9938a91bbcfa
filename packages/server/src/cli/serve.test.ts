import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, runCli, startServerProcess } from '../test-support/server-process.js';

// Every variable the README documents for `kdi-status serve`, tried on the real server process.

describe('kdi-status serve honours its environment', () => {
  let dir: string;
  const database = (name: string) => `sqlite:${join(dir, name, 'status.db')}`;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-serve-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('RATE_LIMIT_PER_MINUTE: the third admin request within the minute gets 429 with Retry-After; another key is not held up', async () => {
    const env = { DATABASE_URL: database('rate'), RATE_LIMIT_PER_MINUTE: '2' };
    const created = await Promise.all([
      runCli(['keys', 'create', '--role', 'admin'], env),
      runCli(['keys', 'create', '--role', 'admin'], env),
    ]);
    const [first, second] = created.map((c) => {
      assert.equal(c.code, 0, c.stderr);
      return c.stdout.trim();
    });
    const server = await startServerProcess(env);
    try {
      const whoami = (token: string) => fetch(`${server.baseUrl}/api/v1/admin/whoami`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await whoami(first!)).status, 200);
      assert.equal((await whoami(first!)).status, 200);
      const limited = await whoami(first!);
      assert.equal(limited.status, 429);
      assert.match(limited.headers.get('content-type')!, /^application\/problem\+json/);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
      assert.equal(((await limited.json()) as { code: string }).code, 'rate_limited');
      assert.equal((await whoami(second!)).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('PORT, HOST and PUBLIC_URL: listens where told and says where users reach it', async () => {
    const port = await freePort();
    const server = await startServerProcess({
      DATABASE_URL: database('where'),
      PORT: String(port),
      // Loopback is all of 127.0.0.0/8: bound to .2 only, the server is not at .1.
      HOST: '127.0.0.2',
      PUBLIC_URL: 'https://status.example.dk/',
    });
    try {
      assert.match(server.output(), /running at https:\/\/status\.example\.dk\/ /);
      assert.match(server.output(), /widget: +https:\/\/status\.example\.dk\/widget\/kdi-status\.js/);
      assert.equal((await fetch(`http://127.0.0.2:${port}/healthz`)).status, 200);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    } finally {
      await server.stop();
    }
  });

  it('DATABASE_URL: the SQLite file is made where it says, folders included', async () => {
    const server = await startServerProcess({ DATABASE_URL: database('made/here') });
    try {
      assert.ok(existsSync(join(dir, 'made/here', 'status.db')));
      assert.match(server.output(), /database: sqlite:/);
    } finally {
      await server.stop();
    }
  });

  it('LOG_LEVEL: info logs each request; the default (warn) does not', async () => {
    const quiet = await startServerProcess({ DATABASE_URL: database('quiet') });
    const chatty = await startServerProcess({ DATABASE_URL: database('chatty'), LOG_LEVEL: 'info' });
    try {
      await Promise.all([fetch(`${quiet.baseUrl}/healthz`), fetch(`${chatty.baseUrl}/healthz`)]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.match(chatty.output(), /"msg":"incoming request"/);
      assert.doesNotMatch(quiet.output(), /incoming request/);
    } finally {
      await Promise.all([quiet.stop(), chatty.stop()]);
    }
  });

  it('says which setting is at fault when it cannot listen there', async () => {
    await assert.rejects(
      startServerProcess({ DATABASE_URL: database('host'), HOST: '256.1.1.1' }),
      /cannot listen on HOST=256\.1\.1\.1 PORT=0/,
    );
  });

  it('refuses to start on a bad value, naming the variable', async () => {
    for (const [name, value] of [
      ['RATE_LIMIT_PER_MINUTE', '0'],
      ['PORT', 'eighty'],
      ['LOG_LEVEL', 'loud'],
      ['PUBLIC_URL', 'ftp://status.example.dk'],
      ['DATABASE_URL', 'postgress://kdi@db.internal/kdi'],
    ]) {
      await assert.rejects(startServerProcess({ DATABASE_URL: database('bad'), [name!]: value! }), (error: Error) => {
        // A mistyped DATABASE_URL leaves no stray SQLite file behind.
        assert.ok(!existsSync('postgress:'), 'no file made from a mistyped URL');
        assert.match(error.message, /exited with 1/);
        assert.match(error.message, new RegExp(`${name}:`));
        return true;
      });
    }
  });
});
