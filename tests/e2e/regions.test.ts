/**
 * A two-region cloud (tests/fixtures/regions-site/, built once here) and a two-cloud federation
 * (federation-site/) in Chromium, on a phone (390 px) and a desktop (1280 px): the region choice filters
 * the table, Start here and the counts, is kept in the URL, across a reload and for the next visit (a
 * link's ?region= wins); image pages name their region and siblings; JSON files carry region fields; the
 * stale region says so; axe passes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations, launchBrowser, openPage } from './support/browser.ts';
import { serveStatic } from './support/static-server.ts';

const root = resolve(import.meta.dirname, '../..');
const R1 = '1a000000-0000-4000-8000-000000000001';
const R2 = '2b000000-0000-4000-8000-000000000001';

interface Site {
  dir: string;
  server: { url: string; close: () => Promise<void> };
}

/** A production build of one fixture site (Vitest's own variables removed, or Astro builds in development mode). */
function buildSite(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `catalog-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    CATALOG_CONFIG: `tests/fixtures/${name}/cloud.config.yaml`,
    CATALOG_SNAPSHOT: `tests/fixtures/${name}/catalog/snapshot.json`,
  };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  const build = spawnSync(process.execPath, [resolve(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dir], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (build.status !== 0) throw new Error(`astro build (${name}) failed:\n${build.stdout}\n${build.stderr}`);
  return dir;
}

let regions: Site;
let federation: Site;
let browser: Browser;

beforeAll(async () => {
  const regionsDir = buildSite('regions-site');
  const federationDir = buildSite('federation-site');
  regions = { dir: regionsDir, server: await serveStatic(regionsDir) };
  federation = { dir: federationDir, server: await serveStatic(federationDir) };
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  for (const site of [regions, federation]) {
    await site?.server.close();
    if (site) rmSync(site.dir, { recursive: true, force: true });
  }
});

const ready = (page: Page) => page.waitForSelector('#catalog-region:not([disabled])');
const visibleIds = (page: Page) => page.locator('[data-catalog] tbody tr[data-id]:not([hidden])').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id));
const visibleStart = (page: Page) => page.locator('[data-start-here] [data-recommended]:not([hidden])').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.region));
const json = (site: Site, path: string) => JSON.parse(readFileSync(join(site.dir, path), 'utf8'));

for (const width of [390, 1280]) {
  describe(`a two-region catalog at ${width} px`, () => {
    it('filters the table, Start here and the counts by region; the URL, a reload and the next visit keep the choice', async () => {
      const context = await browser.newContext({ baseURL: regions.server.url, viewport: { width, height: 844 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: regions.server.url });
      const { page, errors } = await openPage(context, '/catalog/');
      await ready(page);
      // No choice: every region, each row saying its region.
      expect(await visibleIds(page)).toHaveLength(6);
      expect(await page.locator(`tr[data-id="${R2}"] .catalog-row__region`).textContent()).toBe('RegionTwo');
      await page.selectOption('#catalog-region', 'example/RegionTwo');
      expect(new URL(page.url()).searchParams.get('region')).toBe('RegionTwo');
      const ids = await visibleIds(page);
      expect(ids.every((id) => id!.startsWith('2b'))).toBe(true);
      expect(ids).toHaveLength(3);
      expect(new Set(await visibleStart(page))).toEqual(new Set(['RegionTwo']));
      expect(await page.locator('[data-catalog-count]').textContent()).toBe('Showing 3 of 6 images');
      // Copy that region's ID.
      await page.locator(`tr[data-id="${R2}"] button[data-copy]`).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(R2);
      await page.reload();
      await ready(page);
      expect(await page.inputValue('#catalog-region')).toBe('example/RegionTwo');
      expect(await visibleIds(page)).toHaveLength(3);
      // A new visit with no choice in its URL: remembered, and put in the URL.
      const next = await context.newPage();
      await next.goto('/catalog/');
      await ready(next);
      expect(await next.inputValue('#catalog-region')).toBe('example/RegionTwo');
      expect(new URL(next.url()).searchParams.get('region')).toBe('RegionTwo');
      // A link's ?region= wins over the remembered one.
      await next.goto('/catalog/?region=RegionOne');
      await ready(next);
      expect(await next.inputValue('#catalog-region')).toBe('example/RegionOne');
      expect((await visibleIds(next)).every((id) => id!.startsWith('1a'))).toBe(true);
      expect(await page.locator('[data-catalog-stale]').first().textContent()).toBe('RegionTwo’s data is as of its last good fetch, 19 Nov 2026.');
      expect(describeViolations(await axeViolations(page))).toBe('');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('gives every ID its page, naming its region, its sibling, region snippets and the dashboard', async () => {
      const context = await browser.newContext({ baseURL: regions.server.url, viewport: { width, height: 844 } });
      const index = json(regions, 'catalog.json');
      for (const image of index.images) {
        const { page } = await openPage(context, new URL(image.url).pathname);
        expect(await page.locator('.catalog-lead code.catalog-id').textContent()).toBe(image.id);
        expect(await page.locator('[data-catalog-region]').getAttribute('data-catalog-region')).toBe(image.region);
        expect(await page.locator('main').textContent()).toContain(`openstack --os-region-name ${image.region} server create --image ${image.id}`);
        await page.close();
      }
      const { page } = await openPage(context, '/catalog/ubuntu-24-04-lts-noble-amd64-regiontwo/');
      expect((await page.locator('[data-catalog-sibling]').textContent())?.replace(/\s+/g, ' ')).toContain(`Also in RegionOne: build 41, older — ${R1}`);
      await page.locator('[data-catalog-sibling] a').click();
      await page.waitForURL('**/catalog/ubuntu-24-04-lts-noble-amd64/');
      expect(await page.locator('main').textContent()).toContain('region      = "RegionOne"');
      expect(await page.locator('.catalog-dashboard a').getAttribute('href')).toBe(`https://dashboard.example.org/project/images/${R1}/`);
      expect(await page.locator('[data-catalog-stale]').count()).toBe(0);
      const stale = await context.newPage();
      await stale.goto('/catalog/almalinux-9-amd64-regiontwo/');
      expect(await stale.locator('[data-catalog-stale]').textContent()).toBe('RegionTwo’s data is as of its last good fetch, 19 Nov 2026.');
      expect(describeViolations(await axeViolations(stale))).toBe('');
      await context.close();
    });
  });
}

