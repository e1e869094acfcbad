/**
 * Guards that keep a bad listing from replacing the last good snapshot: the
 * wrong project's images, or a listing that lost most of the catalog. Each is
 * a pure function returning the refusal (cause and fix) or null, with one call
 * site in scripts/lib/fetch-catalog.ts. A first fetch (no snapshot) and a
 * sample snapshot (not from a live fetch) pass both.
 */
import { isSampleSnapshot, type Snapshot } from '../../src/schemas/snapshot.ts';

export interface Refusal {
  reason: string;
  fix: string;
}

/**
 * The owner guard: a fetch for another project than the one the last good
 * snapshot lists (say CATALOG_OWNER left set to a test project) would replace
 * the whole official catalog. Refused unless `--owner-change`.
 */
export function ownerGuard(previous: Pick<Snapshot, 'source'> | null, owner: string, ownerChange: boolean): Refusal | null {
  if (previous === null || ownerChange || isSampleSnapshot(previous)) return null;
  if (previous.source.owner === owner) return null;
  return {
    reason: `the last good snapshot lists the images of project ${previous.source.owner}, but this fetch is for project ${owner} (--owner or CATALOG_OWNER); the snapshot was not replaced`,
    fix: 'fix --owner or unset CATALOG_OWNER, or pass --owner-change if the official project really changed',
  };
}

/** The share of the last good snapshot's images a new listing may lose without --allow-shrink. */
export const SHRINK_LIMIT = 0.25;

/**
 * The shrink guard: refuses a listing that has lost more than a quarter of the
 * last good snapshot's images — a wrong owner, a narrowed scope or a
 * half-answering Glance must never empty the public catalog.
 */
export function shrinkGuard(previous: Pick<Snapshot, 'source' | 'images'> | null, nextCount: number, allowShrink: boolean): Refusal | null {
  if (allowShrink || previous === null || isSampleSnapshot(previous)) return null;
  const before = previous.images.length;
  const lost = before - nextCount;
  if (before === 0 || lost <= before * SHRINK_LIMIT) return null;
  return {
    reason: `the new listing has ${nextCount} official image${nextCount === 1 ? '' : 's'}, ${lost} fewer than the last good snapshot's ${before} (more than ${SHRINK_LIMIT * 100}% lost); the snapshot was not replaced`,
    fix: 'check --owner (CATALOG_OWNER) and that the credentials see the whole catalog; if the images really were removed, run again with --allow-shrink',
  };
}
