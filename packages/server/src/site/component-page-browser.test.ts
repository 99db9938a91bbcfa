// The fagløsning's page and the accessibility statement in Chromium: the dependency picture parses
// as XML (the browser's own parser) with each component once, axe-core finds nothing on a history
// page, a deep landscape's picture and the statement (da/en, light/dark), and the keyboard reaches
// every link of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Component } from '@kdi-status/sdk';
import { chromium, type Browser, type Page } from 'playwright-core';
import chromiumConfig from '../../../../scripts/chromium.json' with { type: 'json' };
import { startListeningApp } from '../test-support/admin-server.js';
import { deepLandscape } from '../test-support/deep-landscape.js';
import { incident } from '../test-support/fixtures.js';
import { writeHostileData } from './site-fixtures.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = { executablePath: process.env.CHROME_PATH || chromiumConfig.executablePath, args: chromiumConfig.args };
const system = { type: 'system', id: 'test' } as const;

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const results = await page.evaluate(() =>
    (
      window as unknown as {
        axe: { run(o: unknown): Promise<{ passes: unknown[]; violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> };
      }
    ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  assert.ok(results.passes.length > 10, `axe checked only ${results.passes.length} rules`);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the fagløsning page and the accessibility statement in Chromium (real server on SQLite)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let browser: Browser;
  before(async () => {
    server = await startListeningApp({ scheduler: false });
    await writeHostileData(server.app);
    const at = new Date().toISOString();
    await server.app.store.commit(
      [
        ...deepLandscape(30)
          .reverse()
          .map((c): { type: 'component.changed'; data: Component } => ({
            type: 'component.changed',
            data: { ...c, name: `Komponent ${c.id}`, kind: 'support-system', vendor: 'kombit', status: 'operational', links: {} },
          })),
        // Enough history for three pages of KY's.
        ...Array.from({ length: 24 }, (_, i) => ({
          type: 'incident.changed' as const,
          data: incident(`old-${i}`, { ky: 'degraded_performance' }, { status: 'resolved', resolvedAt: at }),
        })),
      ],
      system,
      at,
    );
    await server.app.readModel.refresh();
    browser = await chromium.launch({ ...CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the dependency picture parses as XML (image/svg+xml) with every component once, hostile names as text', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/tilgaengelighed`);
    for (const id of ['ky', 'g0', 'evil']) {
      const html = await (await fetch(`${server.baseUrl}/c/${id}`)).text();
      const svg = html.match(/<svg[\s\S]*?<\/svg>/)![0];
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
        const error = doc.querySelector('parsererror');
        return {
          error: error?.textContent ?? null,
          root: doc.documentElement.localName,
          nodes: [...doc.querySelectorAll('g.node')].map((g) => g.getAttribute('data-component')),
          names: [...doc.querySelectorAll('g.node > title')].map((t) => t.textContent),
          scripts: doc.querySelectorAll('script, foreignObject, [onload], [onerror]').length,
        };
      }, svg);
      assert.equal(parsed.error, null, `${id}: parses as XML`);
      assert.equal(parsed.root, 'svg');
      assert.equal(new Set(parsed.nodes).size, parsed.nodes.length, `${id}: each component once`);
      assert.equal(parsed.scripts, 0, `${id}: nothing that runs`);
      if (id === 'evil')
        assert.ok(parsed.names.includes('Ond <script>window.__pwned = 1</script>: Driftsforstyrrelse'), 'the name, as text');
    }
    // In the page itself: the picture is an image named by its title, and drawn (it has a size).
    await page.goto(`${server.baseUrl}/c/ky`);
    const graph = page.locator('svg.dependency-graph');
    assert.equal(await graph.getAttribute('role'), 'img');
    assert.match((await page.locator('#dependency-graph-title').textContent())!, /^Afhængigheder for KY/);
    assert.ok((await graph.boundingBox())!.width > 300, 'the picture is drawn at a readable size');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await context.close();
  });

  it('axe-core finds no violations on a history page, a deep picture and the statement, Danish and English, light and dark', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      for (const path of [
        '/c/ky?page=2',
        '/c/ky?page=2&lang=en',
        '/c/g0',
        '/c/g0?lang=en',
        '/tilgaengelighed',
        '/tilgaengelighed?lang=en',
      ]) {
        await page.goto(`${server.baseUrl}${path}`);
        for (const violation of await axeViolations(page)) found.push(`${colorScheme} ${path} ${violation}`);
      }
      await context.close();
    }
    assert.deepEqual(found, []);
  });

  it('keyboard only: Tab reaches every link of the history page and the statement in order, each with a visible focus', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/c/ky?page=2', '/tilgaengelighed']) {
      await page.goto(`${server.baseUrl}${path}`);
      // Links and the municipality chooser's select and button: everything focusable, in order.
      const links = await page.locator('a[href], select, button').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.tagName));
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
      assert.equal(reached[0], '#main');
      assert.deepEqual(reached, links, path);
      assert.ok(links.includes(path.startsWith('/c/') ? '/c/ky?page=3#history' : 'https://was.digst.dk/'), path);
    }
    await context.close();
  });
});
