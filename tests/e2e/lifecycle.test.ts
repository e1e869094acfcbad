/**
 * Old image IDs keep working: an archived build's page leads to its successor,
 * a removed image keeps a tombstone, `latest` addresses give today's ID, and
 * site search for an old ID finds that image's own page first.
 */
import { describe, expect, inject, it } from 'vitest';
import { axeViolations, describeViolations, openPage, searchFor } from './support/browser.ts';
import { fixtureSnapshot, sharedBrowser } from './support/fixture-site.ts';

const baseUrl = inject('baseUrl');
const snapshot = fixtureSnapshot();

const NOBLE = 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64';
const current = snapshot.images.find((image) => image.name === NOBLE);
const v41 = snapshot.archived.find((image) => image.name === `${NOBLE} [v41]`);
const centos5 = snapshot.archived.find((image) => image.name === 'NeCTAR CentOS 5 x86_64 [v3]');
/** These tests need the fixture's archived builds and removed images. */
const isFixture = Boolean(current && v41 && centos5);
const REMOVED_ARCHIVED = '0a0a0039-0039-4039-8039-0a0a00390039';
const REMOVED_OLD = 'deadbeef-0000-4000-8000-000000000001';

const shared = sharedBrowser(baseUrl);

/** The first result's path in the search box for a query, once the results have settled. */
async function firstSearchResult(query: string): Promise<string | undefined> {
  const page = await searchFor(shared.context, query);
  const first = () => page.locator('.pagefind-ui__result-title > .pagefind-ui__result-link').first().evaluate((link) => new URL((link as HTMLAnchorElement).href).pathname);
  // Pagefind UI draws results as they load: read the first one until two reads a second apart agree.
  let previous = await first();
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(1000);
    const now = await first();
    if (now === previous) break;
    previous = now;
  }
  await page.close();
  return previous;
}

/** Paths of Pagefind's results for a query, best first (its own API: ranking without the UI's timing). */
async function pagefindResults(query: string): Promise<string[]> {
  const { page } = await openPage(shared.context, '/');
  // A string, so Vitest's transform leaves the browser's own import() alone.
  const urls = (await page.evaluate(`(async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    const search = await pagefind.search(${JSON.stringify(query)});
    return Promise.all(search.results.slice(0, 5).map(async (result) => (await result.data()).url));
  })()`)) as string[];
  await page.close();
  return urls;
}

describe.runIf(isFixture)('archived builds and their successors', () => {
  it('follows an archived build’s page to the current build of its line, which lists it', async () => {
    const { page } = await openPage(shared.context, '/catalog/latest.json');
    const latest = JSON.parse((await page.locator('body').textContent()) ?? '') as {
      lineages: { key: string; current: { id: string; url: string } | null; archived: { id: string; build: number; url: string }[] }[];
    };
    const line = latest.lineages.find((entry) => entry.archived.some((build) => build.id === v41!.id))!;
    expect(line.current?.id).toBe(current!.id);
    expect(line.archived.map((build) => build.build)).toEqual([41, 40]);

    const archivedUrl = line.archived[0]!.url;
    await page.goto(archivedUrl);
    await expect(page.locator('[data-catalog-lifecycle="archived"]').textContent()).resolves.toMatch(/Archived:.*Superseded by/s);
    await expect(page.locator('.catalog-id').first().textContent()).resolves.toBe(v41!.id);
    // Still launchable by ID: the launch command names this build.
    await expect(page.locator('text=openstack server create').first().textContent()).resolves.toContain(v41!.id);
    await page.locator('[data-catalog-lifecycle="archived"] a[data-catalog-successor]').click();
    await page.waitForURL((url) => url.pathname === line.current!.url);
    await expect(page.locator('h1').textContent()).resolves.toBe(NOBLE);
    const earlier = page.locator('#builds + p + ul a');
    await expect(earlier.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).resolves.toEqual(line.archived.map((build) => build.url));
    // Terraform and Heat for the current build: by name (newest) and pinned by ID.
    const code = (await page.locator('#iac ~ div pre').allTextContents()).join('\n');
    expect(code).toContain(`name        = "${NOBLE}"`);
    expect(code).toContain('most_recent = true');
    expect(code).toContain(`image_id = "${current!.id}"`);
    expect(code).toContain(`image: "${current!.id}"`);
    await page.close();
  });

  it('sends a line with no current build to the newest image of its distribution', async () => {
    const { page } = await openPage(shared.context, '/catalog/latest/centos-5-x86-64.json');
    const line = JSON.parse((await page.locator('body').textContent()) ?? '') as { id: string | null; archived: { url: string }[] };
    expect(line.id).toBeNull();
    await page.goto(line.archived[0]!.url);
    const notice = page.locator('[data-catalog-lifecycle="archived"]');
    await expect(notice.textContent()).resolves.toMatch(/No current build of this line: see .*CentOS/);
    await page.close();
  });

  it('gives today’s ID at /catalog/latest/<key>.json', async () => {
    const { page } = await openPage(shared.context, '/catalog/latest/ubuntu-24-04-lts-noble-amd64.json');
    const line = JSON.parse((await page.locator('body').textContent()) ?? '') as { id: string; url: string };
    expect(line.id).toBe(current!.id);
    await page.goto(line.url);
    await expect(page.locator('h1').textContent()).resolves.toBe(NOBLE);
    await page.close();
  });

  it('keeps archived builds out of /catalog/ and links to them', async () => {
    const { page } = await openPage(shared.context, '/catalog/');
    await expect(page.locator(`[data-catalog] tr[data-id="${v41!.id}"]`).count()).resolves.toBe(0);
    await page.locator('a[href="/catalog/archived/"]').first().click();
    await page.waitForURL('**/catalog/archived/');
    // One row per line: its current build, and the newest of its archived builds.
    const row = page.locator('tr', { hasText: 'Ubuntu 24.04 LTS (Noble) amd64 (x86_64)' });
    await expect(row.locator('td').nth(1).textContent()).resolves.toMatch(/^2; newest build 41$/);
    await row.locator('a', { hasText: 'build 41' }).click();
    await page.waitForURL((url) => url.pathname === '/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/');
    await page.close();
  });
});

