/**
 * Where each source's files are (src/schemas/sources.ts): the one place these paths are written. Pure, so
 * the fetch, the build and the tests share it.
 */
import { dirname, join } from 'node:path';

/** The index of a several-source catalog, beside the one-source snapshot file. */
export function sourcesIndexPathFor(snapshotFile: string): string {
  return join(dirname(snapshotFile), 'sources.json');
}

/** A region-less endpoint's folder name (a region name must start with a letter or digit, so none is `_`). */
export const NO_REGION_FOLDER = '_';

/** The folder of one source's snapshot.json and history.json, beside the index. */
export function sourceDirFor(snapshotFile: string, source: { member: string; region: string | null }): string {
  return join(dirname(snapshotFile), 'sources', source.member, source.region ?? NO_REGION_FOLDER);
}

/** One source's snapshot file. */
export function sourceSnapshotPathFor(snapshotFile: string, source: { member: string; region: string | null }): string {
  return join(sourceDirFor(snapshotFile, source), 'snapshot.json');
}
