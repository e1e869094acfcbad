/**
 * The change history beside the snapshot: what each fetch added, removed and
 * updated, newest first.
 */
import { historySchema, type CatalogImage, type History, type HistoryEntry } from '../../src/schemas/snapshot.ts';
import { writeJsonFileAtomically } from '../../src/lib/json-file.ts';
import { sortImages, sortKeysDeep } from '../../src/lib/catalog/normalise.ts';
import { lineKeyOf } from '../../src/lib/catalog/lineage.ts';
import { STANDARD_CONVENTIONS, type ImageConventions } from '../../src/lib/catalog/conventions.ts';
import { loginUserOf } from '../../src/lib/catalog/login.ts';
import { findDistribution } from '../../src/lib/catalog/distro.ts';
import type { Distribution } from '../../src/schemas/distributions.ts';

// The one history reader and path rule, shared with the build.
export { historyPathFor, readHistory } from '../../src/lib/catalog/load.ts';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeysDeep(a)) === JSON.stringify(sortKeysDeep(b));
}

/** Names of the fields that differ; a changed property is named `properties.<name>`. */
export function changedFields(before: CatalogImage, after: CatalogImage): string[] {
  const fields = new Set<string>();
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort() as Array<keyof CatalogImage>;
  const own = (record: Record<string, string> | undefined, name: string): string | undefined =>
    record && Object.hasOwn(record, name) ? record[name] : undefined;
  for (const key of keys) {
    if (key === 'properties' || key === 'raw') {
      // A change only in Glance's raw value (cut off or cleaned on the page) is a change of that field.
      const b = before[key] ?? {};
      const a = after[key] ?? {};
      const names = [...new Set([...Object.keys(b), ...Object.keys(a)])];
      for (const name of names) {
        if (own(b, name) === own(a, name)) continue;
        if (key === 'properties') fields.add(`properties.${name}`);
        else if (!name.startsWith('key:')) fields.add(name.replace(/^tags\.\d+$/, 'tags'));
      }
    } else if (!same(before[key], after[key])) {
      fields.add(key);
    }
  }
  return [...fields].sort();
}

/** The two lists a snapshot holds: the current (official) images and the archived builds. */
export interface CatalogLists {
  images: readonly CatalogImage[];
  archived: readonly CatalogImage[];
}

/** The login user the site shows for an image (recorded with a removed image, for its tombstone). */
export type LoginUserReader = (image: CatalogImage) => string | null;

/** The build's one login rule (`loginUserOf`), over the fetch's distributions.yaml. */
export function loginUserReader(distributions: readonly Distribution[], conventions: ImageConventions = STANDARD_CONVENTIONS): LoginUserReader {
  return (image) => loginUserOf(image, findDistribution(image.distro, distributions), conventions).user;
}

/**
 * What changed between two snapshots; with no previous one everything is
 * added. A current build that is now in the archive is `archived` (still
 * launchable by ID), not removed; `removed` holds only images that left
 * both lists (`archived: true` on those that had been archived builds).
 * Lines are read by the cloud's conventions.
 */
export function diffCatalog(
  previous: CatalogLists | null,
  next: CatalogLists,
  fetchedAt: string,
  loginUser: LoginUserReader,
  conventions: ImageConventions = STANDARD_CONVENTIONS,
): HistoryEntry {
  const before = new Map((previous?.images ?? []).map((image) => [image.id, image]));
  const current = new Set(next.images.map((image) => image.id));
  const archivedNow = new Map(next.archived.map((image) => [image.id, image]));
  const entry: HistoryEntry = { fetchedAt, added: [], removed: [], updated: [] };
  const archived: NonNullable<HistoryEntry['archived']> = [];
  for (const image of sortImages(next.images)) {
    const old = before.get(image.id);
    if (!old) {
      entry.added.push({ id: image.id, name: image.name, createdAt: image.createdAt });
      continue;
    }
    const fields = changedFields(old, image);
    if (fields.length) entry.updated.push({ id: image.id, name: image.name, updatedAt: image.updatedAt, fields });
  }
  for (const image of sortImages(previous?.images ?? [])) {
    if (current.has(image.id)) continue;
    const moved = archivedNow.get(image.id);
    if (moved) {
      archived.push({ id: image.id, name: image.name, ...(moved.name !== image.name ? { archivedName: moved.name } : {}), line: lineKeyOf(image, conventions) });
    } else {
      entry.removed.push(removedRecord(image, false, loginUser, conventions));
    }
  }
  for (const image of sortImages(previous?.archived ?? [])) {
    if (!current.has(image.id) && !archivedNow.has(image.id)) entry.removed.push(removedRecord(image, true, loginUser, conventions));
  }
  return archived.length ? { ...entry, archived } : entry;
}

/** What changed between two lists of current images (no archive); with no previous list everything is added. */
export function diffImages(
  previous: readonly CatalogImage[] | null,
  next: readonly CatalogImage[],
  fetchedAt: string,
  loginUser: LoginUserReader = loginUserReader([]),
  conventions: ImageConventions = STANDARD_CONVENTIONS,
): HistoryEntry {
  return diffCatalog(previous && { images: previous, archived: [] }, { images: next, archived: [] }, fetchedAt, loginUser, conventions);
}

/** A removed image as history keeps it: enough for its tombstone page to find the nearest current image and say how to log in. */
function removedRecord(image: CatalogImage, archived: boolean, loginUser: LoginUserReader, conventions: ImageConventions): HistoryEntry['removed'][number] {
  return {
    id: image.id,
    name: image.name,
    distro: image.distro,
    version: image.version,
    architecture: image.architecture,
    line: lineKeyOf(image, conventions),
    createdAt: image.createdAt,
    loginUser: loginUser(image),
    ...(archived ? { archived: true } : {}),
  };
}

export function isEmptyEntry(entry: HistoryEntry): boolean {
  return entry.added.length === 0 && entry.removed.length === 0 && entry.updated.length === 0 && (entry.archived ?? []).length === 0;
}

/** Writes through the schema, with every object's keys sorted. */
export const sortedHistorySchema = historySchema.transform((history) => sortKeysDeep(history));

export async function writeHistory(path: string, history: History): Promise<void> {
  await writeJsonFileAtomically(path, sortedHistorySchema, history);
}

