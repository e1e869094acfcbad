/**
 * Reading and writing the snapshot: validated with `snapshotSchema` both
 * ways, written through a temporary file renamed into place, with images
 * sorted by name then id and every object's keys sorted, so two fetches of
 * the same cloud give the same bytes apart from `fetchedAt`.
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { snapshotSchema, type CatalogImage, type History, type Snapshot } from '../../src/schemas/snapshot.ts';
import { readJsonFile, writeJsonFileAtomically, DataFileError, jsonText, writeTextFileAtomically } from '../../src/lib/json-file.ts';
import { sortImages, sortKeysDeep } from '../../src/lib/catalog/normalise.ts';
import { historyPathFor, sortedHistorySchema } from './history.ts';

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

/**
 * Snapshot and history as one unit. Two renames cannot be made atomic
 * together, so the fetch writes a journal first: one file (itself written
 * through a rename, so it is whole or absent) holding both new texts. Then it
 * renames the snapshot into place, then the history, then deletes the journal.
 * A kill at any point leaves either no journal (nothing changed, or everything
 * did) or a whole journal, which `repairInterruptedWrite` (run by the next
 * fetch and by the build) applies again: no change is ever lost or torn.
 */
export function journalPathFor(snapshotPath: string): string {
  return join(dirname(snapshotPath), `.${basename(snapshotPath)}.pending.json`);
}

interface Journal {
  snapshot: string;
  history: string | null;
}

/**
 * Test seam, for tests only: `CATALOG_TEST_CRASH_AT=after-journal|after-snapshot|after-history`
 * kills the process (SIGKILL, no clean-up) at that point of the write.
 */
function crashPointForTests(point: string): void {
  if (process.env.CATALOG_TEST_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}

async function applyJournal(snapshotPath: string, journal: Journal): Promise<void> {
  await writeTextFileAtomically(snapshotPath, journal.snapshot);
  crashPointForTests('after-snapshot');
  if (journal.history !== null) await writeTextFileAtomically(historyPathFor(snapshotPath), journal.history);
  crashPointForTests('after-history');
  await rm(journalPathFor(snapshotPath), { force: true });
}

/** Writes the snapshot and, when given, the history, as one unit (see `journalPathFor`). */
export async function writeSnapshotAndHistory(snapshotPath: string, snapshot: Snapshot, history: History | null): Promise<void> {
  const journal: Journal = {
    snapshot: jsonText(sortedSnapshotSchema, snapshot),
    history: history === null ? null : jsonText(sortedHistorySchema, history),
  };
  await writeTextFileAtomically(journalPathFor(snapshotPath), `${JSON.stringify(journal)}\n`);
  crashPointForTests('after-journal');
  await applyJournal(snapshotPath, journal);
}

/**
 * Finishes a write a kill interrupted: when a journal is beside the snapshot,
 * writes both files from it and deletes it. Returns whether it repaired
 * anything. A journal that cannot be read is an error naming it, never ignored.
 */
export async function repairInterruptedWrite(snapshotPath: string): Promise<boolean> {
  const path = journalPathFor(snapshotPath);
  if (!existsSync(path)) return false;
  let journal: Journal;
  try {
    journal = JSON.parse(await readFile(path, 'utf8')) as Journal;
    if (typeof journal.snapshot !== 'string' || (journal.history !== null && typeof journal.history !== 'string')) throw new Error('shape');
  } catch {
    throw new DataFileError(path, 'an interrupted catalog write left this journal and it cannot be read; delete it and fetch again');
  }
  await applyJournal(snapshotPath, journal);
  return true;
}
