import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeViolations, describeViolations, launchBrowser } from './support/browser.ts';
import { listHtmlFiles, urlPathOf } from './support/site-files.ts';

const baseUrl = inject('baseUrl');
const distDir = inject('distDir');

/** Every built page, in both colour themes: axe finds no WCAG 2.1 A/AA violation on any. */
const pages = listHtmlFiles(distDir).map(urlPathOf);

let browser: Browser;
let contexts: Record<'light' | 'dark', BrowserContext>;

beforeAll(async () => {
  browser = await launchBrowser();
  contexts = {
    light: await browser.newContext({ colorScheme: 'light' }),
    dark: await browser.newContext({ colorScheme: 'dark' }),
  };
});
afterAll(async () => {
  await browser?.close();
});

describe.each(['light', 'dark'] as const)('axe, %s theme', (theme) => {
  it.each(pages)('%s has no WCAG 2.1 AA violations', async (path) => {
    const page = await contexts[theme].newPage();
    await page.goto(`${baseUrl}${path}`);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
