/**
 * Image lines: what stays the same when an official image is rebuilt.
 *
 * Nectar publishes each new build as a public image named `NeCTAR <nectar_name>`
 * and moves earlier builds to the archive project renamed
 * `NeCTAR <nectar_name> [v<build>]`. A line is `nectar_name` (or, when an image
 * has none, its name without `NeCTAR ` and ` [v<build>]`) plus architecture.
 * Everything here is pure: the pages and `/catalog/latest.json` read it.
 */
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { slugify } from './slug.ts';
import { compareVersions, timeOf } from './sort.ts';

export type LineImage = Pick<CatalogImage, 'id' | 'name' | 'architecture' | 'createdAt' | 'properties'>;

const PREFIX = /^\s*nectar\s+/i;
const BUILD_SUFFIX = /\s*\[v(\d+)\]\s*$/i;
const ARCH_WORDS: Readonly<Record<string, string>> = { x86_64: 'x86_64', 'x86-64': 'x86_64', amd64: 'x86_64', arm64: 'aarch64', aarch64: 'aarch64', i386: 'i686', i686: 'i686' };

/** `NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]` → `Ubuntu 24.04 LTS (Noble) amd64`. */
export function stripBuildName(name: string): string {
  return name.replace(BUILD_SUFFIX, '').replace(PREFIX, '').trim();
}

/** The line's readable name: `nectar_name` when the image has one, else its own name, without prefix and build suffix. */
export function lineNameOf(image: Pick<LineImage, 'name' | 'properties'>): string {
  const nectarName = image.properties.nectar_name?.trim();
  return stripBuildName(nectarName || image.name);
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
export function lineKeyOf(image: Pick<LineImage, 'name' | 'properties' | 'architecture'>): string {
  return lineKeyFor(lineNameOf(image), image.architecture);
}

/** The key of a line name and architecture (also used for history entries, which keep no properties). */
export function lineKeyFor(lineName: string, architecture: string | null | undefined): string {
  const base = slugify(lineName) || 'image';
  if (!architecture || nameStatesArchitecture(lineName, architecture)) return base;
  return `${base}-${slugify(architecture)}`;
}

/** The build number: `nectar_build` when it is a whole number, else the `[v<build>]` of the name; null when neither says. */
export function buildOf(image: Pick<LineImage, 'name' | 'properties'>): number | null {
  const property = image.properties.nectar_build?.trim();
  if (property && /^\d+$/.test(property)) return Number(property);
  const suffix = BUILD_SUFFIX.exec(image.name)?.[1];
  return suffix === undefined ? null : Number(suffix);
}

/**
 * Newest build first: by build number (an image whose build is not known sorts
 * after every numbered build: such images predate `nectar_build`), then by
 * creation date (newest first, unknown last), then by ID so the order is total.
 */
export function compareBuildsNewestFirst(a: LineImage, b: LineImage): number {
  const ba = buildOf(a);
  const bb = buildOf(b);
  if (ba !== bb) {
    if (ba === null) return 1;
    if (bb === null) return -1;
    return bb - ba;
  }
  const ta = timeOf(a.createdAt);
  const tb = timeOf(b.createdAt);
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return tb - ta;
  }
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
   * even when an archived build carries a higher build number.
   */
  current: T | null;
  /** The line's other current images (a second public build not yet archived), newest first. */
  otherCurrent: T[];
  /** Archived builds, newest first. */
  archived: T[];
}

/** Groups current and archived images into lines, ordered by key. */
export function buildLines<T extends LineImage>(current: readonly T[], archived: readonly T[]): Line<T>[] {
  const lines = new Map<string, { current: T[]; archived: T[] }>();
  const slot = (image: T) => {
    const key = lineKeyOf(image);
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { current: [], archived: [] }));
    return line;
  };
  for (const image of current) slot(image).current.push(image);
  for (const image of archived) slot(image).archived.push(image);
  return [...lines.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, line]) => {
      const currents = [...line.current].sort(compareBuildsNewestFirst);
      const archivedBuilds = [...line.archived].sort(compareBuildsNewestFirst);
      const newest = currents[0] ?? archivedBuilds[0]!;
      return {
        key,
        name: lineNameOf(newest),
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
): Successor<T> {
  const own = lines.get(target.line)?.current;
  if (own) return { kind: 'line', image: own };
  if (target.distro === null) return { kind: 'none' };
  const sameDistro = current.filter((image) => image.distro === target.distro);
  const sameArch = sameDistro.filter((image) => image.architecture === target.architecture);
  const pool = sameArch.length ? sameArch : sameDistro;
  const best = [...pool].sort((a, b) => compareVersions(b.version, a.version) || compareBuildsNewestFirst(a, b))[0];
  return best ? { kind: 'distribution', image: best } : { kind: 'none' };
}
