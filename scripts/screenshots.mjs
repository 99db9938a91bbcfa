#!/usr/bin/env node
// `node scripts/screenshots.mjs` (after `pnpm build`): the pictures in docs/widget.md. Starts the
// built demo server on a fresh SQLite file, opens one more incident through the admin API (so the
// landscape has trouble of two kinds), and photographs <kdi-status> in a plain host page for every
// variant × language × colour scheme × width, and the citizen audience. Writes docs/widget/*.png.
// Look at them before committing: a picture nobody looked at documents nothing.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/server/dist/cli.js');
const outDir = join(root, 'docs/widget');
const chromiumConfig = JSON.parse(readFileSync(join(root, 'scripts/chromium.json'), 'utf8'));

const VARIANTS = ['banner', 'card', 'badge'];
const LANGS = ['da', 'en'];
const SCHEMES = ['light', 'dark'];
const WIDTHS = [1280, 320];

if (!existsSync(cli)) {
  console.error('packages/server/dist/cli.js is missing: run `npx -y pnpm@10 build` first.');
  process.exit(1);
}

/** The built CLI's `serve --demo` on a free port, with an admin key made on its database first. */
async function startDemoServer(dataDir) {
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dataDir, 'demo.db')}` };
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'keys', 'create', '--role', 'admin', '--name', 'screenshots'], {
    env,
  });
  const child = spawn(process.execPath, [cli, 'serve', '--demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/running at (http:\/\/\S+?)\/? /);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, baseUrl, token: stdout.trim() };
}

/** A second, worse incident beside the seeded one: Context Handler down, so log-ins fail. */
async function openIncident({ baseUrl, token }) {
  const response = await fetch(`${baseUrl}/api/v1/admin/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: { da: 'Nedbrud i Context Handler – log-in fejler', en: 'Context Handler down – log-in fails' },
      impact: 'critical',
      vendor: 'infra-drift',
      components: [{ id: 'context-handler', status: 'major_outage' }],
      message: {
        da: 'Brugere kan ikke logge ind i fagsystemerne. Vi genstarter tjenesten.',
        en: 'Users cannot log in to the case systems. We are restarting the service.',
      },
    }),
  });
  if (!response.ok) throw new Error(`opening the incident: ${response.status} ${await response.text()}`);
}

/** The host page: a plain page in the chosen colour scheme, the README's snippet, one element. */
function hostPage(bundleUrl, attributes) {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return `<!doctype html>
<html lang="${attributes.lang}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>kdi-status</title>
    <link rel="icon" href="data:," />
    <style>
      :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
      body { margin: 0; background: Canvas; color: CanvasText; }
      #shot { padding: 16px; }
    </style>
    <script type="module" async src="${bundleUrl}"></script>
  </head>
  <body>
    <div id="shot"><kdi-status${attrs}></kdi-status></div>
  </body>
</html>`;
}

const dataDir = mkdtempSync(join(tmpdir(), 'kdi-status-screenshots-'));
const server = await startDemoServer(dataDir);
const pages = new Map();
const host = createServer((request, response) => {
  const body = pages.get(request.url);
  if (!body) return response.writeHead(404).end();
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
});
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostOrigin = `http://127.0.0.1:${host.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || chromiumConfig.executablePath,
  args: chromiumConfig.args,
  headless: true,
});

try {
  await openIncident(server);
  mkdirSync(outDir, { recursive: true });
  const bundleUrl = `${server.baseUrl}/widget/kdi-status.js`;
  const cases = [];
  for (const variant of VARIANTS)
    for (const lang of LANGS)
      for (const scheme of SCHEMES)
        for (const width of WIDTHS)
          cases.push({ name: `${variant}-${lang}-${scheme}-${width}`, attributes: { components: 'ky', variant, lang }, scheme, width });
  for (const lang of LANGS)
    for (const width of WIDTHS)
      cases.push({
        name: `citizen-banner-${lang}-light-${width}`,
        attributes: { components: 'ky', audience: 'citizen', lang },
        scheme: 'light',
        width,
      });

  for (const { name, attributes, scheme, width } of cases) {
    const path = `/${name}`;
    pages.set(path, hostPage(bundleUrl, attributes));
    const context = await browser.newContext({
      viewport: { width, height: 800 },
      colorScheme: scheme,
      deviceScaleFactor: 1,
      locale: attributes.lang,
    });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${hostOrigin}${path}`);
    // Rendered: the element has a size and its shadow root holds text (the first summary arrived).
    await page.waitForFunction(
      () => {
        const element = document.querySelector('kdi-status');
        return element && element.getBoundingClientRect().height > 0 && (element.shadowRoot?.textContent ?? '').trim().length > 0;
      },
      undefined,
      { timeout: 15_000 },
    );
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(200); // transitions, if any, settle
    const file = join(outDir, `kdi-status-${name}.png`);
    await page.locator('#shot').screenshot({ path: file });
    await context.close();
    if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
    console.log(`docs/widget/kdi-status-${name}.png`);
  }
  console.log(`${cases.length} screenshots in docs/widget/`);
} finally {
  await browser.close();
  host.close();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
