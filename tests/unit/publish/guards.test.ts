import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../scripts/lib/duration.ts';
import { containerRefusal, prefixRefusal } from '../../../scripts/lib/swift/names.ts';
import { isPublicAcl, ownershipOf, ownershipRefusal, parseManifest, publicAcl, takeOverEffects, type Manifest } from '../../../scripts/lib/swift/ownership.ts';
import { shrinkMeasure, shrinkRefusal } from '../../../scripts/lib/swift/publish-site.ts';
import { locationMismatch } from '../../../scripts/lib/swift/site-location.ts';

describe('--keep-old-assets durations', () => {
  it.each([
    ['0', 0],
    ['90', 90],
    ['90s', 90],
    ['10m', 600],
    ['24h', 86_400],
    ['7d', 604_800],
    [' 3S ', 3],
  ])('reads %j as %i seconds', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it.each(['', '-1', '1.5h', '10 minutes', '3x', 'h'])('refuses %j', (text) => expect(parseDuration(text)).toBeNull());

  it('prints the largest whole unit', () => {
    expect([0, 3, 90, 600, 86_400, 90_000].map(formatDuration)).toEqual(['0', '3s', '90s', '10m', '1d', '25h']);
  });
});

describe('container and prefix names', () => {
  it.each(['.', '..', '', 'a/b', 'x\u0007', 'c'.repeat(257)])('refuses --container %j', (name) => expect(containerRefusal(name)?.reason).toMatch(/container/));
  it.each(['image-catalog', 'site a', 'ünïcode'])('accepts --container %j', (name) => expect(containerRefusal(name)).toBeNull());
  it.each(['../other', 'a/./b', 'a//b', '.', 'site/..'])('refuses --prefix %j', (prefix) => expect(prefixRefusal(prefix)?.reason).toMatch(/--prefix/));
  it.each(['', '/', 'site', '/site/', 'docs/images'])('accepts --prefix %j', (prefix) => expect(prefixRefusal(prefix)).toBeNull());

  it('never hints at a container or folder named "." or ".."', () => {
    const mismatch = locationMismatch('https://s.org/v1/AUTH_p/', 'https://s.org/v1/AUTH_p/site/');
    expect(mismatch?.fix).toContain('SITE_BASE=/v1/AUTH_p/site/');
    expect(mismatch?.fix).not.toMatch(/\/\.\.?\//);
  });
});

describe('who owns the container', () => {
  const manifest = (objects: string[], extra: Partial<Manifest> = {}): Manifest => ({ format: 1, objects, expiring: {}, foreign: [], pending: [], updatedAt: '', ...extra });

  it('reads only manifests it wrote', () => {
    expect(parseManifest('{"format":1,"objects":["a"],"expiring":{"b":5},"foreign":[]}')).toMatchObject({ objects: ['a'], expiring: { b: 5 } });
    expect(parseManifest('{"objects":["a"]}')).toBeNull();
    expect(parseManifest('not json')).toBeNull();
  });

  it('counts every object the site did not publish, but not its own manifest, lease or expiring assets', () => {
    const names = ['index.html', '_astro/old.css', 'backup.sql', 'report.pdf', '.site-publish.json', '.site-publish.lease'];
    const ownership = ownershipOf(names, manifest(['index.html'], { expiring: { '_astro/old.css': 9 } }), '', '.r:*,.rlistings');
    expect(ownership.foreign).toEqual(['backup.sql', 'report.pdf']);
    expect(ownershipRefusal('c', true, ownership, false)?.reason).toMatch(/container "c" holds 2 objects this site did not publish \("backup\.sql", "report\.pdf"\)/);
    expect(ownershipRefusal('c', true, ownership, true)).toBeNull();
  });

  it('refuses a private container, naming its ACL, and accepts a new one', () => {
    const ownership = ownershipOf([], null, '', 'AUTH_p:alice');
    expect(ownershipRefusal('c', true, ownership, false)?.reason).toMatch(/the read ACL "AUTH_p:alice" \(not public\)/);
    expect(ownershipRefusal('c', true, ownership, false)?.fix).toMatch(/--take-over/);
    expect(ownershipRefusal('c', false, ownership, false)).toBeNull();
  });

  it('lists what --take-over makes public and what it replaces, and keeps the rest as acknowledged', () => {
    const names = ['site/index.html', 'site/stale.html', 'private/db.sql'];
    const ownership = ownershipOf(names, null, 'site/', '');
    expect(takeOverEffects(ownership, names, new Set(['site/index.html']), 'site/')).toEqual({
      madePublic: ['private/db.sql', 'site/stale.html'],
      replaced: ['site/index.html'],
    });
    const later = ownershipOf(names, { format: 1, objects: ['site/index.html'], expiring: {}, foreign: ['site/stale.html', 'private/db.sql'], pending: [], updatedAt: '' }, 'site/', '.r:*,.rlistings');
    expect(later.foreign).toEqual([]);
  });

  it('keeps the operator grants in the ACL and adds public reads and listings', () => {
    expect(isPublicAcl('.r:*')).toBe(true);
    expect(isPublicAcl('.r:*.example.org,.rlistings')).toBe(false);
    expect(publicAcl('.r:*')).toBe('.r:*,.rlistings');
    expect(publicAcl('AUTH_p:bob')).toBe('AUTH_p:bob,.r:*,.rlistings');
  });
});

describe('the shrink guard', () => {
  it('weighs pages and data, not the content-hashed assets a new build replaces (every Pagefind fragment on a nightly refresh)', () => {
    const pages = Array.from({ length: 10 }, (_, i) => `site/catalog/image-${i}/index.html`);
    const fragments = Array.from({ length: 1000 }, (_, i) => `site/pagefind/fragment/en_${i.toString(16).padStart(7, '0')}.pf_fragment`);
    const replaced = shrinkMeasure([...pages, ...fragments], [], 'site/');
    expect(replaced).toEqual({ owned: 10, removed: 0 });
    expect(shrinkRefusal(replaced.owned, replaced.removed, false)).toBeNull();
    const gutted = shrinkMeasure([...pages, ...fragments], pages.slice(1), 'site/');
    expect(shrinkRefusal(gutted.owned, gutted.removed, false)?.reason).toMatch(/remove 9 of the site's 10 objects/);
  });

  it('refuses removing more than a quarter of the site, unless --allow-shrink', () => {
    expect(shrinkRefusal(100, 25, false)).toBeNull();
    expect(shrinkRefusal(100, 26, false)?.reason).toMatch(/remove 26 of the site's 100 objects/);
    expect(shrinkRefusal(100, 26, false)?.fix).toMatch(/--allow-shrink/);
    expect(shrinkRefusal(100, 99, true)).toBeNull();
    expect(shrinkRefusal(0, 0, false)).toBeNull();
  });
});
