/** The large-catalog limits, pages and index rows (src/lib/catalog/scale.ts). */
import { describe, expect, it } from 'vitest';
import { catalogMode, DEFAULT_LIMITS, distroPagePath, groupSlugs, limitsFromEnv, pageLinks, paginate, visibleCount } from '../../../src/lib/catalog/scale.ts';
import { matchesPrepared, matchesState, parseState, queryWords, rowHaystack, type FilterRow } from '../../../src/lib/catalog/filter.ts';

describe('catalogMode and limits', () => {
  it('renders every row up to the inline limit, pages above it', () => {
    expect(catalogMode(40, DEFAULT_LIMITS)).toBe('inline');
    expect(catalogMode(DEFAULT_LIMITS.inlineMax, DEFAULT_LIMITS)).toBe('inline');
    expect(catalogMode(DEFAULT_LIMITS.inlineMax + 1, DEFAULT_LIMITS)).toBe('paged');
    expect(catalogMode(10_000, DEFAULT_LIMITS)).toBe('paged');
  });

  it('reads the limits from the environment, and refuses nonsense', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(limitsFromEnv({ CATALOG_INLINE_MAX: '10', CATALOG_PAGE_SIZE: '3', CATALOG_PREVIEW_ROWS: '2' })).toEqual({ inlineMax: 10, pageSize: 3, previewRows: 2 });
    expect(() => limitsFromEnv({ CATALOG_PAGE_SIZE: '0' })).toThrow(/CATALOG_PAGE_SIZE/);
    expect(() => limitsFromEnv({ CATALOG_INLINE_MAX: 'lots' })).toThrow(/CATALOG_INLINE_MAX/);
  });
});

describe('paginate', () => {
  it('splits into pages with 1-based positions', () => {
    const pages = paginate([1, 2, 3, 4, 5, 6, 7], 3);
    expect(pages.map((p) => p.items)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(pages.map((p) => [p.number, p.count, p.first, p.last])).toEqual([
      [1, 3, 1, 3],
      [2, 3, 4, 6],
      [3, 3, 7, 7],
    ]);
  });

  it('keeps every item exactly once, in order, for any size', () => {
    const items = Array.from({ length: 1001 }, (_, i) => i);
    for (const size of [1, 7, 200, 1000, 1001, 5000]) {
      const pages = paginate(items, size);
      expect(pages.flatMap((p) => p.items)).toEqual(items);
      expect(pages.every((p, i) => p.number === i + 1 && p.count === pages.length)).toBe(true);
      expect(pages.slice(0, -1).every((p) => p.items.length === size)).toBe(true);
    }
  });

  it('an empty list is one empty page; a bad size throws', () => {
    expect(paginate([], 10)).toEqual([{ number: 1, count: 1, items: [], first: 0, last: 0 }]);
    expect(() => paginate([1], 0)).toThrow();
  });
});

describe('page links and paths', () => {
  it('lists every page when there are few', () => {
    expect(pageLinks(1, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('elides the middle of many pages around the current one', () => {
    expect(pageLinks(1, 50)).toEqual([1, 2, 3, null, 50]);
    expect(pageLinks(25, 50)).toEqual([1, null, 23, 24, 25, 26, 27, null, 50]);
    expect(pageLinks(4, 50)).toEqual([1, 2, 3, 4, 5, 6, null, 50]);
    expect(pageLinks(50, 50)).toEqual([1, null, 48, 49, 50]);
  });

  it('page 1 is the distribution’s own URL', () => {
    expect(distroPagePath('ubuntu')).toBe('/catalog/distro/ubuntu/');
    expect(distroPagePath('ubuntu', 1)).toBe('/catalog/distro/ubuntu/');
    expect(distroPagePath('ubuntu', 3)).toBe('/catalog/distro/ubuntu/3/');
  });

  it('gives every group key a unique URL segment', () => {
    const slugs = groupSlugs(['ubuntu', 'Ubuntu!', '', '日本', 'centos-stream']);
    expect([...slugs.values()]).toEqual(['ubuntu', 'ubuntu-2', 'group-3', 'group-4', 'centos-stream']);
  });
});

describe('show more and prepared matching', () => {
  it('shows a step of rows at first and a step more per press, never more than match', () => {
    expect(visibleCount(1000, 25, 0)).toBe(25);
    expect(visibleCount(1000, 25, 2)).toBe(75);
    expect(visibleCount(30, 25, 5)).toBe(30);
    expect(visibleCount(0, 25, 0)).toBe(0);
  });

  it('matchesPrepared agrees with matchesState', () => {
    const rows: FilterRow[] = [
      { name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', version: '24.04', id: '9E37-ab', codename: 'Noble', group: 'ubuntu', eolSince: '', variant: 'gpu' },
      { name: 'NeCTAR Debian 9 (Stretch)', version: '9', id: 'ffee', codename: 'Stretch', group: 'debian', eolSince: '30 Jun 2022', variant: '' },
      { name: 'Ünïcode image', version: '', id: 'x', codename: '', group: 'unknown', eolSince: '', variant: 'app' },
    ];
    const queries = ['', '24.04', 'noble 24', '9e37', 'unicode', 'stretch', 'nothing', '  Ubuntu   NOBLE '];
    for (const q of queries) {
      for (const search of ['', '&distro=debian', '&eol=hide', '&variant=gpu', '&variant=app&distro=unknown']) {
        const state = parseState(`?q=${encodeURIComponent(q)}${search}`);
        for (const row of rows) {
          expect(matchesPrepared({ ...row, haystack: rowHaystack(row) }, state, queryWords(state.q)), `${q}${search} ${row.name}`).toBe(matchesState(row, state));
        }
      }
    }
  });
});
