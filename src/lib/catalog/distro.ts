import type { Distribution } from '../../schemas/distributions.ts';

/**
 * The distribution an image's `distro` key names, by its id or one of its
 * other `os_distro` spellings (case-insensitive); `undefined` when not listed.
 */
export function findDistribution(
  key: string | null,
  distributions: readonly Distribution[],
): Distribution | undefined {
  if (key === null) return undefined;
  const wanted = key.trim().toLowerCase();
  return distributions.find((d) => d.id === wanted || d.osDistro.some((alias) => alias.toLowerCase() === wanted));
}
