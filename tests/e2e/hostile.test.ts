/**
 * The hostile fixture (issue 12) built into a site and driven in Chromium:
 * Glance records an attacker or a broken cloud could publish
 * (tests/fixtures/hostile/), normalised by the fetch's own code, with a
 * hand-edited hostile history. Checks the copy data of every command, that the
 * pages and the feed are valid with no raw control characters, that Glance
 * text cannot reorder what follows it, and that no script from it runs.
 *
 * It builds its own small site into .e2e/hostile/dist (E2E_HOSTILE_DIST=dir reuses one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fromHtml } from 'hast-util-from-html';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser.ts';
import { LONG_ID, LONG_VALUE, writeHostileFixture } from './support/hostile-fixture.ts';
import { listHtmlFiles, urlPathOf } from './support/site-files.ts';
import { serveStatic } from './support/static-server.ts';
import { snapshotSchema } from '../../src/schemas/snapshot.ts';

const root = resolve(import.meta.dirname, '../..');
/** Raw characters no page may carry (U+007F is Expressive Code's line break in a multi-line block's copy data, checked apart). */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0080-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

let dist: string;
let snapshotPath: string;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let context: BrowserContext;
let catalogPages: string[];

beforeAll(async () => {
  if (process.env.E2E_HOSTILE_DIST) {
    dist = resolve(root, process.env.E2E_HOSTILE_DIST);
    snapshotPath = join(root, '.e2e/hostile/snapshot.json');
  } else {
    snapshotPath = writeHostileFixture(join(root, '.e2e/hostile'));
    dist = join(root, '.e2e/hostile/dist');
    const build = spawnSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshotPath },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (build.status !== 0) throw new Error(`astro build of the hostile fixture failed:\n${build.stdout}\n${build.stderr}`);
  }
  catalogPages = listHtmlFiles(dist).map(urlPathOf).filter((path) => path.startsWith('/catalog/'));
  server = await serveStatic(dist);
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.url });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const snapshot = () => snapshotSchema.parse(JSON.parse(readFileSync(snapshotPath, 'utf8')));
const pageOf = (id: string) => catalogPages.find((path) => path.includes(id.slice(0, 8))) ?? `/catalog/${slugFor(id)}/`;
function slugFor(id: string): string {
  const html = readFileSync(join(dist, 'catalog.json'), 'utf8');
  const image = (JSON.parse(html) as { images: { id: string; url: string }[] }).images.find((i) => i.id === id)!;
  return new URL(image.url).pathname.split('/')[2]!;
}

/** Loads a page, failing if any script from the fixture ran (`window.__pwned`) or opened a dialog. */
async function load(path: string): Promise<Page> {
  const { page } = await openPage(context, path);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.waitForLoadState('load');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  return page;
}

