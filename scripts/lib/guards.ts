/**
 * Guards that stop a fetch from silently replacing a live catalog with the
 * wrong one. Each is a pure function returning the refusal (cause and fix) or
 * null, with one call site in scripts/lib/fetch-catalog.ts.
 */
import { isSampleSnapshot, type Snapshot } from '../../src/schemas/snapshot.ts';

export interface Refusal {
  reason: string;
  fix: string;
}

/**
 * The owner guard: a fetch for another project than the one the last good
 * snapshot lists (say CATALOG_OWNER left set to a test project) would replace
 * the whole official catalog. Refused unless `--owner-change`; a sample
 * snapshot (not from a live fetch) and a first fetch (no snapshot) pass.
 */
export function ownerGuard(previous: Pick<Snapshot, 'source'> | null, owner: string, ownerChange: boolean): Refusal | null {
  if (previous === null || ownerChange || isSampleSnapshot(previous)) return null;
  if (previous.source.owner === owner) return null;
  return {
    reason: `the last good snapshot lists the images of project ${previous.source.owner}, but this fetch is for project ${owner} (--owner or CATALOG_OWNER); the snapshot was not replaced`,
    fix: 'fix --owner or unset CATALOG_OWNER, or pass --owner-change if the official project really changed',
  };
}
