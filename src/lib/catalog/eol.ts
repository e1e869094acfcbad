import type { CatalogImage } from '../../schemas/snapshot.ts';
import type { EolDistribution, EolRelease } from '../../schemas/eol.ts';

/** What the catalog knows about the end of life of an image's release. */
export type EolStatus =
  | { state: 'unknown' }
  | { state: 'supported' | 'eol'; date: string; source: string; meaning: string; release: EolRelease };

function versionNumbers(version: string): string[] {
  return version.match(/\d+/g) ?? [];
}

/** True when every number of `release` starts `version`: release "7" covers "7.9", "24.04" covers "24.04.1". */
function releaseCovers(release: string, version: string): boolean {
  const r = versionNumbers(release);
  const v = versionNumbers(version);
  if (r.length === 0 || r.length > v.length) return false;
  return r.every((part, i) => Number(part) === Number(v[i]));
}

/**
 * The release entry for an image: the one covering its version with the most
 * version numbers, preferring an entry whose `nameIncludes` matches the image's
 * name over a plain one (CentOS Stream 8 over CentOS 8). Entries with
 * `nameIncludes` never match an image whose name lacks that text.
 */
export function findRelease(
  image: Pick<CatalogImage, 'name' | 'version'>,
  distro: EolDistribution | undefined,
): EolRelease | undefined {
  if (!distro || image.version === null) return undefined;
  const name = image.name.toLowerCase();
  let best: { release: EolRelease; score: number } | undefined;
  for (const release of distro.releases) {
    if (!releaseCovers(release.version, image.version)) continue;
    if (release.nameIncludes !== undefined && !name.includes(release.nameIncludes.toLowerCase())) continue;
    const score = versionNumbers(release.version).length * 2 + (release.nameIncludes === undefined ? 0 : 1);
    if (!best || score > best.score) best = { release, score };
  }
  return best?.release;
}

/**
 * Whether an image's release is past its end of life on `now`: the release is
 * end of life from the day after its date (UTC). `distroKey` is the image's
 * distribution id from distributions.yaml (resolved from aliases).
 */
export function eolStatus(
  image: Pick<CatalogImage, 'name' | 'version'>,
  distroKey: string | null,
  eolData: readonly EolDistribution[],
  now: Date,
): EolStatus {
  const distro = distroKey === null ? undefined : eolData.find((d) => d.distro === distroKey);
  const release = findRelease(image, distro);
  if (!distro || !release) return { state: 'unknown' };
  const endsAt = Date.parse(`${release.eol}T23:59:59.999Z`);
  return {
    state: now.getTime() > endsAt ? 'eol' : 'supported',
    date: release.eol,
    source: release.source ?? distro.source,
    meaning: distro.meaning,
    release,
  };
}

/** Shorthand: is the image's release past its end of life? */
export function isEol(status: EolStatus): boolean {
  return status.state === 'eol';
}
