/**
 * The polling reader of the publish-safety suite: what it takes a document to
 * reference (pages, stylesheets, scripts, data, Pagefind's files), and, against
 * a small loopback site that the test changes between reads, that it reports a
 * page answering 200 while something it references does not, and only then.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SiteReader,
  cssReferences,
  decodeCbor,
  describeBroken,
  describeReport,
  htmlReferences,
  isEntryObject,
  jsReferences,
  jsonReferences,
  kindOf,
  objectUrl,
  pagefindEntryReferences,
  pagefindFragmentReferences,
  pagefindMetaReferences,
  xmlReferences,
} from '../../integration/support/site-reader.ts';

const SITE = 'http://127.0.0.1:9/v1/AUTH_p/site/';

describe('what a document references', () => {
  it('a page: links, scripts, stylesheets, images and srcsets of the site, and the search when it has the search box', () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="/v1/AUTH_p/site/_astro/a.css">
      <link rel="canonical" href="${SITE}404/">
      <link rel="alternate" type="application/atom+xml" href="${SITE}catalog/feed.xml">
      <script type="module" src="../_astro/page.js"></script>
      </head><body>
      <a href="../other/#section">other</a> <a href="#top">top</a> <a href="https://example.org/x">out</a>
      <a href="mailto:someone@example.org">mail</a> <a href="/elsewhere/">outside the site</a>
      <img src="pic.png" srcset="pic-2x.png 2x, /v1/AUTH_p/site/pic-3x.png 3x">
      <template><a href="{path}">row</a></template>
      <site-search><button data-open-modal>Search</button></site-search>
      </body></html>`;
    expect(htmlReferences(html, `${SITE}guide/`, SITE).sort()).toEqual(
      [
        `${SITE}_astro/a.css`,
        `${SITE}catalog/feed.xml`,
        `${SITE}_astro/page.js`,
        `${SITE}other/`,
        `${SITE}guide/pic.png`,
        `${SITE}guide/pic-2x.png`,
        `${SITE}pic-3x.png`,
        `${SITE}pagefind/pagefind.js`,
        `${SITE}pagefind/pagefind-entry.json`,
      ].sort(),
    );
    expect(htmlReferences('<p>no search here</p>', SITE, SITE)).toEqual([]);
  });

  it("a stylesheet's url() and @import, a script's imports and Vite's preload list", () => {
    const css = `@import "print.css"; a{background:url(img/x.svg)} b{src:url('/v1/AUTH_p/site/f.woff2')} c{background:url("data:image/png;base64,AA")}`;
    expect(cssReferences(css, `${SITE}_astro/a.css`, SITE).sort()).toEqual([`${SITE}_astro/img/x.svg`, `${SITE}_astro/print.css`, `${SITE}f.woff2`].sort());
    const js = `import{a}from"./chunk.B1.js";import"./side.C2.js";const m=()=>import("./lazy.D3.js");const d=["_astro/ui-core.E4.js","_astro/x.css"];import(\`\${base}pagefind.js\`)`;
    expect(jsReferences(js, `${SITE}_astro/page.js`, SITE).sort()).toEqual(
      [`${SITE}_astro/chunk.B1.js`, `${SITE}_astro/side.C2.js`, `${SITE}_astro/lazy.D3.js`, `${SITE}_astro/ui-core.E4.js`, `${SITE}_astro/x.css`].sort(),
    );
  });

  it('JSON: every string that is an address inside the site; XML: sitemap locations and feed links', () => {
    const json = JSON.stringify({ images: [{ url: `${SITE}catalog/a/`, name: 'NeCTAR A', nested: { page: '/v1/AUTH_p/site/catalog/b/' } }], source: 'https://image.example.org/v2/images' });
    expect(jsonReferences(json, `${SITE}catalog.json`, SITE)).toEqual([`${SITE}catalog/a/`, `${SITE}catalog/b/`]);
    const sitemap = `<?xml version="1.0"?><sitemapindex><sitemap><loc>${SITE}sitemap-0.xml</loc></sitemap></sitemapindex>`;
    expect(xmlReferences(sitemap, `${SITE}sitemap-index.xml`, SITE)).toEqual([`${SITE}sitemap-0.xml`]);
    const feed = `<feed><link href="${SITE}catalog/"/><entry><link rel="alternate" href="${SITE}catalog/a/?x=1&amp;y=2"/></entry></feed>`;
    expect(xmlReferences(feed, `${SITE}catalog/feed.xml`, SITE)).toEqual([`${SITE}catalog/`, `${SITE}catalog/a/?x=1&y=2`]);
  });

  it("Pagefind: the entry names the metadata and WebAssembly, the metadata every chunk, filter and fragment, a fragment its page", () => {
    expect(pagefindEntryReferences(JSON.stringify({ version: '1.6.0', languages: { en: { hash: 'en_abc', wasm: 'en', page_count: 2 } } }), `${SITE}pagefind/pagefind-entry.json`)).toEqual([
      `${SITE}pagefind/pagefind.en_abc.pf_meta`,
      `${SITE}pagefind/wasm.en.pagefind`,
    ]);
    const meta = pagefindFile(cbor(['1.6.0', [['en_p1', 10, ''], ['en_p2', 20, 'en_group']], [['a', 'm', 'en_i1'], ['n', 'z', 'en_i2']], [['distribution', 'en_f1']], []]));
    expect(pagefindMetaReferences(meta, `${SITE}pagefind/pagefind.en_abc.pf_meta`).sort()).toEqual(
      [
        `${SITE}pagefind/fragment/en_p1.pf_fragment`,
        `${SITE}pagefind/fragment/en_group.pf_fragment`,
        `${SITE}pagefind/index/en_i1.pf_index`,
        `${SITE}pagefind/index/en_i2.pf_index`,
        `${SITE}pagefind/filter/en_f1.pf_filter`,
      ].sort(),
    );
    expect(() => pagefindMetaReferences(pagefindFile(cbor(['1.6.0', 'not a list'])), SITE)).toThrow(/format changed/);
    expect(() => pagefindMetaReferences(gzipSync(Buffer.from('not pagefind')), SITE)).toThrow(/pagefind_dcd/);
    const fragment = pagefindFile(Buffer.from(JSON.stringify({ url: '/catalog/a/', content: 'text' })));
    expect(pagefindFragmentReferences(fragment, SITE)).toEqual([`${SITE}catalog/a/`]);
  });

  it('decodes the CBOR of RFC 8949 examples', () => {
    const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
    expect(decodeCbor(hex('00'))).toBe(0);
    expect(decodeCbor(hex('1818'))).toBe(24);
    expect(decodeCbor(hex('190100'))).toBe(256);
    expect(decodeCbor(hex('1a000f4240'))).toBe(1_000_000);
    expect(decodeCbor(hex('1b000000e8d4a51000'))).toBe(1_000_000_000_000);
    expect(decodeCbor(hex('20'))).toBe(-1);
    expect(decodeCbor(hex('3863'))).toBe(-100);
    expect(decodeCbor(hex('6449455446'))).toBe('IETF');
    expect(decodeCbor(hex('62c3bc'))).toBe('ü');
    expect(decodeCbor(hex('83010203'))).toEqual([1, 2, 3]);
    expect(decodeCbor(hex('a26161016162820203'))).toEqual({ a: 1, b: [2, 3] });
    expect(decodeCbor(hex('f5'))).toBe(true);
    expect(decodeCbor(hex('fb3ff199999999999a'))).toBe(1.1);
    expect(decodeCbor(hex('c11a514b67b0'))).toBe(1363896240);
    expect(() => decodeCbor(hex('830102'))).toThrow(/truncated/);
  });

  it('what kind a URL is, the address of a listed object, and which objects a reader opens by address', () => {
    expect(kindOf(`${SITE}`)).toBe('html');
    expect(kindOf(`${SITE}404.html`)).toBe('html');
    expect(kindOf(`${SITE}_astro/a.css`)).toBe('css');
    expect(kindOf(`${SITE}_astro/a.js`)).toBe('js');
    expect(kindOf(`${SITE}pagefind/pagefind.js`)).toBe('leaf');
    expect(kindOf(`${SITE}pagefind/pagefind-entry.json`)).toBe('pagefind-entry');
    expect(kindOf(`${SITE}pagefind/pagefind.en_abc.pf_meta`)).toBe('pagefind-meta');
    expect(kindOf(`${SITE}pagefind/fragment/en_1.pf_fragment`)).toBe('pagefind-fragment');
    expect(kindOf(`${SITE}pagefind/index/en_1.pf_index`)).toBe('leaf');
    expect(kindOf(`${SITE}catalog.json`)).toBe('json');
    expect(kindOf(`${SITE}catalog/feed.xml`)).toBe('xml');
    expect(objectUrl('catalog/index.html', '', SITE)).toBe(`${SITE}catalog/`);
    expect(objectUrl('index.html', '', SITE)).toBe(SITE);
    expect(objectUrl('www/catalog/a b/index.html', 'www/', SITE)).toBe(`${SITE}catalog/a%20b/`);
    expect(objectUrl('catalog.json', '', SITE)).toBe(`${SITE}catalog.json`);
    expect(['index.html', 'catalog.json', 'catalog/feed.xml', '404.html'].every(isEntryObject)).toBe(true);
    expect(['_astro/a.css', 'pagefind/pagefind-entry.json', '.site-publish.json', 'www/.site-publish.lease'].some(isEntryObject)).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// The reader against a small site the test changes.

/** path (relative to the site) → body, or a function giving the body for the n-th read. */
type Files = Map<string, string | Buffer | ((n: number) => string)>;

