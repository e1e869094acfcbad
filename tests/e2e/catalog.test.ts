import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, launchBrowser, openPage, searchFor } from './support/browser.ts';
import { cls, recordShifts, shiftsOf } from './support/layout-shift.ts';
import { isSampleSnapshot, snapshotSchema } from '../../src/schemas/snapshot.ts';
import { loginUserOf } from '../../src/lib/catalog/login.ts';
import { findDistribution } from '../../src/lib/catalog/distro.ts';
import { distributions as readDistributions } from '../unit/catalog/helpers.ts';
import { historySchema } from '../../src/schemas/snapshot.ts';
import { matchesQuery } from '../../src/lib/catalog/filter.ts';
import { assignSlugs } from '../../src/lib/catalog/slug.ts';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';

const baseUrl = inject('baseUrl');
const snapshotPath = inject('snapshotPath');
const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(snapshotPath, 'utf8')));
const historyFile = join(dirname(snapshotPath), 'history.json');
const history = existsSync(historyFile) ? historySchema.parse(JSON.parse(readFileSync(historyFile, 'utf8'))) : { entries: [] };
const slugs = assignSlugs(snapshot.images);
const byName = (name: string) => snapshot.images.find((image) => image.name === name);
const pathOf = (name: string) => `/catalog/${slugs.get(byName(name)!.id)}/`;

const NOBLE = 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64';
const HOSTILE = ['<img src=x onerror=alert(1)>', '"><script>window.__xss=1</script>', '</title><script>window.__xss=4</script>'];
/** The edge-case tests need the fixture snapshot's images. */
const isFixture = Boolean(byName(NOBLE) && HOSTILE.every(byName));

/**
 * Site-wide faults outside the catalog, which their own suites check (guide.test.ts,
 * accessibility.test.ts): the missing favicon, and Starlight's search button whose
 * accessible name ("Search") does not contain its visible "Ctrl K" hint.
 */
const notOurs = (errors: string[]) => errors.filter((error) => !/favicon\.(svg|ico)/.test(error));
async function catalogViolations(page: Page) {
  return (await axeViolations(page))
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !(v.id === 'label-content-name-mismatch' && n.target.join(' ').includes('data-open-modal'))) }))
    .filter((v) => v.nodes.length > 0);
}

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: baseUrl });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
});
afterAll(async () => {
  await browser?.close();
});

const visibleRows = (page: Page) => page.locator('[data-catalog] tbody tr[data-id]:not([hidden])');
const countText = (page: Page) => page.locator('[data-catalog-count]').textContent();
/** Waits until the filter script has enabled the controls. */
const ready = (page: Page) => page.waitForSelector('#catalog-q:not([disabled])');

function expectedFor(q: string, distro?: string): number {
  return snapshot.images.filter(
    (image) =>
      (!distro || image.distro === distro) &&
      matchesQuery({ name: image.name, version: image.version ?? '', id: image.id, codename: image.codename ?? '' }, q),
  ).length;
}

