/** Browser benchmarks in Debian's Chromium: page weight, filter latency, search latency. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../tests/e2e/support/browser.ts';
import { serveStatic } from '../../tests/e2e/support/static-server.ts';
import { kb, log, median, msText, n, percentile, table } from './lib.ts';

export async function withSite<T>(dir: string, fn: (browser: Browser, url: string) => Promise<T>): Promise<T> {
  const server = await serveStatic(dir);
  const browser = await launchBrowser();
  try {
    return await fn(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The pages weighed: home, a guide page, the catalog, an image page (the first the catalog links to). */
export function samplePages(dir: string): { label: string; path: string }[] {
  const catalog = readFileSync(join(dir, 'catalog/index.html'), 'utf8');
  const image = /<td class="catalog-table__name"[^>]*><a href="(\/catalog\/[^"]+\/)"/.exec(catalog)?.[1] ?? '/catalog/';
  return [
    { label: 'Home', path: '/' },
    { label: 'Guide (official-images)', path: '/official-images/' },
    { label: 'Catalog', path: '/catalog/' },
    { label: 'Image page', path: image },
  ];
}

type Kind = 'html' | 'css' | 'js' | 'other';
export interface Weight {
  label: string;
  path: string;
  requests: number;
  bytes: Record<Kind, number>;
  total: number;
}

function kindOf(url: string, contentType: string): Kind {
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('css') || url.endsWith('.css')) return 'css';
  if (contentType.includes('javascript') || /\.m?js$/.test(url)) return 'js';
  return 'other';
}

/**
 * Loads a page as a first-time visitor (empty cache), waits for the network to
 * go quiet (Starlight loads its search UI when idle), and adds up every
 * response gzipped (what a static host sends; already-compressed files as
 * they are).
 */
export async function weighPage(browser: Browser, url: string, label: string, path: string): Promise<Weight> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<{ kind: Kind; bytes: number }>[] = [];
  page.on('response', (response) => {
    bodies.push(
      (async () => {
        const type = response.headers()['content-type'] ?? '';
        const body = await response.body().catch(() => Buffer.alloc(0));
        const compressible = /text|javascript|json|xml|svg|wasm/.test(type);
        return { kind: kindOf(response.url(), type), bytes: compressible ? gzipSync(body).length : body.length };
      })(),
    );
  });
  await page.goto(url + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  const all = await Promise.all(bodies);
  await context.close();
  const bytes: Record<Kind, number> = { html: 0, css: 0, js: 0, other: 0 };
  for (const item of all) bytes[item.kind] += item.bytes;
  return { label, path, requests: all.length, bytes, total: all.reduce((sum, item) => sum + item.bytes, 0) };
}

export function weightReport(size: number, weights: Weight[]): string {
  return table(
    ['Page (' + n(size) + '-image catalog)', 'Requests', 'HTML', 'CSS', 'JS', 'Other', 'Total (gzipped)'],
    weights.map((w) => [`${w.label} \`${w.path.length > 40 ? `${w.path.slice(0, 38)}…/` : w.path}\``, w.requests, kb(w.bytes.html), kb(w.bytes.css), kb(w.bytes.js), kb(w.bytes.other), kb(w.total)]),
  );
}

export interface FilterFigures {
  size: number;
  mode: string;
  throttle: number;
  indexLoadMs: number | null;
  keystrokes: number[];
  rowsInDom: number;
}

/**
 * Keystroke to updated table: `performance.now()` at the keydown, then the
 * first animation frame after the filter's `input` handler ran, and a message
 * posted from it (the frame has been produced). Types several queries a key
 * at a time.
 */
