/**
 * Every kind of page fits a phone, a tablet and a desktop and shows only what
 * is true: at 390, 768 and 1280 px, in both themes, on the fixture build and
 * on the 1,000-image build (tests/e2e/support/large-fixture.ts, where
 * /catalog/ is paged and the distribution pages exist):
 *
 * - nothing scrolls sideways;
 * - no element with the `hidden` attribute is displayed;
 * - every image ID and login user on the page lies within the screen;
 * - axe finds no WCAG 2.1 AA violation.
 *
 * And the rows a reader sees are the same whoever drew them: the server's
 * (a distribution page, no script) and the filter's (cloned from the
 * template and filled from /catalog/index.json), compared as rendered text.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, launchBrowser } from './support/browser.ts';

const WIDTHS = [390, 768, 1280] as const;
const THEMES = ['light', 'dark'] as const;
const HEIGHT = 844;

interface Site {
  name: string;
  baseUrl: string;
}

const SITES: Site[] = [
  { name: 'fixture', baseUrl: inject('baseUrl') },
  { name: '1,000 images', baseUrl: inject('largeBaseUrl') },
];

/** The guide's pages, and a path no page has (the 404 page). */
const GUIDE = ['/', '/categories/', '/official-images/', '/command-line/', '/creating-images/', '/sharing-images/', '/no-such-page/'];

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface LatestFile {
  lineages: { key: string; current: { url: string } | null; archived: { url: string }[] }[];
}

/**
 * One path of each kind of page the site has, found the way a reader would:
 * image pages (a current build, the longest-named one, an archived build)
 * from /catalog/latest.json, tombstones from /catalog/archived/, the first
 * and a later page of each distribution from /catalog/.
 */
async function pageKinds(context: BrowserContext): Promise<string[]> {
  const page = await context.newPage();
  const latest = (await (await page.goto('/catalog/latest.json'))!.json()) as LatestFile;
  const currents = latest.lineages.flatMap((line) => (line.current ? [line.current.url] : []));
  const longest = [...currents].sort((a, b) => b.length - a.length)[0]!;
  const archived = latest.lineages.find((line) => line.archived.length > 0)?.archived[0]?.url;
  await page.goto('/catalog/archived/');
  const tombstone = await page.locator('#removed ~ ul a').first().getAttribute('href');
  await page.goto('/catalog/');
  const distro = await page.locator('[data-group-more] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  await page.close();
  const kinds = [
    ...GUIDE,
    '/catalog/',
    currents[0]!,
    longest,
    ...(archived ? [archived] : []),
    ...(tombstone ? [tombstone] : []),
    '/catalog/changes/',
    '/catalog/archived/',
    // The largest distribution's first and second pages, and its smallest's first.
    ...(distro.length ? [distro[0]!, `${distro[0]!}2/`, distro.at(-1)!] : []),
  ];
  return [...new Set(kinds)];
}

interface Fit {
  scrollWidth: number;
  clientWidth: number;
  hiddenShown: string[];
  offScreen: string[];
}

/** What sticks out sideways, what is shown though `hidden`, and which IDs and login users lie off the screen. */
function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/)[0]}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    const hiddenShown = [...document.querySelectorAll('[hidden]')].filter((el) => getComputedStyle(el).display !== 'none').map(describe);
    const facts = document.querySelectorAll(
      'main .catalog-id, main [data-pagefind-meta="login_user"], main .catalog-row__login code, main .catalog-start__login code, main [data-catalog-tombstone-login], main .login-users code',
    );
    const offScreen = [...facts]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.left < -0.5 || box.right > doc.clientWidth + 0.5;
      })
      .map(describe);
    return { scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth), clientWidth: doc.clientWidth, hiddenShown, offScreen };
  });
}

/** Starlight's own search button (its accessible name lacks the visible "Ctrl K"): the accessibility suite's business, not a layout's. */
const layoutViolations = async (page: Page) =>
  (await axeViolations(page))
    .map((v) => ({ ...v, nodes: v.nodes.filter((node) => !(v.id === 'label-content-name-mismatch' && node.target.join(' ').includes('data-open-modal'))) }))
    .filter((v) => v.nodes.length > 0);

