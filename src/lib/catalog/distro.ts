import type { Distribution } from '../../schemas/distributions.ts';

/**
 * The distribution an `os_distro` value or an image's `distro` key names, by
 * its id or one of its other `os_distro` spellings (case-insensitive);
 * `undefined` when not listed. The one lookup for the build and the fetch.
 */
export function findDistribution<D extends Pick<Distribution, 'id' | 'osDistro'>>(
  key: string | null,
  distributions: readonly D[],
): D | undefined {
  if (!key) return undefined;
  const wanted = key.trim().toLowerCase();
  return distributions.find((d) => d.id === wanted || d.osDistro.some((alias) => alias.toLowerCase() === wanted));
}
