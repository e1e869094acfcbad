import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { heatSnippet, hclString, terraformByName, terraformLabel } from '../../../src/lib/catalog/iac.ts';
import { latestFile } from '../../../src/lib/catalog/latest.ts';
import { vgpuFacts } from '../../../src/lib/catalog/vgpu.ts';
import type { HistoryEntry, Snapshot } from '../../../src/schemas/snapshot.ts';
import { distributions, image, NECTAR_CONVENTIONS } from './helpers.ts';

const NOBLE = 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64';
const noble = (fields: Parameters<typeof image>[0]) =>
  image({ distro: 'ubuntu', version: '24.04', architecture: 'x86_64', ...fields, properties: { nectar_name: 'Ubuntu 24.04 LTS (Noble) amd64', ...fields?.properties } });

function catalogOf(images: Snapshot['images'], archived: Snapshot['archived'], history: HistoryEntry[] = []) {
  const snapshot: Snapshot = { schemaVersion: 1, fetchedAt: '2026-11-20T00:00:00Z', source: { imageEndpoint: '', owner: 'o', region: null }, images, archived };
  return buildCatalog(snapshot, distributions(), [], new Date('2026-11-25T00:00:00Z'), history, NECTAR_CONVENTIONS);
}

describe('the catalog with archived builds and history', () => {
  const current = noble({ name: NOBLE, properties: { nectar_build: '42' } });
  const v41 = noble({ name: `${NOBLE} [v41]`, properties: { nectar_build: '41' } });
  const removed: HistoryEntry = {
    fetchedAt: '2026-10-01T00:00:00Z',
    added: [],
    updated: [],
    removed: [
      // Removed while current, and a later build of the same name now holds its old URL.
      { id: 'gone-1', name: NOBLE },
      // Was current, now archived, and nothing took its old URL: the old URL points at its archived page.
      { id: v41.id, name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 old' },
      // A build once named like a page of the site never shadows it.
      { id: v41.id, name: 'Changes' },
    ],
  };
  const catalog = catalogOf([current], [v41], [removed]);

  it('gives archived builds pages that never take a current image’s URL, and names their successor', () => {
    expect(catalog.images.map((view) => view.path)).toEqual(['/catalog/nectar-ubuntu-24-04-lts-noble-amd64/']);
    expect(catalog.archived.map((view) => view.path)).toEqual(['/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/']);
    expect(catalog.lifecycle.successors.get(v41.id)).toMatchObject({ kind: 'line', image: { image: { id: current.id } } });
    expect(catalog.lifecycle.successors.has(current.id)).toBe(false);
  });

  it('keeps a tombstone for a removed image on a URL no current page holds, pointing at its line’s current build', () => {
    const [stone] = catalog.lifecycle.tombstones;
    expect(stone!.tombstone).toMatchObject({ id: 'gone-1', removedAt: '2026-10-01T00:00:00Z', line: 'ubuntu-24-04-lts-noble-amd64' });
    expect(stone!.path).toBe('/catalog/nectar-ubuntu-24-04-lts-noble-amd64-gone1/');
    expect(stone!.successor).toMatchObject({ kind: 'line', image: { image: { id: current.id } } });
    expect(catalog.lifecycle.tombstones).toHaveLength(1);
  });

  it('keeps the old URL of a build archived since, pointing at its archived page', () => {
    expect(catalog.lifecycle.moved).toEqual([
      expect.objectContaining({ path: '/catalog/nectar-ubuntu-24-04-lts-noble-amd64-old/', target: expect.objectContaining({ path: catalog.archived[0]!.path }) }),
    ]);
  });

  it('maps each line to its current build in latest.json, with the image pages\' paths (the sub-path build is checked in e2e/sub-path)', () => {
    const file = latestFile(catalog.lifecycle.lines, '2026-11-20T00:00:00Z');
    expect(file.lineages).toEqual([
      {
        key: 'ubuntu-24-04-lts-noble-amd64',
        name: 'Ubuntu 24.04 LTS (Noble) amd64',
        architecture: 'x86_64',
        current: { id: current.id, name: NOBLE, url: '/catalog/nectar-ubuntu-24-04-lts-noble-amd64/' },
        archived: [{ id: v41.id, name: `${NOBLE} [v41]`, build: 41, url: '/catalog/nectar-ubuntu-24-04-lts-noble-amd64-v41/' }],
        recommended: false,
      },
    ]);
    // A line on the "Start here" list says so, with its place and purpose.
    const marked = latestFile(catalog.lifecycle.lines, '2026-11-20T00:00:00Z', new Map([['ubuntu-24-04-lts-noble-amd64', { rank: 1, purpose: 'Servers' }]]));
    expect(marked.lineages[0]).toMatchObject({ recommended: true, rank: 1, purpose: 'Servers' });
  });
});

describe('Terraform and Heat snippets', () => {
  it('quote hostile names so they stay data', () => {
    expect(hclString('a "b" ${var.x} %{ if } \\ c')).toBe('"a \\"b\\" $${var.x} %%{ if } \\\\ c"');
    const hcl = terraformByName('x" }\nresource "evil" {', 'x', null);
    // A line break in a value is cleaned to a space (never a new line in the copy data); quotes stay escaped.
    expect(hcl.split('\n')[1]).toBe('  name        = "x\\" } resource \\"evil\\" {"');
    const heat = heatSnippet('id-1', 'line one\nimage: evil');
    expect(heat).toContain('# line one image: evil');
    expect(heat).toContain('image: "id-1"');
    expect(terraformLabel('1-nectar-ubuntu')).toBe('image_1_nectar_ubuntu');
  });
});

describe('vGPU facts', () => {
  it('reads driver, GRID and CUDA versions; nothing for other images', () => {
    expect(vgpuFacts({ properties: { nectar_vgpu: 'true', nvidia_driver_version: '550.90.07', nvidia_cuda_versions: '12.2, 12.4', nvidia_grid_version: '17.3' } })).toEqual({
      vgpu: null,
      driver: '550.90.07',
      grid: '17.3',
      cuda: ['12.2', '12.4'],
    });
    expect(vgpuFacts({ properties: { os_distro: 'ubuntu' } })).toBeNull();
    expect(vgpuFacts({ properties: { nectar_vgpu: 'false' } })).toBeNull();
  });
});
