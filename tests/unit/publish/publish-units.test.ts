import { describe, expect, it } from 'vitest';
import { CACHE_IMMUTABLE, CACHE_SHORT, cacheControlOf, contentTypeOf, phaseOf } from '../../../scripts/lib/swift/objects.ts';
import { planPublish, type RemoteObject } from '../../../scripts/lib/swift/plan.ts';
import { builtFor, locationMismatch, servedAt } from '../../../scripts/lib/swift/site-location.ts';
import { joinBase, normaliseSiteBase } from '../../../src/lib/site-path.ts';

describe('Content-Type and Cache-Control of a built file', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['_astro/index.Bx1.css', 'text/css; charset=utf-8'],
    ['_astro/page.C3fM4Kra.js', 'text/javascript; charset=utf-8'],
    ['catalog.json', 'application/json; charset=utf-8'],
    ['catalog/feed.xml', 'application/atom+xml; charset=utf-8'],
    ['sitemap-0.xml', 'application/xml; charset=utf-8'],
    ['favicon.svg', 'image/svg+xml'],
    ['pagefind/pagefind.en_fcb6d78b38.pf_meta', 'application/octet-stream'],
    ['pagefind/fragment/en_c8958b4.pf_fragment', 'application/octet-stream'],
    ['pagefind/index/en_1a2b3c4.pf_index', 'application/octet-stream'],
    ['pagefind/wasm.en.pagefind', 'application/octet-stream'],
    ['pagefind/wasm.unknown.wasm', 'application/wasm'],
  ])('%s is %s', (path, type) => {
    expect(contentTypeOf(path)).toBe(type);
  });

  it('caches content-hashed files for a year, immutable, and pages briefly', () => {
    expect(cacheControlOf('_astro/page.C3fM4Kra.js')).toBe(CACHE_IMMUTABLE);
    expect(cacheControlOf('pagefind/fragment/en_c8958b4.pf_fragment')).toBe(CACHE_IMMUTABLE);
    expect(cacheControlOf('pagefind/index/en_1a2b3c4.pf_index')).toBe(CACHE_IMMUTABLE);
    expect(cacheControlOf('pagefind/pagefind.en_fcb6d78b38.pf_meta')).toBe(CACHE_IMMUTABLE);
    for (const page of ['index.html', 'catalog/index.json', 'catalog/feed.xml', 'pagefind/pagefind-entry.json']) {
      expect(cacheControlOf(page)).toBe(CACHE_SHORT);
    }
    expect(cacheControlOf('pagefind/pagefind.js')).not.toBe(CACHE_IMMUTABLE);
  });

  it('puts hashed assets first, other assets next, pages and data last', () => {
    expect(phaseOf('_astro/a.js')).toBe(0);
    expect(phaseOf('pagefind/pagefind.js')).toBe(1);
    expect(phaseOf('favicon.svg')).toBe(1);
    expect(phaseOf('catalog/x/index.html')).toBe(2);
    expect(phaseOf('catalog.json')).toBe(2);
  });
});

describe('planPublish', () => {
  const remote = (entries: [string, string, string?][]) =>
    new Map<string, RemoteObject>(entries.map(([name, hash, type]) => [name, { name, hash, bytes: 1, contentType: type ?? 'text/html; charset=utf-8' }]));

  it('uploads new and changed files in phase order, skips identical ones, deletes the rest under the prefix', () => {
    const files = [
      { path: 'index.html', md5: 'aaa', bytes: 10 },
      { path: '_astro/new.js', md5: 'bbb', bytes: 20 },
      { path: 'catalog/index.html', md5: 'ccc', bytes: 30 },
      { path: 'favicon.svg', md5: 'ddd', bytes: 5 },
    ];
    const plan = planPublish(
      files,
      remote([
        ['site/index.html', 'AAA'],
        ['site/catalog/index.html', 'old'],
        ['site/favicon.svg', 'ddd', 'text/plain'],
        ['site/catalog/gone/index.html', 'x'],
        ['other/index.html', 'x'],
      ]),
      '/site/',
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.uploads.map((u) => u.name)).toEqual(['site/_astro/new.js', 'site/favicon.svg', 'site/catalog/index.html']);
    expect(plan.waves.map((wave) => wave.map((u) => u.name))).toEqual([['site/_astro/new.js'], ['site/favicon.svg'], ['site/catalog/index.html']]);
    expect(plan.deletes).toEqual(['site/catalog/gone/index.html']);
    expect(plan.expire).toEqual([]);
  });

  it('plans nothing when every ETag matches', () => {
    const plan = planPublish([{ path: 'index.html', md5: 'aaa', bytes: 1 }], remote([['index.html', 'aaa']]), '');
    expect(plan).toEqual({ uploads: [], waves: [], unchanged: 1, deletes: [], expire: [], expired: [] });
  });
});

describe('where the site is built for and served at', () => {
  it("reads the home page's canonical link", () => {
    expect(builtFor('<head><link rel="canonical" href="https://x.org/support/images/"/></head>')).toBe('https://x.org/support/images/');
    expect(builtFor('<head><title>x</title></head>')).toBeNull();
  });

  it("is Swift's container URL, with the prefix", () => {
    expect(servedAt('http://127.0.0.1:8080/v1/AUTH_p/', 'site', '')).toBe('http://127.0.0.1:8080/v1/AUTH_p/site/');
    expect(servedAt('http://127.0.0.1:8080/v1/AUTH_p', 'site', '/a/b')).toBe('http://127.0.0.1:8080/v1/AUTH_p/site/a/b/');
  });

  it('accepts a match and names both addresses and the fix on a mismatch', () => {
    expect(locationMismatch('http://h:1/v1/AUTH_p/site/', 'http://h:1/v1/AUTH_p/site/')).toBeNull();
    const mismatch = locationMismatch('http://localhost:4321/', 'http://h:1/v1/AUTH_p/site/');
    expect(mismatch?.cause).toContain('http://localhost:4321/');
    expect(mismatch?.cause).toContain('http://h:1/v1/AUTH_p/site/');
    expect(mismatch?.fix).toContain('SITE_URL=http://h:1 SITE_BASE=/v1/AUTH_p/site/');
  });
});

describe('site paths under SITE_BASE', () => {
  it('puts root-absolute paths under the base once, and leaves other links alone', () => {
    expect(joinBase('/support/images/', '/catalog/x/')).toBe('/support/images/catalog/x/');
    expect(joinBase('/support/images/', '/support/images/catalog/')).toBe('/support/images/catalog/');
    expect(joinBase('/', '/catalog/')).toBe('/catalog/');
    expect(joinBase('/support/images/', 'https://x.org/')).toBe('https://x.org/');
    expect(joinBase('/support/images/', '//cdn.example/x')).toBe('//cdn.example/x');
    expect(joinBase('/support/images/', '#top')).toBe('#top');
  });

  it('normalises SITE_BASE and refuses what is not a path', () => {
    expect(normaliseSiteBase(undefined)).toBe('/');
    expect(normaliseSiteBase('support/images')).toBe('/support/images/');
    expect(normaliseSiteBase('/v1/AUTH_p/site/')).toBe('/v1/AUTH_p/site/');
    expect(() => normaliseSiteBase('https://x.org/a/')).toThrow(/SITE_BASE/);
    for (const bad of ['/a/../b/', '/./', '/a//b/', '..']) expect(() => normaliseSiteBase(bad), bad).toThrow(/empty, "\." or "\.\." folder/);
  });
});
