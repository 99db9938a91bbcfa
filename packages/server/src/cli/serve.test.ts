import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openSocket, rawHttp } from '../test-support/raw-http.js';
import { freePort, runCli, startServerProcess } from '../test-support/server-process.js';
import { fittingConnectionCap, openFileLimit } from './serve.js';

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

  /** One admin key made with the CLI on a database, as an operator would. */
  async function adminToken(env: Record<string, string>): Promise<string> {
    const created = await runCli(['keys', 'create', '--role', 'admin'], env);
    assert.equal(created.code, 0, created.stderr);
    return created.stdout.trim();
  }
  // Well formed, so each try is a lookup that fails (a malformed token costs none and is not counted).
  const WRONG = `kdi_k_000000000000_${'w'.repeat(43)}`;
  /** GET /whoami with a token, from a loopback address and through an X-Forwarded-For, over a raw connection. */
  const whoami = (baseUrl: string, token: string, { from = '127.0.0.1', forwardedFor = '' } = {}) =>
    rawHttp(
      baseUrl,
      [
        `GET /api/v1/admin/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n` +
          (forwardedFor ? `X-Forwarded-For: ${forwardedFor}\r\n` : '') +
          '\r\n',
      ],
      { localAddress: from },
    );

  it('AUTH_FAILURES_PER_MINUTE: an address that guessed that often gets 429 before any lookup, even with a right key; another address does not', async () => {
    const env = { DATABASE_URL: database('guess'), AUTH_FAILURES_PER_MINUTE: '3' };
    const token = await adminToken(env);
    const server = await startServerProcess(env);
    try {
      for (let i = 0; i < 3; i++) assert.equal((await whoami(server.baseUrl, WRONG)).status, 401);
      const limited = await whoami(server.baseUrl, WRONG);
      assert.equal(limited.status, 429);
      assert.match(limited.headers['content-type']!, /^application\/problem\+json/);
      assert.ok(Number(limited.headers['retry-after']) >= 1, 'Retry-After in seconds');
      assert.match(JSON.parse(limited.body).detail, /failed authentications from this address/);
      // Refused before the token is even looked at: the right key from this address waits too.
      assert.equal((await whoami(server.baseUrl, token)).status, 429);
      // Without TRUST_PROXY a forged X-Forwarded-For changes nothing.
      assert.equal((await whoami(server.baseUrl, WRONG, { forwardedFor: '203.0.113.7' })).status, 429);
      assert.equal((await whoami(server.baseUrl, WRONG, { from: '127.0.0.2' })).status, 401);
      assert.equal((await whoami(server.baseUrl, token, { from: '127.0.0.2' })).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('TRUST_PROXY: behind a trusted proxy the client address is the X-Forwarded-For one', async () => {
    const env = { DATABASE_URL: database('proxy'), AUTH_FAILURES_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' };
    const server = await startServerProcess(env);
    try {
      const viaProxy = (client: string) => whoami(server.baseUrl, WRONG, { forwardedFor: client });
      assert.equal((await viaProxy('203.0.113.1')).status, 401);
      assert.equal((await viaProxy('203.0.113.1')).status, 401);
      assert.equal((await viaProxy('203.0.113.1')).status, 429);
      assert.equal((await viaProxy('203.0.113.2')).status, 401, 'another client behind the same proxy');
      // A proxy that is not trusted cannot name a client.
      assert.equal((await whoami(server.baseUrl, WRONG, { from: '127.0.0.2', forwardedFor: '203.0.113.9' })).status, 401);
    } finally {
      await server.stop();
    }
  });

  it('REQUEST_TIMEOUT_MS and HEADERS_TIMEOUT_MS: a client that sends slowly gets 408 problem+json and is cut off, with or without a key', async () => {
    const env = { DATABASE_URL: database('slow'), REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '600' };
    const token = await adminToken(env);
    const server = await startServerProcess(env);
    const drip = (head: string, count: number) => [head, ...Array.from({ length: count }, () => 'x')];
    try {
      // Headers one line every 250 ms; 40 lines would take 10 s.
      const headers = await rawHttp(
        server.baseUrl,
        ['GET /healthz HTTP/1.1\r\n', ...Array.from({ length: 40 }, (_, i) => `X-${i}: y\r\n`)],
        {
          gapMs: 250,
        },
      );
      assert.equal(headers.status, 408);
      assert.match(headers.headers['content-type']!, /^application\/problem\+json/);
      assert.equal(JSON.parse(headers.body).code, 'request_timeout');
      assert.ok(headers.closedAfterMs < 40 * 250, `closed after ${headers.closedAfterMs} ms, before the client was done`);

      // A body of 40 bytes, one every 250 ms.
      const post = (authorization: string) =>
        `POST /api/v1/admin/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n`;
      const keyed = await rawHttp(server.baseUrl, drip(post(`Bearer ${token}`), 40), { gapMs: 250 });
      assert.equal(keyed.status, 408);
      assert.ok(keyed.closedAfterMs < 40 * 250, `closed after ${keyed.closedAfterMs} ms`);
      const anonymous = await rawHttp(server.baseUrl, drip(post(`Bearer ${WRONG}`), 40), { gapMs: 250 });
      assert.equal(anonymous.status, 401, 'refused at once, before the body');
      assert.ok(anonymous.closedAfterMs < 40 * 250, `and cut off after ${anonymous.closedAfterMs} ms`);
    } finally {
      await server.stop();
    }
  });

  it('KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after it', async () => {
    const server = await startServerProcess({ DATABASE_URL: database('keepalive'), KEEP_ALIVE_TIMEOUT_MS: '300' });
    try {
      // One request on a keep-alive connection, then silence: closed by the server, not by the wait.
      const idle = await rawHttp(server.baseUrl, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], { waitMs: 4000 });
      assert.equal(idle.status, 200);
      assert.ok(Number.isFinite(idle.closedAfterMs), 'closed by the server within 4 s');
    } finally {
      await server.stop();
    }
  });

  it('MAX_CONNECTIONS: connections beyond it are closed at once; a freed one is usable again', async () => {
    const server = await startServerProcess({ DATABASE_URL: database('connections'), MAX_CONNECTIONS: '3' });
    const { hostname, port } = new URL(server.baseUrl);
    const held = await Promise.all([1, 2, 3].map(() => openSocket(hostname, Number(port))));
    const healthz = () => rawHttp(server.baseUrl, ['GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], { waitMs: 5000 });
    try {
      const refused = await healthz();
      assert.equal(refused.status, null, 'closed without an answer');
      assert.ok(Number.isFinite(refused.closedAfterMs), 'closed by the server');
      held.pop()!.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal((await healthz()).status, 200);
    } finally {
      for (const socket of held) socket.destroy();
      await server.stop();
    }
  });

  it('STREAMS_PER_ADDRESS, STREAMS_TOTAL and STREAM_REPLAY_MAX_BYTES: streams beyond the caps get 429 or 503; a long replay becomes a summary; HEAD holds nothing', async () => {
    const server = await startServerProcess({
      DATABASE_URL: database('streams'),
      STREAMS_PER_ADDRESS: '2',
      STREAMS_TOTAL: '3',
      STREAM_REPLAY_MAX_BYTES: '200',
    });
    const { hostname, port } = new URL(server.baseUrl);
    const open: Socket[] = [];
    /** Opens a stream from `from`; resolves to its status and what came with the head. */
    const stream = async (from: string, lastEventId?: number) => {
      const socket = await openSocket(hostname, Number(port), from);
      open.push(socket);
      socket.setEncoding('utf8');
      let received = '';
      const head = new Promise<string>((resolve) =>
        socket.on('data', (chunk: string) => {
          received += chunk;
          if (/\r\n\r\n[\s\S]*data: .*\n\n/.test(received) || /^HTTP\/1\.1 [45][\s\S]*\r\n\r\n\{[\s\S]*\}$/.test(received))
            resolve(received);
        }),
      );
      const resume = lastEventId === undefined ? '' : `Last-Event-ID: ${lastEventId}\r\n`;
      socket.write(`GET /api/v1/stream HTTP/1.1\r\nHost: x\r\n${resume}\r\n`);
      const text = await head;
      return { status: Number(text.split(' ')[1]), text };
    };
    try {
      // HEAD answers the stream's headers and nothing else, and holds no slot: three of them, and
      // both of this address's streams are still there to be had.
      for (let i = 0; i < 3; i++) {
        const head = await rawHttp(server.baseUrl, ['HEAD /api/v1/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'], {
          waitMs: 3000,
        });
        assert.equal(head.status, 200);
        assert.match(head.headers['content-type']!, /^text\/event-stream/);
        assert.equal(head.body, '');
        assert.ok(Number.isFinite(head.closedAfterMs), 'the answer ends; no stream is held open');
      }
      assert.equal((await stream('127.0.0.1')).status, 200);
      // A resume from the start of the log would replay the whole seed: more than 200 bytes, so a summary.
      const resumed = await stream('127.0.0.1', 0);
      assert.equal(resumed.status, 200);
      assert.match(resumed.text, /data: \{"type":"summary"/);
      const perAddress = await stream('127.0.0.1');
      assert.equal(perAddress.status, 429);
      assert.match(perAddress.text, /content-type: application\/problem\+json/i);
      assert.match(perAddress.text, /retry-after: \d+/i);
      assert.match(perAddress.text, /"code":"too_many_streams"/);
      assert.equal((await stream('127.0.0.2')).status, 200, 'another address, while the total allows');
      const total = await stream('127.0.0.3');
      assert.equal(total.status, 503);
      assert.match(total.text, /"code":"stream_capacity"/);
    } finally {
      for (const socket of open) socket.destroy();
      await server.stop();
    }
  });

  it('PORT, HOST and PUBLIC_URL: listens where told, says where users reach it, and links there', async () => {
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
      // Absolute links are made of PUBLIC_URL, not of the Host the request came with.
      const v2 = (await (await fetch(`http://127.0.0.2:${port}/api/v2/status.json`)).json()) as { page: { url: string } };
      assert.equal(v2.page.url, 'https://status.example.dk/');
      const atom = await (await fetch(`http://127.0.0.2:${port}/feeds/incidents.atom`)).text();
      assert.match(atom, /href="https:\/\/status\.example\.dk\/incidents\//);
      assert.doesNotMatch(atom, /127\.0\.0\.2/);
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

  it('refuses to start on bad values, naming each variable at fault', async () => {
    const bad = {
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_FAILURES_PER_MINUTE: 'none',
      TRUST_PROXY: 'maybe',
      REQUEST_TIMEOUT_MS: '0',
      HEADERS_TIMEOUT_MS: '1.5',
      KEEP_ALIVE_TIMEOUT_MS: '0',
      MAX_CONNECTIONS: '-1',
      STREAMS_PER_ADDRESS: '0',
      STREAMS_TOTAL: 'all',
      STREAM_REPLAY_MAX_BYTES: '1MB',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      PUBLIC_URL: 'ftp://status.example.dk',
      DATABASE_URL: 'postgress://kdi@db.internal/kdi',
    };
    // One start with every bad value: the configuration is parsed once and names them all.
    await assert.rejects(startServerProcess(bad), (error: Error) => {
      // A mistyped DATABASE_URL leaves no stray SQLite file behind.
      assert.ok(!existsSync('postgress:'), 'no file made from a mistyped URL');
      assert.match(error.message, /exited with 1/);
      for (const name of Object.keys(bad)) assert.match(error.message, new RegExp(`\\n  ${name}: `), name);
      return true;
    });
  });
});

describe('the connection cap fits the open-file limit', () => {
  const limits = (soft: string) =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                 ${soft}                 files\n`;

  it('reads the soft limit of open files, or null', () => {
    assert.equal(openFileLimit(limits('1024')), 1024);
    assert.equal(openFileLimit(limits('unlimited')), null);
    assert.equal(openFileLimit(null), null);
    assert.ok((openFileLimit() ?? Infinity) > 0, 'this machine: a number, or unknown');
  });

  it('keeps MAX_CONNECTIONS below the limit, with room for the database and the files', () => {
    assert.equal(fittingConnectionCap(25_000, 1024), 896);
    assert.equal(fittingConnectionCap(500, 1024), 500);
    assert.equal(fittingConnectionCap(25_000, null), 25_000);
    assert.equal(fittingConnectionCap(25_000, 50), 1);
  });
});
