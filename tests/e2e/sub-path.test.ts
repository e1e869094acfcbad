import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.ts';

/**
 * The site built with SITE_BASE (`/support/images/`) and served only under
 * that path: a reader following a guide cross-link, a catalog row, a search
 * result or an old single-page anchor stays on working pages under it.
 */
const subBaseUrl = inject('subBaseUrl');
const subBase = inject('subBase');

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
});

/** Follows a link by clicking it; resolves with the status of the page it led to. */
async function follow(page: Page, selector: string): Promise<number> {
  const link = page.locator(selector).first();
  const [response] = await Promise.all([page.waitForEvent('response', (r) => r.request().isNavigationRequest()), link.click()]);
  await page.waitForLoadState('load');
  return response.status();
}

describe(`the site under ${subBase}`, () => {
  it('a guide cross-link leads to the catalog under the sub-path', async () => {
    const { page, errors } = await openPage(context, `${subBaseUrl}official-images/`);
    const selector = `main a[href="${subBase}catalog/"]`;
    await expect(page.locator(selector).count()).resolves.toBeGreaterThan(0);
    await expect(follow(page, selector)).resolves.toBe(200);
    expect(new URL(page.url()).pathname).toBe(`${subBase}catalog/`);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/catalog/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('latest.json and each line\'s latest/<key>.json give image pages under the sub-path, and they open', async () => {
    const { page } = await openPage(context, `${subBaseUrl}catalog/`);
    const latest = (await (await page.request.get(`${subBaseUrl}catalog/latest.json`)).json()) as {
      lineages: { key: string; current: { id: string; url: string } | null; archived: { url: string }[] }[];
    };
    const urls = latest.lineages.flatMap((line) => [line.current?.url, ...line.archived.map((build) => build.url)]).filter((url): url is string => Boolean(url));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(new RegExp(`^${subBase}catalog/[^/]+/$`));
    const line = latest.lineages.find((entry) => entry.current)!;
    const one = (await (await page.request.get(`${subBaseUrl}catalog/latest/${line.key}.json`)).json()) as { current: { id: string; url: string } };
    expect(one.current).toEqual(line.current);
    const opened = await page.goto(new URL(one.current.url, subBaseUrl).href);
    expect(opened?.status()).toBe(200);
    await expect(page.locator('main').textContent()).resolves.toContain(one.current.id);
    await page.close();
  });

  it('a catalog row links to its image page under the sub-path', async () => {
    const { page, errors } = await openPage(context, `${subBaseUrl}catalog/`);
    const row = page.locator('[data-catalog] tbody tr[data-id] a').first();
    const name = (await row.textContent())?.trim() ?? '';
    await expect(row.getAttribute('href')).resolves.toMatch(new RegExp(`^${subBase}catalog/[^/]+/$`));
    await expect(follow(page, '[data-catalog] tbody tr[data-id] a')).resolves.toBe(200);
    await expect(page.locator('h1').first().textContent()).resolves.toContain(name);
    // and back again through the page's own link
    await expect(follow(page, `main a[href="${subBase}catalog/"]`)).resolves.toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('search finds a guide page and its result opens under the sub-path', async () => {
    const { page } = await openPage(context, subBaseUrl);
    await page.locator('site-search button[data-open-modal]').click();
    await page.locator('dialog[open] input').fill('accept');
    const results = page.locator('dialog[open] .pagefind-ui__result-link');
    await results.first().waitFor();
    const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((href) => href.startsWith(subBase)), hrefs.join(', ')).toBe(true);
    await expect(follow(page, 'dialog[open] .pagefind-ui__result-link')).resolves.toBe(200);
    expect(new URL(page.url()).pathname.startsWith(subBase)).toBe(true);
    await page.close();
  });

  it("an old single-page anchor redirects to its section under the sub-path", async () => {
    const { page } = await openPage(context, `${subBaseUrl}#sharing`);
    await page.waitForURL((url) => url.pathname === `${subBase}sharing-images/`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Sharing images');
    await page.close();
  });

  it('a missing page gets the 404 page, whose links stay under the sub-path', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${subBaseUrl}no-such-page/`);
    expect(response?.status()).toBe(404);
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => !href.startsWith(subBase))).toEqual([]);
    await page.close();
  });
});
