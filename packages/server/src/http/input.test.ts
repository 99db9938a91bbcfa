import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, type Problem } from '@kdi-status/sdk';
import { createApp } from '../app.js';
import { createTestKey, startTestServer, type TestServer } from '../test-support/admin-server.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import { rawHttp } from '../test-support/raw-http.js';
import { MAX_BODY_DEPTH } from './input.js';

const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const incidentBody = (title: unknown) => ({
  title,
  impact: 'minor',
  vendor: 'infra-drift',
  components: [{ id: 'sts', status: 'degraded_performance' }],
  message: { da: 'Vi undersøger.\nMere følger.' },
});
/** `[[[…]]]` nested `depth` deep, built as text: no recursion anywhere. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('input the server refuses before any route sees it', () => {
  let server: TestServer;
  let admin: string;

  before(async () => {
    server = await startTestServer();
    admin = await server.token('admin', 'kombit');
  });
  after(() => server.close());

  /** Sends raw bytes as an admin POST; the answer's problem, checked to be one. */
  async function post(url: string, payload: string | Buffer, contentType = 'application/json', headers: Record<string, string> = {}) {
    const response = await server.app.http.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${admin}`, 'content-type': contentType, ...headers },
      payload,
    });
    const body = JSON.parse(response.body) as Problem & { id?: string };
    if (response.statusCode >= 400) {
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.ok(ProblemSchema.safeParse(body).success, response.body);
    }
    return { status: response.statusCode, body, fields: body.errors?.map((e) => e.field) ?? [] };
  }
  const unchanged = async (act: () => Promise<unknown>) => {
    const before = await server.state();
    await act();
    assert.deepEqual(await server.state(), before, 'the database is as it was');
  };

  it(`refuses a body nested deeper than ${MAX_BODY_DEPTH} levels, even 30,000 deep with an Idempotency-Key`, async () => {
    await unchanged(async () => {
      for (const depth of [MAX_BODY_DEPTH + 1, 30_000]) {
        const deep = `{"title":{"da":"t"},"impact":"minor","components":[],"message":{"da":"m"},"x":${nested(depth)}}`;
        const answer = await post('/api/v1/admin/incidents', deep, 'application/json', { 'idempotency-key': `deep-${depth}` });
        assert.equal(answer.status, 400, JSON.stringify(answer.body));
        assert.equal(answer.body.code, 'invalid_body');
        assert.match(answer.body.detail!, /nests deeper than 32 levels/);
      }
    });
  });

  it('refuses a charset other than UTF-8 with 415, and takes UTF-8 spelt any way', async () => {
    await unchanged(async () => {
      for (const charset of ['latin1', 'ISO-8859-1', 'utf-16', '"windows-1252"']) {
        const answer = await post(
          '/api/v1/admin/incidents',
          JSON.stringify(incidentBody({ da: 'Fejl' })),
          `application/json; charset=${charset}`,
        );
        assert.equal(answer.status, 415, charset);
        assert.equal(answer.body.code, 'unsupported_charset');
        assert.deepEqual(answer.fields, ['Content-Type']);
      }
    });
    await unchanged(async () => {
      // Two charsets are one too many; a quoted value that merely mentions a charset is not one.
      const twice = await post(
        '/api/v1/admin/incidents',
        JSON.stringify(incidentBody({ da: 'Fejl' })),
        'application/json; charset=utf-8; charset=latin1',
      );
      assert.equal(twice.status, 415);
      assert.deepEqual(twice.fields, ['Content-Type']);
    });
    const quoted = await post(
      '/api/v1/admin/incidents',
      JSON.stringify(incidentBody({ da: 'Fejl quoted' })),
      'application/json; x=";charset=latin1"',
    );
    assert.equal(quoted.status, 201, JSON.stringify(quoted.body));
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'utf8']) {
      const answer = await post(
        '/api/v1/admin/incidents',
        JSON.stringify(incidentBody({ da: `Fejl ${charset}` })),
        `application/json; charset=${charset}`,
      );
      assert.equal(answer.status, 201, charset);
    }
  });

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const text = Buffer.from(JSON.stringify(incidentBody({ da: 'Fejl X' })));
    const latin1 = Buffer.from(text.toString('latin1').replace('X', '\u00e6'), 'latin1'); // "æ" as one byte 0xE6
    await unchanged(async () => {
      for (const bytes of [latin1, Buffer.concat([text.subarray(0, 20), Buffer.from([0xc0, 0x80]), text.subarray(20)])]) {
        const answer = await post('/api/v1/admin/incidents', bytes);
        assert.equal(answer.status, 400);
        assert.equal(answer.body.code, 'invalid_encoding');
        assert.deepEqual(answer.fields, ['(body)']);
      }
    });
  });

  it('refuses NUL, other control characters, lone surrogates and unclosed bidi isolates in any string, naming the field; keeps line breaks', async () => {
    await unchanged(async () => {
      for (const [title, field] of [
        ['{"da":"Fejl\\u0000"}', 'title.da'],
        ['{"da":"Fejl\\u001b]0;pwned\\u0007"}', 'title.da'],
        ['{"da":"Fejl","en":"\\ud800"}', 'title.en'],
        ['{"da":"\\udc00 Fejl"}', 'title.da'],
        ['{"da":"Fejl\\u009b2J"}', 'title.da'],
        ['{"da":"Fejl","e\\u0000n":"x"}', 'title'],
        ['{"da":"Nedbrud i \\u202eSTS"}', 'title.da'],
        ['{"da":"Fejl \\u202a x"}', 'title.da'],
        // An isolate left open (or closed without opening) reorders what is written after it.
        ['{"da":"CPR \\u2067abc"}', 'title.da'],
        ['{"da":"CPR abc\\u2069 x"}', 'title.da'],
        ['{"da":"\\u2068a\\u2066b\\u2069"}', 'title.da'],
      ] as const) {
        const answer = await post('/api/v1/admin/incidents', JSON.stringify(incidentBody(null)).replace('null', title));
        assert.equal(answer.status, 400, title);
        assert.deepEqual(answer.fields, [field], title);
        assert.match(answer.body.errors![0]!.message, /control character U\+|lone surrogate|bidi embedding or override|bidi isolate/);
      }
    });
    // Text in another script, emoji (a well-formed surrogate pair), tabs and line breaks are text.
    const fine = await post('/api/v1/admin/incidents', JSON.stringify(incidentBody({ da: 'Fejl i\tØrsted 🛠️ — \u2067عربي\u2069 \u200f' })));
    assert.equal(fine.status, 201, JSON.stringify(fine.body));
  });

  it('refuses a line break in a title (one line: a heading, a feed title, a calendar SUMMARY), naming the field; a message may have them', async () => {
    await unchanged(async () => {
      for (const [title, field] of [
        ['{"da":"Nedbrud\\ni STS"}', 'title.da'],
        ['{"da":"Nedbrud","en":"Outage\\r\\nin STS"}', 'title.en'],
        ['{"da":"Nedbrud\\u2028i STS"}', 'title.da'],
      ] as const) {
        const answer = await post('/api/v1/admin/incidents', JSON.stringify(incidentBody(null)).replace('null', title));
        assert.equal(answer.status, 400, title);
        assert.deepEqual(answer.fields, [field], title);
        assert.match(answer.body.errors![0]!.message, /one line/);
      }
    });
  });

  it('refuses control characters and bad percent-encoding in path ids and query values, before any lookup', async () => {
    for (const [url, code, field] of [
      ['/api/v1/incidents/%00', 'invalid_path', 'id'],
      ['/api/v1/incidents/a%0Ab', 'invalid_path', 'id'],
      ['/api/v1/components/%7F', 'invalid_path', 'id'],
      ['/api/v1/incidents?state=%00', 'invalid_query', 'state'],
      ['/api/v1/content?component=%FF', 'invalid_query', 'component'],
      ['/api/v1/admin/audit?actor=%00', 'invalid_query', 'actor'],
      ['/api/v1/admin/audit?actor=%ED%A0%80', 'invalid_query', 'actor'],
      ['/api/v1/admin/maintenances/%00/cancel', 'invalid_path', 'id'],
      // A misspelt public filter is an error, not a wider answer.
      ['/api/v1/stream?compnents=ky', 'invalid_query', 'compnents'],
      ['/api/v1/components?id=ky', 'invalid_query', 'id'],
      ['/api/v1/incidents?stat=recent', 'invalid_query', 'stat'],
    ] as const) {
      const response = await server.call(url.includes('cancel') ? 'POST' : 'GET', url, { token: admin });
      assert.equal(response.statusCode, 400, url);
      const problem = response.json() as Problem;
      assert.equal(problem.code, code, url);
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        [field],
        url,
      );
    }
    // Percent-encoded text that is fine stays fine.
    assert.equal((await server.call('GET', '/api/v1/incidents?state=%61ctive')).statusCode, 200);
  });

  it('takes no body on a route that takes none: nothing or {} is fine, anything else is an unknown field', async () => {
    const { id } = (
      await post(
        '/api/v1/admin/maintenances',
        JSON.stringify({
          title: { da: 'Opdatering' },
          description: { da: 'STS' },
          components: ['sts'],
          startsAt: later(24),
          endsAt: later(26),
        }),
      )
    ).body;
    await unchanged(async () => {
      const answer = await post(`/api/v1/admin/maintenances/${id}/cancel`, '{"reason":"typo"}');
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.fields, ['reason']);
    });
    assert.equal((await post(`/api/v1/admin/maintenances/${id}/cancel`, '{}')).status, 200);
  });

  it('names a typo inside a nested object, as it does at the top', async () => {
    await unchanged(async () => {
      const answer = await post('/api/v1/admin/incidents', JSON.stringify(incidentBody({ da: 't', en_: 'typo' })));
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.fields, ['title.en_']);
      const vendor = await server.call('PUT', '/api/v1/admin/vendors/nyt', {
        token: admin,
        body: { name: 'Nyt', servicedesk: { mail: 'a@b.dk' } },
      });
      assert.equal(vendor.statusCode, 400);
      assert.deepEqual(
        (vendor.json() as Problem).errors?.map((e) => e.field),
        ['servicedesk.mail'],
      );
    });
  });
});

describe('headers every answer carries, and node:http refusals as problems', () => {
  let server: TestServer;
  let baseUrl: string;

  before(async () => {
    server = await startTestServer();
    await server.app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.app.http.server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  it('sends X-Content-Type-Options: nosniff on answers, errors, 304s, 404s and static files', async () => {
    const summary = await fetch(`${baseUrl}/api/v1/summary`);
    const etag = summary.headers.get('etag')!;
    const answers = [
      summary,
      await fetch(`${baseUrl}/api/v1/summary`, { headers: { 'if-none-match': etag } }),
      await fetch(`${baseUrl}/api/v1/incidents/nope`),
      await fetch(`${baseUrl}/api/v1/nope`),
      await fetch(`${baseUrl}/api/v1/admin/whoami`),
      await fetch(`${baseUrl}/api/v1/%`),
      await fetch(`${baseUrl}/healthz`),
      await fetch(`${baseUrl}/widget/kdi-status.js`),
    ];
    assert.deepEqual(
      answers.map((a) => [a.url, a.status, a.headers.get('x-content-type-options')]),
      answers.map((a) => [a.url, a.status, 'nosniff']),
    );
  });

  it('answers headers too large (431), an Expect it cannot meet (417) and bytes that are not HTTP (400) with problem+json', async () => {
    const big = await rawHttp(baseUrl, [`GET /api/v1/summary HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    assert.equal(big.status, 431);
    assert.match(big.headers['content-type']!, /^application\/problem\+json/);
    assert.equal(JSON.parse(big.body).code, 'headers_too_large');
    assert.equal(big.headers['x-content-type-options'], 'nosniff');
    const expect = await rawHttp(baseUrl, ['GET /api/v1/summary HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\n\r\n']);
    assert.equal(expect.status, 417);
    assert.match(expect.headers['content-type']!, /^application\/problem\+json/);
    assert.deepEqual(
      JSON.parse(expect.body).errors.map((e: { field: string }) => e.field),
      ['Expect'],
    );
    const garbage = await rawHttp(baseUrl, ['HELLO\0 THERE\r\n\r\n']);
    assert.equal(garbage.status, 400);
    assert.equal(JSON.parse(garbage.body).code, 'malformed_request');
  });
});