describe('/catalog/', () => {
  it('lists every image, grouped, with a login note per group and no console errors', async () => {
    const { page, errors } = await openPage(context, '/catalog/');
    await ready(page);
    await expect(page.locator('[data-catalog] tbody tr[data-id]').count()).resolves.toBe(snapshot.images.length);
    await expect(countText(page)).resolves.toBe(`Showing all ${snapshot.images.length} images`);
    await expect(page.locator('.catalog-group h2').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('.catalog-asof').textContent()).resolves.toMatch(
      isSampleSnapshot(snapshot) ? /^\s*A sample from \w+ \d{4}, not a live listing\.\s*$/ : /^\s*Listed from the cloud on \d+ \w+ \d{4}\.\s*$/,
    );
    await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"]').count()).resolves.toBe(1);
    const ageInDays = (Date.now() - Date.parse(snapshot.fetchedAt)) / 86_400_000;
    if (Math.abs(ageInDays - 30) > 1) {
      await expect(page.locator('aside:visible', { hasText: 'may be out of date' }).count()).resolves.toBe(ageInDays > 30 ? 1 : 0);
    }
    expect(notOurs(errors)).toEqual([]);
    await page.close();
  });

  it('filters as you type, says how many match, and puts the query in the URL', async () => {
    const { page, errors } = await openPage(context, '/catalog/');
    await ready(page);
    await page.fill('#catalog-q', '24.04');
    const expected = expectedFor('24.04');
    expect(expected).toBeGreaterThan(0);
    await expect(visibleRows(page).count()).resolves.toBe(expected);
    await expect(countText(page)).resolves.toBe(`Showing ${expected} of ${snapshot.images.length} images`);
    await expect(page.locator('[data-catalog-count]').getAttribute('role')).resolves.toBe('status');
    // While typing, the URL follows just after the updated rows are drawn.
    await expect.poll(() => new URL(page.url()).search).toBe('?q=24.04');
    for (const name of await visibleRows(page).locator('td:first-child a').allTextContents()) expect(name).toMatch(/24\.04/);
    // An ID, typed partly, finds its image.
    const noble = byName(NOBLE) ?? snapshot.images[0]!;
    await page.fill('#catalog-q', noble.id.slice(0, 13).toUpperCase());
    await expect(visibleRows(page).first().getAttribute('data-id')).resolves.toBe(noble.id);
    await page.fill('#catalog-q', 'no-such-image-anywhere');
    await expect(visibleRows(page).count()).resolves.toBe(0);
    await expect(page.locator('[data-catalog-empty]').isVisible()).resolves.toBe(true);
    expect(notOurs(errors)).toEqual([]);
    await page.close();
  });

  it.runIf(isFixture)('applies a filtered URL opened directly', async () => {
    const { page } = await openPage(context, '/catalog/?q=24.04&distro=ubuntu');
    await ready(page);
    await expect(page.inputValue('#catalog-q')).resolves.toBe('24.04');
    await expect(page.inputValue('#catalog-distro')).resolves.toBe('ubuntu');
    await expect(visibleRows(page).count()).resolves.toBe(expectedFor('24.04', 'ubuntu'));
    await expect(page.locator('[data-group]:not([hidden])').count()).resolves.toBe(1);
    await page.close();
  });

  it.runIf(isFixture)('hides end-of-life images on request, and marks them with text', async () => {
    const { page } = await openPage(context, '/catalog/?distro=ubuntu');
    await ready(page);
    const bionic = page.locator('tr', { hasText: 'Ubuntu 18.04' });
    await expect(bionic.locator('.catalog-mark--eol').textContent()).resolves.toBe('End of life');
    await page.check('#catalog-hide-eol');
    await expect(bionic.isHidden()).resolves.toBe(true);
    await expect(page.locator('tr', { hasText: NOBLE }).isVisible()).resolves.toBe(true);
    expect(new URL(page.url()).searchParams.get('eol')).toBe('hide');
    const gentoo = await openPage(context, '/catalog/?q=gentoo');
    await ready(gentoo.page);
    await expect(visibleRows(gentoo.page).first().textContent()).resolves.toContain('Login user not known');
    await gentoo.page.close();
    await page.close();
  });

  it.runIf(isFixture)('the back button restores the previous filter', async () => {
    const { page } = await openPage(context, '/catalog/?q=24.04&distro=ubuntu');
    await ready(page);
    await page.selectOption('#catalog-distro', 'debian');
    await expect(visibleRows(page).count()).resolves.toBe(expectedFor('24.04', 'debian'));
    await page.fill('#catalog-q', '');
    await expect(visibleRows(page).count()).resolves.toBe(expectedFor('', 'debian'));
    await page.goBack();
    await expect.poll(() => page.inputValue('#catalog-distro')).toBe('debian');
    await page.goBack();
    await expect.poll(() => page.inputValue('#catalog-distro')).toBe('ubuntu');
    await expect(page.inputValue('#catalog-q')).resolves.toBe('24.04');
    await expect(visibleRows(page).count()).resolves.toBe(expectedFor('24.04', 'ubuntu'));
    // And the restored view survives a reload.
    await page.reload();
    await ready(page);
    await expect(visibleRows(page).count()).resolves.toBe(expectedFor('24.04', 'ubuntu'));
    await page.close();
  });

  it('sorts by last updated and by name, saying so with aria-sort', async () => {
    const { page } = await openPage(context, '/catalog/');
    await ready(page);
    const header = page.locator('th[data-sort-header="updated"]').first();
    await header.locator('button').click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('updated');
    const firstTable = page.locator('[data-catalog] tbody').first();
    const dates = await firstTable.locator('tr').evaluateAll((rows) => rows.map((row) => row.querySelector('time:not([hidden])')?.getAttribute('datetime') ?? ''));
    const known = dates.filter(Boolean);
    expect(known).toEqual([...known].sort().reverse());
    const nameHeader = page.locator('th[data-sort-header="name"]').first();
    await nameHeader.locator('button').click();
    await expect(nameHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(header.getAttribute('aria-sort')).resolves.toBeNull();
    await nameHeader.locator('button').click();
    await expect(nameHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    await page.close();
  });

  it('copies an image ID to the clipboard', async () => {
    const { page } = await openPage(context, '/catalog/');
    await ready(page);
    const image = byName(NOBLE) ?? snapshot.images[0]!;
    const button = page.locator(`tr[data-id="${image.id}"] button[data-copy]`);
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(image.id);
    await page.close();
  });

  it('without JavaScript shows the whole table, with the controls disabled', async () => {
    const noJs = await browser.newContext({ baseURL: baseUrl, javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto('/catalog/?q=24.04');
    await expect(page.locator('[data-catalog] tbody tr[data-id]:visible').count()).resolves.toBe(snapshot.images.length);
    await expect(page.locator('#catalog-q').isDisabled()).resolves.toBe(true);
    await noJs.close();
  });

  it('reserves room for the controls: nothing moves when the script starts', async () => {
    const page = await context.newPage();
    await recordShifts(page);
    await page.goto('/catalog/');
    await ready(page);
    await page.waitForTimeout(300);
    expect(cls(await shiftsOf(page))).toBeLessThan(0.05);
    await page.close();
  });
});

describe('/catalog/ on a phone and on a desktop', () => {
  const sizes = [
    { name: 'phone', width: 390, height: 844 },
    { name: 'tablet', width: 1024, height: 768 },
    { name: 'desktop', width: 1280, height: 800 },
  ] as const;
  const cases = sizes.flatMap((size) => (['light', 'dark'] as const).map((theme) => ({ ...size, theme })));

  it.each(cases)('$name ($width×$height, $theme): filter on the first screen, no sideways scroll, every ID, Copy and login user in view, axe clean', async ({ width, height, theme }) => {
    const sized = await browser.newContext({ baseURL: baseUrl, colorScheme: theme, viewport: { width, height } });
    await sized.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const { page, errors } = await openPage(sized, '/catalog/');
    await ready(page);
    const box = await page.locator('#catalog-q').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(height);
    await expect(page.locator('[data-catalog-count]').isVisible()).resolves.toBe(true);
    const layout = await page.evaluate(() => {
      const outside = (el: Element | null) => {
        if (!el) return 'missing';
        const r = el.getBoundingClientRect();
        return r.left < 0 || r.right > window.innerWidth ? `${Math.round(r.left)}–${Math.round(r.right)}` : null;
      };
      const rows = [...document.querySelectorAll<HTMLElement>('[data-catalog] tbody tr[data-id]')];
      const bad: string[] = [];
      for (const row of rows) {
        for (const [what, el] of [
          ['ID', row.querySelector('.catalog-id')],
          ['Copy', row.querySelector('button[data-copy]')],
          ['login user', row.querySelector('.catalog-row__login > :not([hidden])')],
        ] as const) {
          const where = outside(el);
          if (where) bad.push(`${row.dataset.id} ${what}: ${where}`);
        }
      }
      // Scrolling boxes inside the catalog (visually hidden ones, 1 px wide, aside).
      const scrollers = [...document.querySelectorAll('[data-catalog] *')].filter(
        (el) => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible',
      );
      return { pageWidth: document.scrollingElement!.scrollWidth, bad, scrollers: scrollers.length, rows: rows.length };
    });
    expect(layout.rows).toBe(snapshot.images.length);
    expect(layout.pageWidth).toBeLessThanOrEqual(width);
    expect(layout.scrollers).toBe(0);
    expect(layout.bad).toEqual([]);
    const violations = await catalogViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    // A Copy button on a card works like the table's.
    const image = byName(NOBLE) ?? snapshot.images[0]!;
    const button = page.locator(`tr[data-id="${image.id}"] button[data-copy]`);
    await button.click();
    await expect.poll(() => button.textContent()).toBe('Copied');
    expect(notOurs(errors)).toEqual([]);
    await sized.close();
  });

  it.each(sizes)('$name: jump links lead to each distribution’s group', async ({ width, height }) => {
    const sized = await browser.newContext({ baseURL: baseUrl, viewport: { width, height } });
    const { page } = await openPage(sized, '/catalog/');
    await ready(page);
    const links = page.locator('nav.catalog-jump a');
    const groups = await page.locator('[data-group] h2').allTextContents();
    await expect(links.allTextContents()).resolves.toEqual(groups);
    for (const name of [groups.at(-1)!, groups[Math.floor(groups.length / 2)]!]) {
      await links.filter({ hasText: name }).first().click();
      const heading = page.locator('[data-group] h2', { hasText: name }).first();
      await expect
        .poll(() => heading.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }))
        .toBe(true);
    }
    await sized.close();
  });
});

describe('words for readers', () => {
  const pages = () => ['/catalog/', '/catalog/changes/', ...(isFixture ? [pathOf(NOBLE), pathOf('NeCTAR Gentoo 2025 amd64'), pathOf('Mystery image')] : [])];
  it('no catalog page shows the snapshot’s maintainer note, a file path, an npm command, null or an empty code span', async () => {
    for (const path of pages()) {
      const { page } = await openPage(context, path);
      const main = page.locator('main');
      // What a reader can see: the text without hidden parts (groups off screen count too: they are not rendered until scrolled to).
      const text = (await main.evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        for (const hidden of copy.querySelectorAll('[hidden], template, .sr-only')) hidden.remove();
        return copy.textContent ?? '';
      })).replace(/\s+/g, ' ');
      if (snapshot.source.note) expect(text, path).not.toContain(snapshot.source.note);
      expect(text, path).not.toMatch(/\bnpm\b|\bnull\b|content\/(data|catalog)|\.ya?ml\b|snapshot\.json|imageEndpoint/);
      const emptyCode = await main.locator('code').evaluateAll((codes) => codes.filter((c) => (c.textContent ?? '').trim() === '' && !c.closest('[hidden]')).length);
      expect(emptyCode, path).toBe(0);
      await page.close();
    }
  });

  it('/catalog.json keeps the maintainer facts for scripts', async () => {
    const page = await context.newPage();
    const data = JSON.parse(await (await page.goto('/catalog.json'))!.text()) as { sample: boolean; source: { note?: string; imageEndpoint: string } };
    expect(data.source).toMatchObject({ imageEndpoint: snapshot.source.imageEndpoint, ...(snapshot.source.note ? { note: snapshot.source.note } : {}) });
    expect(data.sample).toBe(isSampleSnapshot(snapshot));
    await page.close();
  });
});

