/**
 * The conformance report: SCS's verdicts over a catalog's images, per image
 * (every test case it fails, with the value found and what would pass), per
 * standard version (whether the catalog conforms, and which test cases fail),
 * and the SCS-0104 images it is missing. The shape of /catalog/conformance.json
 * and of `npm run catalog:conformance -- --json`. Pure.
 */
import type { Snapshot } from '../../schemas/snapshot.ts';
import { suiteImages, type ScsImage } from './image.ts';
import { SCS_0102_RULES, type Found } from './scs-0102.ts';
import { SCS_0104_PRESENCE_RULES, SCS_0104_SOURCE_RULES } from './scs-0104.ts';
import { STANDARD_VERSIONS } from './standards.ts';

export interface ConformanceFailure {
  /** SCS's test case id. */
  test: string;
  found: Found;
  expected: string;
}

export interface ConformanceImage {
  id: string;
  name: string;
  failed: ConformanceFailure[];
  /** With several sources: where the image is listed. */
  member?: string;
  region?: string | null;
}

export interface MissingImage {
  test: string;
  name: string;
  member?: string;
  region?: string | null;
}

export interface StandardVerdict {
  conforms: boolean;
  failed: string[];
}

export interface ConformanceReport {
  standards: Record<string, StandardVerdict>;
  /** Every image the suite looks at, in the catalog's order, with `failed: []` when it passes. */
  images: ConformanceImage[];
  missing: MissingImage[];
}

/** Every test case a standard version names, in the order first named. */
export const TEST_CASES: readonly string[] = [...new Set(STANDARD_VERSIONS.flatMap((version) => version.tests))];

/** Verdicts over images SCS's suite sees (in its listing order), at `now` (Unix seconds). */
export function conformanceOf(images: readonly ScsImage[], now: number, order: readonly string[] = images.map((image) => image.id)): ConformanceReport {
  const failures = new Map<ScsImage, ConformanceFailure[]>(images.map((image) => [image, []]));
  const failedTests = new Set<string>();
  for (const rule of [...SCS_0102_RULES, ...SCS_0104_SOURCE_RULES]) {
    for (const { image, found, expected } of rule.check(images, now)) {
      failures.get(image)!.push({ test: rule.test, found, expected });
      failedTests.add(rule.test);
    }
  }
  const missing: MissingImage[] = [];
  for (const rule of SCS_0104_PRESENCE_RULES) {
    if (rule.present(images)) continue;
    failedTests.add(rule.test);
    missing.push({ test: rule.test, name: rule.spec.name });
  }
  const standards: Record<string, StandardVerdict> = {};
  for (const version of STANDARD_VERSIONS) {
    const failed = version.tests.filter((test) => failedTests.has(test));
    standards[version.id] = { conforms: failed.length === 0, failed };
  }
  const rank = new Map(order.map((id, index) => [id, index]));
  const listed = [...images].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  return { standards, images: listed.map((image) => ({ id: image.id, name: image.name, failed: failures.get(image)! })), missing };
}

/** The verdicts over one snapshot, as of its fetch (`fetchedAt`): the same on every build of it. */
export function conformanceOfSnapshot(snapshot: Pick<Snapshot, 'images' | 'fetchedAt'>): ConformanceReport {
  const now = Math.floor(Date.parse(snapshot.fetchedAt) / 1000);
  return conformanceOf(suiteImages(snapshot), now, snapshot.images.map((image) => image.raw?.id ?? image.id));
}

export interface SourceReport {
  member: string;
  region: string | null;
  report: ConformanceReport;
}

/**
 * Several sources (regions, member clouds) in one report: SCS checks each
 * cloud on its own, so each source is checked alone; a standard holds for the
 * catalog when it holds in every source, and each image and missing image says
 * where. One source's report is returned as it is.
 */
export function combineReports(sources: readonly SourceReport[]): ConformanceReport & { sources?: { member: string; region: string | null; standards: Record<string, StandardVerdict> }[] } {
  if (sources.length === 1) return sources[0]!.report;
  const standards: Record<string, StandardVerdict> = {};
  for (const version of STANDARD_VERSIONS) {
    const failed = new Set(sources.flatMap(({ report }) => report.standards[version.id]!.failed));
    standards[version.id] = { conforms: failed.size === 0, failed: version.tests.filter((test) => failed.has(test)) };
  }
  return {
    standards,
    images: sources.flatMap(({ member, region, report }) => report.images.map((image) => ({ ...image, member, region }))),
    missing: sources.flatMap(({ member, region, report }) => report.missing.map((gap) => ({ ...gap, member, region }))),
    sources: sources.map(({ member, region, report }) => ({ member, region, standards: report.standards })),
  };
}
