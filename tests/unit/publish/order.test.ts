import { describe, expect, it } from 'vitest';
import { objectPathOf, referencesOf, siteAddress } from '../../../scripts/lib/swift/links.ts';
import { deleteWaves, uploadWaves, waves } from '../../../scripts/lib/swift/order.ts';
import { contentTypeOf } from '../../../scripts/lib/swift/objects.ts';
import { expiriesWhileRunning, planPublish, type LocalFile, type RemoteObject } from '../../../scripts/lib/swift/plan.ts';

const site = siteAddress('https://swift.example.org/v1/AUTH_p/site/');

describe("the site's link graph", () => {
  const paths = new Set(['index.html', 'catalog/index.html', 'catalog/a/index.html', 'catalog.json', '_astro/x.css', 'catalog/feed.xml']);
  const exists = (path: string) => paths.has(path);

  it('finds links in attributes, JSON strings and absolute URLs, as object paths', () => {
    const html = '<link href="/v1/AUTH_p/site/_astro/x.css"><a href="/v1/AUTH_p/site/catalog/a/#top">a</a><a href="/v1/AUTH_p/site/catalog">c</a><a href="https://elsewhere.org/v1/AUTH_p/site/catalog.json">no</a>';
    expect(referencesOf(html, site, exists).sort()).toEqual(['_astro/x.css', 'catalog/a/index.html', 'catalog/index.html']);
    expect(referencesOf('{"url": "/v1/AUTH_p/site/catalog/a/"}', site, exists)).toEqual(['catalog/a/index.html']);
    expect(referencesOf('<link>https://swift.example.org/v1/AUTH_p/site/catalog/feed.xml</link>', site, exists)).toEqual(['catalog/feed.xml']);
  });

  it('ignores paths that name no object of the site, and other sites under a longer base', () => {
    expect(referencesOf('<a href="/v1/AUTH_p/site/missing/">x</a><a href="/v1/AUTH_p/site2/index.html">', site, exists)).toEqual([]);
  });

  it('maps folders to their index.html and decodes escapes', () => {
    expect(objectPathOf('')).toBe('index.html');
    expect(objectPathOf('catalog/')).toBe('catalog/index.html');
    expect(objectPathOf('a%20b.json')).toBe('a b.json');
  });
});

describe('waves', () => {
  it('puts what must come first in an earlier wave, a chain in as many waves as it is long', () => {
    const deps: Record<string, string[]> = { a: ['b'], b: ['c'], c: [], d: [] };
    expect(waves(['a', 'b', 'c', 'd'], (name) => deps[name]!)).toEqual([['c', 'd'], ['b'], ['a']]);
  });

  it('keeps a cycle together in one wave, after what it needs', () => {
    const deps: Record<string, string[]> = { a: ['b', 'z'], b: ['a'], z: [], y: ['a'] };
    expect(waves(['a', 'b', 'y', 'z'], (name) => deps[name]!)).toEqual([['z'], ['a', 'b'], ['y']]);
  });

  it('handles a long chain without deep recursion', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `p${String(i).padStart(5, '0')}`);
    const result = waves(names, (name) => {
      const i = Number(name.slice(1));
      return i > 0 ? [names[i - 1]!] : [];
    });
    expect(result).toHaveLength(20_000);
    expect(result[0]).toEqual(['p00000']);
  });
});

