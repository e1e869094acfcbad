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
  const image = /<td class="catalog-row__name[^"]*"[^>]*><a href="(\/catalog\/[^"]+\/)"/.exec(catalog)?.[1] ?? '/catalog/';
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

export interface SearchTimes {
  /** Fill to the first result link on screen. */
  ms: number;
  /** Fill to the first request for an index chunk, and for a result fragment (null: none was needed). */
  indexMs: number | null;
  fragmentMs: number | null;
}

export interface SearchFigures {
  size: number;
  query: string;
  cold: SearchTimes;
  warm: SearchTimes;
  coldBytes: number;
  coldRequests: number;
  firstResult: string;
}

/**
 * Time to the first search result in the site's search box: from typing the
 * whole query (`fill`) to the first result link on screen, with when the first
 * index chunk and the first result fragment were requested (where the time
 * goes: Pagefind UI's debounce, then the index, then the fragments, then
 * drawing). Includes Pagefind UI's debounce. Cold = first query on the page
 * (Pagefind's JS, WASM and index chunks load); warm = a second query right
 * after. Bytes: what the cold query downloaded under /pagefind/, gzipped where
 * a host would.
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
  let started = 0;
  let indexAt: number | null = null;
  let fragmentAt: number | null = null;
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (indexAt === null && path.startsWith('/pagefind/index/')) indexAt = Date.now() - started;
    if (fragmentAt === null && path.startsWith('/pagefind/fragment/')) fragmentAt = Date.now() - started;
  });
  page.on('response', onResponse);
  const time = async (q: string): Promise<SearchTimes> => {
    await page.fill('#starlight__search input', '');
    await page.waitForTimeout(400);
    indexAt = fragmentAt = null;
    started = Date.now();
    await page.fill('#starlight__search input', q);
    await page.waitForSelector('.pagefind-ui__result-link', { timeout: 30_000 });
    return { ms: Date.now() - started, indexMs: indexAt, fragmentMs: fragmentAt };
  };
  const cold = await time(query);
  const firstResult = (await page.locator('.pagefind-ui__result-title > .pagefind-ui__result-link').first().textContent())?.trim() ?? '';
  page.off('response', onResponse);
  const coldBytes = (await Promise.all(bytes)).reduce((a, b) => a + b, 0);
  const coldRequests = bytes.length;
  const warm = await time(warmQuery);
  await context.close();
  return { size, query, cold, warm, coldBytes, coldRequests, firstResult };
}

/** The site's search and the same site with Starlight's stock search, measured alternately, `runs` times each. */
export interface SearchComparison {
  size: number;
  query: string;
  warmQuery: string;
  runs: number;
  ours: SearchFigures[];
  stock: SearchFigures[];
}

export async function compareSearch(ourDir: string, stockDir: string, size: number, runs: number, query = '24.04', warmQuery = 'noble'): Promise<SearchComparison> {
  const ours: SearchFigures[] = [];
  const stock: SearchFigures[] = [];
  const ourServer = await serveStatic(ourDir);
  const stockServer = await serveStatic(stockDir);
  const browser = await launchBrowser();
  try {
    for (let run = 0; run < runs; run++) {
      stock.push(await searchLatency(browser, stockServer.url, size, query, warmQuery));
      ours.push(await searchLatency(browser, ourServer.url, size, query, warmQuery));
    }
  } finally {
    await browser.close();
    await ourServer.close();
    await stockServer.close();
  }
  return { size, query, warmQuery, runs, ours, stock };
}

export function searchReport(comparisons: SearchComparison[]): string {
  const med = (list: SearchFigures[], pick: (f: SearchFigures) => number | null) => {
    const values = list.map(pick).filter((v): v is number => v !== null);
    return values.length ? median(values) : null;
  };
  const ms = (value: number | null) => (value === null ? '—' : msText(value));
  const rows: (string | number)[][] = [];
  for (const c of comparisons) {
    for (const [label, kind] of [
      ['cold', 'cold'],
      ['warm', 'warm'],
    ] as const) {
      const stock = med(c.stock, (f) => f[kind].ms)!;
      const ours = med(c.ours, (f) => f[kind].ms)!;
      const query = kind === 'cold' ? c.query : c.warmQuery;
      rows.push([
        n(c.size),
        `${label} \`${query}\``,
        `${ms(med(c.stock, (f) => f[kind].indexMs))} / ${ms(med(c.stock, (f) => f[kind].fragmentMs))} / **${msText(stock)}**`,
        `${ms(med(c.ours, (f) => f[kind].indexMs))} / ${ms(med(c.ours, (f) => f[kind].fragmentMs))} / **${msText(ours)}**`,
        `**${(ours / stock).toFixed(2)}×**`,
        kind === 'cold' ? `${kb(med(c.ours, (f) => f.coldBytes)!)} in ${med(c.ours, (f) => f.coldRequests)} requests (stock: ${kb(med(c.stock, (f) => f.coldBytes)!)} in ${med(c.stock, (f) => f.coldRequests)})` : '',
        (c.ours[0]?.firstResult ?? '').slice(0, 50),
      ]);
    }
  }
  return table(
    ['Images', 'Query', 'Stock Starlight: index / fragment / first result', 'This site: index / fragment / first result', 'Ratio', 'Downloaded by the cold query (/pagefind/)', 'Top result'],
    rows,
  );
}

export { log };
export type { Page };