export async function filterLatency(browser: Browser, url: string, size: number, throttle: number): Promise<FilterFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${url}/catalog/`, { waitUntil: 'load' });
  await page.waitForSelector('#catalog-q:not([disabled])');
  const mode = (await page.getAttribute('[data-catalog]', 'data-catalog-mode')) ?? 'inline';
  let indexLoadMs: number | null = null;
  if (mode === 'paged') {
    // The index loads when the box is first focused: time that, then measure typing with it loaded.
    const started = Date.now();
    const loaded = page.waitForResponse((response) => response.url().endsWith('/catalog/index.json'));
    await page.focus('#catalog-q');
    await (await loaded).finished();
    await page.waitForTimeout(50);
    indexLoadMs = Date.now() - started;
  }
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('#catalog-q')!;
    const w = window as unknown as { __t0: number; __times: number[] };
    w.__times = [];
    input.addEventListener('keydown', () => (w.__t0 = performance.now()), { capture: true });
    input.addEventListener('input', () => {
      const t0 = w.__t0;
      // A message posted from the frame callback arrives once the frame is out.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => w.__times.push(performance.now() - t0);
        channel.port2.postMessage(0);
      });
    });
  });
  const queries = ['24.04', 'noble arm', 'debian 12', '9', 'rocky linux 9 amd64', 'zzz'];
  for (const query of queries) {
    await page.fill('#catalog-q', '');
    await page.focus('#catalog-q');
    for (const ch of query) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(120);
    }
  }
  await page.waitForTimeout(200);
  const keystrokes = await page.evaluate(() => (window as unknown as { __times: number[] }).__times);
  await page.fill('#catalog-q', '24.04');
  await page.waitForTimeout(200);
  const rowsInDom = await page.locator('[data-catalog] tbody tr').count();
  await context.close();
  return { size, mode, throttle, indexLoadMs, keystrokes, rowsInDom };
}

export function filterReport(figures: FilterFigures[]): string {
  return table(
    ['Images', 'Catalog mode', 'CPU', 'Keystroke → updated table, median', 'p95', 'max', 'Keystrokes', 'Rows in the DOM for "24.04"', 'index.json load (on first focus)'],
    figures.map((f) => [
      n(f.size),
      f.mode,
      f.throttle > 1 ? `${f.throttle}× slowed` : 'full speed',
      msText(median(f.keystrokes)),
      msText(percentile(f.keystrokes, 95)),
      msText(Math.max(...f.keystrokes)),
      f.keystrokes.length,
      n(f.rowsInDom),
      f.indexLoadMs === null ? '— (rows in the page)' : msText(f.indexLoadMs),
    ]),
  );
}

export interface SearchFigures {
  size: number;
  query: string;
  coldMs: number;
  warmMs: number;
  coldBytes: number;
  coldRequests: number;
  firstResult: string;
}

/**
 * Time to the first search result in Starlight's search box: from typing the
 * whole query (`fill`) to the first result link on screen. Includes Pagefind
 * UI's own debounce. Cold = first query on the page (Pagefind's JS, WASM and
 * index chunks load); warm = a second query right after. Bytes: what the
 * cold query downloaded under /pagefind/, gzipped where a host would.
 */
export async function searchLatency(browser: Browser, url: string, size: number, query: string, warmQuery: string): Promise<SearchFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${url}/`, { waitUntil: 'networkidle' });
  await page.waitForSelector('button[data-open-modal]:not([disabled])');
  await page.click('button[data-open-modal]');
  const input = page.locator('#starlight__search input');
  await input.waitFor();
  const bytes: Promise<number>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (!response.url().includes('/pagefind/')) return;
    bytes.push(
      response
        .body()
        .then((body) => (/\.(js|css|json)$/.test(response.url()) ? gzipSync(body).length : body.length))
        .catch(() => 0),
    );
  };
  page.on('response', onResponse);
  const time = async (q: string) => {
    await page.fill('#starlight__search input', '');
    await page.waitForTimeout(400);
    const started = Date.now();
    await page.fill('#starlight__search input', q);
    await page.waitForSelector('.pagefind-ui__result-link', { timeout: 30_000 });
    return Date.now() - started;
  };
  const coldMs = await time(query);
  const firstResult = (await page.locator('.pagefind-ui__result-title > .pagefind-ui__result-link').first().textContent())?.trim() ?? '';
  page.off('response', onResponse);
  const coldBytes = (await Promise.all(bytes)).reduce((a, b) => a + b, 0);
  const coldRequests = bytes.length;
  const warmMs = await time(warmQuery);
  await context.close();
  return { size, query, coldMs, warmMs, coldBytes, coldRequests, firstResult };
}

export function searchReport(figures: SearchFigures[]): string {
  return table(
    ['Images', 'Query', 'First result (cold)', 'Downloaded by it (/pagefind/)', 'Second query (warm)', 'Top result'],
    figures.map((f) => [n(f.size), `\`${f.query}\``, msText(f.coldMs), `${kb(f.coldBytes)} in ${f.coldRequests} requests`, msText(f.warmMs), f.firstResult.slice(0, 60)]),
  );
}

export { log };
export type { Page };