describe('the order of a publish', () => {
  it('uploads a new image page before the changed lists that link to it, and the lists before the home page', () => {
    const refs: Record<string, string[]> = {
      'index.html': ['catalog/index.html', 'catalog/new/index.html'],
      'catalog/index.html': ['catalog/new/index.html', 'catalog/old/index.html'],
      'catalog.json': ['catalog/new/index.html'],
      'catalog/new/index.html': ['catalog/index.html'],
      'catalog/other-new/index.html': ['catalog/new/index.html'],
    };
    const live = (path: string) => ['index.html', 'catalog/index.html', 'catalog/old/index.html', 'catalog.json'].includes(path);
    expect(uploadWaves(Object.keys(refs), (path) => refs[path]!, live)).toEqual([
      ['catalog/new/index.html'],
      ['catalog.json', 'catalog/index.html', 'catalog/other-new/index.html', 'index.html'],
    ]);
  });

  it('deletes old pages referrers first, and an old asset after every page that uses it', () => {
    const oldRefs: Record<string, string[]> = { 'catalog/a/index.html': ['catalog/b/index.html', 'logo.png'], 'catalog/b/index.html': ['logo.png'], 'logo.png': [] };
    expect(deleteWaves(Object.keys(oldRefs), (name) => oldRefs[name]!)).toEqual([['catalog/a/index.html'], ['catalog/b/index.html'], ['logo.png']]);
  });

  const remote = (entries: [string, string][]) => new Map<string, RemoteObject>(entries.map(([name, hash]) => [name, { name, hash, bytes: 1, contentType: contentTypeOf(name) }]));

  it('plans hashed assets, then other assets, then pages in link order, and leaves old hashed assets to expire', () => {
    const files: LocalFile[] = [
      { path: 'index.html', md5: 'new-home', bytes: 1, refs: ['_astro/b.css', 'catalog/x/index.html'] },
      { path: 'catalog/x/index.html', md5: 'x', bytes: 1, refs: ['_astro/b.css', 'index.html'] },
      { path: '_astro/b.css', md5: 'b', bytes: 1 },
      { path: 'favicon.svg', md5: 'f', bytes: 1 },
    ];
    const plan = planPublish(files, remote([['index.html', 'old-home'], ['_astro/a.css', 'a'], ['catalog/gone/index.html', 'g'], ['favicon.svg', 'f']]), '');
    expect(plan.waves.map((wave) => wave.map((upload) => upload.name))).toEqual([['_astro/b.css'], ['catalog/x/index.html'], ['index.html']]);
    expect(plan.expire).toEqual(['_astro/a.css']);
    expect(plan.deletes).toEqual(['catalog/gone/index.html']);
  });

  it('never deletes or expires what the site does not own', () => {
    const plan = planPublish([{ path: 'index.html', md5: 'h', bytes: 1 }], remote([['index.html', 'h'], ['backup.sql', 'b'], ['_astro/theirs.css', 't']]), '', {
      owned: new Set(['index.html']),
    });
    expect(plan.deletes).toEqual([]);
    expect(plan.expire).toEqual([]);
  });

  it('uploads again an asset that is back before its expiry (so it loses it), and leaves expiring ones alone', () => {
    const plan = planPublish([{ path: '_astro/a.css', md5: 'a', bytes: 1 }], remote([['_astro/a.css', 'a'], ['_astro/old.css', 'o']]), '', {
      expiring: { '_astro/a.css': 2_000_000_000, '_astro/old.css': 2_000_000_000 },
      now: 1_000_000_000,
    });
    expect(plan.uploads.map((upload) => upload.name)).toEqual(['_astro/a.css']);
    expect(plan.expire).toEqual([]);
    expect(plan.deletes).toEqual([]);
  });

  it('deletes an old asset whose recorded expiry has passed but that is still listed (a killed run never marked it)', () => {
    const plan = planPublish([{ path: 'index.html', md5: 'h', bytes: 1 }], remote([['index.html', 'h'], ['_astro/stale.css', 's'], ['_astro/later.css', 'l']]), '', {
      expiring: { '_astro/stale.css': 900_000_000, '_astro/later.css': 2_000_000_000 },
      now: 1_000_000_000,
    });
    expect(plan.expired).toEqual(['_astro/stale.css']);
    expect(plan.expire).toEqual([]);
    expect(plan.deletes).toEqual([]);
  });

  it("a run's first manifest keeps the expiry of an asset that is back until the run has re-uploaded it, and names the ones it is about to set as pending", () => {
    const before = { expiring: { '_astro/back.css': 2_000_000_000, '_astro/back-late.css': 900_000_000, '_astro/gone.css': 900_000_000, '_astro/old.css': 2_000_000_000 }, pending: ['_astro/earlier.css'] };
    const site = new Set(['index.html', '_astro/back.css', '_astro/back-late.css']);
    expect(expiriesWhileRunning(before, site, ['_astro/now-old.css'], 1_000_000_000, 60)).toEqual({
      expiring: { '_astro/back.css': 2_000_000_000, '_astro/back-late.css': 900_000_000, '_astro/old.css': 2_000_000_000 },
      pending: ['_astro/earlier.css', '_astro/now-old.css'],
    });
    expect(expiriesWhileRunning(before, site, ['_astro/now-old.css'], 1_000_000_000, 0).pending).toEqual(['_astro/earlier.css']);
  });

  it('after an interrupted run, uploads again a pending asset the site has again, and marks the others to expire', () => {
    const plan = planPublish([{ path: '_astro/a.css', md5: 'a', bytes: 1 }], remote([['_astro/a.css', 'a'], ['_astro/b.css', 'b']]), '', {
      pending: new Set(['_astro/a.css', '_astro/b.css']),
      now: 1_000_000_000,
    });
    expect(plan.uploads.map((upload) => upload.name)).toEqual(['_astro/a.css']);
    expect(plan.expire).toEqual(['_astro/b.css']);
  });

  it("makes Pagefind's entry wait for the new pages its index links to", () => {
    const files: LocalFile[] = [
      { path: 'pagefind/pagefind-entry.json', md5: 'e2', bytes: 1, refs: [] },
      { path: 'catalog/new/index.html', md5: 'n', bytes: 1, refs: [] },
    ];
    const plan = planPublish(files, remote([['pagefind/pagefind-entry.json', 'e1']]), '');
    expect(plan.waves.map((wave) => wave.map((upload) => upload.name))).toEqual([['catalog/new/index.html'], ['pagefind/pagefind-entry.json']]);
  });
});
