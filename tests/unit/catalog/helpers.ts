import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { distributionsSchema, type Distribution } from '../../../src/schemas/distributions.ts';
import { eolFileSchema, type EolDistribution } from '../../../src/schemas/eol.ts';
import { snapshotSchema, type CatalogImage, type Snapshot } from '../../../src/schemas/snapshot.ts';
import type { ImageConventions } from '../../../src/lib/catalog/conventions.ts';

export const root = resolve(import.meta.dirname, '../../..');

export function distributions(): Distribution[] {
  return distributionsSchema.parse(parse(readFileSync(resolve(root, 'content/data/distributions.yaml'), 'utf8')));
}

export function eolData(): EolDistribution[] {
  return eolFileSchema.parse(parse(readFileSync(resolve(root, 'content/data/eol.yaml'), 'utf8')));
}

export function fixtureSnapshot(): Snapshot {
  return snapshotSchema.parse(JSON.parse(readFileSync(resolve(root, 'tests/fixtures/catalog/snapshot.json'), 'utf8')));
}

/**
 * Nectar's conventions (its committed cloud.config.yaml's `images:`), spelled
 * out so tests of Nectar-style images say which cloud they describe and never
 * depend on the config file.
 */
export const NECTAR_CONVENTIONS: ImageConventions = Object.freeze({
  namePrefix: 'NeCTAR ',
  loginUserProperties: ['default_user'],
  lineProperties: ['nectar_name'],
  buildProperties: ['nectar_build'],
  gpuProperties: ['nectar_vgpu', 'nvidia_driver_version', 'nvidia_cuda_versions'],
  purposeProperties: [],
});

let counter = 0;

/** A valid image with the given fields; everything else plausible. */
export function image(fields: Partial<CatalogImage> = {}): CatalogImage {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    name: `Image ${counter}`,
    distro: null,
    version: null,
    codename: null,
    architecture: 'x86_64',
    defaultUser: null,
    status: 'active',
    visibility: 'public',
    owner: 'owner',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-02T00:00:00Z',
    size: 1024,
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    minDisk: 0,
    minRam: 0,
    checksum: null,
    hashAlgo: null,
    hashValue: null,
    tags: [],
    properties: {},
    ...fields,
  };
}
