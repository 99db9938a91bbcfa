import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { shadowTextContrasts } from './contrast.js';
import { CHROMIUM, startDemoServer, type DemoServer } from './demo-server.js';
import { startHostServer, type HostServer } from './static-server.js';

// Host pages that make life hard for an embedded widget, each served from its own origin
// (127.0.0.1, while the status server is `localhost`), embedding it with the README's snippet.

const BUNDLE = readFileSync(fileURLToPath(new URL('../../packages/widget/dist/bundle/kdi-status.js', import.meta.url)));
/** The seeded incident (demo landscape): KY is affected through Serviceplatformen. */
const SEEDED_TITLE = 'Fejl i opslag via Serviceplatformen';

/**
 * What every page records from its first line on: the host's own `window.onerror` and
 * `unhandledrejection` counters, and each CSP violation. Added by the browser (CDP), so no page
 * needs an inline script its CSP would refuse. `__name`: tsx names the functions it compiles,
 * and `page.evaluate` of one of them needs the helper in the page.
 */
const INSTRUMENT = `
  globalThis.__name ??= (f) => f;
  window.__host = { errors: [], rejections: [], violations: [] };
  window.onerror = (message) => { window.__host.errors.push(String(message)); };
  window.addEventListener('unhandledrejection', (event) => { window.__host.rejections.push(String(event.reason)); });
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__host.violations.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile + ':' + event.lineNumber);
  }, true);
`;
interface HostRecord {
  errors: string[];
  rejections: string[];
  violations: string[];
}
const record = (page: Page) => page.evaluate(() => (window as unknown as { __host: HostRecord }).__host);

/** The README's snippet, in a page of a mock fagløsning. */
function hostPage({ script, head = '', attrs = '' }: { script: string; head?: string; attrs?: string }): string {
  return `<!doctype html>
<html lang="da">
  <head>
    <meta charset="utf-8" />
    <title>Vært</title>
    ${head}
    <script type="module" async src="${script}"></script>
  </head>
  <body>
    <h1>Mine sager</h1>
    <kdi-status components="ky"${attrs}></kdi-status>
    <p>Indhold fra værten.</p>
  </body>
</html>`;
}

