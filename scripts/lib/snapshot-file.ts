/**
 * Reading and writing the snapshot: validated with `snapshotSchema` both
 * ways, written through a temporary file renamed into place, with images
 * sorted by name then id and every object's keys sorted, so two fetches of
 * the same cloud give the same bytes apart from `fetchedAt`.
 */
import { existsSync } from 'node:fs';
import { snapshotSchema, type CatalogImage, type Snapshot } from '../../src/schemas/snapshot.ts';
import { readJsonFile, writeJsonFileAtomically, DataFileError } from '../../src/lib/json-file.ts';
import { sortImages, sortKeysDeep } from '../../src/lib/catalog/normalise.ts';

/** An empty `archived` list is left out, so a snapshot without archived builds keeps its old bytes. */
export const sortedSnapshotSchema = snapshotSchema.transform(({ archived, ...snapshot }) =>
  sortKeysDeep({ ...snapshot, images: sortImages(snapshot.images), ...(archived.length ? { archived: sortImages(archived) } : {}) }),
);

/** The previous snapshot; null when there is none, or (with a warning) when it is unreadable and will be replaced. */
export async function readPreviousSnapshot(path: string): Promise<{ snapshot: Snapshot | null; warning: string | null }> {
  if (!existsSync(path)) return { snapshot: null, warning: null };
  try {
    return { snapshot: await readJsonFile(path, snapshotSchema, 'it will be replaced'), warning: null };
  } catch (error) {
    if (error instanceof DataFileError) return { snapshot: null, warning: `${error.message}; every image counts as added` };
    throw error;
  }
}

export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeJsonFileAtomically(path, sortedSnapshotSchema, snapshot);
}

/** Whether two image lists are the same catalog (order and key order aside). */
export function sameImages(a: readonly CatalogImage[], b: readonly CatalogImage[]): boolean {
  return JSON.stringify(sortKeysDeep(sortImages(a))) === JSON.stringify(sortKeysDeep(sortImages(b)));
}
