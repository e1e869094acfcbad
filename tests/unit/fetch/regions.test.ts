/**
 * The pure parts of a fetch of several sources: which regions a clouds.yaml entry lists and what each
 * region's settings are (openstacksdk's `regions:` rule), a federation member's own environment, and the
 * regions a Keystone catalog offers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cloudsYamlRegions, hasCloudsYaml, loadCloudConfig, memberEnv } from '../../../scripts/lib/openstack/config.ts';
import { chooseRegions, imageRegions, type CatalogService } from '../../../scripts/lib/openstack/keystone.ts';
import { ConfigError } from '../../../scripts/lib/errors.ts';
import { sourceLabel } from '../../../scripts/lib/fetch-plan.ts';
import { tempDir } from './support/run-cli.ts';

function withCloudsYaml(clouds: Record<string, unknown>) {
  const root = tempDir('catalog-regions-');
  const where = { cwd: join(root, 'cwd'), home: join(root, 'home'), systemDir: join(root, 'etc') };
  for (const dir of Object.values(where)) mkdirSync(dir, { recursive: true });
  writeFileSync(join(where.cwd, 'clouds.yaml'), stringify({ clouds }));
  return where;
}

const auth = { auth_url: 'https://keystone.one.example.org:5000/v3', username: 'u', password: 'pw-regions-1', project_name: 'p' };

describe("a clouds.yaml entry's regions:", () => {
  it('lists names and {name, values} items; a region’s values override the cloud’s, even auth.auth_url', () => {
    const where = withCloudsYaml({
      two: {
        auth,
        interface: 'internal',
        regions: ['RegionOne', { name: 'RegionTwo', values: { interface: 'public', auth: { auth_url: 'https://keystone.two.example.org/v3' } } }],
      },
    });
    const env = { OS_CLOUD: 'two' };
    expect(cloudsYamlRegions(env, where)).toEqual(['RegionOne', 'RegionTwo']);
    expect(loadCloudConfig(env, where, { region: 'RegionOne' })).toMatchObject({ regionName: 'RegionOne', interface: 'internal', authUrl: auth.auth_url });
    expect(loadCloudConfig(env, where, { region: 'RegionTwo' })).toMatchObject({ regionName: 'RegionTwo', interface: 'public', authUrl: 'https://keystone.two.example.org/v3', password: 'pw-regions-1' });
  });

  it('one region, OS_REGION_NAME or no list leave the choice as before', () => {
    const where = withCloudsYaml({ one: { auth, regions: [{ name: 'Only' }] }, none: { auth }, two: { auth, regions: ['A', 'B'] } });
    expect(cloudsYamlRegions({ OS_CLOUD: 'one' }, where)).toBeNull();
    expect(loadCloudConfig({ OS_CLOUD: 'one' }, where).regionName).toBe('Only');
    expect(cloudsYamlRegions({ OS_CLOUD: 'none' }, where)).toBeNull();
    expect(cloudsYamlRegions({ OS_CLOUD: 'two', OS_REGION_NAME: 'B' }, where)).toBeNull();
    expect(cloudsYamlRegions({}, where)).toBeNull();
    // A region chosen from a list wins over OS_REGION_NAME.
    expect(loadCloudConfig({ OS_CLOUD: 'two', OS_REGION_NAME: 'B' }, where, { region: 'A' }).regionName).toBe('A');
  });

  it('a regions: that is not a list of names or {name, values} is one line naming the cloud and the shape', () => {
    const where = withCloudsYaml({ bad: { auth, regions: [{ values: {} }] } });
    expect(() => cloudsYamlRegions({ OS_CLOUD: 'bad' }, where)).toThrow(/cloud "bad" in .*clouds\.yaml has a "regions" that is not a list of names or \{name, values\}; write regions: \[RegionOne, RegionTwo\]/);
  });
});

describe("a federation member's environment", () => {
  it('is its clouds.yaml entry alone: the shell’s other OS_* variables do not apply, the file locations do', () => {
    const env = memberEnv({ PATH: '/bin', OS_CLOUD: 'mine', OS_PASSWORD: 'x', OS_AUTH_URL: 'https://other', OS_REGION_NAME: 'R', OS_CLIENT_CONFIG_FILE: '/c.yaml', OS_CLIENT_SECURE_FILE: '/s.yaml' }, 'beta');
    expect(env).toEqual({ PATH: '/bin', OS_CLOUD: 'beta', OS_CLIENT_CONFIG_FILE: '/c.yaml', OS_CLIENT_SECURE_FILE: '/s.yaml' });
  });

  it('finds clouds.yaml where the openstack CLI looks', () => {
    expect(hasCloudsYaml({}, withCloudsYaml({}))).toBe(true);
    const empty = tempDir('catalog-noclouds-');
    expect(hasCloudsYaml({}, { cwd: empty, home: empty, systemDir: empty })).toBe(false);
    expect(hasCloudsYaml({ OS_CLIENT_CONFIG_FILE: '/somewhere/clouds.yaml' }, { cwd: empty, home: empty, systemDir: empty })).toBe(true);
  });
});

describe('the regions of a service catalog', () => {
  const catalog: CatalogService[] = [
    { type: 'identity', endpoints: [{ url: 'https://k', interface: 'public', region: 'RegionOne' }] },
    {
      type: 'image',
      endpoints: [
        { url: 'https://g1', interface: 'public', region: 'RegionOne' },
        { url: 'https://g1i', interface: 'internal', region: 'RegionOne' },
        { url: 'https://g2', interface: 'public', region: 'RegionTwo' },
        { url: 'https://g3', interface: 'internal', region: 'RegionThree' },
      ],
    },
  ];
  const where = { iface: 'public', origin: 'the OS_* environment' };

  it('are those with an image endpoint for the interface, in the catalog’s order', () => {
    expect(imageRegions(catalog, 'public')).toEqual(['RegionOne', 'RegionTwo']);
    expect(imageRegions(catalog, 'internal')).toEqual(['RegionOne', 'RegionThree']);
    expect(chooseRegions('all', imageRegions(catalog, 'public'), where)).toEqual(['RegionOne', 'RegionTwo']);
    expect(chooseRegions(['RegionTwo'], imageRegions(catalog, 'public'), where)).toEqual(['RegionTwo']);
  });

  it('an unknown name is one ConfigError naming the regions there are, control characters shown as ?', () => {
    const call = () => chooseRegions(['RegionThree'], [...imageRegions(catalog, 'public'), 'Evil\u001b[2J'], where);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow('region "RegionThree" has no public image endpoint (from the OS_* environment; the regions there are: RegionOne, RegionTwo, Evil?[2J)');
    expect(() => chooseRegions('all', [null], where)).toThrow(/no public endpoint in a named region/);
  });

  it('a source is named by its region, and by its member in a federation', () => {
    expect(sourceLabel({ shortName: 'Beta' }, 'RegionTwo', true)).toBe('member Beta, region RegionTwo');
    expect(sourceLabel({ shortName: 'Beta' }, 'RegionTwo', false)).toBe('region RegionTwo');
    expect(sourceLabel({ shortName: 'Beta' }, null, true)).toBe('member Beta');
  });
});
