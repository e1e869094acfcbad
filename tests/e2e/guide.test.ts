import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.ts';

const baseUrl = inject('baseUrl');

const GUIDE_PAGES = [
  { path: '/', title: 'What are images?' },
  { path: '/categories/', title: 'Image categories' },
  { path: '/official-images/', title: 'Official images' },
  { path: '/command-line/', title: 'Command line' },
  { path: '/creating-images/', title: 'Creating images' },
  { path: '/sharing-images/', title: 'Sharing images' },
];

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
});

describe('the guide pages', () => {
  it.each(GUIDE_PAGES)('$path loads with its title and no console errors', async ({ path, title }) => {
    const { page, errors } = await openPage(context, `${baseUrl}${path}`);
    await expect(page.locator('h1').first().textContent()).resolves.toContain(title);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('highlights commands and gives each a copy button', async () => {
    const { page } = await openPage(context, `${baseUrl}/command-line/`);
    const block = page.locator('.expressive-code').filter({ hasText: 'openstack image list' }).first();
    await expect(block.count()).resolves.toBe(1);
    // Shiki colours tokens with inline styles: more than one colour means real highlighting.
    const colours = await block.locator('pre code span[style]').evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size);
    expect(colours).toBeGreaterThan(1);
    await expect(block.locator('button[data-code]').count()).resolves.toBe(1);
    await page.close();
  });

  it('renders the login users as a table from the data file', async () => {
    const { page } = await openPage(context, `${baseUrl}/official-images/`);
    const table = page.locator('table', { has: page.locator('th', { hasText: 'Login user' }) });
    const row = (distribution: string) => table.locator('tr', { has: page.locator('th[scope="row"]', { hasText: new RegExp(`^${distribution}$`) }) });
    await expect(row('Rocky Linux').locator('td').first().textContent()).resolves.toBe('rocky');
    await expect(row('Windows').locator('td').first().textContent()).resolves.toBe('Administrator');
    await expect(row('Ubuntu').locator('td').first().textContent()).resolves.toBe('ubuntu');
    await page.close();
  });
});

describe('links support staff send', () => {
  it.each(['project', 'nectar', 'shared', 'public', 'future'])('/categories/#%s lands on that category', async (id) => {
    const { page } = await openPage(context, `${baseUrl}/categories/#${id}`);
    const heading = page.locator(`h2#${id}, h3#${id}`);
    await expect(heading.count()).resolves.toBe(1);
    await expect(heading.isVisible()).resolves.toBe(true);
    const top = await heading.evaluate((element) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(300);
    await page.close();
  });

  it.each([
    ['sharing', '/sharing-images/', ''],
    ['creating', '/creating-images/', ''],
    ['cli', '/command-line/', ''],
    ['public', '/categories/', '#public'],
    ['nectar', '/categories/', '#nectar'],
  ])('the old single-page link /#%s leads to %s%s', async (old, path, hash) => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#${old}`);
    await page.waitForURL((url) => url.pathname === path);
    expect(new URL(page.url()).hash).toBe(hash);
    await page.close();
  });

  it('without JavaScript the old link still points at the new place', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${baseUrl}/#sharing`);
    expect(new URL(page.url()).pathname).toBe('/');
    const link = page.locator('#sharing a');
    await expect(link.getAttribute('href')).resolves.toMatch(/\/sharing-images\/$/);
    await noJs.close();
  });
});

describe('the docs shell', () => {
  it('finds a guide page through the search box', async () => {
    const { page } = await openPage(context, `${baseUrl}/`);
    await page.locator('site-search button[data-open-modal]').click();
    await page.locator('dialog[open] input').fill('accept');
    const result = page.locator('dialog[open] .pagefind-ui__result-link').first();
    await result.waitFor();
    const hrefs = await page.locator('dialog[open] .pagefind-ui__result-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.some((href) => href?.startsWith('/sharing-images/'))).toBe(true);
    await page.close();
  });

  it('switches to dark mode and back', async () => {
    const { page } = await openPage(context, `${baseUrl}/`);
    const select = page.locator('starlight-theme-select select').first();
    await select.selectOption('dark');
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('dark');
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await select.selectOption('light');
    await expect(page.evaluate(() => document.documentElement.dataset.theme)).resolves.toBe('light');
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBackground).not.toBe(lightBackground);
    await page.close();
  });

  it('opens the navigation on a phone-sized screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const { page } = await openPage(phone, `${baseUrl}/`);
    const sidebarLink = page.locator('nav.sidebar a[href="/sharing-images/"]');
    await expect(sidebarLink.isVisible()).resolves.toBe(false);
    await page.locator('button.sl-menu-button').click();
    await expect(sidebarLink.isVisible()).resolves.toBe(true);
    await phone.close();
  });
});
