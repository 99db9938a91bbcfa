import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
// The demo server the host-page tests start too: the built CLI, a fresh SQLite file, an admin key.
import { CHROMIUM, startDemoServer, type DemoServer } from '../hosts/demo-server.js';

describe('plain HTML example, end to end (real server, real Chromium)', () => {
  let server: DemoServer;
  let browser: Browser;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kdi-status-e2e-'));
    server = await startDemoServer();
    browser = await chromium.launch({ ...CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
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
