/** SCS-0102's lifecycle promise in words, an archived build's ID expiry, and end of life from `maintained_until`. */
import { describe, expect, it } from 'vitest';
import { idMayHaveExpired, idPromise, lifecyclePromiseOf, providedUntilPromise, replacePromise } from '../../../src/lib/catalog/promise.ts';
import { eolStatus } from '../../../src/lib/catalog/eol.ts';
import { flavorNeeds, formatRam } from '../../../src/lib/catalog/flavor.ts';
import { isPrivateSource, webLink } from '../../../src/lib/catalog/links.ts';
import { eolData, image } from './helpers.ts';

const NOW = new Date('2026-11-25T00:00:00Z');

describe('replace_frequency', () => {
  it.each([
    ['yearly', 'Replaced yearly'],
    ['quarterly', 'Replaced quarterly'],
    ['monthly', 'Replaced monthly'],
    ['Weekly', 'Replaced weekly'],
    ['daily', 'Replaced daily'],
    ['critical_bug', 'Replaced when a critical bug is fixed'],
    ['never', 'Not replaced'],
    ['fortnightly', 'Replaced: fortnightly'],
    ['constructor', 'Replaced: constructor'],
    ['__proto__', 'Replaced: __proto__'],
  ])('%j → %j', (value, words) => {
    expect(replacePromise(value).words).toBe(words);
  });

  it('shows an unknown value as text, shortened', () => {
    const promise = replacePromise('x'.repeat(500));
    expect(promise.frequency).toBeNull();
    expect(promise.words.length).toBeLessThan(100);
  });
});

describe('provided_until', () => {
  it.each([
    ['2029-04-30', 'date', 'Updated until 30 Apr 2029', false],
    ['2026-11-25', 'date', 'Updated until 25 Nov 2026', false],
    ['2026-11-24', 'date', 'Was updated until 24 Nov 2026', true],
    ['none', 'none', 'No promise of how long it is updated', false],
    ['notice', 'notice', 'Updated until notice is given', false],
    ['2029-02-30', 'unknown', 'Updated until: 2029-02-30', false],
    ['soon', 'unknown', 'Updated until: soon', false],
  ])('%j → %s, %j', (value, kind, words, passed) => {
    expect(providedUntilPromise(value, NOW)).toMatchObject({ kind, words, passed });
  });
});

describe('uuid_validity', () => {
  it.each([
    ['last-3', 'last', 'This ID keeps working for the last 3 builds'],
    ['last-1', 'last', 'This ID keeps working for the last build'],
    ['2027-06-30', 'date', 'This ID keeps working until 30 Jun 2027'],
    ['forever', 'forever', 'This ID keeps working forever'],
    ['notice', 'notice', 'This ID keeps working until notice is given'],
    ['none', 'none', 'This ID may stop working once a newer build replaces it'],
    ['last-', 'unknown', 'How long this ID works: last-'],
    ['last-99999999', 'unknown', 'How long this ID works: last-99999999'],
    ['<b>forever</b>', 'unknown', 'How long this ID works: <b>forever</b>'],
  ])('%j → %s, %j', (value, kind, words) => {
    expect(idPromise(value)).toMatchObject({ kind, words });
  });

  it('judges whether an archived build is past it', () => {
    const cases: [string, number, boolean][] = [
      ['last-3', 3, false],
      ['last-3', 4, true],
      ['last-1', 1, false],
      ['2026-11-25', 9, false],
      ['2026-11-24', 0, true],
      ['none', 1, true],
      ['none', 0, true],
      ['notice', 100, false],
      ['forever', 100, false],
      ['whenever', 100, false],
    ];
    for (const [value, newer, expired] of cases) expect(idMayHaveExpired(idPromise(value), newer, NOW), `${value} with ${newer} newer`).toBe(expired);
    expect(idMayHaveExpired(null, 100, NOW)).toBe(false);
  });
});