describe('hostile Glance metadata, built into a site', () => {
  it('gives valid HTML with no raw control, separator or bidi character on any page', () => {
    expect(catalogPages.length).toBeGreaterThanOrEqual(10);
    for (const file of listHtmlFiles(dist)) {
      const html = readFileSync(join(dist, file), 'utf8');
      const errors: string[] = [];
      // Expressive Code's U+007F line marks inside data-code are judged by the copy test below.
      fromHtml(html.replace(/data-code="[^"]*"/g, 'data-code=""'), {
        onerror: (error) => {
          errors.push(`${error.reason} at ${error.line}:${error.column}`);
        },
      });
      if (urlPathOf(file).startsWith('/catalog/')) expect(errors, file).toEqual([]);
      expect(html.replace(/data-code="[^"]*"/g, ''), file).not.toMatch(FORBIDDEN);
    }
  });

  it('gives a feed that is well-formed XML with no raw control characters', async () => {
    const xml = readFileSync(join(dist, 'catalog/feed.xml'), 'utf8');
    expect(xml).not.toMatch(FORBIDDEN);
    expect(xml).not.toMatch(/\u007f/);
    const page = await load('/catalog/changes/');
    const parseError = await page.evaluate((text) => new DOMParser().parseFromString(text, 'application/xml').querySelector('parsererror')?.textContent ?? null, xml);
    expect(parseError).toBeNull();
    expect(xml).toMatch(/Added: Ubuntu evil \(11111111/);
    await page.close();
  });

  it('copies exactly the command shown, on one line, for every command block of every catalog page', async () => {
    let blocks = 0;
    for (const path of catalogPages) {
      const page = await load(path);
      const commands = await page.evaluate(() =>
        [...document.querySelectorAll('.expressive-code figure')].map((figure) => ({
          shown: (figure.querySelector('pre') as HTMLElement).innerText.trim(),
          copied: figure.querySelector('button[data-code]')?.getAttribute('data-code') ?? null,
        })),
      );
      for (const { shown, copied } of commands) {
        blocks++;
        expect(copied, path).not.toBeNull();
        // U+007F is Expressive Code's line break in copy data: a copy holds exactly the lines
        // shown (a one-line command copies as one line: a value can never add a line).
        expect(copied!, path).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        // (Blank lines aside: Expressive Code's copy data and innerText differ on them.)
        const nonBlank = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
        expect(nonBlank(copied!.split('\u007f').join('\n')), path).toEqual(nonBlank(shown));
      }
      await page.close();
    }
    // At least `openstack server create` and `openstack image show` on each of the
    // 8 image pages; `ssh` only where the login user is an account name (not `ubuntu$(id)`).
    expect(blocks).toBeGreaterThanOrEqual(2 * 8);
  });

  it('a login user holding a command is one quoted word to the shell: nothing runs, nothing is appended', async () => {
    for (const id of ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']) {
      const page = await load(pageOf(id));
      const ssh = await page.evaluate(() => [...document.querySelectorAll('button[data-code]')].map((b) => b.getAttribute('data-code')!).find((c) => c.startsWith('ssh ')) ?? null);
      await page.close();
      if (ssh === null) continue; // shown as "login user not known": nothing to copy
      const words = spawnSync('sh', ['-c', `set -- ${ssh.replace('<ip>', '192.0.2.1')}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
      expect(words.status, words.stderr).toBe(0);
      const args = words.stdout.split('\0').slice(0, -1);
      expect(args).toHaveLength(2);
      expect(args[0]).toBe('ssh');
      expect(args[1]).toMatch(/@192\.0\.2\.1$/);
      expect(words.stdout).not.toMatch(/uid=/);
    }
  });

  it('isolates Glance text: a right-to-left override cannot move the image ID shown after it', async () => {
    let page = await load(pageOf('11111111-1111-4111-8111-111111111111'));
    const lead = await page.evaluate(() => {
      const p = document.querySelector('.catalog-lead')!;
      // Where the ID starts (it may wrap onto the next line).
      const code = p.querySelector('code.catalog-id')!.getClientRects()[0]!;
      // Every isolated Glance string comes before the ID: to its left on the same line, or on an earlier line.
      const before = [...p.querySelectorAll('bdi')].map((b) => b.getBoundingClientRect()).every((r) => r.bottom <= code.top + 2 || r.right <= code.left + 1);
      return { before, id: p.querySelector('code.catalog-id')!.textContent, isolated: p.querySelectorAll('bdi').length };
    });
    expect(lead.isolated).toBeGreaterThan(0);
    expect(lead.id).toBe('11111111-1111-4111-8111-111111111111');
    expect(lead.before).toBe(true);
    await page.close();

    page = await load('/catalog/changes/');
    const items = await page.evaluate(() =>
      [...document.querySelectorAll('.catalog-change li')].map((li) => {
        const name = li.querySelector('bdi')!;
        const code = li.querySelector('code.catalog-id')!;
        const rects = name.getClientRects();
        const end = rects[rects.length - 1]!;
        const start = code.getClientRects()[0]!;
        return { name: name.textContent, id: code.textContent, ordered: end.bottom <= start.top + 2 || end.right <= start.left + 1 };
      }),
    );
    expect(items.map((item) => item.name)).toEqual(['Ubuntu evil', 'Unnamed image 33333333-3333-4333-8333-333333333333', 'Gone image', 'NeCTAR Fedora 40 reserved names']);
    expect(items.map((item) => item.id)).toContain('gone-1');
    for (const item of items) expect(item.ordered, item.name ?? '').toBe(true);
    await page.close();
  });

  it('runs no script from Glance text on any catalog page', async () => {
    for (const path of catalogPages) {
      const page = await load(path);
      const injected = await page.evaluate(() => ({
        scripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
        handlers: document.querySelectorAll('[onerror]').length,
      }));
      expect(injected, path).toEqual({ scripts: 0, handlers: 0 });
      await page.close();
    }
    const page = await load(pageOf('55555555-5555-4555-8555-555555555555'));
    await expect(page.locator('h1').textContent()).resolves.toContain('<script>window.__pwned=2</script>');
    await page.close();
  });

  it('shows an empty or blank name as "Unnamed image" with its ID, in the title, heading and links', async () => {
    const page = await load(pageOf('33333333-3333-4333-8333-333333333333'));
    await expect(page.title()).resolves.toMatch(/^Unnamed image 33333333-3333-4333-8333-333333333333 \|/);
    await expect(page.locator('h1').textContent()).resolves.toBe('Unnamed image 33333333-3333-4333-8333-333333333333');
    await page.close();
  });

  it('a 250,000-character property does not block publishing: shortened on the page, in full in /catalog.json', async () => {
    const html = readFileSync(join(dist, pageOf(LONG_ID).slice(1), 'index.html'), 'utf8');
    expect(gzipSync(html).length).toBeLessThan(150_000);
    const budgets = spawnSync(process.execPath, [join(root, 'scripts/check-budgets.ts'), dist], { encoding: 'utf8' });
    expect(budgets.stdout + budgets.stderr).toMatch(/budget ok: largest page HTML/);
    const page = await load(pageOf(LONG_ID));
    const row = page.locator('.catalog-props tr', { hasText: 'long_property' });
    await expect(row.locator('a[href="/catalog.json"]').count()).resolves.toBe(1);
    await expect(page.getByText(/more properties are not listed here/).count()).resolves.toBe(1);
    await page.close();
    const json = JSON.parse(readFileSync(join(dist, 'catalog.json'), 'utf8')) as { images: { id: string; raw?: Record<string, string>; properties: Record<string, string> }[] };
    const image = json.images.find((i) => i.id === LONG_ID)!;
    expect(image.raw?.['properties.long_property']).toBe(LONG_VALUE);
    expect(image.properties.long_property!.length).toBeLessThanOrEqual(1000);
  });

  it('names changed fields as text (a field named constructor is not native code), and hides os_hidden strings', async () => {
    const page = await load('/catalog/changes/');
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/changed: constructor, __proto__, toString, hasOwnProperty, properties\.x, login user/);
    expect(text).not.toMatch(/native code/);
    await page.close();
    const ids = snapshot().images.map((image) => image.id);
    expect(ids).not.toContain('99999999-9999-4999-8999-999999999999');
    expect(ids).not.toContain('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa');
    expect(existsSync(join(dist, 'catalog/nectar-ubuntu-20-04-hidden'))).toBe(false);
  });
});
