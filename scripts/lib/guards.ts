/**
 * Guards that keep a bad listing from replacing the last good snapshot. Each
 * is a pure function returning why it refuses (or null), with one call site
 * in scripts/lib/fetch-catalog.ts.
 */
import { isSampleSnapshot, type Snapshot } from '../../src/schemas/snapshot.ts';

export interface GuardRefusal {
  cause: string;
  fix: string;
}

/** The share of the last good snapshot's images a new listing may lose without --allow-shrink. */
export const SHRINK_LIMIT = 0.25;

/**
 * The shrink guard: refuses a listing that has lost more than a quarter of the
 * last good snapshot's images — a wrong owner, a narrowed scope or a
 * half-answering Glance must never empty the public catalog. No previous
 * snapshot, or a sample one (not from a live fetch), may be replaced freely.
 */
export function shrinkGuard(previous: Pick<Snapshot, 'source' | 'images'> | null, nextCount: number, allowShrink: boolean): GuardRefusal | null {
  if (allowShrink || previous === null || isSampleSnapshot(previous)) return null;
  const before = previous.images.length;
  const lost = before - nextCount;
  if (before === 0 || lost <= before * SHRINK_LIMIT) return null;
  return {
    cause: `the new listing has ${nextCount} official image${nextCount === 1 ? '' : 's'}, ${lost} fewer than the last good snapshot's ${before} (more than ${SHRINK_LIMIT * 100}% lost); the snapshot was not replaced`,
    fix: 'check --owner (CATALOG_OWNER) and that the credentials see the whole catalog; if the images really were removed, run again with --allow-shrink',
  };
}
