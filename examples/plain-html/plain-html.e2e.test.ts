import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import chromiumConfig from '../../scripts/chromium.json' with { type: 'json' };

const root = fileURLToPath(new URL('../../', import.meta.url));
// CHROME_PATH: what `pnpm test` found or installed (scripts/find-browser.mjs); else Debian's.
const CHROMIUM = process.env.CHROME_PATH || chromiumConfig.executablePath;

/** Starts the built CLI as the README's demo does, on a free port and a fresh SQLite file. */
async function startDemoServer(dataDir: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [join(root, 'packages/server/dist/cli.js'), 'serve', '--demo'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dataDir, 'demo.db')}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/running at (http:\/\/\S+?)\/? /);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, baseUrl };
}

describe('plain HTML example, end to end (real server, real Chromium)', () => {
  let server: { child: ChildProcess; baseUrl: string };
  let browser: Browser;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kdi-status-e2e-'));
    server = await startDemoServer(dataDir);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumConfig.args, headless: true });
  });
  after(async () => {
    await browser?.close();
    server?.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the seeded incident in the banner, with the path and the vendor, under a strict CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });

    const response = await page.goto(`${server.baseUrl}/examples/plain-html/`);
    assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self'/);

    const banner = page.locator('kdi-status');
    await banner.getByText('Fejl i opslag via Serviceplatformen').waitFor({ timeout: 10_000 });
    // What a screen reader hears: the polite live region outside the shadow root says it once.
    await page
      .locator('[data-kdi-status-announcer][aria-live="polite"]', { hasText: 'Fejl i opslag via Serviceplatformen' })
      .waitFor({ state: 'attached' });
    assert.ok(await banner.getByText('Serviceplatformen', { exact: false }).first().isVisible());
    assert.ok(await banner.getByText('Infrastrukturdrift A/S', { exact: false }).first().isVisible());
    assert.ok(await banner.getByText('Driftsforstyrrelse', { exact: false }).first().isVisible());
    // The host page is still the host page.
    assert.equal(await page.getByRole('heading', { name: 'Mine sager' }).isVisible(), true);
    await page.screenshot({ path: join(dataDir, 'plain-html.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });
});
