import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedSandboxFixtures, type SeededData } from '../db/sandbox/fixtures.js';
import { startSandboxServer, type SandboxServer } from '../db/sandbox/server.js';
import { hasChromium, launchChromium } from './chromium.js';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

describe.runIf(hasChromium())('playground page in headless Chromium', () => {
  let t: TestDatabase;
  let seeded: SeededData;
  let server: SandboxServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestDatabase();
    seeded = await seedSandboxFixtures(t.db);
    // The real defaults: 16-bit challenges solved by the page's worker.
    server = await startSandboxServer({ db: t.db });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.drop();
  });

  it('goes from page load to a result table, a nine-factor chart and a company flow', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url());
    });

    await page.goto(`${server.baseUrl}/`);
    await expect.poll(() => page.title()).toContain('Sigma');
    expect(await page.locator('header .pitch').count()).toBe(3);
    expect(await page.locator('#curl').textContent()).toBe(
      `curl -H "Authorization: Bearer $SIGMA_API_KEY" "${server.baseUrl}/api/v1/declarations?limit=10"`,
    );

    // Keyboard only: the default choice is the latest declarations; Enter on Run submits.
    await page.getByRole('button', { name: 'Run' }).focus();
    await page.keyboard.press('Enter');
    const rows = page.locator('#results-table tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    expect(await rows.count()).toBe(5);
    expect(await page.locator('#results-table thead th').allTextContents()).toEqual([
      'Published', 'Company', 'Insider', 'Role', 'Direction', 'Amount', 'Score', 'Audit',
    ]);
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('Acme Corp');
    expect(await page.locator('#status').textContent()).toMatch(/^Done: latest declarations in \d+ ms after a [\d.]+ s proof of work\.$/);
    expect(await page.locator('#quota').textContent()).toMatch(/^2 of 3 sandbox calls left/); // headless Chromium counts as a bot
    expect(await page.locator('#watermark').textContent()).toMatch(/w1\.[\w-]{64}/);

    // The score audit of the scored declaration, as a bar chart with rationales.
    await page.getByRole('button', { name: `Score audit of Acme Corp declaration ${seeded.scoredId}` }).click();
    const factors = page.locator('#factor-chart li');
    await factors.first().waitFor({ timeout: 60_000 });
    expect(await factors.count()).toBe(9);
    expect(await page.locator('#score-summary').textContent()).toContain('score 72.5 / 100');
    const first = factors.first();
    expect(await first.locator('.factor-label').textContent()).toBe('Factor 1: role');
    expect(await first.locator('.factor-points').textContent()).toBe('2 / 12');
    expect(await first.locator('.factor-track').getAttribute('aria-label')).toBe('Factor 1: role: 2 of 12 points');
    expect(await first.locator('.factor-rationale').textContent()).toContain('Rationale for role');
    expect(await first.locator('.factor-bar').getAttribute('style')).toBe('width: 16.7%;');
    expect(await page.locator('#factor-chart .factor-bar.negative').count()).toBe(1);
    expect(await page.locator('#curl').textContent()).toContain(`/api/v1/declarations/${seeded.scoredId}/score"`);

    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-desktop.png'), fullPage: true });

    // A company's flow, with the slug suggested from the declarations just listed.
    await page.getByLabel("A company's flow").check();
    expect(await page.getByLabel('Company slug').inputValue()).toBe(seeded.companySlug);
    await page.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => page.locator('#results-caption').textContent(), { timeout: 60_000 })
      .toBe(`A company's flow: GET /api/v1/sandbox/companies/${seeded.companySlug}/flow`);
    expect(await page.locator('#results-table thead th').allTextContents()).toEqual([
      'Period', 'Bought (EUR)', 'Sold (EUR)', 'Net (EUR)', 'Buys', 'Sells', 'Insiders', 'Rolling 90-day net (EUR)',
    ]);
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('#results-summary').textContent()).toMatch(/^\d+ rows? \(buckets\)/);


    // A fourth call is over the bot cap: the page says why, in words.
    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#error').waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('#error').textContent()).toMatch(/automated client.*\(sandbox_bot_cap_reached\)$/);

    expect(problems.filter((p) => !/status of 429/.test(p))).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('is readable on a phone: no sideways scrolling, large enough touch targets', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const run = await page.getByRole('button', { name: 'Run' }).boundingBox();
    expect(run!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground-phone.png'), fullPage: true });
    await context.close();
  });
});
