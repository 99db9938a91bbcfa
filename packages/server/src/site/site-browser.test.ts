import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import chromiumConfig from '../../../../scripts/chromium.json' with { type: 'json' };
import { startListeningApp } from '../test-support/admin-server.js';
import { writeHostileData } from './site-fixtures.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = { executablePath: process.env.CHROME_PATH || chromiumConfig.executablePath, args: chromiumConfig.args };
/** Set to a folder to keep the screenshots (docs/site is where the docs take them from). */
const SCREENSHOTS = process.env.KDI_SITE_SCREENSHOTS;

/** axe-core's violations on the page, WCAG 2.1 A and AA rules (and best practices). */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP does not apply to it.
  await page.evaluate(AXE);
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run(o: unknown): Promise<{ passes: unknown[]; violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> };
      }
    ).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  );
  // A run that checked nothing would report no violations too.
  assert.ok(results.passes.length > 10, `axe checked only ${results.passes.length} rules`);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('status site in Chromium (real server on SQLite)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let browser: Browser;
  let incidentPath: string;
  let asOfPath: string;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
    await writeHostileData(server.app);
    // The seeded Serviceplatformen incident: its page has the chain's both sections ("Årsag", "Denne fejl påvirker").
    const demoIncident = server.app.readModel.current().view.incidents.active.find((i) => i.components[0]?.id === 'serviceplatformen')!;
    incidentPath = `/incidents/${demoIncident.id}`;
    asOfPath = `/as-of?at=${encodeURIComponent(new Date().toISOString())}`;
    browser = await chromium.launch({ ...CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages = () => [
    '/',
    '/c/ky',
    incidentPath,
    '/c/evil',
    '/incidents/evil-1',
    '/c/nope',
    // Part D: the history pages.
    '/maintenance',
    '/history',
    '/as-of',
    asOfPath,
    '/tilgaengelighed',
    // Part B: the API reference and the problem pages.
    '/api',
    '/problems',
    '/problems/component-not-found',
  ];
  /** `path` in a language: `?lang=en`, or `&lang=en` after a query of its own. */
  const withQuery = (path: string, query: string) => (query && path.includes('?') ? `${path}&${query.slice(1)}` : `${path}${query}`);

  it('axe-core finds no violations on every page type, Danish and English, light and dark', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      for (const path of pages()) {
        for (const query of ['', '?lang=en']) {
          await page.goto(`${server.baseUrl}${withQuery(path, query)}`);
          for (const violation of await axeViolations(page)) found.push(`${colorScheme} ${withQuery(path, query)} ${violation}`);
        }
      }
      await context.close();
    }
    assert.deepEqual(found, []);
  });

  it('the pages load under their CSP without a single refused resource, and hostile text stays inert', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    for (const path of pages()) {
      await page.goto(`${server.baseUrl}${path}`);
      // The stylesheet applied (no inline style needed): the skip link is moved out of view.
      assert.ok((await page.locator('.skip-link').boundingBox())!.y < 0, `${path}: the stylesheet applies`);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, path);
      assert.equal(await page.locator('script, img, iframe').count(), 0, path);
      const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).protocol));
      assert.deepEqual(
        [...new Set(hrefs)].filter((p) => !['http:', 'https:', 'mailto:', 'tel:'].includes(p)),
        [],
        path,
      );
    }
    await page.goto(`${server.baseUrl}/c/evil`);
    assert.match((await page.locator('h1').textContent())!, /<script>window.__pwned = 1<\/script>/);
    assert.deepEqual(
      problems.filter((p) => !p.includes('404')),
      [],
    );
    await context.close();
  });

  it('keyboard only: the skip link comes first and Tab reaches every link, each with a visible focus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/', '/c/ky', incidentPath, '/maintenance', '/history', asOfPath]) {
      await page.goto(`${server.baseUrl}${path}`);
      // Links, the day-by-day tables' <summary>, the as-of form's field and button and the municipality chooser: everything focusable, in order.
      const focusable = 'a[href], summary, input:not([type="hidden"]), select, button';
      const links = await page.locator(focusable).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.tagName));
      const reached: Array<string | null> = [];
      for (let i = 0; i < links.length; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          return { href: el.getAttribute('href') ?? el.tagName, outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
        });
        assert.ok(focused.outline, `${path}: ${focused.href} shows its focus`);
        reached.push(focused.href);
      }
      assert.equal(reached[0], '#main', `${path}: the skip link first`);
      assert.deepEqual(reached, links, path);
    }
    await context.close();
  });

  it('screenshots of /, /c/ky, an incident page, /maintenance and /history of the demo', { skip: !SCREENSHOTS }, async () => {
    // A server of its own: the demo landscape only, without the hostile test data.
    const demo = await startListeningApp({ scheduler: false });
    const demoIncident = `/incidents/${demo.app.readModel.current().view.incidents.active[0]!.id}`;
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1000, height: 800 } });
      const page = await context.newPage();
      const suffix = colorScheme === 'dark' ? '-dark' : '';
      for (const [name, path] of [
        ['home', '/'],
        ['component-ky', '/c/ky'],
        ['incident', demoIncident],
        ['maintenance', '/maintenance'],
        ['history', '/history'],
      ] as const) {
        await page.goto(`${demo.baseUrl}${path}`);
        await page.screenshot({ path: join(SCREENSHOTS!, `${name}${suffix}.png`), fullPage: true });
      }
      await context.close();
    }
    await demo.close();
  });
});