/** A TCP port nothing listens on (it was free a moment ago): the status server "down". */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('hostile host pages, end to end (built server, real Chromium)', () => {
  let status: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let host: HostServer;
  /** A status server that misbehaves as its first path segment says (`/500/api/v1/…`). */
  let broken: HostServer;
  /** Serves the real bundle after `?delay=` milliseconds (a slow CDN or status server). */
  let slowBundle: HostServer;
  const pages = new Map<string, { headers: Record<string, string>; body: string }>();
  let bundleUrl: string;

  before(async () => {
    status = await startDemoServer();
    bundleUrl = `${status.baseUrl}/widget/kdi-status.js`;
    host = await startHostServer((request, response) => {
      const page = pages.get(new URL(request.url ?? '/', 'http://x').pathname);
      if (!page) return false;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...page.headers }).end(page.body);
      return true;
    });
    broken = await startHostServer((request, response) => misbehave(request, response, status.baseUrl));
    slowBundle = await startHostServer(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname !== '/kdi-status.js') return false;
      await pause(Number(url.searchParams.get('delay') ?? 0), response);
      if (!response.writable) return true;
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' }).end(BUNDLE);
      return true;
    });
    browser = await chromium.launch({ ...CHROMIUM, headless: true });
    context = await browser.newContext();
    await context.addInitScript({ content: INSTRUMENT });
  });
  after(async () => {
    await browser?.close();
    await Promise.all([host?.close(), broken?.close(), slowBundle?.close()]);
    await status?.stop();
  });

  /** Opens `path` on the host with `body` and `headers`; collects page errors and console lines. */
  async function open(path: string, body: string, headers: Record<string, string> = {}) {
    pages.set(path, { headers, body });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const consoleLines: Array<{ type: string; text: string }> = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => consoleLines.push({ type: message.type(), text: message.text() }));
    await page.goto(`${host.origin}${path}`, { waitUntil: 'domcontentloaded' });
    return { page, pageErrors, consoleLines };
  }

  it('a strict CSP (no inline anything, scripts and connections only to the status server): renders, no violation', async () => {
    const csp = `default-src 'none'; script-src ${status.baseUrl}; connect-src ${status.baseUrl}; style-src 'none'; img-src 'none'; base-uri 'none'; object-src 'none'; form-action 'none'`;
    const { page, pageErrors } = await open('/csp', hostPage({ script: bundleUrl }), { 'content-security-policy': csp });
    await page.locator('kdi-status').getByText(SEEDED_TITLE).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500); // a late violation (a style applied after the first render) still counts
    assert.deepEqual(await record(page), { errors: [], rejections: [], violations: [] });
    assert.deepEqual(pageErrors, []);

    // The same page with connections refused: proves the listener hears what this CSP forbids.
    // (The first page closes first: while it is open it holds the one shared stream of this
    // browser, and the control page would listen to it rather than connect.)
    await page.close();
    const control = await open('/csp-control', hostPage({ script: bundleUrl }), {
      'content-security-policy': csp.replace(`connect-src ${status.baseUrl}`, "connect-src 'none'"),
    });
    await control.page.waitForFunction(() => (window as unknown as { __host: HostRecord }).__host.violations.length > 0);
    assert.match((await record(control.page)).violations[0]!, /^connect-src/);
    await control.page.close();
  });

  it('Trusted Types required, with the policy `lit-html` allowed: renders, no TypeError, no violation', async () => {
    const csp = "require-trusted-types-for 'script'; trusted-types lit-html";
    const { page, pageErrors } = await open('/trusted-types', hostPage({ script: bundleUrl }), { 'content-security-policy': csp });
    await page.locator('kdi-status').getByText(SEEDED_TITLE).waitFor({ timeout: 10_000 });
    // Enforced indeed: a plain string into innerHTML is refused on this page.
    const refused = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return false;
      } catch (error) {
        return error instanceof TypeError;
      }
    });
    assert.equal(refused, true, 'Trusted Types are enforced on the page');
    const { errors, rejections } = await record(page);
    assert.deepEqual({ errors, rejections, pageErrors }, { errors: [], rejections: [], pageErrors: [] });
    // The one violation is the probe above; the widget caused none.
    assert.deepEqual(
      (await record(page)).violations.map((v) => v.split(' ')[0]),
      ['require-trusted-types-for'],
    );
    await page.close();
  });

  it('Trusted Types required without `lit-html` allowed: no widget, no error, a warning with a code', async () => {
    const csp = "require-trusted-types-for 'script'; trusted-types myapp-policy";
    const { page, pageErrors, consoleLines } = await open('/trusted-types-refused', hostPage({ script: bundleUrl }), {
      'content-security-policy': csp,
    });
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.waitForTimeout(500);
    const { errors, rejections } = await record(page);
    assert.deepEqual({ errors, rejections, pageErrors }, { errors: [], rejections: [], pageErrors: [] });
    assert.ok(
      consoleLines.some((line) => line.type === 'warning' && line.text.startsWith('[kdi-status] KDI_STATUS_TRUSTED_TYPES:')),
      JSON.stringify(consoleLines),
    );
    // The host's own policies still work as before: the guard put createPolicy back.
    const own = await page.evaluate(() => {
      const factory = (window as unknown as { trustedTypes: { createPolicy: (n: string, r: object) => unknown } }).trustedTypes;
      return Boolean(factory.createPolicy('myapp-policy', { createHTML: (s: string) => s }));
    });
    assert.equal(own, true);
    await page.close();
  });

  // The reset alone, then with the host's own text colour after it (grey on white, light on dark):
  // the widget's text must not inherit its way under 4.5:1.
  for (const [name, after] of [
    ['alone', ''],
    ['then grey text on white', 'html { color: #8c8c8c; background: #fff }'],
    ['then light text on black', 'html { color: #f0f0f0; background: #000 }'],
  ] as const) {
    it(`a host stylesheet \`* { all: unset }\` ${name}: every text in the banner keeps ≥ 4.5:1 against its background`, async () => {
      const reset = `<style>* { all: unset } head, script, style, title { display: none } ${after}</style>`;
      const { page, pageErrors } = await open(`/all-unset-${name.replaceAll(' ', '-')}`, hostPage({ script: bundleUrl, head: reset }));
      await page.locator('kdi-status').getByText(SEEDED_TITLE).waitFor({ timeout: 10_000 });
      const contrasts = await page.evaluate(shadowTextContrasts, 'kdi-status');
      assert.ok(contrasts.length >= 3, `texts measured: ${JSON.stringify(contrasts)}`);
      const poor = contrasts.filter((c) => !(c.ratio >= 4.5));
      assert.deepEqual(poor, [], 'text under 4.5:1 (or not measurable)');
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }

  it('the status server down, answering 500, garbage or very slowly: the host counts no error and no unhandled rejection', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const cases = {
      down,
      'answers 500': `${broken.origin}/500`,
      'answers truncated JSON': `${broken.origin}/truncated`,
      'answers JSON of another shape': `${broken.origin}/wrong-shape`,
      'answers after 11 s (past the 10 s timeout)': `${broken.origin}/slow`,
      'sends headers, then nothing': `${broken.origin}/stall`,
    };
    const opened = await Promise.all(
      Object.entries(cases).map(async ([name, server], i) => ({
        name,
        ...(await open(`/failing-${i}`, hostPage({ script: bundleUrl, attrs: ` server="${server}"` }))),
      })),
    );
    // Long enough for the first try's timeout (10 s) and a retry to fail as well.
    await new Promise((resolve) => setTimeout(resolve, 13_000));
    for (const { name, page, pageErrors, consoleLines } of opened) {
      const { errors, rejections } = await record(page);
      const consoleErrors = consoleLines.filter((line) => line.type === 'error' && !/Failed to load resource|net::ERR_/.test(line.text));
      assert.deepEqual(
        { errors, rejections, pageErrors, consoleErrors },
        { errors: [], rejections: [], pageErrors: [], consoleErrors: [] },
        name,
      );
      assert.equal(
        await page.getByRole('heading', { name: 'Mine sager' }).isVisible(),
        true,
        `${name}: the host page is still the host page`,
      );
    }
    for (const mode of ['500', 'truncated', 'wrong-shape', 'slow', 'stall'])
      assert.ok(brokenHits.get(mode), `the widget asked the ${mode} server`);
    await Promise.all(opened.map(({ page }) => page.close()));
  });

  it('a bundle that takes 10 s to arrive does not delay DOMContentLoaded (async module snippet)', async (t) => {
    const dcl = (page: Page) =>
      page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
    const slow = (delay: number) => `${slowBundle.origin}/kdi-status.js?delay=${delay}`;
    const attrs = ` server="${status.baseUrl}"`;
    const [baseline, snippet, withoutAsync] = await Promise.all([
      open('/dcl-baseline', hostPage({ script: `${slowBundle.origin}/missing.js`, attrs })),
      open('/dcl-async', hostPage({ script: slow(10_000), attrs })),
      // Control: without `async` a module script runs before DOMContentLoaded, so it waits.
      open('/dcl-deferred', hostPage({ script: slow(2_000), attrs }).replace(' async ', ' ')),
    ]);
    const [base, withAsync, deferred] = await Promise.all([dcl(baseline.page), dcl(snippet.page), dcl(withoutAsync.page)]);
    t.diagnostic(
      `DOMContentLoaded: no widget ${base.toFixed(0)} ms, async snippet ${withAsync.toFixed(0)} ms, without async (2 s bundle) ${deferred.toFixed(0)} ms`,
    );
    assert.ok(deferred >= 1_900, `the measurement sees a blocking script (without async: ${deferred} ms)`);
    assert.ok(
      withAsync - base <= 500,
      `DOMContentLoaded with the async snippet ${withAsync.toFixed(0)} ms, without the widget ${base.toFixed(0)} ms`,
    );
    await Promise.all([baseline.page.close(), snippet.page.close(), withoutAsync.page.close()]);
  });

  it('a host that defined its own `kdi-status` first: a console warning with a code, no exception', async () => {
    const first = '<script>customElements.define("kdi-status", class extends HTMLElement {});</script>';
    const { page, pageErrors, consoleLines } = await open(
      '/taken',
      hostPage({ script: bundleUrl }).replace('<script type="module"', `${first}\n    <script type="module"`),
    );
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((entry) => entry.name.includes('/widget/kdi-status.js')),
    );
    await page.waitForLoadState('load');
    const warnings = consoleLines.filter((line) => line.type === 'warning').map((line) => line.text);
    assert.equal(warnings.length, 1, JSON.stringify(consoleLines));
    assert.match(warnings[0]!, /^\[kdi-status\] KDI_STATUS_ALREADY_DEFINED: /);
    assert.deepEqual(await record(page), { errors: [], rejections: [], violations: [] });
    assert.deepEqual(pageErrors, []);

    // Two copies of the widget itself (the npm build and the bundle, say) are no misconfiguration.
    const twice = await open(
      '/twice',
      hostPage({ script: bundleUrl }).replace(
        '<script type="module"',
        `<script type="module" async src="${bundleUrl}?copy=2"></script>\n    <script type="module"`,
      ),
    );
    await twice.page.locator('kdi-status').getByText(SEEDED_TITLE).waitFor({ timeout: 10_000 });
    await twice.page.waitForLoadState('load');
    assert.deepEqual(
      twice.consoleLines.filter((line) => line.type === 'warning' || line.type === 'error'),
      [],
    );
    assert.deepEqual(twice.pageErrors, []);
    await Promise.all([page.close(), twice.page.close()]);
  });
});

