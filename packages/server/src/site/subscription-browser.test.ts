// The subscription pages in Chromium: the sign-up form sent empty comes back with the error
// summary focused and each field telling its error to a screen reader (Chromium's own accessibility
// tree); a whole sign-up by keyboard and mouse; axe-core finds nothing on any subscription page
// (da/en, light/dark).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import chromiumConfig from '../../../../scripts/chromium.json' with { type: 'json' };
import { CONFIRM_WITHIN_MS, CONSENT } from '../notify/subscriptions.js';
import type { Subscriber } from '../store/notification-store.js';
import { startListeningApp } from '../test-support/admin-server.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = { executablePath: process.env.CHROME_PATH || chromiumConfig.executablePath, args: chromiumConfig.args };

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

/** What a screen reader is told of an element: Chromium's computed name, description and invalid state. */
async function accessibleOf(page: Page, selector: string): Promise<{ role: string; name: string; description: string; invalid: string }> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
  const node = nodes[0]!;
  const property = (name: string) => String(node.properties?.find((p) => p.name === name)?.value.value ?? '');
  await cdp.detach();
  return {
    role: String(node.role?.value ?? ''),
    name: String(node.name?.value ?? ''),
    description: String(node.description?.value ?? ''),
    invalid: property('invalid'),
  };
}

describe('the subscription pages in Chromium (real server on SQLite)', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let browser: Browser;
  let confirmed: Subscriber;
  let expired: Subscriber;
  before(async () => {
    server = await startListeningApp({ scheduler: false, notify: { smtpUrl: 'smtp://127.0.0.1:2525', worker: false } });
    const at = new Date().toISOString();
    const base = { components: ['ky'], lang: 'da' as const, consentVersion: CONSENT.version };
    confirmed = {
      ...base,
      id: 'sub_b1',
      address: 'browser@kommune.dk',
      token: 'B'.repeat(43),
      createdAt: at,
      confirmedAt: at,
      consentedAt: at,
    };
    expired = {
      ...base,
      id: 'sub_b2',
      address: 'late@kommune.dk',
      token: 'L'.repeat(43),
      createdAt: new Date(Date.now() - CONFIRM_WITHIN_MS - 1000).toISOString(),
      confirmedAt: null,
      consentedAt: null,
    };
    await server.app.store.saveSubscriber(confirmed);
    await server.app.store.saveSubscriber(expired);
    browser = await chromium.launch({ ...CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sent empty: the error summary has the focus, and the address field is heard with its error', async () => {
    for (const [lang, summary, error, label] of [
      ['', 'Der er et problem', 'Fejl: Skriv din e-mailadresse', 'E-mailadresse'],
      ['?lang=en', 'There is a problem', 'Error: Enter your mail address', 'Mail address'],
    ] as const) {
      const page = await browser.newPage();
      await page.goto(`${server.baseUrl}/abonnement${lang}`);
      await Promise.all([page.waitForURL(/\/abonnement/), page.getByRole('button', { name: lang ? 'Subscribe' : 'Tilmeld' }).click()]);
      await page.waitForLoadState('load');
      assert.match(await page.title(), lang ? /^Error: / : /^Fejl: /);
      const focused = await page.evaluate(() => ({
        className: document.activeElement?.className,
        heading: document.activeElement?.querySelector('h2')?.textContent,
      }));
      assert.deepEqual(focused, { className: 'error-summary', heading: summary }, 'the summary has the focus');
      const address = await accessibleOf(page, '#subscribe-address');
      assert.equal(address.name, label);
      assert.ok(address.description.includes(error), `the description "${address.description}" tells the error`);
      assert.equal(address.invalid, 'true');
      const consent = await accessibleOf(page, '#subscribe-consent');
      assert.ok(
        consent.description.startsWith(CONSENT[lang ? 'en' : 'da'].slice(0, 40)),
        'the consent box is described by the consent text',
      );
      assert.match(consent.description, lang ? /Error: Tick the box/ : /Fejl: Sæt kryds/);
      // The summary's links lead to the fields.
      const hrefs = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(
        hrefs,
        ['#subscribe-address', '#subscribe-all', '#subscribe-consent'],
        'the language was sent: the page’s own is ticked',
      );
      for (const href of hrefs) assert.equal(await page.locator(href!).count(), 1, `${href} exists`);
      assert.deepEqual(await axeViolations(page), []);
      await page.close();
    }
  });

  it('a sign-up with the keyboard: the entered values stay after an error, then "Tjek din mail"', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/c/ky`);
    await page.locator('#subscribe-address').fill('keyboard@kommune.dk');
    await page.locator('#subscribe-address').press('Enter');
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#subscribe-address').inputValue(), 'keyboard@kommune.dk', 'the address is kept');
    assert.equal(await page.locator('#subscribe-c-ky').isChecked(), true, 'the choice is kept');
    assert.deepEqual(await page.locator('.error-summary a').allTextContents(), [
      'Sæt kryds, hvis du giver samtykke – ellers kan vi ikke sende dig mails',
    ]);
    await page.locator('#subscribe-consent').check();
    await Promise.all([page.waitForURL(/\/abonnement/), page.getByRole('button', { name: 'Tilmeld' }).click()]);
    assert.equal(await page.locator('h1').textContent(), 'Tjek din mail');
    const subscriber = await server.app.store.subscriberByAddress('keyboard@kommune.dk');
    assert.deepEqual(subscriber?.components, ['ky']);
    await page.close();
  });

  it('axe-core finds no violations on any subscription page, Danish and English, light and dark', async () => {
    const found: string[] = [];
    const token = (s: Subscriber) => s.token;
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      for (const query of ['', '?lang=en']) {
        for (const path of [
          '/',
          '/c/ky',
          '/abonnement',
          `/abonnement/${token(confirmed)}`,
          `/abonnement/bekraeft/${token(confirmed)}`,
          `/abonnement/afmeld/${token(confirmed)}`,
          `/abonnement/bekraeft/${token(expired)}`,
          `/abonnement/${'U'.repeat(43)}`,
        ]) {
          await page.goto(`${server.baseUrl}${path}${query}`);
          for (const violation of await axeViolations(page)) found.push(`${colorScheme} ${path}${query} ${violation}`);
        }
        // The pages a POST answers: the manage page saved and with an error, and "check your mail".
        await page.goto(`${server.baseUrl}/abonnement/${token(confirmed)}${query}`);
        await page.locator('#subscribe-c-ky').uncheck();
        await page.locator('#subscribe-all').check();
        await page.locator('form.subscribe-form button').click();
        await page.waitForLoadState('load');
        assert.equal(await page.locator('.notice').count(), 1, 'saved');
        for (const violation of await axeViolations(page)) found.push(`${colorScheme} saved${query} ${violation}`);
        await page.locator('#subscribe-all').uncheck();
        await page.locator('form.subscribe-form button').click();
        await page.waitForLoadState('load');
        assert.equal(await page.locator('.error-summary').count(), 1, 'an empty choice is an error');
        for (const violation of await axeViolations(page)) found.push(`${colorScheme} manage error${query} ${violation}`);
        await page.goto(`${server.baseUrl}/abonnement${query}`);
        await page.locator('#subscribe-address').fill(`axe.${colorScheme}${query.length}@kommune.dk`);
        await page.locator('#subscribe-all').check();
        await page.locator('#subscribe-consent').check();
        await page.locator('form.subscribe-form button').click();
        await page.waitForLoadState('load');
        for (const violation of await axeViolations(page)) found.push(`${colorScheme} check mail${query} ${violation}`);
      }
      await context.close();
    }
    assert.deepEqual(found, []);
  });
});
