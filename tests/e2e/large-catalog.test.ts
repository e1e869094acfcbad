/**
 * The large-catalog path (src/lib/catalog/scale.ts) in the browser: the test
 * snapshot built again with tiny limits (inline up to 10 images, 3 rows a
 * distribution page, 2 rows a group on /catalog/), so every part of it runs at
 * fixture size in a few seconds. The 10,000-image figures are in BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, launchBrowser, openPage } from './support/browser.ts';
import { cls, recordShifts, shiftsOf } from './support/layout-shift.ts';
import { serveStatic } from './support/static-server.ts';
import { snapshotSchema } from '../../src/schemas/snapshot.ts';
import { countText, matchesQuery } from '../../src/lib/catalog/filter.ts';
import { assignSlugs } from '../../src/lib/catalog/slug.ts';

const root = resolve(import.meta.dirname, '../..');
const snapshotPath = inject('snapshotPath');
const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(snapshotPath, 'utf8')));
const slugs = assignSlugs(snapshot.images);
const LIMITS = { CATALOG_INLINE_MAX: '10', CATALOG_PAGE_SIZE: '3', CATALOG_PREVIEW_ROWS: '2' };
const STEP = 2;

let outDir: string;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let context: BrowserContext;

/**
 * The environment for a production build from inside a test: Vitest copies
 * `import.meta.env` (DEV=true, MODE=test, …) into a worker's process.env, and
 * Astro would then build in development mode (no search).
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshotPath, ...LIMITS };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  return env;
}

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'catalog-paged-'));
  const build = spawnSync(process.execPath, [resolve(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], {
    cwd: root,
    env: buildEnv(),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (build.status !== 0) throw new Error(`astro build (paged catalog) failed:\n${build.stdout}\n${build.stderr}`);
  server = await serveStatic(outDir);
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.url });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const ready = (page: Page) => page.waitForSelector('#catalog-q:not([disabled])');
const rowsIn = (page: Page) => page.locator('[data-catalog] tbody tr[data-id]');
const notOurs = (errors: string[]) => errors.filter((error) => !/favicon\.(svg|ico)/.test(error));

function expectedFor(q: string): number {
  return snapshot.images.filter((image) =>
    matchesQuery({ name: image.name, version: image.version ?? '', id: image.id, codename: image.codename ?? '' }, q),
  ).length;
}

describe('a catalog above the inline limit', () => {
  it('/catalog/ holds only each distribution’s newest rows, each linking to its full list', async () => {
    const html = readFileSync(join(outDir, 'catalog/index.html'), 'utf8');
    const rowCount = html.match(/<tr [^>]*\bdata-id="[^"]+"/g)?.length ?? 0;
    expect(rowCount).toBeGreaterThan(0);
    expect(rowCount).toBeLessThan(snapshot.images.length);
    const { page, errors } = await openPage(context, '/catalog/');
    await ready(page);
    for (const group of await page.locator('[data-group]').all()) {
      await expect(group.locator('tbody tr[data-id]').count()).resolves.toBeLessThanOrEqual(STEP);
    }
    await expect(page.locator('[data-group-more] a[href^="/catalog/distro/"]').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('[data-catalog-count]').textContent()).resolves.toBe(`Showing all ${snapshot.images.length} images`);
    expect(notOurs(errors)).toEqual([]);
    await page.close();
  });

  it('filters over every image from /catalog/index.json, a few rows a group, with "Show more"', async () => {
    const { page, errors } = await openPage(context, '/catalog/');
    await ready(page);
    await page.fill('#catalog-q', '24.04');
    const expected = expectedFor('24.04');
    await expect.poll(() => page.locator('[data-catalog-count]').textContent()).toBe(countText(expected, snapshot.images.length));
    await expect.poll(() => new URL(page.url()).search).toBe('?q=24.04');
    for (const name of await rowsIn(page).locator('td:first-child a').allTextContents()) expect(name).toMatch(/24\.04/);
    // A group with more matches than shown offers more, and shows them on request.
    await page.fill('#catalog-q', 'ubuntu');
    const ubuntu = page.locator('[data-group="ubuntu"]');
    const before = await ubuntu.locator('tbody tr').count();
    expect(before).toBe(STEP);
    await ubuntu.locator('[data-group-more-button]').click();
    await expect.poll(() => ubuntu.locator('tbody tr').count()).toBe(Math.min(2 * STEP, expectedFor('ubuntu')));
    // A whole ID finds its image even when it is not among the rows the page was served with.
    const last = snapshot.images.at(-1)!;
    await page.fill('#catalog-q', last.id);
    await expect.poll(() => rowsIn(page).first().getAttribute('data-id')).toBe(last.id);
    await expect(rowsIn(page).first().locator('a').getAttribute('href')).resolves.toBe(`/catalog/${slugs.get(last.id)}/`);
    await page.fill('#catalog-q', 'no-such-image-anywhere');
    await expect.poll(() => page.locator('[data-catalog-empty]').isVisible()).toBe(true);
    expect(notOurs(errors)).toEqual([]);
    await page.close();
  });

  it('applies a linked ?q=&distro= state, renders untrusted names as text, and copies IDs', async () => {
    const { page, errors } = await openPage(context, '/catalog/?q=script&distro=');
    await ready(page);
    await expect(page.inputValue('#catalog-q')).resolves.toBe('script');
    const names = await rowsIn(page).locator('td:first-child a').allTextContents();
    expect(names.some((name) => name.includes('<script>'))).toBe(true);
    await expect(page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).resolves.toBeUndefined();
    const withDistro = await openPage(context, '/catalog/?distro=debian');
    await ready(withDistro.page);
    await expect(withDistro.page.locator('[data-group]:not([hidden])').count()).resolves.toBe(1);
    const button = withDistro.page.locator('[data-group="debian"] button[data-copy]').first();
    const id = await button.getAttribute('data-copy');
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    await expect(withDistro.page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(id);
    expect(notOurs(errors)).toEqual([]);
    await withDistro.page.close();
    await page.close();
  });

  it('a row the filter draws from the template equals the row the server drew for the same image', async () => {
    // The inline site (every row server-rendered) and this paged one are built from the same snapshot.
    const inline = await openPage(context, `${inject('baseUrl')}/catalog/`);
    await ready(inline.page);
    const serverRows = new Map(
      await inline.page.locator('[data-catalog] tbody tr[data-id]').evaluateAll((rows) => rows.map((row) => [(row as HTMLElement).dataset.id!, row.outerHTML] as const)),
    );
    // In the paged site, the rows the server put in /catalog/ are taken out as the page loads, so the
    // filter script draws every image's row itself.
    const stripped = await browser.newContext({ baseURL: server.url });
    await stripped.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await stripped.addInitScript(() => {
      const observer = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) if (node instanceof HTMLTableRowElement && node.dataset.id) node.remove();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
      // Parsing is over; the rows added from here on are the script's.
      document.addEventListener('DOMContentLoaded', () => observer.disconnect());
    });
    const paged = await openPage(stripped, '/catalog/');
    await ready(paged.page);
    const drawn = snapshot.images;
    const covered = new Set<string>();
    for (const image of drawn) {
      await paged.page.fill('#catalog-q', image.id);
      const row = paged.page.locator(`[data-catalog] tbody tr[data-id="${image.id}"]`);
      await row.waitFor();
      const html = await row.evaluate((el) => el.outerHTML);
      expect(html, image.name).toBe(serverRows.get(image.id));
      const text = await row.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        for (const hidden of copy.querySelectorAll('[hidden]')) hidden.remove();
        return copy.textContent ?? '';
      });
      if (/End of life/.test(text)) covered.add('eol');
      if (/Login user not known/.test(text)) covered.add('unknown login');
      if (/not the user in the note above/.test(text)) covered.add('login differs');
      if (/NVIDIA vGPU|R-Studio/.test(text)) covered.add('variant');
      if (/[<>]/.test(image.name)) covered.add('markup in name');
      if (image.updatedAt === null && image.createdAt === null) covered.add('no date');
    }
    // The rows compared include every optional part of a row.
    expect([...covered].sort()).toEqual(['eol', 'login differs', 'markup in name', 'no date', 'unknown login', 'variant']);
    expect(notOurs([...inline.errors, ...paged.errors])).toEqual([]);
    await inline.page.close();
    await stripped.close();
  });

  it('nothing moves when the script starts', async () => {
    const page = await context.newPage();
    await recordShifts(page);
    await page.goto('/catalog/');
    await ready(page);
    await page.waitForTimeout(300);
    expect(cls(await shiftsOf(page))).toBeLessThan(0.05);
    await page.close();
  });

  it('without JavaScript every image is reachable through the distribution pages', async () => {
    const noJs = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto('/catalog/');
    const lists = await page.locator('[data-group-more] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    const fromCatalog = await page.locator('[data-catalog] tbody a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    const seen = new Set(fromCatalog);
    for (const first of lists) {
      let next: string | null = first;
      for (let guard = 0; next && guard < 100; guard++) {
        await page.goto(next);
        for (const href of await page.locator('[data-catalog-pages] tbody a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname))) {
          seen.add(href);
        }
        next = await page.locator('nav.catalog-pager a[rel="next"]').getAttribute('href', { timeout: 500 }).catch(() => null);
      }
    }
    expect([...seen].sort()).toEqual(snapshot.images.map((image) => `/catalog/${slugs.get(image.id)}/`).sort());
    await noJs.close();
  });

  it('a distribution page has a Copy button on every ID (the same markup as /catalog/), and it copies', async () => {
    const { page, errors } = await openPage(context, '/catalog/distro/ubuntu/2/');
    const rows = page.locator('[data-catalog-pages] tbody tr[data-id]');
    const ids = await rows.evaluateAll((all) => all.map((row) => (row as HTMLElement).dataset.id!));
    expect(ids.length).toBeGreaterThan(0);
    await expect(page.locator('[data-catalog-pages] tbody tr[data-id] button[data-copy]:not([disabled])').evaluateAll((all) => all.map((b) => b.getAttribute('data-copy')))).resolves.toEqual(ids);
    // The filter script is not on this page: the button's own script copies.
    await expect(page.locator('#catalog-q').count()).resolves.toBe(0);
    const button = rows.nth(1).locator('button[data-copy]');
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(ids[1]);
    await expect(page.locator('[data-catalog-pages] [data-copy-announce]').textContent()).resolves.toBe(`Copied image ID ${ids[1]}`);
    // The same row markup as /catalog/ draws for that image.
    const catalog = await openPage(context, `/catalog/?q=${ids[1]}`);
    await ready(catalog.page);
    const served = (await rows.nth(1).evaluate((row) => row.querySelector('.catalog-row__id')!.outerHTML)).replace(/ disabled=""|>Copied</g, (m) => (m === '>Copied<' ? '>Copy<' : ''));
    const drawn = (await catalog.page.locator(`[data-catalog] tbody tr[data-id="${ids[1]}"] .catalog-row__id`).evaluate((cell) => cell.outerHTML)).replace(/ disabled=""/g, '');
    expect(served).toBe(drawn);
    expect(notOurs([...errors, ...catalog.errors])).toEqual([]);
    await catalog.page.close();
    await page.close();
  });

  it('a distribution page has no accessibility violations and marks the current page', async () => {
    const { page } = await openPage(context, '/catalog/distro/ubuntu/2/');
    await expect(page.locator('nav.catalog-pager a[aria-current="page"]').textContent()).resolves.toMatch(/^\s*2\s*$/);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/^Ubuntu images \(page 2 of \d+\)$/);
    const violations = (await axeViolations(page))
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !(v.id === 'label-content-name-mismatch' && n.target.join(' ').includes('data-open-modal'))) }))
      .filter((v) => v.nodes.length > 0);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