describe('lifecyclePromiseOf', () => {
  it('reads the three properties, each null when absent', () => {
    const promise = lifecyclePromiseOf({ replace_frequency: 'monthly', provided_until: '2029-04-30', uuid_validity: 'last-3' }, NOW);
    expect([promise.replace?.words, promise.providedUntil?.words, promise.id?.words]).toEqual([
      'Replaced monthly',
      'Updated until 30 Apr 2029',
      'This ID keeps working for the last 3 builds',
    ]);
    expect(lifecyclePromiseOf({}, NOW)).toEqual({ replace: null, providedUntil: null, id: null });
    expect(lifecyclePromiseOf({ replace_frequency: '  ' }, NOW).replace).toBeNull();
  });
});

describe('end of life from maintained_until beside eol.yaml', () => {
  const data = eolData();
  const ubuntu2404 = (maintained?: string) => image({ name: 'Ubuntu 24.04', version: '24.04', properties: maintained === undefined ? {} : { maintained_until: maintained } });

  it('takes the earlier day and says where it came from', () => {
    const published = eolStatus(ubuntu2404(), 'ubuntu', data, NOW);
    expect(published).toMatchObject({ state: 'supported', from: 'distribution' });
    const earlier = eolStatus(ubuntu2404('2026-01-31'), 'ubuntu', data, NOW);
    expect(earlier).toMatchObject({ state: 'eol', from: 'image', date: '2026-01-31', source: null });
    const later = eolStatus(ubuntu2404('2099-01-01'), 'ubuntu', data, NOW);
    expect(later).toMatchObject({ from: 'distribution', date: published.state !== 'unknown' ? published.date : '' });
  });

  it('marks end of life from the image alone when eol.yaml does not list the release', () => {
    expect(eolStatus(image({ name: 'Gentoo', version: '2025', properties: { maintained_until: '2026-11-24' } }), 'gentoo', data, NOW)).toMatchObject({
      state: 'eol',
      from: 'image',
      release: undefined,
    });
    expect(eolStatus(image({ version: null, properties: { maintained_until: '2026-11-25' } }), null, data, NOW)).toMatchObject({ state: 'supported', from: 'image' });
  });

  it('ignores a value that is not a day', () => {
    for (const value of ['none', 'soon', '2026-02-30', '2026-11-24T00:00:00Z', ''])
      expect(eolStatus(image({ version: null, properties: { maintained_until: value } }), null, data, NOW), value).toEqual({ state: 'unknown' });
  });
});

describe('flavor needs', () => {
  it.each<[number | null, number | null, string | null]>([
    [20, 2048, 'Needs a flavor with at least 20 GB of disk and 2 GB of RAM'],
    [20, 0, 'Needs a flavor with at least 20 GB of disk'],
    [null, 512, 'Needs a flavor with at least 512 MB of RAM'],
    [0, 1536, 'Needs a flavor with at least 1.5 GB of RAM'],
    [0, 0, null],
    [null, null, null],
  ])('min_disk %j, min_ram %j', (disk, ram, words) => {
    expect(flavorNeeds(disk, ram)).toBe(words);
  });

  it('reads RAM as people do', () => {
    expect([formatRam(1000), formatRam(1024), formatRam(4096), formatRam(3000)]).toEqual(['1,000 MB', '1 GB', '4 GB', '3,000 MB']);
  });
});

describe('links from image metadata', () => {
  it.each<[string, string | null]>([
    ['https://cloud-images.ubuntu.com/noble/', 'https://cloud-images.ubuntu.com/noble/'],
    ['http://example.org/a b', null],
    ['  https://example.org/x  ', 'https://example.org/x'],
    ['HTTPS://EXAMPLE.org/', 'https://example.org/'],
    ['javascript:alert(1)', null],
    ['data:text/html,<script>', null],
    ['//example.org/', null],
    ['https://user:pass@example.org/', null],
    ['https:///nohost', null],
    ['ftp://example.org/', null],
    ['private', null],
    ['Release notes: https://example.org/', null],
    [`https://example.org/${'a'.repeat(3000)}`, null],
  ])('%j → %j', (value, href) => {
    expect(webLink(value)?.href ?? null).toBe(href);
  });

  it('knows SCS-0102’s "private" source', () => {
    expect(isPrivateSource(' Private ')).toBe(true);
    expect(isPrivateSource('privately')).toBe(false);
  });
});
