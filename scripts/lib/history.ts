/**
 * The change history beside the snapshot: what each fetch added, removed and
 * updated, newest first.
 */
import { dirname, join } from 'node:path';
import { historySchema, SNAPSHOT_SCHEMA_VERSION, type CatalogImage, type History, type HistoryEntry } from '../../src/schemas/snapshot.ts';
import { readJsonFile, writeJsonFileAtomically } from '../../src/lib/json-file.ts';
import { sortImages, sortKeysDeep } from '../../src/lib/catalog/normalise.ts';
import { lineKeyOf } from '../../src/lib/catalog/lineage.ts';
import { existsSync } from 'node:fs';

export function historyPathFor(snapshotPath: string): string {
  return join(dirname(snapshotPath), 'history.json');
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeysDeep(a)) === JSON.stringify(sortKeysDeep(b));
}

/** Names of the fields that differ; a changed property is named `properties.<name>`. */
export function changedFields(before: CatalogImage, after: CatalogImage): string[] {
  const fields: string[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort() as Array<keyof CatalogImage>;
  for (const key of keys) {
    if (key === 'properties') {
      const names = [...new Set([...Object.keys(before.properties), ...Object.keys(after.properties)])].sort();
      for (const name of names) if (before.properties[name] !== after.properties[name]) fields.push(`properties.${name}`);
    } else if (!same(before[key], after[key])) {
      fields.push(key);
    }
  }
  return fields;
}

/** What changed between two image lists; with no previous list everything is added. */
export function diffImages(previous: readonly CatalogImage[] | null, next: readonly CatalogImage[], fetchedAt: string): HistoryEntry {
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
    if (!after.has(image.id)) entry.removed.push(removedRecord(image, false));
  }
  return entry;
}

/** A removed image as history keeps it: enough for its tombstone page to find the nearest current image. */
function removedRecord(image: CatalogImage, archived: boolean): HistoryEntry['removed'][number] {
  return {
    id: image.id,
    name: image.name,
    distro: image.distro,
    version: image.version,
    architecture: image.architecture,
    line: lineKeyOf(image),
    createdAt: image.createdAt,
    ...(archived ? { archived: true } : {}),
  };
}

/** Archived builds of the previous snapshot that are now neither archived nor current. */
export function diffArchived(previous: readonly CatalogImage[], current: readonly CatalogImage[], archived: readonly CatalogImage[]): HistoryEntry['removed'] {
  const listed = new Set([...current, ...archived].map((image) => image.id));
  return sortImages(previous)
    .filter((image) => !listed.has(image.id))
    .map((image) => removedRecord(image, true));
}

export function isEmptyEntry(entry: HistoryEntry): boolean {
  return entry.added.length === 0 && entry.removed.length === 0 && entry.updated.length === 0;
}

/** Writes through the schema, with every object's keys sorted. */
export const sortedHistorySchema = historySchema.transform((history) => sortKeysDeep(history));

/** The history file, or an empty history when there is none yet. A broken file is an error: it is never silently replaced. */
export async function readHistory(path: string): Promise<History> {
  if (!existsSync(path)) return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, entries: [] };
  return readJsonFile(path, historySchema, 'fix it or restore it from git (it is never overwritten while broken)');
}

export async function writeHistory(path: string, history: History): Promise<void> {
  await writeJsonFileAtomically(path, sortedHistorySchema, history);
}