describe('a request that arrives while the server stops', () => {
  it("gets 503 problem+json with Retry-After and Connection: close, not Fastify's plain JSON", async () => {
    const server = await startTestServer();
    const closing = server.app.http.close();
    const response = await server.app.http.inject({ url: '/api/v1/summary' });
    await closing;
    assert.equal(response.statusCode, 503);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(response.headers['retry-after'], '5');
    assert.equal(response.headers.connection, 'close');
    assert.equal((JSON.parse(response.body) as Problem).code, 'shutting_down');
  });
});

describe('failed authentications are limited per address before any lookup', () => {
  it('600 wrong tokens from one address cost at most the limit in key lookups', async () => {
    const temp = await tempSqliteStore();
    let lookups = 0;
    const key = temp.store.key.bind(temp.store);
    temp.store.key = (id) => {
      lookups++;
      return key(id);
    };
    const app = await createApp({ store: temp.store, authFailuresPerMinute: 10 });
    // A real key id with guessed secrets: each guess would be a lookup.
    const token = await createTestKey(temp.store, 'admin');
    lookups = 0;
    try {
      const statuses = new Map<number, number>();
      for (let i = 0; i < 600; i++) {
        const response = await app.http.inject({
          url: '/api/v1/admin/whoami',
          headers: { authorization: `Bearer ${token.slice(0, -4)}${String(i).padStart(4, '0')}` },
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      }
      assert.deepEqual(Object.fromEntries(statuses), { 401: 10, 429: 590 });
      assert.equal(lookups, 10);
    } finally {
      await app.http.close();
      await temp.cleanup();
    }
  });

  it('holds under 300 concurrent guesses against a slow database, and good keys give their token back', async () => {
    const temp = await tempSqliteStore();
    let lookups = 0;
    const key = temp.store.key.bind(temp.store);
    // A lookup that waits, as PostgreSQL's does: every guess is in flight at once.
    temp.store.key = async (id) => {
      lookups++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return key(id);
    };
    const app = await createApp({ store: temp.store, authFailuresPerMinute: 10 });
    const token = await createTestKey(temp.store, 'admin');
    lookups = 0;
    const whoami = (authorization?: string) =>
      app.http.inject({ url: '/api/v1/admin/whoami', headers: authorization ? { authorization } : {} }).then((r) => r.statusCode);
    try {
      // Good keys, many times: they count nothing.
      assert.deepEqual(new Set(await Promise.all(Array.from({ length: 30 }, () => whoami(`Bearer ${token}`)))), new Set([200]));
      // No header, or no key in it: no lookup, nothing counted.
      for (const header of [undefined, 'Basic dXNlcjpwdw==', 'Bearer nonsense']) {
        assert.deepEqual(new Set(await Promise.all(Array.from({ length: 40 }, () => whoami(header)))), new Set([401]));
      }
      lookups = 0;
      const guesses = await Promise.all(
        Array.from({ length: 300 }, (_, i) => whoami(`Bearer ${token.slice(0, -4)}${String(i).padStart(4, '0')}`)),
      );
      assert.equal(guesses.filter((status) => status === 401).length, 10);
      assert.equal(lookups, 10);
    } finally {
      await app.http.close();
      await temp.cleanup();
    }
  });
});
