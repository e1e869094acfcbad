/**
 * The hostile fixture for tests/e2e/hostile.test.ts: Glance records an attacker
 * could publish (tests/fixtures/hostile/glance-images.json, plus a 250,000-character
 * property made here to keep the file small) run through the fetch's own
 * filter and normaliser into a snapshot, and a hand-edited hostile history.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isOfficialImage, normaliseImage, sortImages, sortKeysDeep } from '../../../src/lib/catalog/normalise.ts';
import { readDistributionsFileSync } from '../../../src/lib/catalog/distributions-file.ts';
import { configuredConventions } from '../../../src/lib/cloud-config.ts';
import { jsonText } from '../../../src/lib/json-file.ts';
import { sortedSnapshotSchema } from '../../../scripts/lib/snapshot-file.ts';

const root = resolve(import.meta.dirname, '../../..');
export const OWNER = '28eadf5ad64b42a4929b2fb7df99275c';
export const LONG_ID = '44444444-4444-4444-8444-444444444444';
export const LONG_VALUE = 'A'.repeat(250_000);

export function hostileRecords(): Record<string, unknown>[] {
  const records = JSON.parse(readFileSync(join(root, 'tests/fixtures/hostile/glance-images.json'), 'utf8')) as Record<string, unknown>[];
  for (const record of records) if (record.id === LONG_ID) record.long_property = LONG_VALUE;
  return records;
}

/** Writes snapshot.json and history.json into `dir`; returns the snapshot path. */
export function writeHostileFixture(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const distributions = readDistributionsFileSync(join(root, 'content/data/distributions.yaml'));
  const images = sortImages(hostileRecords().filter((record) => isOfficialImage(record, OWNER)).map((record) => normaliseImage(record, distributions, configuredConventions()))).map((image) => sortKeysDeep(image));
  const snapshot = {
    schemaVersion: 1 as const,
    fetchedAt: '2026-01-04T00:00:00.000Z',
    source: { imageEndpoint: 'https://image.example.org:9292/', owner: OWNER, region: 'Melbourne' },
    images,
  };
  const path = join(dir, 'snapshot.json');
  writeFileSync(path, jsonText(sortedSnapshotSchema, snapshot));
  copyFileSync(join(root, 'tests/fixtures/hostile/history.json'), join(dir, 'history.json'));
  return path;
}