/** Waits `ms`, or less if the browser gave up on `response` first (no timer outlives the test). */
function pause(ms: number, response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    response.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Requests the broken server got, by mode: each failure case did reach the widget. */
const brokenHits = new Map<string, number>();

/** CORS as the real server sends it: without it every answer would fail as a CORS error instead. */
const CORS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'ETag' };

/** The broken status server: answers every request as the first path segment says. */
async function misbehave(request: IncomingMessage, response: ServerResponse, realServer: string): Promise<boolean> {
  const [, mode, ...rest] = new URL(request.url ?? '/', 'http://x').pathname.split('/');
  if (mode) brokenHits.set(mode, (brokenHits.get(mode) ?? 0) + 1);
  const path = `/${rest.join('/')}`;
  if (request.method === 'OPTIONS') {
    response
      .writeHead(204, {
        ...CORS,
        'access-control-allow-headers': 'If-None-Match, Last-Event-ID, Accept',
        'access-control-allow-methods': 'GET, HEAD',
      })
      .end();
    return true;
  }
  switch (mode) {
    case '500':
      response
        .writeHead(500, { ...CORS, 'content-type': 'application/problem+json' })
        .end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'internal' }));
      return true;
    case 'truncated':
      response.writeHead(200, { ...CORS, 'content-type': path.endsWith('/stream') ? 'text/event-stream' : 'application/json' });
      response.end(path.endsWith('/stream') ? 'event: summary\ndata: {"overall":\n\n' : '{"overall": {"status": "oper');
      return true;
    case 'wrong-shape':
      response.writeHead(200, { ...CORS, 'content-type': path.endsWith('/stream') ? 'text/event-stream' : 'application/json' });
      response.end(
        path.endsWith('/stream') ? 'event: summary\ndata: {"hello":"world"}\n\n' : JSON.stringify({ hello: 'world', components: 42 }),
      );
      return true;
    case 'slow': {
      await pause(11_000, response);
      if (!response.writable || request.destroyed) return true;
      // Then the real answer, proxied: a slow server, not a broken one.
      const controller = new AbortController();
      response.on('close', () => controller.abort());
      const upstream = await fetch(`${realServer}${path}`, {
        signal: controller.signal,
        headers: { accept: request.headers.accept ?? '*/*' },
      }).catch(() => undefined);
      if (!upstream) {
        response.end();
        return true;
      }
      response.writeHead(upstream.status, { ...CORS, 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      if (upstream.body)
        Readable.fromWeb(upstream.body as WebReadableStream)
          .on('error', () => response.end())
          .pipe(response);
      else response.end();
      return true;
    }
    case 'stall':
      response.writeHead(200, { ...CORS, 'content-type': path.endsWith('/stream') ? 'text/event-stream' : 'application/json' });
      response.write(path.endsWith('/stream') ? ':\n' : '{');
      return true; // and never another byte, until the test ends
    default:
      return false;
  }
}