describe('one login rule', () => {
  it.runIf(isFixture)('rows, the image page, /catalog.json and index.json show the same login user; a row that differs from its group note says so', async () => {
    const list = readDistributions();
    const fedora21 = byName('NeCTAR Fedora 21 amd64')!;
    const { page } = await openPage(context, '/catalog/?distro=fedora');
    await ready(page);
    const row = page.locator(`tr[data-id="${fedora21.id}"]`);
    await expect(row.locator('.catalog-row__login code').textContent()).resolves.toBe('ec2-user');
    await expect(row.locator('.catalog-row__differs').getAttribute('hidden')).resolves.toBeNull();
    await expect(page.locator('[data-group="fedora"] .catalog-login').first().textContent()).resolves.toMatch(/Log in as fedora\b/);
    const modern = page.locator(`tr[data-id="${byName('NeCTAR Fedora 42 amd64')!.id}"]`);
    await expect(modern.locator('.catalog-row__differs').getAttribute('hidden')).resolves.toBe('');
    const json = JSON.parse(await (await page.goto('/catalog.json'))!.text()) as { images: { id: string; loginUser: string | null }[] };
    const index = JSON.parse(await (await page.goto('/catalog/index.json'))!.text()) as { rows: { id: string; loginUser: string }[] };
    for (const image of snapshot.images) {
      const expected = loginUserOf(image, findDistribution(image.distro, list)).user;
      expect(json.images.find((i) => i.id === image.id)!.loginUser, image.name).toBe(expected);
      expect(index.rows.find((r) => r.id === image.id)!.loginUser, image.name).toBe(expected ?? '');
    }
    await page.goto(pathOf(fedora21.name));
    await expect(page.locator('code[data-pagefind-meta="login_user"]').textContent()).resolves.toBe('ec2-user');
    await page.close();
  });
});

