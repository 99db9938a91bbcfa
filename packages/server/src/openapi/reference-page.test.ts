import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { h } from 'preact';
import { renderPage } from '../site/render-page.js';
import { startListeningApp } from '../test-support/admin-server.js';
import { API_ROUTES } from './api-routes.js';
import { buildOpenApiDocument, openApiPath } from './openapi-document.js';
import { ReferencePage } from './reference-page.js';
import { schemaFields, typeInWords } from './schema-fields.js';

describe('API reference page /api (real server)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
  });
  after(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers });

  it('lists every operation of the table with its method and path, in Danish under the site’s CSP', async () => {
    const answer = await get('/api');
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-security-policy')!, /script-src 'self'; style-src 'self'/);
    const html = await answer.text();
    assert.match(html, /<html lang="da">/);
    assert.match(html, /<h1>API-reference<\/h1>/);
    assert.equal(html.match(/<h1>/g)!.length, 1);
    assert.doesNotMatch(html, /<script|<style| style=/);
    for (const route of API_ROUTES) {
      const heading = `<h3 id="op-${route.operationId}"><code class="method">${route.method}</code> <code class="api-path">${openApiPath(route.path)}</code></h3>`;
      assert.ok(html.includes(heading), `${route.method} ${route.path} has its heading`);
    }
    assert.ok(html.includes('href="/api/openapi.json"'));
  });

  it('shows parameters, body fields, answers and problem codes linking to their pages', async () => {
    const html = await (await get('/api')).text();
    const open = html.slice(html.indexOf('id="op-openIncident"'), html.indexOf('id="op-editIncident"'));
    assert.match(open, /<h4>Felter i kroppen \(JSON\)<\/h4>/);
    for (const field of ['title', 'title.da', 'impact', 'components[].id', 'components[].status', 'message.da'])
      assert.ok(open.includes(`<code>${field}</code>`), `openIncident lists ${field}`);
    assert.ok(open.includes('<code>&quot;none&quot; | &quot;minor&quot; | &quot;major&quot; | &quot;critical&quot;</code>'));
    assert.match(open, /Kræver API-nøgle/);
    assert.match(open, /<code>201<\/code> <span lang="en">The new incident\.<\/span>/);
    assert.match(open, /<a href="\/problems\/not-your-component">not_your_component<\/a>: Ikke jeres komponent/);
    const incidents = html.slice(html.indexOf('id="op-listIncidents"'), html.indexOf('id="op-getIncident"'));
    assert.match(incidents, /<h4>Parametre<\/h4>/);
    assert.match(incidents, /<code>state<\/code>/);
    assert.match(incidents, /<code>integer \(1–100\)<\/code>/);
  });

  it('in English with ?lang=en, links included; cached with an ETag and compressed', async () => {
    const answer = await get('/api?lang=en', { 'accept-encoding': 'br' });
    assert.equal(answer.headers.get('content-encoding'), 'br');
    const html = await answer.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<h1>API reference<\/h1>/);
    assert.match(html, /<h4>Body fields \(JSON\)<\/h4>/);
    assert.match(html, /href="\/problems\/component-not-found\?lang=en"/);
    const again = await get('/api?lang=en', { 'accept-encoding': 'br', 'if-none-match': answer.headers.get('etag')! });
    assert.equal(again.status, 304);
  });

  it('hostile queries get a problem, never a 5xx', async () => {
    for (const query of ['?lang=xx', '?lang=%00', '?lang=%ED%A0%80', `?lang=${'9'.repeat(400)}`]) {
      const answer = await get(`/api${query}`);
      await answer.arrayBuffer();
      assert.ok(answer.status >= 400 && answer.status < 500, `${query.slice(0, 30)}: ${answer.status}`);
      assert.match(answer.headers.get('content-type')!, /problem\+json/);
    }
  });
});

describe('schema fields in words', () => {
  it('names types, ranges, enums, nested and array fields', () => {
    assert.equal(typeInWords({ type: 'string', minLength: 1, maxLength: 200 }), 'string (1–200)');
    assert.equal(typeInWords({ type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }), 'integer');
    assert.equal(typeInWords({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] }), 'string (date-time) | null');
    assert.equal(typeInWords({ type: 'array', minItems: 1, items: { type: 'string' } }), 'array (≥ 1) of string');
    const fields = schemaFields({
      type: 'object',
      properties: {
        a: { type: 'object', properties: { b: { type: 'string' } }, required: ['b'] },
        list: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        maybe: { anyOf: [{ type: 'object', properties: { x: { type: 'integer' } } }, { type: 'null' }] },
      },
      required: ['a'],
    });
    assert.deepEqual(
      fields.map((f) => [f.field, f.required]),
      [
        ['a', true],
        ['a.b', true],
        ['list', false],
        ['list[].id', false],
        ['maybe', false],
        ['maybe.x', false],
      ],
    );
  });
});

describe('API reference prose', () => {
  it('shows backticked parts as code, and hostile text as text', () => {
    const document = buildOpenApiDocument([
      {
        method: 'GET',
        path: '/x',
        operationId: 'x',
        tag: 'meta',
        summary: '<img src=x onerror=alert(1)>',
        description: 'Send `If-None-Match` <script>alert(1)</script> `<b>`',
        auth: 'none',
        responses: { 200: { description: '<i>ok</i>' } },
        problems: [],
      },
    ]);
    const html = renderPage(h(ReferencePage, { document, lang: 'en' }));
    assert.ok(html.includes('Send <code>If-None-Match</code> &lt;script>alert(1)&lt;/script> <code>&lt;b></code>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)>'));
    assert.ok(html.includes('&lt;i>ok&lt;/i>'));
    assert.doesNotMatch(html, /<script|<img|<i>/);
  });
});
