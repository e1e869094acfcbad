import { describe, expect, it } from 'vitest';
import { assignSlugs, RESERVED_SLUGS, slugify } from '../../../src/lib/catalog/slug.ts';
import { fixtureSnapshot, image } from './helpers.ts';

describe('slugify', () => {
  it('makes readable slugs', () => {
    expect(slugify('NeCTAR Ubuntu 24.04 LTS (Noble) amd64')).toBe('nectar-ubuntu-24-04-lts-noble-amd64');
    expect(slugify('  CentOS Stream 9 x86_64  ')).toBe('centos-stream-9-x86-64');
  });

  it('transliterates accents and drops what has no ASCII form', () => {
    expect(slugify('Ubuntu 24.04 — test ünïcode 日本')).toBe('ubuntu-24-04-test-unicode');
    expect(slugify('Straße Ærø Łódź')).toBe('strasse-aero-lodz');
    expect(slugify('日本')).toBe('');
  });

  it('turns markup into plain words', () => {
    expect(slugify('<img src=x onerror=alert(1)>')).toBe('img-src-x-onerror-alert-1');
    expect(slugify('"><script>window.__xss=1</script>')).toBe('script-window-xss-1-script');
  });

  it('keeps slugs to a sensible length, cut at a word', () => {
    const slug = slugify('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug.endsWith('word')).toBe(true);
  });
});

describe('assignSlugs', () => {
  it('gives same-named images distinct slugs; the oldest keeps the plain one', () => {
    const older = image({ id: 'aaaa1111-0000', name: 'Debian 12', createdAt: '2023-01-01T00:00:00Z' });
    const newer = image({ id: 'bbbb2222-0000', name: 'Debian 12', createdAt: '2024-01-01T00:00:00Z' });
    const slugs = assignSlugs([newer, older]);
    expect(slugs.get(older.id)).toBe('debian-12');
    expect(slugs.get(newer.id)).toBe('debian-12-bbbb2222');
  });

  it('is the same whatever order the snapshot lists images in', () => {
    const images = fixtureSnapshot().images;
    const forward = assignSlugs(images);
    const backward = assignSlugs([...images].reverse());
    expect([...backward.entries()].sort()).toEqual([...forward.entries()].sort());
    expect(new Set(forward.values()).size).toBe(images.length);
  });

  it('never uses a reserved route name or an empty slug', () => {
    const images = [image({ name: 'Changes' }), image({ name: 'feed' }), image({ name: '日本' }), image({ name: '' })];
    const slugs = [...assignSlugs(images).values()];
    for (const slug of slugs) {
      expect(RESERVED_SLUGS.has(slug)).toBe(false);
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(slugs[0]).toMatch(/^changes-[a-z0-9]{8}$/);
    expect(slugs[2]).toMatch(/^image-[a-z0-9]{8}$/);
  });

  it('lengthens the suffix when IDs share a prefix', () => {
    const a = image({ id: '12345678-aaaa', name: 'Same', createdAt: '2020-01-01T00:00:00Z' });
    const b = image({ id: '12345678-bbbb', name: 'Same', createdAt: '2021-01-01T00:00:00Z' });
    const c = image({ id: '12345678-cccc', name: 'Same', createdAt: '2022-01-01T00:00:00Z' });
    const slugs = assignSlugs([a, b, c]);
    expect(new Set(slugs.values()).size).toBe(3);
    expect(slugs.get(a.id)).toBe('same');
    expect(slugs.get(b.id)).toBe('same-12345678');
    expect(slugs.get(c.id)).toBe('same-12345678cccc');
  });
});

describe('assignSlugs with odd dates', () => {
  it('compares creation times as instants, and puts missing ones last', () => {
    const early = image({ id: 'cccc', name: 'Same', createdAt: '2024-01-01T10:00:00+10:00' }); // 00:00 UTC
    const late = image({ id: 'aaaa', name: 'Same', createdAt: '2024-01-01T05:00:00Z' });
    const none = image({ id: '0000', name: 'Same', createdAt: null });
    const slugs = assignSlugs([none, late, early]);
    expect(slugs.get('cccc')).toBe('same');
    expect(slugs.get('aaaa')).toBe('same-aaaa');
    expect(slugs.get('0000')).toBe('same-0000');
  });
});