describe('variants', () => {
  it.runIf(isFixture)('a GPU image is marked, and the Kind filter keeps its choice in the URL', async () => {
    const gpu = byName('NeCTAR Ubuntu 22.04 LTS (Jammy) amd64 vGPU')!;
    const { page } = await openPage(context, '/catalog/');
    await ready(page);
    await expect(page.locator(`tr[data-id="${gpu.id}"] .catalog-mark--variant`).textContent()).resolves.toBe('NVIDIA vGPU');
    const gpuIds = snapshot.images.filter((image) => image.properties.nectar_vgpu === 'true').map((image) => image.id).sort();
    expect(gpuIds).toContain(gpu.id);
    await page.selectOption('#catalog-variant', 'gpu');
    await expect.poll(() => visibleRows(page).count()).toBe(gpuIds.length);
    const shownIds = await visibleRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
    expect(shownIds.sort()).toEqual(gpuIds);
    expect(new URL(page.url()).searchParams.get('variant')).toBe('gpu');
    await page.selectOption('#catalog-variant', 'app');
    await expect.poll(() => visibleRows(page).first().locator('.catalog-mark--variant').textContent()).toBe('R-Studio');
    await page.reload();
    await ready(page);
    await expect(page.inputValue('#catalog-variant')).resolves.toBe('app');
    await expect(visibleRows(page).count()).resolves.toBe(1);
    await page.close();
  });
});

