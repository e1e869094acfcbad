/**
 * Image lines: what stays the same when an official image is rebuilt.
 *
 * A cloud publishes each new build as a new image (a new ID) under the line's
 * name, and keeps earlier builds renamed: with a build suffix ` [v<build>]`
 * (in an archive project, say) or, as SCS-0102 and the OpenStack Image Manager
 * do, with the build date ` YYYYMMDD` or ` (YYYYMMDD)`, and hidden. A line is
 * the cloud's line property (its `ImageConventions`), else SCS-0102's
 * `image_name`, else the image's name without the cloud's name prefix and the
 * build suffix; plus architecture. Builds are ordered by the cloud's build
 * property, then `image_build_date`, then `internal_version`, then creation.
 * Everything here is pure: the pages and `/catalog/latest.json` read it.
 */
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { SCS_PROPERTIES, STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { firstProperty, stripNamePrefix } from './read-properties.ts';
import { slugify } from './slug.ts';
import { compareVersions, timeOf } from './sort.ts';
import { isEarlierBuild, purposeOf } from './purpose.ts';

export type LineImage = Pick<CatalogImage, 'id' | 'name' | 'architecture' | 'createdAt' | 'properties'>;

const BUILD_SUFFIX = /\s*\[v(\d+)\]\s*$/i;
/** ` 20250301` or ` (20250301)` at the end of a name: the build date SCS-0102 has earlier builds renamed with. */
const DATE_SUFFIX = /\s+\(?((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\)?\s*$/;
const ARCH_WORDS: Readonly<Record<string, string>> = { x86_64: 'x86_64', 'x86-64': 'x86_64', amd64: 'x86_64', arm64: 'aarch64', aarch64: 'aarch64', i386: 'i686', i686: 'i686' };

/**
 * A name without the cloud's prefix, a build suffix ` [v41]` and a build-date
 * suffix ` 20250301` or ` (20250301)`: with a cloud's prefix `Acme `,
 * `Acme Ubuntu 24.04 LTS (Noble) amd64 [v41]` → `Ubuntu 24.04 LTS (Noble) amd64`;
 * `Ubuntu 24.04 20250301` → `Ubuntu 24.04`.
 */
export function stripBuildName(name: string, conventions: Pick<ImageConventions, 'namePrefix'> = STANDARD_CONVENTIONS): string {
  return stripNamePrefix(name.replace(BUILD_SUFFIX, '').replace(DATE_SUFFIX, ''), conventions);
}

/** The line's readable name: the cloud's line property, else `image_name`, else the image's own name; without prefix and build suffix. */
export function lineNameOf(image: Pick<LineImage, 'name' | 'properties'>, conventions: ImageConventions = STANDARD_CONVENTIONS): string {
  const given = firstProperty(image.properties, [...conventions.lineProperties, SCS_PROPERTIES.line]);
  return stripBuildName(given ?? image.name, conventions);
}

/** Whether the name already says this architecture (so the key need not repeat it). */
function nameStatesArchitecture(name: string, architecture: string): boolean {
  return (name.toLowerCase().match(/x86[-_]64|[a-z0-9]+/g) ?? []).some((word) => ARCH_WORDS[word] === architecture);
}

/**
 * The line's key, a URL-safe slug: the line name, plus the architecture unless
 * the name already says it (`ubuntu-24-04-lts-noble-amd64`, `windows-server-2022-x86-64`).
 * Two images are in the same line exactly when their keys are equal.
 */
export function lineKeyOf(image: Pick<LineImage, 'name' | 'properties' | 'architecture'>, conventions: ImageConventions = STANDARD_CONVENTIONS): string {
  return lineKeyFor(lineNameOf(image, conventions), image.architecture);
}

/** The key of a line name and architecture (also used for history entries, which keep no properties). */
export function lineKeyFor(lineName: string, architecture: string | null | undefined): string {
  const base = slugify(lineName) || 'image';
  if (!architecture || nameStatesArchitecture(lineName, architecture)) return base;
  return `${base}-${slugify(architecture)}`;
}

/** The build number: the cloud's build property when it is a whole number, else the `[v<build>]` of the name; null when neither says. */
export function buildOf(image: Pick<LineImage, 'name' | 'properties'>, conventions: Pick<ImageConventions, 'buildProperties'> = STANDARD_CONVENTIONS): number | null {
  for (const name of conventions.buildProperties) {
    const property = firstProperty(image.properties, [name]);
    if (property !== null && /^\d{1,15}$/.test(property)) return Number(property);
  }
  const suffix = BUILD_SUFFIX.exec(image.name)?.[1];
  return suffix === undefined || suffix.length > 15 ? null : Number(suffix);
}

/** SCS-0102's `image_build_date` (`YYYY-MM-DD` or `YYYY-MM-DD hh:mm[:ss]`, UTC), read strictly. */
const BUILD_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?(?:Z|[+-]00:?00)?$/;

/** A UTC date from parts, or null when they are no real date (30 Feb). */
function utcTime(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0): number | null {
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const time = Date.UTC(year, month - 1, day, hours, minutes, seconds);
  const date = new Date(time);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? time : null;
}

/**
 * When the build was made (milliseconds, UTC): `image_build_date`, else the
 * ` YYYYMMDD` / ` (YYYYMMDD)` an earlier build was renamed with; null when
 * neither says or the value is no date.
 */
export function buildTimeOf(image: Pick<LineImage, 'name' | 'properties'>): number | null {
  const given = firstProperty(image.properties, [SCS_PROPERTIES.buildDate]);
  if (given !== null) {
    const match = BUILD_DATE.exec(given);
    if (match) {
      const [, y, mo, d, h, mi, se] = match.map((part) => (part === undefined ? undefined : Number(part)));
      return utcTime(y!, mo!, d!, h ?? 0, mi ?? 0, se ?? 0);
    }
    return null;
  }
  const suffix = DATE_SUFFIX.exec(image.name);
  return suffix ? utcTime(Number(suffix[1]), Number(suffix[2]), Number(suffix[3])) : null;
}

/** Newest first for values that may be unknown: a known value before an unknown one; 0 when equal. */
function newestFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/**
 * Newest build first: by build number (an image whose build is not known sorts
 * after every numbered build: such images predate the build property), then
 * by build date (`image_build_date`), then by `internal_version` (as versions
 * compare), then by creation date (newest first, unknown last), then by ID so
 * the order is total.
 */
export function compareBuildsNewestFirst(a: LineImage, b: LineImage, conventions: Pick<ImageConventions, 'buildProperties'> = STANDARD_CONVENTIONS): number {
  const byBuild = newestFirst(buildOf(a, conventions), buildOf(b, conventions));
  if (byBuild !== 0) return byBuild;
  const byDate = newestFirst(buildTimeOf(a), buildTimeOf(b));
  if (byDate !== 0) return byDate;
  const va = firstProperty(a.properties, [SCS_PROPERTIES.internalVersion]);
  const vb = firstProperty(b.properties, [SCS_PROPERTIES.internalVersion]);
  // compareVersions puts an unknown (null) first; newest first wants it last, so the order is reversed.
  const byVersion = compareVersions(vb, va);
  if (byVersion !== 0) return byVersion;
  const byCreation = newestFirst(timeOf(a.createdAt), timeOf(b.createdAt));
  if (byCreation !== 0) return byCreation;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Line<T extends LineImage> {
  key: string;
  /** The line's name (from the newest image that has one). */
  name: string;
  architecture: string | null;
  /**
   * The current build: the newest of the line's images in the official
   * listing. Being listed is what makes a build current, so it stays current
   * even when an archived build carries a higher build number. A listed
   * image whose purpose is SCS-0102 v2's `oldgeneric` is never current: it
   * is one of the line's earlier builds (in `archived`).
   */
  current: T | null;
  /** The line's other current images (a second public build not yet archived), newest first. */
  otherCurrent: T[];
  /** Archived builds, newest first. */
  archived: T[];
}

/** Groups current and archived images into lines, ordered by key. */
export function buildLines<T extends LineImage>(current: readonly T[], archived: readonly T[], conventions: ImageConventions = STANDARD_CONVENTIONS): Line<T>[] {
  const lines = new Map<string, { current: T[]; archived: T[] }>();
  const compare = (a: T, b: T) => compareBuildsNewestFirst(a, b, conventions);
  const slot = (image: T) => {
    const key = lineKeyOf(image, conventions);
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { current: [], archived: [] }));
    return line;
  };
  // SCS-0102 v2: an `oldgeneric` image is a general-purpose image replaced by a newer one, an earlier build even while listed.
  for (const image of current) {
    const line = slot(image);
    if (isEarlierBuild(purposeOf(image.properties, conventions))) line.archived.push(image);
    else line.current.push(image);
  }
  for (const image of archived) slot(image).archived.push(image);
  return [...lines.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, line]) => {
      const currents = [...line.current].sort(compare);
      const archivedBuilds = [...line.archived].sort(compare);
      const newest = currents[0] ?? archivedBuilds[0]!;
      return {
        key,
        name: lineNameOf(newest, conventions),
        architecture: newest.architecture,
        current: currents[0] ?? null,
        otherCurrent: currents.slice(1),
        archived: archivedBuilds,
      };
    });
}

