/**
 * The fixture's SCS-0102 images in the built site (no mapping needed): a
 * Windows image with no login user (`image_original_user: none`), its
 * lifecycle promise, flavor minimums, source and description, end of life
 * from `maintained_until`, and its hidden earlier builds (renamed with their
 * build date) leading to it, one of them past its `uuid_validity`.
 */
import { describe, expect, inject, it } from 'vitest';
import { axeViolations, describeViolations, openPage } from './support/browser.ts';
import { fixtureSnapshot, sharedBrowser } from './support/fixture-site.ts';

const baseUrl = inject('baseUrl');
const snapshot = fixtureSnapshot();

const current = snapshot.images.find((image) => image.name === 'Windows Server 2025');
const keptBuild = snapshot.archived.find((image) => image.name === 'Windows Server 2025 20261001');
const pastBuild = snapshot.archived.find((image) => image.name === 'Windows Server 2025 (20250601)');
/** These tests need the fixture's SCS-0102 images. */
const isFixture = Boolean(current && keptBuild && pastBuild);

const shared = sharedBrowser(baseUrl);

interface JsonImage {
  id: string;
  url: string;
  loginUser: string | null;
  noLoginUser: boolean;
  endOfLife: { date: string; passed: boolean; from: string; source: string | null } | null;
  lifecyclePromise: { replace: { words: string } | null; providedUntil: { words: string; date: string } | null; id: { kind: string; builds: number; words: string } | null };
}

async function json<T>(path: string): Promise<T> {
  const page = await shared.context.newPage();
  const response = await page.goto(path);
  const body = JSON.parse(await response!.text()) as T;
  await page.close();
  return body;
}

describe.runIf(isFixture)('an SCS-0102 image', () => {
  it('with no login user: /catalog.json, the index, the row and the page say so, and the page has no ssh command', async () => {
    const catalog = await json<{ images: JsonImage[] }>('/catalog.json');
    const entry = catalog.images.find((image) => image.id === current!.id)!;
    expect(entry).toMatchObject({ loginUser: null, noLoginUser: true });
    expect(entry.endOfLife).toEqual({ date: '2034-11-10', passed: false, from: 'image', source: null });
    expect(entry.lifecyclePromise.replace?.words).toBe('Replaced monthly');
    expect(entry.lifecyclePromise.providedUntil).toMatchObject({ date: '2029-04-30', words: 'Updated until 30 Apr 2029' });
    expect(entry.lifecyclePromise.id).toMatchObject({ kind: 'last', builds: 3, words: 'This ID keeps working for the last 3 builds' });
    const index = await json<{ rows: { id: string; loginUser: string; loginNone: boolean }[] }>('/catalog/index.json');
    expect(index.rows.find((row) => row.id === current!.id)).toMatchObject({ loginUser: '', loginNone: true });
    // Every other image keeps "no login user" off.
    expect(index.rows.filter((row) => row.loginNone).map((row) => row.id)).toEqual([current!.id]);

    const { page, errors } = await openPage(shared.context, '/catalog/?distro=windows');
    await page.waitForSelector('#catalog-q:not([disabled])');
    const login = page.locator(`tr[data-id="${current!.id}"] .catalog-row__login`);
    await expect(login.locator('.catalog-mark--none').isVisible()).resolves.toBe(true);
    await expect(login.locator('.catalog-mark--none').textContent()).resolves.toBe('No login user');
    await expect(login.locator('.catalog-mark--unknown').isVisible()).resolves.toBe(false);
    // The filter script renders the same row from the index: still "No login user".
    await page.fill('#catalog-q', 'Windows Server 2025');
    await expect.poll(() => login.locator('.catalog-mark--none').isVisible()).toBe(true);
    expect(errors).toEqual([]);

    await page.goto(new URL(entry.url).pathname);
    const main = page.locator('main');
    const text = (await main.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('No login user');
    expect(text).not.toContain('Login user not known');
    await expect(page.locator('.expressive-code', { hasText: 'ssh ' }).count()).resolves.toBe(0);
    await expect(page.locator('[data-catalog-promise]').textContent()).resolves.toBe(
      'Replaced monthly. Updated until 30 Apr 2029. This ID keeps working for the last 3 builds.',
    );
    await expect(page.locator('[data-catalog-flavor-needs]').textContent()).resolves.toMatch(/^Needs a flavor with at least 40 GB of disk and 4 GB of RAM/);
    await expect(page.locator('[data-catalog-origin="source"]').textContent()).resolves.toBe('Not freely downloadable (private)');
    const description = page.locator('[data-catalog-origin="description"] a');
    await expect(description.getAttribute('href')).resolves.toBe(current!.properties.image_description);
    await expect(description.getAttribute('rel')).resolves.toBe('noopener nofollow');
    await expect(page.locator('[data-eol-from="image"]').textContent()).resolves.toContain('maintained_until');
    await page.close();
  });

  it('has hidden earlier builds that lead to it; the one past its uuid_validity says its ID may no longer work', async () => {
    const latest = await json<{ lineages: { key: string; current: { id: string; url: string } | null; archived: { id: string; url: string }[] }[] }>('/catalog/latest.json');
    const line = latest.lineages.find((entry) => entry.current?.id === current!.id)!;
    expect(line.archived.map((build) => build.id)).toEqual([keptBuild!.id, pastBuild!.id]);

    const { page } = await openPage(shared.context, line.archived[0]!.url);
    await expect(page.locator('[data-catalog-lifecycle="archived"]').textContent()).resolves.toMatch(/hidden from the image list.*Superseded by/s);
    await expect(page.locator('[data-catalog-id-expiry]').count()).resolves.toBe(0);
    await page.locator('[data-catalog-lifecycle="archived"] a[data-catalog-successor]').click();
    await page.waitForURL(`**${line.current!.url}`);

    await page.goto(line.archived[1]!.url);
    await expect(page.locator('[data-catalog-id-expiry]').textContent()).resolves.toMatch(/This ID may no longer work.*This ID keeps working until 31 Jan 2026/s);
    await page.goto('/catalog/');
    for (const build of [keptBuild!, pastBuild!]) await expect(page.locator(`[data-catalog] tr[data-id="${build.id}"]`).count()).resolves.toBe(0);
    await page.close();
  });

  it('pages with the new facts are accessible (axe, WCAG 2.1 AA)', async () => {
    const latest = await json<{ lineages: { current: { id: string; url: string } | null; archived: { url: string }[] }[] }>('/catalog/latest.json');
    const line = latest.lineages.find((entry) => entry.current?.id === current!.id)!;
    for (const path of [line.current!.url, line.archived[1]!.url]) {
      const { page } = await openPage(shared.context, path);
      // Starlight's own search button (its accessible name lacks the visible "Ctrl K"): the accessibility suite's business.
      const violations = (await axeViolations(page))
        .map((v) => ({ ...v, nodes: v.nodes.filter((node) => !(v.id === 'label-content-name-mismatch' && node.target.join(' ').includes('data-open-modal'))) }))
        .filter((v) => v.nodes.length > 0);
      expect(violations, `${path}\n${describeViolations(violations)}`).toEqual([]);
      await page.close();
    }
  });
});
