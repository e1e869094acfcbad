/**
 * The 1,000-image catalog for the browser suites (tests/e2e/phone.test.ts): the
 * benchmark's generated snapshot (scripts/bench/generate-snapshot.ts, seed 1),
 * with 1,000 current images (above the inline limit, so /catalog/ is paged and
 * the distribution pages exist), 5 builds moved to the archive and 5 images
 * removed, and the two fetches' history the fetch itself would write
 * (scripts/lib/history.ts): so archived builds, tombstones and a long changes
 * page are all there.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSnapshot } from '../../../scripts/bench/generate-snapshot.ts';
import { diffCatalog, loginUserReader, sortedHistorySchema } from '../../../scripts/lib/history.ts';
import { sortedSnapshotSchema } from '../../../scripts/lib/snapshot-file.ts';
import { readDistributionsFileSync } from '../../../src/lib/catalog/distributions-file.ts';
import { sortImages } from '../../../src/lib/catalog/normalise.ts';
import { jsonText } from '../../../src/lib/json-file.ts';
import { configuredConventions } from '../../../src/lib/cloud-config.ts';

export const LARGE_CURRENT = 1000;
const MOVED = 5;
const REMOVED = 5;
const FIRST_FETCH = '2026-10-01T03:00:00Z';
const SECOND_FETCH = '2026-11-20T05:30:00Z';

/** Writes snapshot.json and history.json into `dir`; returns the snapshot's path. */
export function writeLargeFixture(dir: string, root: string): string {
  mkdirSync(dir, { recursive: true });
  const generated = generateSnapshot({ count: LARGE_CURRENT + MOVED + REMOVED, seed: 1, fetchedAt: SECOND_FETCH });
  const all = generated.images;
  const images = sortImages(all.slice(0, LARGE_CURRENT));
  const archived = sortImages(all.slice(LARGE_CURRENT, LARGE_CURRENT + MOVED).map((image) => ({ ...image, name: `${image.name} [v${image.properties.nectar_build ?? 1}]`, visibility: 'community' })));
  // The generated images spell their facts as the committed cloud.config.yaml's cloud does.
  const conventions = configuredConventions();
  const users = loginUserReader(readDistributionsFileSync(join(root, 'content/data/distributions.yaml')), conventions);
  const first = diffCatalog(null, { images: all, archived: [] }, FIRST_FETCH, users, conventions);
  const second = diffCatalog({ images: all, archived: [] }, { images, archived }, SECOND_FETCH, users, conventions);
  const path = join(dir, 'snapshot.json');
  writeFileSync(path, jsonText(sortedSnapshotSchema, { ...generated, images, archived }));
  writeFileSync(join(dir, 'history.json'), jsonText(sortedHistorySchema, { schemaVersion: 1, entries: [second, first] }));
  return path;
}
