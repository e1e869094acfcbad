import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { readSources } from '../../../src/lib/catalog/load.ts';
import { isSeveral, linesAcross, mergeSources, planSources, siblingsOf } from '../../../src/lib/catalog/sources.ts';
import { regionsOf } from '../../../src/lib/catalog/latest.ts';
import { openstackCommand, snippetRegion, staleNotice } from '../../../src/lib/catalog/region-words.ts';
import { terraformById } from '../../../src/lib/catalog/iac.ts';
import { cloudConfig } from '../../../src/lib/cloud-config.ts';
import { distributions, eolData } from './helpers.ts';

const fixture = (name: string) => resolve(import.meta.dirname, '../../fixtures', name);

async function siteOf(name: string) {
  process.env.CATALOG_CONFIG = `${fixture(name)}/cloud.config.yaml`;
  const sources = await readSources(`${fixture(name)}/catalog/snapshot.json`);
  return { sources, catalog: mergeSources(sources, distributions(), eolData(), cloudConfig().federation) };
}

describe('several sources merged into one catalog', () => {
  const saved = process.env.CATALOG_CONFIG;
  beforeEach(() => void delete process.env.CATALOG_CONFIG);
  afterEach(() => {
    if (saved === undefined) delete process.env.CATALOG_CONFIG;
    else process.env.CATALOG_CONFIG = saved;
  });

  it('gives every ID of every region its own page: the first region keeps plain slugs, the second carries its name', async () => {
    const { catalog } = await siteOf('regions-site');
    expect(isSeveral(catalog)).toBe(true);
    const paths = [...catalog.images, ...catalog.archived].map((view) => [view.image.id.slice(0, 2), view.source.region, view.path]);
    expect(paths).toContainEqual(['1a', 'RegionOne', '/catalog/ubuntu-24-04-lts-noble-amd64/']);
    expect(paths).toContainEqual(['2b', 'RegionTwo', '/catalog/ubuntu-24-04-lts-noble-amd64-regiontwo/']);
    expect(paths).toContainEqual(['2b', 'RegionTwo', '/catalog/ubuntu-24-04-lts-noble-amd64-v41-regiontwo/']);
    expect(new Set(paths.map((path) => path[2])).size).toBe(paths.length);
  });

  it('keeps successors per region: an archived build in RegionTwo is superseded by RegionTwo’s build, never RegionOne’s', async () => {
    const { catalog } = await siteOf('regions-site');
    const successor = catalog.lifecycle.successors.get('2b000000-0000-4000-8000-000000000010');
    expect(successor).toMatchObject({ kind: 'line', image: { image: { id: '2b000000-0000-4000-8000-000000000001' } } });
    expect(catalog.lifecycle.successors.get('1a000000-0000-4000-8000-000000000010')).toMatchObject({ image: { image: { id: '1a000000-0000-4000-8000-000000000001' } } });
  });

  it('lists the same line in the other region with its build, newer or older, and leaves a line only one region has alone', async () => {
    const { catalog } = await siteOf('regions-site');
    const across = linesAcross(catalog.lifecycle.lines);
    const one = catalog.byId.get('1a000000-0000-4000-8000-000000000001')!;
    expect(siblingsOf(one, catalog, across).map((s) => [s.source.region, s.view.image.id, s.view.build, s.compared])).toEqual([
      ['RegionTwo', '2b000000-0000-4000-8000-000000000001', 42, 'newer'],
    ]);
    const two = catalog.byId.get('2b000000-0000-4000-8000-000000000002')!;
    expect(siblingsOf(two, catalog, across).map((s) => s.compared)).toEqual(['same']);
    expect(siblingsOf(catalog.byId.get('1a000000-0000-4000-8000-000000000003')!, catalog, across)).toEqual([]);
  });

  it('groups both regions’ images in one distribution group, and says which region is stale', async () => {
    const { catalog } = await siteOf('regions-site');
    const ubuntu = catalog.groups.find((group) => group.views.some((view) => view.image.distro === 'ubuntu'))!;
    expect(ubuntu.views.map((view) => view.source.region)).toEqual(['RegionOne', 'RegionTwo']);
    const two = catalog.sources[1]!;
    expect(staleNotice(two, 'RegionTwo', (iso) => iso.slice(0, 10))).toBe('RegionTwo’s data is as of its last good fetch, 2026-11-19.');
    expect(staleNotice(catalog.sources[0]!, 'RegionOne', String)).toBeNull();
  });

  it('gives latest files each region’s own ID', async () => {
    const { catalog } = await siteOf('regions-site');
    const noble = linesAcross(catalog.lifecycle.lines).get(catalog.lifecycle.lineOfImage.get('1a000000-0000-4000-8000-000000000001')!.key)!;
    expect(regionsOf(noble, false)).toMatchObject({
      RegionOne: { id: '1a000000-0000-4000-8000-000000000001', build: 41, stale: false },
      RegionTwo: { id: '2b000000-0000-4000-8000-000000000001', build: 42, stale: true },
    });
  });

  it('names the region in commands and snippets only when there are several sources', async () => {
    const { catalog } = await siteOf('regions-site');
    const two = catalog.byId.get('2b000000-0000-4000-8000-000000000001')!;
    expect(openstackCommand(snippetRegion(two, true))).toBe('openstack --os-region-name RegionTwo');
    expect(openstackCommand(snippetRegion(two, false))).toBe('openstack');
    expect(terraformById('x', 'l', 'RegionTwo')).toContain('region      = "RegionTwo"');
    expect(terraformById('x', 'l')).not.toContain('region');
  });

  it('gives a federation’s members their own dashboards, conventions and per-member latest entries', async () => {
    const { catalog } = await siteOf('federation-site');
    expect(catalog.sources.map((source) => [source.member.key, source.region, source.member.dashboard])).toEqual([
      ['alpha', 'Melbourne', 'https://dashboard.alpha.example.org'],
      ['beta', 'Oslo', 'https://horizon.beta.example.org'],
    ]);
    const beta = catalog.byId.get('4d000000-0000-4000-8000-000000000001')!;
    expect(beta.path).toBe('/catalog/beta-ubuntu-24-04-lts-noble-amd64-beta-oslo/');
    // Beta's name prefix is Beta's own convention: its line is the same line as Alpha's.
    const across = linesAcross(catalog.lifecycle.lines);
    expect(siblingsOf(beta, catalog, across).map((s) => [s.source.member.key, s.compared])).toEqual([['alpha', 'newer']]);
    const line = across.get(catalog.lifecycle.lineOfImage.get(beta.image.id)!.key)!;
    expect(regionsOf(line, true)).toMatchObject({ alpha: { Melbourne: { build: 12 } }, beta: { Oslo: { build: 9 } } });
  });

  it('reads one snapshot as the one source when there is no sources.json: the same catalog as before', async () => {
    const sources = await readSources(resolve(import.meta.dirname, '../../fixtures/catalog/snapshot.json'));
    expect(sources).toHaveLength(1);
    const catalog = mergeSources(sources, distributions(), eolData(), false);
    expect(isSeveral(catalog)).toBe(false);
    expect(catalog.sources[0]).toMatchObject({ region: 'Melbourne', member: { key: cloudConfig().members[0]!.key }, lastFailure: null });
    expect(catalog.images.every((view) => !view.path.includes('melbourne'))).toBe(true);
  });

  it('names a member with no files, or files for a member the config no longer names, and the fix', () => {
    const member = (key: string) => ({ key, name: key, shortName: key, dashboard: null, conventions: cloudConfig().images.conventions });
    const index = { schemaVersion: 1 as const, sources: [{ member: 'alpha', region: 'R', lastFailure: null }] };
    expect(() => planSources(index, [member('alpha'), member('beta')], 'sources.json')).toThrow(
      'sources.json: has no files for member "beta" (beta) that cloud.config.yaml names; run `npm run catalog:fetch` to fetch it',
    );
    expect(() => planSources(index, [member('beta')], 'sources.json')).toThrow(/lists member "alpha", which cloud.config.yaml no longer names \(it names beta\)/);
  });
});