let server: http.Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(files: Files, options: { token?: string } = {}): Promise<{ site: string; container: string; gets: string[] }> {
  const gets: string[] = [];
  const counts = new Map<string, number>();
  server = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    const base = '/v1/AUTH_p/site';
    if (url.pathname === base) {
      // The container listing, as Swift answers it to a token.
      if (request.headers['x-auth-token'] !== options.token) return void response.writeHead(401).end();
      const names = [...files.keys()].filter((name) => !url.searchParams.get('marker') || name > url.searchParams.get('marker')!);
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify(names.map((name) => ({ name, hash: 'x', bytes: 1 }))));
    }
    let path = decodeURIComponent(url.pathname.slice(base.length + 1));
    gets.push(path);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = files.get(path);
    if (file === undefined) return void response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    response.writeHead(200);
    response.end(typeof file === 'function' ? file(n) : file);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { site: `${origin}/v1/AUTH_p/site/`, container: `${origin}/v1/AUTH_p/site`, gets };
}

const page = (...links: string[]) => `<!doctype html><title>p</title>${links.map((link) => (link.endsWith('.css') ? `<link rel="stylesheet" href="${link}">` : `<a href="${link}">x</a>`)).join('')}`;

describe('the reader', () => {
  it('finds nothing broken on a whole site, and reads every page and what it references once a sample', async () => {
    const files: Files = new Map([
      ['index.html', page('style.css', 'guide/')],
      ['guide/index.html', page('../style.css', '../')],
      ['style.css', 'a{background:url(bg.svg)}'],
      ['bg.svg', '<svg/>'],
    ]);
    const { site, gets } = await serve(files);
    const reader = new SiteReader({ siteUrl: site });
    await reader.sample();
    const report = reader.report;
    expect(report.broken).toEqual([]);
    expect(report.samples).toBe(1);
    expect(new Set(gets)).toEqual(new Set(['', 'sitemap-index.xml', 'style.css', 'guide/', 'bg.svg']));
    expect(report.documents).toEqual({ min: 5, max: 5 });
    expect(describeReport(report)).toMatch(/^1 samples, \d+ reads \(5–5 documents a sample\), 0 broken reads, 0 unconfirmed, 0 failed reads$/);
  });

  it('reports every page that answers 200 while its stylesheet answers 404, and the page a link leads to that is gone', async () => {
    const files: Files = new Map([
      ['index.html', page('style.css', 'guide/', 'gone/')],
      ['guide/index.html', page('../style.css')],
    ]);
    const { site } = await serve(files);
    const reader = new SiteReader({ siteUrl: site });
    await reader.sample();
    const broken = reader.report.broken.map(({ page: from, reference, status, sample }) => ({ from, reference, status, sample }));
    expect(broken).toEqual(
      expect.arrayContaining([
        { from: '', reference: 'style.css', status: 404, sample: 1 },
        { from: '', reference: 'gone/', status: 404, sample: 1 },
        { from: 'guide/', reference: 'style.css', status: 404, sample: 1 },
      ]),
    );
    expect(broken).toHaveLength(3);
    expect(describeBroken(reader.report)).toContain('/ → style.css (HTTP 404): 1× from sample 1');
  });

  it('does not count a page that changed between its reads to no longer use the missing object', async () => {
    // The first read of the page uses old.css (gone); from the second read on it uses new.css: a publish replaced it.
    const files: Files = new Map<string, string | ((n: number) => string)>([
      ['index.html', (n: number) => (n === 1 ? page('old.css') : page('new.css'))],
      ['new.css', 'a{}'],
    ]);
    const { site } = await serve(files);
    const reader = new SiteReader({ siteUrl: site });
    await reader.sample();
    expect(reader.report.broken).toEqual([]);
    expect(reader.report.unconfirmed).toEqual({ count: 1, first: ['/ → old.css (HTTP 404)'] });
  });

  it('finds pages no link leads to from the container listing, read with the token', async () => {
    const files: Files = new Map([
      ['index.html', page()],
      ['orphan/index.html', page('../missing.css')],
      ['catalog.json', JSON.stringify({ url: 'x' })],
      ['.site-publish.json', JSON.stringify({ objects: [] })],
    ]);
    const { site, container, gets } = await serve(files, { token: 'tok' });
    const reader = new SiteReader({ siteUrl: site, listing: { url: container, token: () => 'tok' } });
    await reader.sample();
    expect(reader.report.broken.map((read) => `${read.page} → ${read.reference}`)).toEqual(['orphan/ → missing.css']);
    expect(gets).toContain('catalog.json');
    expect(gets).not.toContain('.site-publish.json');
    expect(reader.report.errors.count).toBe(0);
  });

  it('follows a search: Pagefind entry, metadata, fragments, and the page a result opens', async () => {
    const files: Files = new Map<string, string | Buffer>([
      ['index.html', '<site-search><button data-open-modal></button></site-search>'],
      ['pagefind/pagefind.js', 'export {}'],
      ['pagefind/pagefind-entry.json', JSON.stringify({ languages: { en: { hash: 'en_m', wasm: 'en' } } })],
      ['pagefind/wasm.en.pagefind', 'wasm'],
      ['pagefind/pagefind.en_m.pf_meta', pagefindFile(cbor(['1.6.0', [['en_p1', 1, ''], ['en_p2', 1, '']], [['a', 'z', 'en_i']], []]))],
      ['pagefind/index/en_i.pf_index', 'index'],
      ['pagefind/fragment/en_p1.pf_fragment', pagefindFile(Buffer.from(JSON.stringify({ url: '/' })))],
      // A fragment whose result opens a page that is gone, and one fragment missing altogether.
      ['pagefind/fragment/en_p2.pf_fragment', pagefindFile(Buffer.from(JSON.stringify({ url: '/removed/' })))],
    ]);
    files.delete('pagefind/fragment/en_p1.pf_fragment');
    const { site } = await serve(files);
    const reader = new SiteReader({ siteUrl: site });
    await reader.sample();
    expect(reader.report.broken.map((read) => `${read.page} → ${read.reference}`).sort()).toEqual([
      'pagefind/fragment/en_p2.pf_fragment → removed/',
      'pagefind/pagefind.en_m.pf_meta → pagefind/fragment/en_p1.pf_fragment',
    ]);
  });

  it('samples in the background until stopped or its bounds, and says when a new sample is done', async () => {
    const { site } = await serve(new Map([['index.html', page()]]));
    const bounded = new SiteReader({ siteUrl: site, maxSamples: 3 }).start();
    await expect.poll(() => bounded.report.samples).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await bounded.nextSample(); // at once: no sample will come
    expect(await bounded.stop()).toMatchObject({ samples: 3, ended: 'sample limit' });

    const reader = new SiteReader({ siteUrl: site, pauseMs: 5 }).start();
    await reader.nextSample();
    const seen = reader.report.samples;
    expect(seen).toBeGreaterThanOrEqual(1);
    await reader.nextSample();
    expect(reader.report.samples).toBeGreaterThan(seen);
    const report = await reader.stop();
    await reader.nextSample(); // at once once stopped
    expect(report.samples).toBeGreaterThanOrEqual(2);
    expect(report.ended).toBe('stopped');

    const timed = new SiteReader({ siteUrl: site, maxDurationMs: 50, pauseMs: 10 }).start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const count = timed.report.samples;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(timed.report.samples).toBe(count);
    await timed.nextSample();
    expect(await timed.stop()).toMatchObject({ ended: 'time limit' });
  });

  it('counts a read that gets no answer as a failed read, not a broken one', async () => {
    const { site } = await serve(new Map([['index.html', page('slow.css')]]));
    server!.removeAllListeners('request');
    server!.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      if (request.url!.endsWith('slow.css')) return; // never answers
      response.writeHead(200).end(page('slow.css'));
    });
    const reader = new SiteReader({ siteUrl: site, timeoutMs: 200 });
    await reader.sample();
    expect(reader.report.broken).toEqual([]);
    expect(reader.report.errors.count).toBe(1);
    expect(reader.report.errors.first[0]).toMatch(/^slow\.css: /);
    server!.closeAllConnections();
  });
});

// A minimal CBOR encoder for the test's Pagefind files (the reader only decodes).
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return head(0, value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value);
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  throw new Error(`cannot encode ${typeof value}`);
}

function pagefindFile(payload: Buffer): Buffer {
  return gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), payload]));
}
