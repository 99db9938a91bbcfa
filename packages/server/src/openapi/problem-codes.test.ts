import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { problem } from '../http/problem.js';
import { startListeningApp } from '../test-support/admin-server.js';
import { API_ROUTES } from './api-routes.js';
import { PROBLEM_CODES, problemCodeOf, problemPath } from './problem-codes.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Codes made at run time (a template literal, a ternary), which no literal in the sources shows whole. */
const RUNTIME_CODES = ['not_your_incident', 'not_your_maintenance', 'key_revoked', 'key_expired'];

/**
 * Every problem code written as a literal in the server's sources: the first argument of an
 * error's constructor (`new NotFoundError('…'`), of `problem(status, '…'`, of `super(status, '…'`,
 * a `readonly code = '…'`, and the tables of node:http's and Fastify's own refusals in problem.ts.
 * The CLI's own errors (exit codes, not HTTP) are left out.
 */
function codesInSources(): Map<string, string> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
    (f) =>
      /\.tsx?$/.test(f) &&
      !f.endsWith('.test.ts') &&
      !f.startsWith('cli') &&
      !f.startsWith('test-support') &&
      !f.endsWith('store-contract.ts'),
  );
  const patterns = [
    /new\s+\w*Error\(\s*(?:\d+\s*,\s*)?'([a-z][a-z0-9_]*)'/g,
    /\bproblem\(\s*\d+\s*,\s*'([a-z][a-z0-9_]*)'/g,
    /\bclosingProblem\(\s*\d+\s*,\s*'([a-z][a-z0-9_]*)'/g,
    /\bsuper\(\s*\d+\s*,\s*'([a-z][a-z0-9_]*)'/g,
    /readonly code = '([a-z][a-z0-9_]*)'/g,
  ];
  const found = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.set(m[1]!, file);
    // [code, field] and [status, code, detail, field] rows of FASTIFY_CODES and CLIENT_ERRORS (and its fallback).
    if (file === join('http', 'problem.ts'))
      for (const m of text.matchAll(/\[\s*(?:\d+\s*,\s*)?'([a-z][a-z0-9_]*)'\s*,\s*'/g)) found.set(m[1]!, file);
  }
  return found;
}

describe('problem codes', () => {
  it('every code the server can answer with has a row, in Danish and English', () => {
    const found = codesInSources();
    // The scan itself: it sees codes of each kind of source.
    for (const code of [
      'component_not_found',
      'route_not_found',
      'payload_too_large',
      'headers_too_large',
      'database_unavailable',
      'rate_limited',
      'expectation_failed',
    ])
      assert.ok(found.has(code), `the scan finds ${code}`);
    assert.ok(found.size >= 50, `the scan found only ${found.size} codes`);
    const missing = [...found.keys(), ...RUNTIME_CODES].filter((code) => !Object.hasOwn(PROBLEM_CODES, code));
    assert.deepEqual(missing, [], 'codes without a row in openapi/problem-codes.ts');
    for (const [code, row] of Object.entries(PROBLEM_CODES)) {
      for (const lang of ['da', 'en'] as const)
        for (const [key, text] of Object.entries(row[lang])) assert.ok(text.trim().length > 0, `${code}.${lang}.${key}`);
      assert.notEqual(row.da.meaning, row.en.meaning, `${code} is translated`);
      assert.ok(row.status >= 400 && row.status < 600, code);
    }
  });

  it('has no row for a code the server cannot answer with', () => {
    const emitted = new Set([...codesInSources().keys(), ...RUNTIME_CODES]);
    assert.deepEqual(
      Object.keys(PROBLEM_CODES).filter((code) => !emitted.has(code)),
      [],
    );
  });

  it('every code a route documents is in the table, under the status it answers with', () => {
    for (const route of API_ROUTES) for (const code of route.problems) assert.ok(PROBLEM_CODES[code], `${route.operationId}: ${code}`);
    assert.equal(problem(404, 'component_not_found').type, problemPath('component_not_found'));
  });

  it('maps page slugs to codes, and nothing else', () => {
    assert.equal(problemCodeOf('component-not-found'), 'component_not_found');
    for (const slug of [
      'nope',
      'component_not_found',
      'COMPONENT-NOT-FOUND',
      'constructor',
      '__proto__',
      'has-own-property',
      '',
      'a'.repeat(65),
      'x\u0000y',
      '\ud800',
    ])
      assert.equal(problemCodeOf(slug), undefined, JSON.stringify(slug));
  });

  describe('pages (real server)', () => {
    let server: Awaited<ReturnType<typeof startListeningApp>>;
    before(async () => {
      server = await startListeningApp({ scheduler: false });
    });
    after(() => server.close());

    it('every problem answer’s type is a page of the server explaining its code, Danish and English', async () => {
      const answer = await fetch(`${server.baseUrl}/api/v1/components/nope`);
      const body = (await answer.json()) as { type: string; code: string };
      assert.equal(body.type, '/problems/component-not-found');
      const page = await fetch(new URL(body.type, `${server.baseUrl}/api/v1/components/nope`));
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      assert.match(page.headers.get('content-security-policy')!, /default-src 'self'/);
      const html = await page.text();
      assert.match(html, /<html lang="da">/);
      assert.match(html, /<h1>Ukendt komponent<\/h1>/);
      assert.match(html, /<code>component_not_found<\/code>/);
      assert.match(html, /GET \/api\/v1\/components viser dem alle/);
      const en = await (await fetch(`${server.baseUrl}${body.type}?lang=en`)).text();
      assert.match(en, /<h1>Unknown component<\/h1>/);
      assert.match(en, /What to do/);
    });

    it('serves a page for every code in the table, and an index linking them all', async () => {
      const index = await (await fetch(`${server.baseUrl}/problems`)).text();
      for (const code of Object.keys(PROBLEM_CODES)) {
        assert.ok(index.includes(`href="${problemPath(code)}"`), `the index links ${code}`);
        const page = await fetch(`${server.baseUrl}${problemPath(code)}`);
        assert.equal(page.status, 200, code);
        assert.ok((await page.text()).includes(`<h1>${PROBLEM_CODES[code]!.da.title}</h1>`), code);
      }
    });

    it('unknown codes are a 404 page; hostile paths and queries never a 5xx', async () => {
      for (const path of [
        '/problems/nope',
        '/problems/component_not_found',
        '/problems/__proto__',
        '/problems/%00',
        '/problems/%ED%A0%80',
        `/problems/${'a'.repeat(5000)}`,
      ]) {
        const answer = await fetch(`${server.baseUrl}${path}`);
        await answer.arrayBuffer();
        assert.ok(answer.status === 404 || answer.status === 400 || answer.status === 414, `${path.slice(0, 40)}: ${answer.status}`);
      }
      const notFound = await fetch(`${server.baseUrl}/problems/nope?lang=en`);
      assert.equal(notFound.status, 404);
      assert.match(await notFound.text(), /Page not found/);
      for (const query of ['?lang=xx', '?lang=%00', '?lang=%ED%A0%80', '?lang=en&lang=da']) {
        const answer = await fetch(`${server.baseUrl}/problems/component-not-found${query}`);
        await answer.arrayBuffer();
        assert.ok(answer.status < 500, `${query}: ${answer.status}`);
      }
    });
  });
});