/** What a page that outlived its image points at. */
export type Successor<T> =
  /** The current build of the image's own line. */
  | { kind: 'line'; image: T }
  /** No current build of the line: the newest current image of the same distribution. */
  | { kind: 'distribution'; image: T }
  | { kind: 'none' };

export type SuccessorCandidate = LineImage & Pick<CatalogImage, 'distro' | 'version'>;

/**
 * The nearest current image for an image that is archived or gone: its line's
 * current build, else the newest current image of its distribution (the same
 * architecture preferred; highest version, then newest build), else none.
 */
export function successorOf<T extends SuccessorCandidate>(
  target: { line: string; distro: string | null; architecture: string | null },
  lines: ReadonlyMap<string, Pick<Line<T>, 'current'>>,
  current: readonly T[],
  conventions: Pick<ImageConventions, 'buildProperties'> = STANDARD_CONVENTIONS,
): Successor<T> {
  const own = lines.get(target.line)?.current;
  if (own) return { kind: 'line', image: own };
  if (target.distro === null) return { kind: 'none' };
  const sameDistro = current.filter((image) => image.distro === target.distro);
  const sameArch = sameDistro.filter((image) => image.architecture === target.architecture);
  const pool = sameArch.length ? sameArch : sameDistro;
  const best = [...pool].sort((a, b) => compareVersions(b.version, a.version) || compareBuildsNewestFirst(a, b, conventions))[0];
  return best ? { kind: 'distribution', image: best } : { kind: 'none' };
}
