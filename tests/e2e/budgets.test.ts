/**
 * The performance budgets a browser has to check (the byte budgets are checked
 * by `npm run build`, scripts/check-budgets.ts): no layout shift from the
 * catalog's script, while it starts and while filtering, and every page
 * usable with JavaScript off.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { cls, parsedAt, recordShifts, shiftsOf } from './support/layout-shift.ts';
import { listHtmlFiles, urlPathOf } from './support/site-files.ts';
import { snapshotSchema } from '../../src/schemas/snapshot.ts';
import { assignSlugs } from '../../src/lib/catalog/slug.ts';

const baseUrl = inject('baseUrl');
const distDir = inject('distDir');
const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(inject('snapshotPath'), 'utf8')));
const slugs = assignSlugs(snapshot.images);

let browser: Browser;
let context: BrowserContext;
let noJs: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: baseUrl });
  noJs = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
});
afterAll(async () => {
  await browser?.close();
});

describe('no layout shift from the catalog script', () => {
  for (const viewport of [
    { name: 'desktop', width: 1280, height: 800 },
    { name: 'phone', width: 412, height: 823 },
  ]) {
    it(`while it starts and while filtering (${viewport.name})`, async () => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await recordShifts(page);
      await page.goto('/catalog/', { waitUntil: 'load' });
      await page.waitForSelector('#catalog-q:not([disabled])');
      await page.waitForTimeout(300);
      const atStart = await shiftsOf(page);
      expect(cls(atStart), JSON.stringify(atStart)).toBeLessThan(0.05);
      // Type a query a key at a time, then clear it: rows come and go below, the controls stay put.
      const box = await page.locator('#catalog-q').boundingBox();
      await page.locator('#catalog-q').pressSequentially('24.04', { delay: 30 });
      await page.waitForTimeout(200);
      await page.fill('#catalog-q', '');
      await page.selectOption('#catalog-distro', { index: 1 });
      await page.waitForTimeout(200);
      const after = await page.locator('#catalog-q').boundingBox();
      expect(after).toEqual(box);
      const all = await shiftsOf(page);
      // The script's shifts (after the HTML was parsed): none of the controls, and next to nothing at all.
      const parsed = await parsedAt(page);
      const fromScript = all.filter((s) => s.time >= parsed);
      expect(cls(fromScript), JSON.stringify(fromScript)).toBeLessThan(0.01);
      const controlsMoved = fromScript.filter((s) => s.sources.some((source) => source.includes('[controls]')));
      expect(controlsMoved, JSON.stringify(controlsMoved)).toEqual([]);
      // While the page was still arriving (painted part-parsed on a busy machine): well within a good CLS (0.1).
      expect(cls(all), JSON.stringify(all)).toBeLessThan(0.05);
      await page.close();
    });
  }
});

describe('usable without JavaScript', () => {
  it('every guide page shows its text, headings and navigation', async () => {
    const guide = listHtmlFiles(distDir).map(urlPathOf).filter((path) => !path.startsWith('/catalog/') && !path.startsWith('/404') && !path.startsWith('/pagefind/'));
    expect(guide.length).toBeGreaterThanOrEqual(6);
    const page = await noJs.newPage();
    for (const path of guide) {
      await page.goto(path);
      await expect(page.locator('main h1').isVisible(), path).resolves.toBe(true);
      const text = (await page.locator('main .sl-markdown-content').innerText()).trim();
      expect(text.length, `${path} shows its text`).toBeGreaterThan(300);
      // The sidebar's links to the rest of the guide are there and visible on a desktop screen.
      await expect(page.locator('nav[aria-label="Main"] a[href="/categories/"]').isVisible(), path).resolves.toBe(true);
    }
    await page.close();
  });

  it('the catalog shows its table, and an image page its details and commands', async () => {
    const page = await noJs.newPage();
    await page.goto('/catalog/');
    const visible = await page.locator('[data-catalog] tbody tr[data-id]:visible').count();
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBe(await page.locator('[data-catalog] tbody tr[data-id]').count());
    await expect(page.locator('.catalog-filters__noscript').isVisible()).resolves.toBe(true);
    const image = snapshot.images[0]!;
    await page.goto(`/catalog/${slugs.get(image.id)}/`);
    await expect(page.locator('main h1').textContent()).resolves.toBe(image.name || `Image ${image.id}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain(image.id);
    expect(text).toContain(`openstack server create --image ${image.id}`);
    await page.goto('/catalog/changes/');
    await expect(page.locator('main h1').isVisible()).resolves.toBe(true);
    await page.close();
  });
});