describe('image pages', () => {
  it.runIf(isFixture)('show every field, the login note and copy-ready commands', async () => {
    const image = byName(NOBLE)!;
    const { page, errors } = await openPage(context, pathOf(NOBLE));
    await expect(page.locator('h1').textContent()).resolves.toBe(NOBLE);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const value of [image.id, image.checksum!, image.hashValue!, 'ubuntu', 'x86_64', ...Object.keys(image.properties)]) {
      expect(text).toContain(value);
    }
    const blocks = page.locator('.expressive-code');
    await expect(blocks.filter({ hasText: `openstack server create --image ${image.id}` }).count()).resolves.toBe(1);
    await expect(blocks.filter({ hasText: `openstack image show ${image.id}` }).count()).resolves.toBe(1);
    await expect(blocks.filter({ hasText: 'ssh ubuntu@<ip>' }).count()).resolves.toBe(1);
    await expect(blocks.locator('button[data-code]').count()).resolves.toBeGreaterThanOrEqual(3);
    expect(notOurs(errors)).toEqual([]);
    await page.close();
  });

  it.runIf(isFixture)('warn about end of life in an aside', async () => {
    const { page } = await openPage(context, pathOf('NeCTAR Ubuntu 18.04 LTS (Bionic) amd64'));
    await expect(page.locator('aside.starlight-aside--danger').textContent()).resolves.toMatch(/end of life/i);
    const current = await openPage(context, pathOf(NOBLE));
    await expect(current.page.locator('aside.starlight-aside--danger').count()).resolves.toBe(0);
    await current.page.close();
    await page.close();
  });

  it.runIf(isFixture)('explain Windows and CirrOS logins', async () => {
    const windows = await openPage(context, pathOf('NeCTAR Windows Server 2022'));
    await expect(windows.page.locator('.catalog-login').textContent()).resolves.toMatch(/Remote Desktop/);
    await expect(windows.page.locator('.expressive-code', { hasText: 'ssh ' }).count()).resolves.toBe(0);
    const cirros = await openPage(context, pathOf('CirrOS 0.6.2 x86_64'));
    await expect(cirros.page.locator('.catalog-login').textContent()).resolves.toMatch(/gocubsgo/);
    await windows.page.close();
    await cirros.page.close();
  });

  it.runIf(isFixture)('link to the category explanation, landing on the #nectar heading', async () => {
    const { page } = await openPage(context, pathOf(NOBLE));
    await page.locator('main a[href="/categories/#nectar"]').first().click();
    await page.waitForURL(/\/categories\/#nectar$/);
    const heading = page.locator('#nectar');
    await expect(heading.count()).resolves.toBe(1);
    await expect.poll(() => heading.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    })).toBe(true);
    await page.close();
  });
});

