import type { CatalogImage } from '../../schemas/snapshot.ts';
import type { EolDistribution, EolRelease } from '../../schemas/eol.ts';
import { dayIsOver, isoDay } from './promise.ts';
import { firstProperty } from './read-properties.ts';

/** SCS-0102's property for the day until which the OS vendor promises maintenance (`YYYY-MM-DD`, UTC). */
export const MAINTAINED_UNTIL = 'maintained_until';

/** What `maintained_until` means, in the words the page uses beside a distribution's own `meaning`. */
export const MAINTAINED_UNTIL_MEANING = 'the image’s own metadata promises maintenance from the OS vendor until this day';

/**
 * What the catalog knows about the end of life of an image's release: from
 * the distribution's published dates (eol.yaml, `from: 'distribution'`) or
 * from the image's own `maintained_until` (`from: 'image'`), whichever day is
 * earlier.
 */
export type EolStatus =
  | { state: 'unknown' }
  | { state: 'supported' | 'eol'; from: 'distribution'; date: string; source: string; meaning: string; release: EolRelease }
  | {
      state: 'supported' | 'eol';
      from: 'image';
      date: string;
      /** No page to cite: the date is the image's own. */
      source: null;
      meaning: string;
      /** The eol.yaml release too, when it is listed (its date is later). */
      release: EolRelease | undefined;
    };

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
 * distribution id from distributions.yaml (resolved from aliases). An image's
 * own `maintained_until` (a `YYYY-MM-DD`) counts too: the earlier day wins,
 * and the status says which it was (`from`). Any other `maintained_until`
 * value is ignored here (the page lists it among the properties).
 */
export function eolStatus(
  image: Pick<CatalogImage, 'name' | 'version'> & Partial<Pick<CatalogImage, 'properties'>>,
  distroKey: string | null,
  eolData: readonly EolDistribution[],
  now: Date,
): EolStatus {
  const distro = distroKey === null ? undefined : eolData.find((d) => d.distro === distroKey);
  const release = findRelease(image, distro);
  const given = image.properties ? firstProperty(image.properties, [MAINTAINED_UNTIL]) : null;
  const own = given === null ? null : isoDay(given);
  const state = (day: string) => (dayIsOver(day, now) ? 'eol' : 'supported');
  if (own !== null && (!distro || !release || own < release.eol)) {
    return { state: state(own), from: 'image', date: own, source: null, meaning: MAINTAINED_UNTIL_MEANING, release };
  }
  if (!distro || !release) return { state: 'unknown' };
  return {
    state: state(release.eol),
    from: 'distribution',
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