describe('the JSON files of several sources', () => {
  it('rows and latest files carry each region’s ID', () => {
    const rows = json(regions, 'catalog/index.json').rows as { id: string; region: string; member: string }[];
    expect(rows.find((row) => row.id === R2)).toMatchObject({ region: 'RegionTwo', member: 'example' });
    expect(json(regions, 'catalog.json').images.find((image: { id: string }) => image.id === R1)).toMatchObject({ region: 'RegionOne', member: 'example' });
    expect(json(regions, 'catalog/latest/ubuntu-24-04-lts-noble-amd64.json').regions).toMatchObject({ RegionOne: { id: R1, build: 41 }, RegionTwo: { id: R2, build: 42, stale: true } });
    const line = json(regions, 'catalog/latest.json').lineages.find((entry: { key: string }) => entry.key === 'ubuntu-24-04-lts-noble-amd64');
    expect(line.regions.RegionTwo.id).toBe(R2);
  });
});

describe('a two-cloud federation', () => {
  it('offers each member’s region, links each to its member’s dashboard and keys latest by member', async () => {
    const context = await browser.newContext({ baseURL: federation.server.url, viewport: { width: 1280, height: 900 } });
    const { page } = await openPage(context, '/catalog/?member=beta&region=Oslo');
    await ready(page);
    expect(await page.inputValue('#catalog-region')).toBe('beta/Oslo');
    expect(await visibleIds(page)).toEqual(['4d000000-0000-4000-8000-000000000001']);
    await page.goto('/catalog/beta-ubuntu-24-04-lts-noble-amd64-beta-oslo/');
    expect(await page.locator('[data-catalog-region]').textContent()).toContain('Beta Cloud');
    expect(await page.locator('.catalog-dashboard a').getAttribute('href')).toBe('https://horizon.beta.example.org/project/images/4d000000-0000-4000-8000-000000000001/');
    expect(describeViolations(await axeViolations(page))).toBe('');
    const latest = json(federation, 'catalog/latest/ubuntu-24-04-lts-noble-amd64.json');
    expect(latest.regions).toMatchObject({ alpha: { Melbourne: { build: 12 } }, beta: { Oslo: { build: 9 } } });
    await context.close();
  });
});
