import { readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readJsonFile } from '../json-file.ts';
import { readYamlFile } from '../yaml-file.ts';
import { historySchema, snapshotSchema, type History, type Snapshot } from '../../schemas/snapshot.ts';
import { eolFileSchema, type EolDistribution } from '../../schemas/eol.ts';

/** Where the build reads the snapshot: `CATALOG_SNAPSHOT`, else the committed one. */
export function snapshotPath(): string {
  return resolve(process.env.CATALOG_SNAPSHOT ?? 'content/catalog/snapshot.json');
}

/** The history file beside the snapshot. */
export function historyPath(): string {
  return join(dirname(snapshotPath()), 'history.json');
}

export const EOL_PATH = 'content/data/eol.yaml';

const FIX_SNAPSHOT = 'run `npm run catalog:fetch` or point CATALOG_SNAPSHOT at a valid snapshot';

let snapshotPromise: Promise<Snapshot> | undefined;
let historyPromise: Promise<History> | undefined;
let eolPromise: Promise<EolDistribution[]> | undefined;

/** The snapshot, read and validated once per build; a bad file is one `DataFileError` line. */
export function loadSnapshot(): Promise<Snapshot> {
  snapshotPromise ??= readJsonFile(snapshotPath(), snapshotSchema, FIX_SNAPSHOT);
  return snapshotPromise;
}

/** The change history, read once; a missing file means no entries. */
export function loadHistory(): Promise<History> {
  historyPromise ??= (async () => {
    const path = historyPath();
    const missing = await access(path).then(
      () => false,
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
    );
    if (missing) return { schemaVersion: 1, entries: [] };
    return readJsonFile(path, historySchema, 'fix or delete the history file (the next fetch starts a new one)');
  })();
  return historyPromise;
}

/** End-of-life dates from `content/data/eol.yaml`, read and validated once. */
export function loadEol(): Promise<EolDistribution[]> {
  eolPromise ??= readYamlFile(resolve(EOL_PATH), eolFileSchema, 'fix the file (its fields are described at its top)');
  return eolPromise;
}

/**
 * The moment the pages describe: the snapshot's `fetchedAt`, not the clock, so
 * building the same snapshot twice gives the same bytes (a refresh with
 * nothing changed then publishes nothing). End-of-life states are "as of the
 * catalog". An unreadable snapshot falls back to the epoch; `loadSnapshot`
 * reports the real error.
 */
export const BUILD_TIME = catalogTime();

function catalogTime(): Date {
  try {
    const fetchedAt = (JSON.parse(readFileSync(snapshotPath(), 'utf8')) as { fetchedAt?: unknown }).fetchedAt;
    const time = typeof fetchedAt === 'string' ? new Date(fetchedAt) : new Date(Number.NaN);
    return Number.isNaN(time.getTime()) ? new Date(0) : time;
  } catch {
    return new Date(0);
  }
}
