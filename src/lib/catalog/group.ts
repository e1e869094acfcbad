import type { CatalogImage } from '../../schemas/snapshot.ts';
import type { Distribution } from '../../schemas/distributions.ts';
import { findDistribution } from './distro.ts';
import { compareVersions, nameCollator } from './sort.ts';

/** The images of one distribution, newest version first. */
export interface ImageGroup {
  /** Distribution id, the raw `distro` value when not listed, or `unknown`. */
  key: string;
  /** Heading: the distribution's name, or what the images said. */
  name: string;
  /** The listed distribution, when there is one. */
  distribution: Distribution | undefined;
  images: CatalogImage[];
}

export const UNKNOWN_GROUP_KEY = 'unknown';

/** Which group an image belongs to: its listed distribution's id, or its raw key. */
export function groupKeyOf(image: Pick<CatalogImage, 'distro'>, distributions: readonly Distribution[]): string {
  const distribution = findDistribution(image.distro, distributions);
  if (distribution) return distribution.id;
  const raw = image.distro?.trim().toLowerCase();
  return raw ? raw : UNKNOWN_GROUP_KEY;
}

/** Newest version first; then name; then ID, so the order never depends on input order. */
export function compareWithinGroup(a: CatalogImage, b: CatalogImage): number {
  return (
    compareVersions(b.version, a.version) ||
    nameCollator.compare(a.name, b.name) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * Groups images by distribution. Groups are ordered by name, with images of no
 * stated distribution last; inside a group the newest version comes first.
 */
export function groupImages(images: readonly CatalogImage[], distributions: readonly Distribution[]): ImageGroup[] {
  const groups = new Map<string, ImageGroup>();
  for (const image of images) {
    const key = groupKeyOf(image, distributions);
    let group = groups.get(key);
    if (!group) {
      const distribution = findDistribution(image.distro, distributions);
      group = {
        key,
        name: distribution?.name ?? (key === UNKNOWN_GROUP_KEY ? 'Unknown distribution' : (image.distro ?? '').trim()),
        distribution,
        images: [],
      };
      groups.set(key, group);
    }
    group.images.push(image);
  }
  for (const group of groups.values()) group.images.sort(compareWithinGroup);
  return [...groups.values()].sort((a, b) => {
    if ((a.key === UNKNOWN_GROUP_KEY) !== (b.key === UNKNOWN_GROUP_KEY)) return a.key === UNKNOWN_GROUP_KEY ? 1 : -1;
    return nameCollator.compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  });
}
