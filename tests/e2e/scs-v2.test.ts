/**
 * An SCS-0102 v2 cloud (tests/fixtures/scs-v2-site/, built once here) in Chromium, on a phone (390 px) and a
 * desktop (1280 px): every image's purpose in reader words on its row or card and its page; the Purpose
 * filter, its URL state (?purpose=), a reload and Back; Start here with generic images only; "Overdue: built
 * 2 Nov 2026, replaced monthly" on the row and the page, with the successor when there is one; hotfix_hours,
 * patchlevel and the licence fields on pages and in /catalog.json; no layout shift from the new control; axe.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations, launchBrowser, openPage } from './support/browser.ts';
import { serveStatic } from './support/static-server.ts';
import { cls, recordShifts, shiftsOf } from './support/layout-shift.ts';

const root = resolve(import.meta.dirname, '../..');
const NAME = 'scs-v2-site';
const id = (n: number) => `5c000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const UBUNTU = id(1);
const OLD_UBUNTU = id(2);
const K8S = id(4);
const DEBIAN = id(6);
const WINDOWS = id(10);

let dir: string;
let server: { url: string; close: () => Promise<void> };
/** The same catalog built as a large one (paged: one row per distribution in the page, the rest drawn by the filter script). */
let pagedDir: string;
let paged: { url: string; close: () => Promise<void> };
let browser: Browser;

