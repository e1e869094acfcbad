/**
 * Where the catalog's files are, and the one reader of each the build and the
 * scripts share. The data files (`distributions.yaml`, `eol.yaml`) reach the
 * build as content collections (src/content.config.ts), parsed by
 * `parseDataFile` below; scripts read them with `readDistributionsFileSync`.
 */
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readJsonFile } from '../json-file.ts';
import { cloudConfig, shownPath } from '../cloud-config.ts';
import { parseYamlData } from '../yaml-file.ts';
import type { z } from 'astro/zod';
import { historySchema, snapshotSchema, SNAPSHOT_SCHEMA_VERSION, type History, type Snapshot } from '../../schemas/snapshot.ts';
import { sourcesIndexSchema } from '../../schemas/sources.ts';
import { sourceSnapshotPathFor, sourcesIndexPathFor } from './source-paths.ts';
import { planSources, type SourceData } from './sources.ts';

/** The committed snapshot, relative to the repository root: the one place this path is written. */
export const SNAPSHOT_FILE = 'content/catalog/snapshot.json';

/** The distributions file cloud.config.yaml names (`data.distributions`), as an absolute path. */
export function distributionsFile(): string {
  return cloudConfig().data.distributions;
}

/** The end-of-life file cloud.config.yaml names (`data.eol`), as an absolute path. */
export function eolFile(): string {
  return cloudConfig().data.eol;
}

/** The "Start here" list cloud.config.yaml names (`data.recommended`), as an absolute path; optional: without it the list is derived (src/lib/catalog/recommended.ts). */
export function recommendedFile(): string {
  return cloudConfig().data.recommended;
}

/** Where the build reads the snapshot: `CATALOG_SNAPSHOT`, else the committed one. */
export function snapshotPath(): string {
  return resolve(process.env.CATALOG_SNAPSHOT ?? SNAPSHOT_FILE);
}

/** The history file beside a snapshot. */
export function historyPathFor(snapshot: string): string {
  return join(dirname(snapshot), 'history.json');
}

const FIX_SNAPSHOT = 'run `npm run catalog:fetch` or point CATALOG_SNAPSHOT at a valid snapshot';
const FIX_DATA = 'fix the file (its fields are described at its top)';

/**
 * Parses a data file's YAML text against the whole-file schema (so list-wide
 * checks such as "listed twice" run too); a fault is one DataFileError line.
 * Astro's `file()` loader only logs a parser's error at debug level, so the
 * line is printed here as well before it is thrown.
 */
export function parseDataFile<S extends z.ZodType>(text: string, path: string, schema: S): z.infer<S> {
  try {
    return parseYamlData(text, path, schema, FIX_DATA);
  } catch (error) {
    console.error((error as Error).message);
    throw error;
  }
}

/** The history file, or an empty history when there is none yet. A broken file is an error: it is never silently replaced. */
export async function readHistory(path: string): Promise<History> {
  const missing = await access(path).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
  if (missing) return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, entries: [] };
  return readJsonFile(path, historySchema, 'fix it or restore it from git (it is never overwritten while broken)');
}

let snapshotPromise: Promise<Snapshot> | undefined;
let historyPromise: Promise<History> | undefined;

/** The snapshot, read and validated once per build; a bad file is one `DataFileError` line. */
export function loadSnapshot(): Promise<Snapshot> {
  snapshotPromise ??= readJsonFile(snapshotPath(), snapshotSchema, FIX_SNAPSHOT);
  return snapshotPromise;
}

/** The change history beside the build's snapshot, read once; a missing file means no entries. */
export function loadHistory(): Promise<History> {
  historyPromise ??= readHistory(historyPathFor(snapshotPath()));
  return historyPromise;
}

/** Whether a path exists (a missing file is an answer, any other fault is thrown). */
async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/**
 * Every source's files, in config order: `sources.json` beside the snapshot path and each source's snapshot
 * and history when it exists, else the one snapshot as the one source (the first member, its region).
 */
export async function readSources(snapshotFile: string = snapshotPath()): Promise<SourceData[]> {
  const members = cloudConfig().members;
  const indexFile = sourcesIndexPathFor(snapshotFile);
  if (!(await exists(indexFile))) {
    const [snapshot, history] = await Promise.all([readJsonFile(snapshotFile, snapshotSchema, FIX_SNAPSHOT), readHistory(historyPathFor(snapshotFile))]);
    return [{ member: members[0]!, snapshot, history: history.entries, lastFailure: null }];
  }
  const index = await readJsonFile(indexFile, sourcesIndexSchema, 'fix it or run `npm run catalog:fetch` to rewrite it');
  return Promise.all(
    planSources(index, members, shownPath(indexFile)).map(async (plan) => {
      const file = sourceSnapshotPathFor(snapshotFile, { member: plan.member.key, region: plan.region });
      const [snapshot, history] = await Promise.all([readJsonFile(file, snapshotSchema, FIX_SNAPSHOT), readHistory(historyPathFor(file))]);
      return { member: plan.member, snapshot, history: history.entries, lastFailure: plan.lastFailure };
    }),
  );
}

let sourcesPromise: Promise<SourceData[]> | undefined;

/** The build's sources, read once. */
export function loadSources(): Promise<SourceData[]> {
  sourcesPromise ??= readSources();
  return sourcesPromise;
}