describe.runIf(isFixture)('removed images keep a page', () => {
  it('says when an image was removed and points at the current build of its line', async () => {
    const { page } = await openPage(shared.context, '/catalog/nectar-debian-11-bullseye-amd64-v7/');
    const notice = page.locator('[data-catalog-lifecycle="removed"]');
    await expect(notice.textContent()).resolves.toMatch(/Removed from the catalog on 1 Oct 2026/);
    await notice.locator('a[data-catalog-successor]').click();
    await expect(page.locator('h1').textContent()).resolves.toBe('NeCTAR Debian 11 (Bullseye) amd64');
    await page.close();
  });

  it('tells the whole story of a build: the changes page says archived or removed and links each to its page, which shows the login user it had', async () => {
    const { page } = await openPage(shared.context, '/catalog/changes/');
    const archivedItem = page.locator('.catalog-change h3:text-is("Archived") + ul li', { hasText: v41!.id });
    await expect(archivedItem.textContent()).resolves.toMatch(/moved to the archive as .*\[v41\]: replaced by a newer build, still launchable by ID/);
    await expect(archivedItem.locator('a').getAttribute('href')).resolves.toBe('/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/');
    // Removed images link to their tombstones.
    for (const [id, path] of [[REMOVED_ARCHIVED, '/catalog/nectar-debian-11-bullseye-amd64-v7/'], [REMOVED_OLD, '/catalog/nectar-ubuntu-23-10-mantic-amd64/']]) {
      await expect(page.locator('.catalog-change h3:text-is("Removed") + ul li', { hasText: id! }).locator('a').getAttribute('href')).resolves.toBe(path);
    }
    await page.goto('/catalog/nectar-debian-11-bullseye-amd64-v7/');
    await expect(page.locator('[data-catalog-tombstone-login]').textContent()).resolves.toMatch(/^\s*debian\s*$/);
    await page.goto('/catalog/nectar-ubuntu-23-10-mantic-amd64/');
    await expect(page.locator('[data-catalog-tombstone-login]').textContent()).resolves.toMatch(/removed before the catalog recorded login users/);
    await page.close();
  });

  it('finds an archived and a removed ID by search, with that image’s page first', async () => {
    // In the search box, as a reader types it.
    expect(await firstSearchResult(v41!.id)).toBe('/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/');
    expect((await pagefindResults(v41!.id))[0]).toBe('/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/');
    expect((await pagefindResults(REMOVED_ARCHIVED))[0]).toBe('/catalog/nectar-debian-11-bullseye-amd64-v7/');
    // Removed before history recorded more than name and ID: found all the same.
    expect((await pagefindResults(REMOVED_OLD))[0]).toBe('/catalog/nectar-ubuntu-23-10-mantic-amd64/');
  });

  it('finds a vGPU image by its CUDA version', async () => {
    expect(await firstSearchResult('cuda 12')).toBe('/catalog/nectar-vgpu-ubuntu-24-04-amd64/');
  });
});

describe.runIf(isFixture)('pages that outlive an image are accessible (axe, WCAG 2.1 AA)', () => {
  for (const path of ['/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/', '/catalog/nectar-debian-11-bullseye-amd64-v7/', '/catalog/archived/']) {
    it(path, async () => {
      const { page } = await openPage(shared.context, path);
      // Starlight's own search button (its accessible name lacks the visible "Ctrl K"): the accessibility suite's business.
      const violations = (await axeViolations(page))
        .map((v) => ({ ...v, nodes: v.nodes.filter((node) => !(v.id === 'label-content-name-mismatch' && node.target.join(' ').includes('data-open-modal'))) }))
        .filter((v) => v.nodes.length > 0);
      expect(violations, describeViolations(violations)).toEqual([]);
      await page.close();
    });
  }
});
