/**
 * The files of a catalog of several sources, as the fetch reads and writes them (the layout is
 * src/schemas/sources.ts; the paths are src/lib/catalog/source-paths.ts): each source's last good snapshot
 * and history, and the index `sources.json` that lists them with each one's last failure. One source stays
 * the one snapshot file, as it always was. A cloud that grows from one region to several carries its
 * snapshot and history over to the source of that region, and back when it shrinks to one.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { SNAPSHOT_SCHEMA_VERSION, type History, type Snapshot } from '../../src/schemas/snapshot.ts';
import { SOURCES_SCHEMA_VERSION, sourcesIndexSchema, type SourceEntry, type SourcesIndex } from '../../src/schemas/sources.ts';
import { sourceSnapshotPathFor, sourcesIndexPathFor } from '../../src/lib/catalog/source-paths.ts';
import { readJsonFile, writeJsonFileAtomically } from '../../src/lib/json-file.ts';
import { historyPathFor, readHistory } from './history.ts';
import { readPreviousSnapshot, repairInterruptedWrite, writeSnapshotAndHistory } from './snapshot-file.ts';

export interface SourceKey {
  member: string;
  region: string | null;
}

export interface PreviousFiles {
  snapshot: Snapshot | null;
  history: History;
  /** A last good snapshot that could not be read (it will be replaced). */
  warning: string | null;
}

const EMPTY_HISTORY: History = { schemaVersion: SNAPSHOT_SCHEMA_VERSION, entries: [] };
const sameKey = (a: SourceKey, b: SourceKey) => a.member === b.member && a.region === b.region;

/** The index beside the snapshot path, or null when the catalog is one source. A broken index is an error. */
export async function readSourcesIndex(out: string): Promise<SourcesIndex | null> {
  const file = sourcesIndexPathFor(out);
  if (!existsSync(file)) return null;
  return readJsonFile(file, sourcesIndexSchema, 'fix it, or delete it and the sources/ folder beside it and fetch again');
}

/** Every snapshot file the catalog has, for journal repair and for the build: the one snapshot, or each source's. */
export function snapshotFilesOf(out: string, index: SourcesIndex | null): string[] {
  return index === null ? [out] : index.sources.map((source) => sourceSnapshotPathFor(out, source));
}

/** Every catalog file the fetch may write (snapshots, histories, the index), for refresh to save and commit. */
export function catalogFilesOf(out: string, index: SourcesIndex | null): string[] {
  const snapshots = index === null ? [out] : [out, ...snapshotFilesOf(out, index)];
  return [...snapshots.flatMap((file) => [file, historyPathFor(file)]), ...(index === null ? [] : [sourcesIndexPathFor(out)])];
}

/** Finishes the writes a kill interrupted, in every source; the files it repaired. */
export async function repairSources(out: string): Promise<string[]> {
  const index = await readSourcesIndex(out);
  const files = index === null ? [out] : [out, ...snapshotFilesOf(out, index)];
  const repaired: string[] = [];
  for (const file of files) if (await repairInterruptedWrite(file)) repaired.push(file);
  return repaired;
}

async function readFiles(file: string): Promise<PreviousFiles> {
  const previous = await readPreviousSnapshot(file);
  return { snapshot: previous.snapshot, history: previous.snapshot || existsSync(historyPathFor(file)) ? await readHistory(historyPathFor(file)) : EMPTY_HISTORY, warning: previous.warning };
}

/**
 * Each source's last good files. A source the index lists reads its own; when the catalog was one snapshot
 * until now, that snapshot and its history become the last good files of the source of its region (the
 * first source when it had none), so the guards and the history go on across the change.
 */
export async function readPreviousSources(out: string, keys: readonly SourceKey[]): Promise<PreviousFiles[]> {
  const index = await readSourcesIndex(out);
  if (index !== null) {
    return Promise.all(
      keys.map((key) => (index.sources.some((entry) => sameKey(entry, key)) || existsSync(sourceSnapshotPathFor(out, key)) ? readFiles(sourceSnapshotPathFor(out, key)) : { snapshot: null, history: EMPTY_HISTORY, warning: null })),
    );
  }
  const one = await readFiles(out);
  const region = one.snapshot?.source.region ?? null;
  const heir = keys.findIndex((key) => key.member === keys[0]!.member && key.region === region);
  const target = heir >= 0 ? heir : region === null ? 0 : -1;
  return keys.map((_, position) => (position === target ? one : { snapshot: null, history: EMPTY_HISTORY, warning: null }));
}

/**
 * The one source's last good files: the one snapshot, or, when the catalog had several sources until now,
 * the files of the source of this region (else the first one), so a cloud back to one region goes on.
 */
export async function readPreviousOne(out: string, key: SourceKey): Promise<PreviousFiles> {
  const index = await readSourcesIndex(out);
  if (index === null) return readFiles(out);
  const entry = index.sources.find((source) => sameKey(source, key)) ?? index.sources.find((source) => source.member === key.member) ?? index.sources[0]!;
  return readFiles(sourceSnapshotPathFor(out, entry));
}

/** The one source's files; a several-source index left from before goes (the build would read it instead). */
export async function writeOneSource(out: string, snapshot: Snapshot, history: History | null): Promise<void> {
  await writeSnapshotAndHistory(out, snapshot, history);
  await rm(sourcesIndexPathFor(out), { force: true });
}

export interface SourceWrite {
  key: SourceKey;
  /** The new files, or null: the source failed and keeps its last good files. */
  files: { snapshot: Snapshot; history: History | null } | null;
  lastFailure: SourceEntry['lastFailure'];
}

/**
 * Every source's new files (each as one unit with its journal), then the index, last and atomically: a
 * kill before the index leaves the old index, over sources that are each whole.
 */
export async function writeSources(out: string, writes: readonly SourceWrite[]): Promise<string> {
  for (const write of writes) {
    if (write.files) await writeSnapshotAndHistory(sourceSnapshotPathFor(out, write.key), write.files.snapshot, write.files.history);
  }
  const index: SourcesIndex = {
    schemaVersion: SOURCES_SCHEMA_VERSION,
    sources: writes.map((write) => ({ member: write.key.member, region: write.key.region, lastFailure: write.lastFailure })),
  };
  const file = sourcesIndexPathFor(out);
  await writeJsonFileAtomically(file, sourcesIndexSchema, index);
  return file;
}
