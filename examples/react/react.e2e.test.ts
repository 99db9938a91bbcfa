import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, startDemoServer, type DemoServer } from '../hosts/demo-server.js';
import { serveDirectory, type HostServer } from '../hosts/static-server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const VITE = join(here, 'node_modules/vite/bin/vite.js');

describe('React example, end to end (vite build, real server, real Chromium)', () => {
  let server: DemoServer;
  let host: HostServer;
  let browser: Browser;
  let outDir: string;

  before(async () => {
    server = await startDemoServer();
    // Built for this server: the app, like any fagløsning, learns the status server at build time.
    outDir = mkdtempSync(join(tmpdir(), 'kdi-status-react-'));
    await promisify(execFile)(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: here,
      env: { ...process.env, VITE_KDI_STATUS_SERVER: server.baseUrl },
    });
    host = await serveDirectory(outDir);
    browser = await chromium.launch({ ...CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await server?.stop();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('disables "Send til CPR" with a visible reason while CPR is down, and enables it after resolve', async () => {
    await server.resolveAll(); // the demo seed's Serviceplatformen incident would block it from the start
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${host.origin}/`);
    const send = page.getByRole('button', { name: 'Send til CPR' });
    await send.waitFor();
    assert.equal(await send.isEnabled(), true);
    assert.equal(await page.locator('kdi-status').evaluate((el) => el.shadowRoot !== null), true, 'the element is defined and rendered');

    const id = await server.openIncident('Nedbrud i CPR-opslag', [{ id: 'cpr', status: 'major_outage' }], 'critical');
    // The stream brings it within a second; a few seconds is room for a loaded machine.
    await page.locator('kdi-status').getByText('Nedbrud i CPR-opslag').waitFor({ timeout: 5_000 });
    await page.waitForFunction(() => document.querySelector('button')?.disabled === true, undefined, { timeout: 5_000 });
    const reason = page.locator('#cpr-reason');
    assert.match((await reason.textContent()) ?? '', /Kan ikke sendes lige nu: Nedbrud/);
    assert.equal(await send.getAttribute('aria-describedby'), 'cpr-reason', 'the reason is the button’s description');

    await server.resolveIncident(id);
    await page.waitForFunction(() => document.querySelector('button')?.disabled === false, undefined, { timeout: 5_000 });
    assert.equal(await reason.count(), 0);
    await send.click();
    await page.locator('main').getByRole('status').getByText('Sendt til CPR.').waitFor();
    assert.deepEqual(problems, []);
  });
});
