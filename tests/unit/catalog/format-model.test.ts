import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatSize, shellWord, daysBetween } from '../../../src/lib/catalog/format.ts';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { changeSummary, entryAnchor, newestFirst, xmlEscape } from '../../../src/lib/catalog/changes.ts';
import { distributions, eolData, fixtureSnapshot } from './helpers.ts';
import { historySchema } from '../../../src/schemas/snapshot.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root } from './helpers.ts';

describe('format', () => {
  it('formats sizes in binary units', () => {
    expect(formatSize(null)).toBe('—');
    expect(formatSize(900)).toBe('900 bytes');
    expect(formatSize(2048)).toBe('2 KiB');
    expect(formatSize(2361393152)).toBe('2.2 GiB');
    expect(formatSize(21474836480)).toBe('20 GiB');
    expect(formatSize(254803968)).toBe('243 MiB');
  });

  it('formats dates in UTC', () => {
    expect(formatDate('2026-11-20T23:30:00-05:00')).toBe('21 Nov 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime('2026-11-20T05:30:00Z')).toBe('20 Nov 2026, 05:30 UTC');
    expect(daysBetween('2026-10-01T00:00:00Z', new Date('2026-11-01T12:00:00Z'))).toBe(31);
  });

  it('quotes shell words only when needed', () => {
    expect(shellWord('9e3779b1-9e37-4001-89e3-9e3779b10001')).toBe('9e3779b1-9e37-4001-89e3-9e3779b10001');
    expect(shellWord("a b'c")).toBe(`'a b'\\''c'`);
    expect(shellWord('$(rm -rf ~)')).toBe(`'$(rm -rf ~)'`);
  });
});

describe('buildCatalog (the fixture)', () => {
  const catalog = buildCatalog(fixtureSnapshot(), distributions(), eolData(), new Date('2026-11-25T00:00:00Z'));
  const byName = (name: string) => catalog.images.find((view) => view.image.name === name)!;

  it('gives every image a unique path', () => {
    expect(new Set(catalog.images.map((view) => view.path)).size).toBe(catalog.images.length);
    expect(byName('NeCTAR Ubuntu 24.04 LTS (Noble) amd64').path).toBe('/catalog/nectar-ubuntu-24-04-lts-noble-amd64/');
  });

  it('marks EOL images and unknown login users', () => {
    expect(byName('NeCTAR Ubuntu 18.04 LTS (Bionic) amd64').eol.state).toBe('eol');
    expect(byName('NeCTAR Ubuntu 24.04 LTS (Noble) amd64').eol.state).toBe('supported');
    expect(byName('NeCTAR CentOS Stream 9 x86_64').eol.state).toBe('supported');
    expect(byName('NeCTAR CentOS Stream 8 x86_64').eol.state).toBe('eol');
    expect(byName('NeCTAR Gentoo 2025 amd64').login.kind).toBe('unknown');
    expect(byName('Mystery image').login.user).toBeNull();
  });

  it('groups every image exactly once', () => {
    const ids = catalog.groups.flatMap((group) => group.views.map((view) => view.image.id));
    expect(ids.sort()).toEqual(catalog.images.map((view) => view.image.id).sort());
  });
});

describe('changes', () => {
  const history = historySchema.parse(JSON.parse(readFileSync(resolve(root, 'tests/fixtures/catalog/history.json'), 'utf8')));

  it('orders newest first and summarises', () => {
    const entries = newestFirst([...history.entries].reverse());
    expect(entries.map((e) => e.fetchedAt)).toEqual(history.entries.map((e) => e.fetchedAt));
    expect(changeSummary(entries[0]!)).toBe('1 added, 1 archived, 1 removed, 1 updated');
    expect(changeSummary({ added: [], removed: [], updated: [] })).toBe('No changes');
    expect(entryAnchor({ fetchedAt: '2026-11-20T05:30:00Z' })).toBe('changes-2026-11-20T05-30-00Z');
  });

  it('escapes XML', () => {
    expect(xmlEscape(`<a href="x">&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });
});