describe.each(SITES)('every kind of page fits and tells the truth ($name)', (site) => {
  let kinds: string[] = [];
  const contexts = {} as Record<(typeof THEMES)[number], BrowserContext>;

  beforeAll(async () => {
    for (const theme of THEMES) contexts[theme] = await browser.newContext({ baseURL: site.baseUrl, colorScheme: theme });
    kinds = await pageKinds(contexts.light);
  });

  it('has every kind of page to check', () => {
    expect(kinds).toEqual(expect.arrayContaining(['/catalog/', '/catalog/changes/', '/catalog/archived/', '/official-images/']));
    // Image, archived-build and tombstone pages, and (in the large catalog) distribution pages.
    expect(kinds.filter((path) => /^\/catalog\/[^/]+\/$/.test(path) && !['/catalog/changes/', '/catalog/archived/'].includes(path)).length).toBeGreaterThanOrEqual(4);
    if (site.name !== 'fixture') expect(kinds.filter((path) => path.startsWith('/catalog/distro/')).length).toBe(3);
  });

  for (const theme of THEMES) {
    for (const width of WIDTHS) {
      it(`${theme} theme at ${width} px: no sideways scroll, no hidden mark shown, IDs and login users on screen, no axe violation`, async () => {
        const page = await contexts[theme].newPage();
        await page.setViewportSize({ width, height: HEIGHT });
        const problems: string[] = [];
        for (const path of kinds) {
          await page.goto(path, { waitUntil: 'load' });
          const fit = await measure(page);
          if (fit.scrollWidth > fit.clientWidth) problems.push(`${path}: ${fit.scrollWidth} px wide in a ${fit.clientWidth} px window`);
          if (fit.hiddenShown.length) problems.push(`${path}: ${fit.hiddenShown.length} hidden elements shown, e.g. ${fit.hiddenShown.slice(0, 3).join(', ')}`);
          if (fit.offScreen.length) problems.push(`${path}: off screen: ${fit.offScreen.slice(0, 3).join(', ')}`);
          const violations = await layoutViolations(page);
          if (violations.length) problems.push(`${path}: ${describeViolations(violations)}`);
        }
        expect(problems).toEqual([]);
        await page.close();
      }, 300_000);
    }
  }

  afterAll(async () => {
    for (const theme of THEMES) await contexts[theme]?.close();
  });
});

describe('Start here on a phone (fixture)', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ baseURL: inject('baseUrl') });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: inject('baseUrl') });
  });
  afterAll(async () => {
    await context?.close();
  });

  it('a phone reader sees the first recommended image’s name, login user and ID on /catalog/ and the home page without scrolling sideways', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: HEIGHT });
    for (const path of ['/catalog/', '/']) {
      await page.goto(path);
      const first = page.locator('[data-start-here] li').first();
      await expect(first.locator('a').textContent()).resolves.toBe('NeCTAR Ubuntu 24.04 LTS (Noble) amd64');
      await expect(first.locator('.catalog-start__login').textContent()).resolves.toMatch(/Log in as\s*ubuntu/);
      for (const part of [first.locator('a'), first.locator('.catalog-id'), first.locator('button[data-copy]')]) {
        const box = (await part.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
      }
      // The Copy button copies that ID.
      const id = await first.locator('.catalog-id').textContent();
      await first.locator('button[data-copy]:not([disabled])').click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(id);
      await expect(first.locator('button[data-copy]').textContent()).resolves.toBe('Copied');
    }
    // The same lines, in the same order, are the ones /catalog/latest.json marks as recommended.
    const shown = await page.locator('[data-start-here] li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.recommended));
    const latest = (await (await page.goto('/catalog/latest.json'))!.json()) as {
      lineages: { recommended: boolean; rank?: number; current: { id: string } | null }[];
    };
    const marked = latest.lineages.filter((line) => line.recommended).sort((a, b) => a.rank! - b.rank!);
    expect(marked.map((line) => line.current?.id)).toEqual(shown);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});

describe('the server’s rows and the filter’s read the same (1,000 images)', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await browser.newContext({ baseURL: inject('largeBaseUrl') });
  });
  afterAll(async () => {
    await context?.close();
  });

  /** Each row's text as a reader sees it (innerText: only what is displayed, its Copy button too), by image ID. */
  const rowTexts = (page: Page, selector: string) =>
    page.evaluate(
      (rows) => Object.fromEntries([...document.querySelectorAll<HTMLElement>(rows)].map((row) => [row.dataset.id ?? '', row.innerText.replace(/\s+/g, ' ').trim()])),
      selector,
    );

  for (const width of [390, 1280]) {
    it(`at ${width} px, for every distribution, including rows the filter built from the template`, async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width, height: HEIGHT });
      await page.goto('/catalog/');
      const distros = await page.locator('[data-group-more] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
      expect(distros.length).toBeGreaterThan(1);
      let compared = 0;
      let built = 0;
      for (const distroPath of distros) {
        await page.goto(distroPath);
        const server = await rowTexts(page, '[data-catalog-pages] tbody tr[data-id]');
        const key = distroPath.split('/')[3]!;
        await page.goto(`/catalog/?distro=${encodeURIComponent(key)}`);
        await page.waitForSelector('#catalog-q:not([disabled])');
        const group = page.locator(`[data-group="${key}"]`);
        const served = await group.locator('tbody tr[data-id]').count();
        // "Show more" draws rows the page was not served with: clones of the template, filled by the script.
        const more = group.locator('[data-group-more-button]');
        if (await more.isVisible()) {
          await more.click();
          await expect.poll(() => group.locator('tbody tr[data-id]').count()).toBeGreaterThan(served);
        }
        const filtered = await rowTexts(page, `[data-group="${key}"] tbody tr[data-id]`);
        const ids = Object.keys(filtered);
        built += Math.max(0, ids.length - served);
        for (const id of ids) {
          if (!(id in server)) continue;
          expect(filtered[id], `${distroPath} row ${id}`).toBe(server[id]);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(100);
      expect(built).toBeGreaterThan(0);
      await page.close();
    }, 300_000);
  }
});
