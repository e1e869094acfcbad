import { describe, expect, it } from 'vitest';
import { compareBy, compareVersions, lastUpdated, timeOf, type SortKey, type SortOrder } from '../../../src/lib/catalog/sort.ts';
import type { CatalogImage } from '../../../src/schemas/snapshot.ts';
import { groupImages, UNKNOWN_GROUP_KEY } from '../../../src/lib/catalog/group.ts';
import { distributions, fixtureSnapshot, image } from './helpers.ts';

describe('compareVersions', () => {
  it('compares numbers as numbers', () => {
    expect(compareVersions('9', '10')).toBeLessThan(0);
    expect(compareVersions('22.04', '24.04')).toBeLessThan(0);
    expect(compareVersions('42.3', '15.6')).toBeGreaterThan(0);
    expect(compareVersions('7.9', '7.10')).toBeLessThan(0);
    expect(compareVersions('24.04', '24.04')).toBe(0);
    expect(compareVersions('0.6.2', '0.5.2')).toBeGreaterThan(0);
  });

  it('puts unknown versions below every known one', () => {
    expect(compareVersions(null, '1')).toBeLessThan(0);
    expect(compareVersions('1', null)).toBeGreaterThan(0);
    expect(compareVersions(null, null)).toBe(0);
  });

  it('sorts a list newest last in ascending order', () => {
    const list = ['10', '9', '22.04', '12.04', '24.04', '8'];
    expect([...list].sort(compareVersions)).toEqual(['8', '9', '10', '12.04', '22.04', '24.04']);
  });
});

describe('groupImages', () => {
  const list = distributions();

  it('groups by distribution, groups by name, newest version first', () => {
    const images = [
      image({ name: 'Debian 9', distro: 'debian', version: '9' }),
      image({ name: 'Ubuntu 22.04', distro: 'ubuntu', version: '22.04' }),
      image({ name: 'Debian 10', distro: 'debian', version: '10' }),
      image({ name: 'Ubuntu 24.04', distro: 'ubuntu', version: '24.04' }),
      image({ name: 'Stream 9', distro: 'centos-stream', version: '9' }),
      image({ name: 'CentOS 7', distro: 'centos', version: '7' }),
      image({ name: 'Mystery', distro: null }),
      image({ name: 'Gentoo', distro: 'gentoo', version: '2025' }),
    ];
    const groups = groupImages(images, list);
    expect(groups.map((g) => g.key)).toEqual(['centos', 'debian', 'gentoo', 'ubuntu', UNKNOWN_GROUP_KEY]);
    expect(groups.find((g) => g.key === 'debian')!.images.map((i) => i.version)).toEqual(['10', '9']);
    expect(groups.find((g) => g.key === 'ubuntu')!.images.map((i) => i.version)).toEqual(['24.04', '22.04']);
    // centos-stream is another spelling of centos in distributions.yaml.
    expect(groups.find((g) => g.key === 'centos')!.images.map((i) => i.name)).toEqual(['Stream 9', 'CentOS 7']);
    expect(groups.find((g) => g.key === 'gentoo')!.distribution).toBeUndefined();
    expect(groups.at(-1)!.name).toBe('Unknown distribution');
  });

  it('does not depend on the order of the input', () => {
    const images = fixtureSnapshot().images;
    const forward = groupImages(images, list).map((g) => [g.key, g.images.map((i) => i.id)]);
    const backward = groupImages([...images].reverse(), list).map((g) => [g.key, g.images.map((i) => i.id)]);
    expect(backward).toEqual(forward);
  });

  it('puts images without a version last in their group', () => {
    const images = [image({ distro: 'ubuntu', version: null }), image({ distro: 'ubuntu', version: '12.04' })];
    expect(groupImages(images, list)[0]!.images.map((i) => i.version)).toEqual(['12.04', null]);
  });
});

/** What the filter does: rows keyed by name, ID and last-updated time, ordered by `compareBy`. */
function sortImages(images: CatalogImage[], key: SortKey, order: SortOrder): CatalogImage[] {
  const keyed = images.map((image) => ({ image, name: image.name, id: image.id, updated: timeOf(lastUpdated(image)) }));
  return keyed.sort(compareBy(key, order)).map(({ image }) => image);
}

describe('compareBy', () => {
  const a = image({ name: 'beta', updatedAt: '2025-03-01T00:00:00Z' });
  const b = image({ name: 'Alpha', updatedAt: '2025-01-01T00:00:00Z' });
  const c = image({ name: 'gamma 10', updatedAt: null, createdAt: '2025-02-01T00:00:00Z' });
  const d = image({ name: 'gamma 9', updatedAt: null, createdAt: null });

  it('sorts by name, case-insensitively and numbers by value', () => {
    expect(sortImages([a, b, c, d], 'name', 'asc').map((i) => i.name)).toEqual(['Alpha', 'beta', 'gamma 9', 'gamma 10']);
    expect(sortImages([a, b, c, d], 'name', 'desc').map((i) => i.name)).toEqual(['gamma 10', 'gamma 9', 'beta', 'Alpha']);
  });

  it('sorts by last updated (falling back to created), missing dates last', () => {
    expect(sortImages([a, b, c, d], 'updated', 'desc').map((i) => i.name)).toEqual(['beta', 'gamma 10', 'Alpha', 'gamma 9']);
    expect(sortImages([a, b, c, d], 'updated', 'asc').map((i) => i.name)).toEqual(['Alpha', 'gamma 10', 'beta', 'gamma 9']);
  });
});
