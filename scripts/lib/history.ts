/**
 * The change history beside the snapshot: what each fetch added, removed and
 * updated, newest first.
 */
import { historySchema, type CatalogImage, type History, type HistoryEntry } from '../../src/schemas/snapshot.ts';
import { writeJsonFileAtomically } from '../../src/lib/json-file.ts';
import { sortImages, sortKeysDeep } from '../../src/lib/catalog/normalise.ts';
import { lineKeyOf } from '../../src/lib/catalog/lineage.ts';
import { STANDARD_CONVENTIONS, type ImageConventions } from '../../src/lib/catalog/conventions.ts';

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

/** What changed between two image lists; with no previous list everything is added. Lines are read by the cloud's conventions. */
export function diffImages(
  previous: readonly CatalogImage[] | null,
  next: readonly CatalogImage[],
  fetchedAt: string,
  conventions: ImageConventions = STANDARD_CONVENTIONS,
): HistoryEntry {
  const before = new Map((previous ?? []).map((image) => [image.id, image]));
  const after = new Map(next.map((image) => [image.id, image]));
  const entry: HistoryEntry = { fetchedAt, added: [], removed: [], updated: [] };
  for (const image of sortImages(next)) {
    const old = before.get(image.id);
    if (!old) {
      entry.added.push({ id: image.id, name: image.name, createdAt: image.createdAt });
      continue;
    }
    const fields = changedFields(old, image);
    if (fields.length) entry.updated.push({ id: image.id, name: image.name, updatedAt: image.updatedAt, fields });
  }
  for (const image of sortImages(previous ?? [])) {
    if (!after.has(image.id)) entry.removed.push(removedRecord(image, false, conventions));
  }
  return entry;
}

/** A removed image as history keeps it: enough for its tombstone page to find the nearest current image. */
function removedRecord(image: CatalogImage, archived: boolean, conventions: ImageConventions): HistoryEntry['removed'][number] {
  return {
    id: image.id,
    name: image.name,
    distro: image.distro,
    version: image.version,
    architecture: image.architecture,
    line: lineKeyOf(image, conventions),
    createdAt: image.createdAt,
    ...(archived ? { archived: true } : {}),
  };
}

/** Archived builds of the previous snapshot that are now neither archived nor current. */
export function diffArchived(
  previous: readonly CatalogImage[],
  current: readonly CatalogImage[],
  archived: readonly CatalogImage[],
  conventions: ImageConventions = STANDARD_CONVENTIONS,
): HistoryEntry['removed'] {
  const listed = new Set([...current, ...archived].map((image) => image.id));
  return sortImages(previous)
    .filter((image) => !listed.has(image.id))
    .map((image) => removedRecord(image, true, conventions));
}

export function isEmptyEntry(entry: HistoryEntry): boolean {
  return entry.added.length === 0 && entry.removed.length === 0 && entry.updated.length === 0;
}

/** Writes through the schema, with every object's keys sorted. */
export const sortedHistorySchema = historySchema.transform((history) => sortKeysDeep(history));

export async function writeHistory(path: string, history: History): Promise<void> {
  await writeJsonFileAtomically(path, sortedHistorySchema, history);
}