describe('untrusted names', () => {
  it.runIf(isFixture).each(['/catalog/', '/catalog/changes/', ...HOSTILE.map((name) => name)])('run no script: %s', async (which) => {
    const path = which.startsWith('/') ? which : pathOf(which);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(path, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    await expect(page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).resolves.toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(notOurs(errors)).toEqual([]);
    if (!which.startsWith('/')) {
      await expect(page.locator('h1').textContent()).resolves.toBe(which);
      await expect(page.title()).resolves.toBe(`${which} | Nectar Image Catalog`);
    } else if (which === '/catalog/') {
      const names = await page.locator('[data-catalog] td:first-child a').allTextContents();
      for (const name of HOSTILE) expect(names).toContain(name);
    }
    await page.close();
  });
});

describe('site search', () => {
  async function search(query: string): Promise<string[]> {
    const page = await searchFor(context, query);
    // Let the results settle (Pagefind renders as the query loads).
    await page.waitForTimeout(600);
    const hrefs = await page.locator('.pagefind-ui__result-title > .pagefind-ui__result-link').evaluateAll((links) =>
      links.map((link) => new URL((link as HTMLAnchorElement).href).pathname),
    );
    await page.close();
    return hrefs;
  }

  it.runIf(isFixture)('finds "Ubuntu 24.04" with an Ubuntu 24.04 image page on top', async () => {
    const results = await search('Ubuntu 24.04');
    const ubuntu2404 = snapshot.images.filter((i) => i.name.includes('Ubuntu 24.04')).map((i) => `/catalog/${slugs.get(i.id)}/`);
    expect(ubuntu2404).toContain(results[0]);
  });

  it.runIf(isFixture)('finds "noble" with a Noble image page on top', async () => {
    const results = await search('noble');
    const noble = snapshot.images.filter((i) => i.codename === 'Noble').map((i) => `/catalog/${slugs.get(i.id)}/`);
    expect(noble).toContain(results[0]);
  });

  it.runIf(isFixture)('finds a full image ID with its own page on top', async () => {
    const image = byName('NeCTAR Debian 13 (Trixie) amd64')!;
    const results = await search(image.id);
    expect(results[0]).toBe(pathOf(image.name));
  });

  it.runIf(isFixture)('indexes image pages with distribution/version/architecture filters and login user/ID meta', async () => {
    const { page } = await openPage(context, '/');
    const image = byName(NOBLE)!;
    // A string, so Vitest's transform leaves the browser's own import() alone.
    const result = (await page.evaluate(`(async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const filters = await pagefind.filters();
      const search = await pagefind.search(${JSON.stringify(image.id)});
      const first = await search.results[0]?.data();
      return { filters: Object.keys(filters).sort(), versions: Object.keys(filters.version ?? {}), url: first?.url, meta: first?.meta };
    })()`)) as { filters: string[]; versions: string[]; url?: string; meta?: Record<string, string> };
    expect(result.filters).toEqual(expect.arrayContaining(['architecture', 'distribution', 'version']));
    expect(result.versions).toContain('24.04');
    expect(result.url).toBe(pathOf(NOBLE));
    expect(result.meta).toMatchObject({ image_id: image.id, login_user: 'ubuntu', title: NOBLE });
    await page.close();
  });

  it('still finds the guide pages', async () => {
    const { page } = await openPage(context, '/');
    const urls = (await page.evaluate(`(async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const search = await pagefind.search('images');
      return Promise.all(search.results.map(async (result) => (await result.data()).url));
    })()`)) as string[];
    expect(urls).toEqual(expect.arrayContaining(['/', '/categories/', '/official-images/']));
    await page.close();
  });
});

describe('accessibility (axe, WCAG 2.1 AA)', () => {
  const pages = ['/catalog/', '/catalog/changes/', ...(isFixture ? [pathOf(NOBLE), pathOf('NeCTAR Ubuntu 18.04 LTS (Bionic) amd64')] : [])];
  it.each(pages.flatMap((path) => (['dark', 'light'] as const).map((theme) => ({ path, theme }))))('$path ($theme theme) has no violations', async ({ path, theme }) => {
    const themed = await browser.newContext({ baseURL: baseUrl, colorScheme: theme });
    const { page } = await openPage(themed, path);
    if (path === '/catalog/') await ready(page);
    const violations = await catalogViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await themed.close();
  });
});

describe('changes, feed and JSON', () => {
  it('the changes page lists the history newest first, linking images that still exist', async () => {
    const { page, errors } = await openPage(context, '/catalog/changes/');
    await expect(page.locator('.catalog-change').count()).resolves.toBe(history.entries.length);
    await expect(page.locator('main a[href="/catalog/feed.xml"]').count()).resolves.toBe(1);
    const first = history.entries[0];
    if (first?.added[0] && slugs.has(first.added[0].id)) {
      await expect(page.locator(`.catalog-change a[href="/catalog/${slugs.get(first.added[0].id)}/"]`).count()).resolves.toBeGreaterThan(0);
    }
    expect(notOurs(errors)).toEqual([]);
    await page.close();
  });

  it('the feed is valid Atom with one entry per fetch', async () => {
    const page = await context.newPage();
    const response = await page.goto('/catalog/feed.xml');
    const xml = await response!.text();
    const result = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const ns = 'http://www.w3.org/2005/Atom';
      const feed = doc.documentElement;
      return {
        error: doc.getElementsByTagName('parsererror').length > 0,
        root: feed.localName,
        namespace: feed.namespaceURI,
        id: feed.getElementsByTagNameNS(ns, 'id')[0]?.textContent,
        updated: feed.getElementsByTagNameNS(ns, 'updated')[0]?.textContent,
        entries: [...feed.getElementsByTagNameNS(ns, 'entry')].map((entry) => ({
          id: entry.getElementsByTagNameNS(ns, 'id')[0]?.textContent ?? '',
          updated: entry.getElementsByTagNameNS(ns, 'updated')[0]?.textContent ?? '',
          link: entry.getElementsByTagNameNS(ns, 'link')[0]?.getAttribute('href') ?? '',
          title: entry.getElementsByTagNameNS(ns, 'title')[0]?.textContent ?? '',
        })),
      };
    }, xml);
    expect(result.error).toBe(false);
    expect(result.root).toBe('feed');
    expect(result.namespace).toBe('http://www.w3.org/2005/Atom');
    expect(result.id).toMatch(/^https?:\/\//);
    expect(Number.isNaN(Date.parse(result.updated ?? ''))).toBe(false);
    expect(result.entries).toHaveLength(history.entries.length);
    for (const entry of result.entries) {
      expect(entry.link).toMatch(/^https?:\/\/.+\/catalog\/changes\/#changes-/);
      expect(entry.id).toBeTruthy();
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
    }
    await page.close();
  });

  it('/catalog.json parses and lists every image', async () => {
    const page = await context.newPage();
    const response = await page.goto('/catalog.json');
    const data = JSON.parse(await response!.text()) as { fetchedAt: string; source: object; images: { id: string; url: string }[] };
    expect(data.fetchedAt).toBe(snapshot.fetchedAt);
    expect(data.images.map((i) => i.id).sort()).toEqual(snapshot.images.map((i) => i.id).sort());
    for (const image of data.images) expect(image.url).toMatch(/^https?:\/\/.+\/catalog\/[a-z0-9-]+\/$/);
    await page.close();
  });
});