/** A production build of the fixture (Vitest's own variables removed, or Astro builds in development mode). */
function buildSite(extraEnv: Record<string, string> = {}): string {
  const out = mkdtempSync(join(tmpdir(), `catalog-${NAME}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    CATALOG_CONFIG: `tests/fixtures/${NAME}/cloud.config.yaml`,
    CATALOG_SNAPSHOT: `tests/fixtures/${NAME}/catalog/snapshot.json`,
    ...extraEnv,
  };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL', 'TEST']) delete env[key];
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  const build = spawnSync(process.execPath, [resolve(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out], { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (build.status !== 0) throw new Error(`astro build (${NAME}) failed:\n${build.stdout}\n${build.stderr}`);
  return out;
}

beforeAll(async () => {
  dir = buildSite();
  pagedDir = buildSite({ CATALOG_INLINE_MAX: '4', CATALOG_PREVIEW_ROWS: '1' });
  server = await serveStatic(dir);
  paged = await serveStatic(pagedDir);
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await paged?.close();
  for (const out of [dir, pagedDir]) if (out) rmSync(out, { recursive: true, force: true });
});

const ready = (page: Page) => page.waitForSelector('#catalog-purpose:not([disabled])');
const visibleIds = (page: Page) => page.locator('[data-catalog] tbody tr[data-id]:not([hidden])').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.id));
const rowText = (page: Page, imageId: string, selector: string) => page.locator(`tr[data-id="${imageId}"] ${selector}`);
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const json = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

for (const width of [390, 1280]) {
  describe(`an SCS-0102 v2 catalog at ${width} px`, () => {
    it('says each image’s purpose and whether it is overdue on its row (a card on a phone), as served and as the script draws it', async () => {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 844 } });
      const { page, errors } = await openPage(context, '/catalog/');
      // In the server's HTML, disabled until the script enables it: no layout shift.
      expect(await page.locator('#catalog-purpose').count()).toBe(1);
      await ready(page);
      // On the first screen, with the other controls.
      const box = (await page.locator('#catalog-purpose').boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      const purposes = (n: number) => rowText(page, id(n), '.catalog-row__purpose');
      const expected: [number, string][] = [
        [1, 'General purpose'],
        [2, 'Earlier build'],
        [4, 'Kubernetes node'],
        [5, 'GPU'],
        [7, 'Minimal'],
        [8, 'Custom'],
        [9, 'Network appliance'],
        [11, 'workstation'],
        [12, 'Minimal'],
      ];
      for (const [n, words] of expected) {
        expect(await purposes(n).textContent()).toBe(words);
        expect(await purposes(n).isVisible()).toBe(true);
      }
      const overdue = rowText(page, DEBIAN, '.catalog-row__overdue');
      expect(await overdue.isVisible()).toBe(true);
      expect(await overdue.textContent()).toBe('Overdue: built 2 Nov 2026, replaced monthly');
      expect(await rowText(page, OLD_UBUNTU, '.catalog-row__overdue').textContent()).toBe('Overdue: built 25 Oct 2026, replaced monthly');
      expect(await rowText(page, UBUNTU, '.catalog-row__overdue').isVisible()).toBe(false);
      expect(describeViolations(await axeViolations(page))).toBe('');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('filters by purpose, keeps it in the URL (?purpose=), across a reload and Back', async () => {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 844 } });
      const { page, errors } = await openPage(context, '/catalog/');
      await ready(page);
      expect(await visibleIds(page)).toHaveLength(12);
      await page.selectOption('#catalog-purpose', 'k8snode');
      expect(new URL(page.url()).searchParams.get('purpose')).toBe('k8snode');
      expect(await visibleIds(page)).toEqual([K8S]);
      expect(await text(page, '[data-catalog-count]')).toBe('Showing 1 of 12 images');
      await page.selectOption('#catalog-purpose', 'generic');
      expect(new Set(await visibleIds(page))).toEqual(new Set([id(1), id(3), DEBIAN, WINDOWS]));
      await page.reload();
      await ready(page);
      expect(await page.inputValue('#catalog-purpose')).toBe('generic');
      expect(await visibleIds(page)).toHaveLength(4);
      await page.goBack();
      await ready(page);
      expect(await page.inputValue('#catalog-purpose')).toBe('k8snode');
      expect(await visibleIds(page)).toEqual([K8S]);
      // A link straight to the earlier builds, and one naming a purpose the standard does not have (ignored).
      await page.goto('/catalog/?purpose=oldgeneric');
      await ready(page);
      expect(await page.inputValue('#catalog-purpose')).toBe('oldgeneric');
      expect(await visibleIds(page)).toEqual([OLD_UBUNTU]);
      await page.goto('/catalog/?purpose=workstation');
      await ready(page);
      expect(await page.inputValue('#catalog-purpose')).toBe('');
      expect(await visibleIds(page)).toHaveLength(12);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('Start here recommends generic images only: one of the two generic Ubuntu 24.04 lines, the generic Debian, Windows', async () => {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width, height: 844 } });
      const { page } = await openPage(context, '/catalog/');
      const items = await page.locator('[data-start-here] [data-recommended]').evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.recommended));
      expect(items).toEqual([UBUNTU, DEBIAN, WINDOWS]);
      await context.close();
    });
  });
}

describe('a large SCS-0102 v2 catalog (paged)', () => {
  it('rows the filter script draws from the index say their purpose and that they are overdue; distribution pages too', async () => {
    const context = await browser.newContext({ baseURL: paged.url });
    const { page, errors } = await openPage(context, '/catalog/');
    // As served: Ubuntu's newest row only; its earlier build is not in the page.
    expect(await page.locator(`tr[data-id="${OLD_UBUNTU}"]`).count()).toBe(0);
    await page.goto('/catalog/?purpose=oldgeneric');
    await ready(page);
    await page.waitForSelector(`tr[data-id="${OLD_UBUNTU}"]`);
    expect(await visibleIds(page)).toEqual([OLD_UBUNTU]);
    expect(await rowText(page, OLD_UBUNTU, '.catalog-row__purpose').textContent()).toBe('Earlier build');
    expect(await rowText(page, OLD_UBUNTU, '.catalog-row__overdue').textContent()).toBe('Overdue: built 25 Oct 2026, replaced monthly');
    expect(await rowText(page, OLD_UBUNTU, '.catalog-row__overdue').isVisible()).toBe(true);
    await page.selectOption('#catalog-purpose', 'generic');
    await page.waitForSelector(`tr[data-id="${UBUNTU}"]`);
    expect(await rowText(page, UBUNTU, '.catalog-row__purpose').textContent()).toBe('General purpose');
    expect(await rowText(page, UBUNTU, '.catalog-row__overdue').isVisible()).toBe(false);
    await page.goto('/catalog/distro/debian/');
    expect(await rowText(page, DEBIAN, '.catalog-row__overdue').textContent()).toBe('Overdue: built 2 Nov 2026, replaced monthly');
    expect(await rowText(page, id(7), '.catalog-row__purpose').textContent()).toBe('Minimal');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('SCS-0102 v2 image pages', () => {
  it('an overdue image with no newer build says so at the top and where its promise is', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const { page, errors } = await openPage(context, '/catalog/debian-13/');
    expect(await text(page, 'aside [data-catalog-overdue]')).toBe('Overdue: built 2 Nov 2026, replaced monthly. No newer build is listed yet.');
    expect(await text(page, 'dd:has([data-catalog-promise])')).toBe(
      'Replaced monthly. Updated until 30 Apr 2029. This ID keeps working for the last 3 builds. Overdue: built 2 Nov 2026, replaced monthly. No newer build is listed yet.',
    );
    expect(await text(page, '[data-catalog-purpose]')).toBe('General purpose');
    expect(describeViolations(await axeViolations(page))).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a listed oldgeneric build is an earlier build of its line: overdue, with its successor linked', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const { page } = await openPage(context, '/catalog/ubuntu-24-04-lts-20261025/');
    expect(await text(page, '[data-catalog-purpose]')).toBe('Earlier build');
    expect(await text(page, 'aside [data-catalog-overdue]')).toBe('Overdue: built 25 Oct 2026, replaced monthly. Its successor: Ubuntu 24.04 LTS.');
    expect(await text(page, '[data-catalog-lifecycle="earlier"]')).toContain('Superseded by Ubuntu 24.04 LTS, the current build of its line.');
    await page.locator('aside [data-catalog-overdue-successor]').click();
    await page.waitForURL('**/catalog/ubuntu-24-04-lts/');
    // The current build is not overdue, is not an earlier build, and lists the oldgeneric one among its earlier builds.
    expect(await page.locator('[data-catalog-overdue]').count()).toBe(0);
    expect(await page.locator('[data-catalog-lifecycle]').count()).toBe(0);
    expect(await text(page, '#builds')).toBe('Earlier builds');
    expect(await text(page, '[data-catalog-hotfix]')).toBe('Critical fixes within 24 hours');
    expect(await text(page, '[data-catalog-patchlevel]')).toBe('USN-7123-1');
    expect(await page.locator('[data-catalog-licensing]').count()).toBe(0);
    await context.close();
  });

  it('a licensed image says its licence and subscription, and its critical-fix promise', async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const { page } = await openPage(context, '/catalog/windows-server-2025/');
    expect(await text(page, '[data-catalog-licensing]')).toBe(
      'The licence is included in the flavor’s price. You need not bring a licence of your own. A maintenance subscription from the vendor is included. No vendor subscription is needed to receive fixes.',
    );
    expect(await text(page, '[data-catalog-hotfix]')).toBe('Critical fixes as soon as possible (best effort, no firm time)');
    expect(await text(page, '[data-catalog-purpose]')).toBe('General purpose');
    await context.close();
  });

  it('no layout shift on /catalog/ with the purpose control', async () => {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await recordShifts(page);
    await page.goto('/catalog/');
    await ready(page);
    await page.waitForTimeout(300);
    const shifts = await shiftsOf(page);
    expect(cls(shifts), JSON.stringify(shifts)).toBeLessThan(0.01);
    await context.close();
  });
});

describe('/catalog.json of an SCS-0102 v2 cloud', () => {
  it('carries purpose, overdue, hotfix, patchlevel and licensing, each only where it applies', () => {
    const images = json('catalog.json').images as Record<string, unknown>[];
    const byId = new Map(images.map((image) => [image.id, image]));
    expect(byId.get(UBUNTU)).toMatchObject({
      purpose: { key: 'generic', label: 'General purpose', value: 'generic' },
      hotfix: { hours: 24, words: 'Critical fixes within 24 hours' },
      patchlevel: 'USN-7123-1',
    });
    expect(byId.get(UBUNTU)).not.toHaveProperty('overdue');
    expect(byId.get(UBUNTU)).not.toHaveProperty('licensing');
    expect(byId.get(DEBIAN)).toMatchObject({ overdue: { frequency: 'monthly', builtAt: '2026-11-02T00:00:00.000Z', words: 'Overdue: built 2 Nov 2026, replaced monthly' } });
    expect(byId.get(WINDOWS)).toMatchObject({ licensing: { licenseIncluded: true, licenseRequired: false, subscriptionIncluded: true, subscriptionRequired: false } });
    expect(byId.get(id(12))).toMatchObject({ purpose: { key: 'minimal', value: 'minimal' } });
  });

  it('a script asking for the line’s latest build gets the generic one, never the listed oldgeneric build', () => {
    const latest = json('catalog/latest/ubuntu-24-04-lts-x86-64.json');
    expect(latest.current.id).toBe(UBUNTU);
    expect(latest.archived.map((build: { id: string }) => build.id)).toEqual([OLD_UBUNTU]);
  });
});
