/**
 * catalog:fetch with several sources (issue 21): every region of a cloud (cloud.regions, or a clouds.yaml
 * regions: list) and every member cloud of a federation (members:), each into its own snapshot and history
 * under sources/<member>/<region>/ with sources.json beside them, as the site reads them
 * (src/lib/catalog/load.ts). Fake Keystones and Glances on loopback (support/fake-cloud.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sourcesIndexSchema } from '../../../src/schemas/sources.ts';
import { historySchema, snapshotSchema } from '../../../src/schemas/snapshot.ts';
import { FakeCloud, OFFICIAL, glanceImage, type Json } from './support/fake-cloud.ts';
import { ROOT, baseEnv, runCli, tempDir } from './support/run-cli.ts';
import { passwordEnv } from './support/scenario.ts';

const clouds: FakeCloud[] = [];
afterEach(async () => {
  await Promise.all(clouds.splice(0).map((cloud) => cloud.stop()));
});

async function fakeCloud(images: Json[]): Promise<FakeCloud> {
  const cloud = await new FakeCloud().start();
  cloud.images = images;
  clouds.push(cloud);
  return cloud;
}

const regionOneImages = () => [
  glanceImage({ id: 'r1-ubuntu', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', nectar_build: '41' }),
  glanceImage({ id: 'r1-debian', name: 'NeCTAR Debian 12 (Bookworm) amd64', os_distro: 'debian', os_version: '12', default_user: 'debian' }),
];
const regionTwoImages = () => [
  glanceImage({ id: 'r2-ubuntu', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', nectar_build: '42' }),
  glanceImage({ id: 'r2-rocky', name: 'NeCTAR Rocky Linux 9 x86_64', os_distro: 'rocky', os_version: '9', default_user: 'rocky' }),
  glanceImage({ id: 'r2-trap', name: 'NeCTAR Private thing', visibility: 'private' }),
];

/** Keystone and RegionOne's Glance in `one`, RegionTwo's Glance in `two` (which trusts one's tokens), and more regions as asked. */
async function twoRegionCloud(extraRegions: Json[] = []) {
  const one = await fakeCloud(regionOneImages());
  const two = await fakeCloud(regionTwoImages());
  two.validTokens = one.validTokens;
  one.catalog = [
    { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${one.origin}/identity` }] },
    {
      type: 'image',
      endpoints: [
        { interface: 'public', region_id: 'RegionOne', url: `${one.origin}/image` },
        { interface: 'internal', region_id: 'RegionOne', url: 'http://192.0.2.1:9292' },
        { interface: 'public', region_id: 'RegionTwo', url: `${two.origin}/image` },
        ...extraRegions,
      ],
    },
  ];
  return { one, two };
}

/** A cloud.config.yaml like the committed one, with `change` applied, in a folder of its own under `dir`. */
function siteConfig(dir: string, change: (config: Record<string, unknown>) => void): string {
  const config: Record<string, unknown> = {
    site: { title: 'Test catalog' },
    cloud: { name: 'Test Cloud', short_name: 'Test' },
    images: { owner: OFFICIAL, name_prefix: 'NeCTAR ', properties: { login_user: ['default_user'], line: ['nectar_name'], build: ['nectar_build'] } },
    data: { distributions: join(ROOT, 'content/data/distributions.yaml'), eol: join(ROOT, 'content/data/eol.yaml') },
  };
  change(config);
  const folder = mkdtempSync(join(dir, 'config-'));
  const file = join(folder, 'cloud.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

function withRegions(regions: unknown) {
  return (config: Record<string, unknown>) => {
    (config.cloud as Record<string, unknown>).regions = regions;
  };
}

interface Site {
  dir: string;
  out: string;
  env: NodeJS.ProcessEnv;
  run(args?: string[], extra?: NodeJS.ProcessEnv): ReturnType<typeof runCli>;
}

function site(config: string, env: NodeJS.ProcessEnv, dir: string): Site {
  const out = join(dir, 'catalog', 'snapshot.json');
  mkdirSync(join(dir, 'catalog'), { recursive: true });
  const fullEnv = { ...env, CATALOG_CONFIG: config, CATALOG_RETRIES: '0' };
  return {
    dir,
    out,
    env: fullEnv,
    run: (args = [], extra = {}) => {
      const merged: NodeJS.ProcessEnv = { ...fullEnv, ...extra };
      for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
      return runCli(['--out', out, ...args], merged);
    },
  };
}

const readIndex = (s: Site) => sourcesIndexSchema.parse(JSON.parse(readFileSync(join(s.dir, 'catalog', 'sources.json'), 'utf8')));
const sourceFile = (s: Site, member: string, region: string, file = 'snapshot.json') => join(s.dir, 'catalog', 'sources', member, region, file);
const readSource = (s: Site, member: string, region: string) => snapshotSchema.parse(JSON.parse(readFileSync(sourceFile(s, member, region), 'utf8')));
const readSourceHistory = (s: Site, member: string, region: string) => historySchema.parse(JSON.parse(readFileSync(sourceFile(s, member, region, 'history.json'), 'utf8')));
const idsOf = (snapshot: { images: { id: string }[] }) => snapshot.images.map((image) => image.id).sort();
const authCount = (cloud: FakeCloud) => cloud.count('/identity/v3/auth/tokens');

/** The environment of a user of the two-region cloud with no region chosen. */
function twoRegionEnv(one: FakeCloud, home: string): NodeJS.ProcessEnv {
  const env = passwordEnv(one, home);
  delete env.OS_REGION_NAME;
  return env;
}

describe('catalog:fetch of every region of a cloud', { timeout: 60_000 }, () => {
  it('writes each region its own snapshot and history with its own IDs, logging in to Keystone once', async () => {
    const { one, two } = await twoRegionCloud();
    const dir = tempDir();
    const s = site(siteConfig(dir, withRegions(['RegionOne', 'RegionTwo'])), twoRegionEnv(one, tempDir('home-')), dir);
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(readIndex(s).sources).toEqual([
      { member: 'test', region: 'RegionOne', lastFailure: null },
      { member: 'test', region: 'RegionTwo', lastFailure: null },
    ]);
    const first = readSource(s, 'test', 'RegionOne');
    const second = readSource(s, 'test', 'RegionTwo');
    expect(idsOf(first)).toEqual(['r1-debian', 'r1-ubuntu']);
    expect(idsOf(second)).toEqual(['r2-rocky', 'r2-ubuntu']);
    expect(first.source).toMatchObject({ region: 'RegionOne', imageEndpoint: `${one.origin}/image` });
    expect(second.source).toMatchObject({ region: 'RegionTwo', imageEndpoint: `${two.origin}/image` });
    expect(readSourceHistory(s, 'test', 'RegionTwo').entries[0]!.added.map((entry) => entry.id).sort()).toEqual(['r2-rocky', 'r2-ubuntu']);
    expect(authCount(one)).toBe(1);
    expect(two.count('/image/v2/images')).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^region RegionOne: 2 official images \(2 added, 0 removed, 0 updated\)$/m);
    expect(run.stdout).toMatch(/^region RegionTwo: 2 official images \(2 added, 0 removed, 0 updated\)$/m);
    expect(run.stdout).toMatch(/^Wrote 2 sources \(2 changed; 4 official images in all\) to .*sources\.json in [\d.]+s$/m);
    // The one-source snapshot file is not written for a catalog of several.
    expect(existsSync(s.out)).toBe(false);

    const json = await s.run(['--json']);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { ok: boolean; images: number; sources: { region: string; ok: boolean; images: number; changed: boolean }[] };
    expect(result.ok).toBe(true);
    expect(result.images).toBe(4);
    expect(result.sources.map(({ region, ok, images, changed }) => ({ region, ok, images, changed }))).toEqual([
      { region: 'RegionOne', ok: true, images: 2, changed: false },
      { region: 'RegionTwo', ok: true, images: 2, changed: false },
    ]);
  });

  it('lists the regions side by side, not one after the other (CATALOG_CONCURRENCY bounds how many at once)', async () => {
    const { one, two } = await twoRegionCloud();
    // RegionOne's first listing is held until RegionTwo's has arrived: one after the other, that never happens.
    let regionTwoAsked!: () => void;
    const regionTwoArrived = new Promise<void>((resolve) => (regionTwoAsked = resolve));
    let overlapped = false;
    two.intercept = (request) => {
      if (request.path === '/image/v2/images') regionTwoAsked();
      return undefined;
    };
    one.intercept = async (request) => {
      if (request.path !== '/image/v2/images') return undefined;
      overlapped = await Promise.race([regionTwoArrived.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000))]);
      return undefined;
    };
    const dir = tempDir();
    const s = site(siteConfig(dir, withRegions(['RegionOne', 'RegionTwo'])), twoRegionEnv(one, tempDir('home-')), dir);
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(overlapped).toBe(true);
  });

  it('a region that is down keeps its last good data and says so; with --strict nothing is written and the error names the region', async () => {
    const { one, two } = await twoRegionCloud();
    const dir = tempDir();
    const s = site(siteConfig(dir, withRegions(['RegionOne', 'RegionTwo'])), twoRegionEnv(one, tempDir('home-')), dir);
    expect((await s.run()).code).toBe(0);
    const before = readFileSync(sourceFile(s, 'test', 'RegionTwo'), 'utf8');
    const beforeIndex = readFileSync(join(dir, 'catalog', 'sources.json'), 'utf8');
    const beforeOne = readFileSync(sourceFile(s, 'test', 'RegionOne'), 'utf8');
    two.intercept = () => ({ status: 503, body: 'Service Unavailable' });
    one.images.push(glanceImage({ id: 'r1-new', name: 'NeCTAR AlmaLinux 9 x86_64', os_distro: 'almalinux', os_version: '9', default_user: 'almalinux' }));

    const strict = await s.run(['--strict']);
    expect(strict.code).toBe(4);
    const lines = strict.stderr.trim().split('\n');
    expect(lines, strict.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^catalog:fetch: error: region RegionTwo: .*503.*; /);
    expect(readFileSync(join(dir, 'catalog', 'sources.json'), 'utf8')).toBe(beforeIndex);
    expect(readFileSync(sourceFile(s, 'test', 'RegionOne'), 'utf8')).toBe(beforeOne);
    expect(readFileSync(sourceFile(s, 'test', 'RegionTwo'), 'utf8')).toBe(before);
    expect((await s.run([], { CATALOG_STRICT: '1' })).code).toBe(4);

    const kept = await s.run();
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/warning: region RegionTwo: .*503.*its pages keep its last good data, fetched \d{4}-/);
    expect(kept.stdout).toMatch(/^region RegionTwo: failed \(.*\); kept its last good data of \d{4}-.*\(2 official images\)$/m);
    expect(kept.stdout).toMatch(/^Wrote 2 sources \(1 changed, 1 kept from the last good fetch; 5 official images in all\)/m);
    expect(readFileSync(sourceFile(s, 'test', 'RegionTwo'), 'utf8')).toBe(before);
    expect(idsOf(readSource(s, 'test', 'RegionOne'))).toContain('r1-new');
    const [regionOne, regionTwo] = readIndex(s).sources;
    expect(regionOne!.lastFailure).toBeNull();
    expect(regionTwo!.lastFailure!.error).toMatch(/^region RegionTwo: .*503/);
    expect(Date.parse(regionTwo!.lastFailure!.at)).toBeGreaterThan(Date.parse(readSource(s, 'test', 'RegionTwo').fetchedAt));

    // Back up: the failure is cleared.
    two.intercept = null;
    expect((await s.run()).code).toBe(0);
    expect(readIndex(s).sources[1]!.lastFailure).toBeNull();
  });

  it('a region never fetched before that fails fails the fetch, writing nothing', async () => {
    const { one, two } = await twoRegionCloud();
    two.intercept = () => ({ status: 503, body: 'down' });
    const dir = tempDir();
    const s = site(siteConfig(dir, withRegions(['RegionOne', 'RegionTwo'])), twoRegionEnv(one, tempDir('home-')), dir);
    const run = await s.run();
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^catalog:fetch: error: region RegionTwo: /);
    expect(existsSync(join(dir, 'catalog', 'sources.json'))).toBe(false);
    expect(existsSync(join(dir, 'catalog', 'sources'))).toBe(false);
  });

  it('an unknown region is one line naming the regions there are; all lists every region with a usable name', async () => {
    const { one } = await twoRegionCloud([{ interface: 'public', region_id: '../evil\u001b[31m', url: 'http://192.0.2.9/image' }]);
    const home = tempDir('home-');
    const dir = tempDir();
    const wrong = site(siteConfig(dir, withRegions(['RegionOne', 'Nowhere'])), twoRegionEnv(one, home), dir);
    const run = await wrong.run();
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/region "Nowhere" has no public image endpoint .*the regions there are: RegionOne, RegionTwo, \.\.\/evil/);
    expect(run.stderr).not.toContain('\u001b');
    expect(existsSync(join(dir, 'catalog', 'sources.json'))).toBe(false);

    const allDir = tempDir();
    const all = site(siteConfig(allDir, withRegions('all')), twoRegionEnv(one, home), allDir);
    const listed = await all.run();
    expect(listed.code, listed.stderr).toBe(0);
    expect(readIndex(all).sources.map((source) => source.region)).toEqual(['RegionOne', 'RegionTwo']);
    expect(listed.stderr).toMatch(/warning: left out region "\.\.\/evil.*its name cannot name a folder/);
    expect(readdirSync(join(allDir, 'catalog', 'sources', 'test')).sort()).toEqual(['RegionOne', 'RegionTwo']);
    expect(listed.stderr).not.toContain('\u001b');
  });

  it('a cloud that grows from one region to several carries its snapshot and history over to that region', async () => {
    const { one } = await twoRegionCloud();
    const dir = tempDir();
    const home = tempDir('home-');
    const oneRegion = site(siteConfig(dir, () => {}), { ...twoRegionEnv(one, home), OS_REGION_NAME: 'RegionOne' }, dir);
    expect((await oneRegion.run()).code).toBe(0);
    expect(snapshotSchema.parse(JSON.parse(readFileSync(oneRegion.out, 'utf8'))).source.region).toBe('RegionOne');
    expect(existsSync(join(dir, 'catalog', 'sources.json'))).toBe(false);

    const several = site(siteConfig(dir, withRegions(['RegionOne', 'RegionTwo'])), twoRegionEnv(one, home), dir);
    const run = await several.run();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^region RegionOne: no change in the 2 official images$/m);
    const history = readSourceHistory(several, 'test', 'RegionOne');
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]!.added.map((entry) => entry.id).sort()).toEqual(['r1-debian', 'r1-ubuntu']);

    // And back to one region: the one snapshot goes on from that region's files, and the index goes.
    one.images.push(glanceImage({ id: 'r1-new', name: 'NeCTAR AlmaLinux 9 x86_64', os_distro: 'almalinux', os_version: '9' }));
    const back = await oneRegion.run();
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/\(1 added, 0 removed, 0 updated\)/);
    expect(existsSync(join(dir, 'catalog', 'sources.json'))).toBe(false);
  });

  it("honours a clouds.yaml regions: list of {name, values}, a region's values overriding even auth.auth_url", async () => {
    const { one } = await twoRegionCloud();
    // RegionTwo has a Keystone of its own here, which lists it.
    const other = await fakeCloud(regionTwoImages());
    other.password = one.password;
    other.catalog = [{ type: 'image', endpoints: [{ interface: 'public', region_id: 'RegionTwo', url: `${other.origin}/image` }] }];
    const home = tempDir('home-');
    const configDir = tempDir('openstack-');
    writeFileSync(
      join(configDir, 'clouds.yaml'),
      stringify({
        clouds: {
          test: {
            auth: { auth_url: one.authUrl, username: 'someone', project_name: 'staff', user_domain_name: 'Default', project_domain_name: 'Default' },
            regions: [{ name: 'RegionOne' }, { name: 'RegionTwo', values: { auth: { auth_url: other.authUrl } } }],
          },
        },
      }),
    );
    writeFileSync(join(configDir, 'secure.yaml'), stringify({ clouds: { test: { auth: { password: one.password } } } }));
    const dir = tempDir();
    const env = { ...baseEnv(home), OS_CLOUD: 'test', OS_CLIENT_CONFIG_FILE: join(configDir, 'clouds.yaml'), OS_CLIENT_SECURE_FILE: join(configDir, 'secure.yaml') };
    const s = site(siteConfig(dir, () => {}), env, dir);
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(readIndex(s).sources.map((source) => source.region)).toEqual(['RegionOne', 'RegionTwo']);
    expect(readSource(s, 'test', 'RegionTwo').source.imageEndpoint).toBe(`${other.origin}/image`);
    expect(authCount(one)).toBe(1);
    expect(authCount(other)).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(one.password);
  });
});

describe('catalog:fetch of a federation', { timeout: 60_000 }, () => {
  it("lists every member with its own clouds.yaml entry and credentials, never the shell's OS_* variables", async () => {
    const alpha = await fakeCloud(regionOneImages());
    const betaOwner = 'b2b2b2b2b2b24b2b8b2b2b2b2b2b2b01';
    const beta = await fakeCloud([glanceImage({ id: 'beta-1', owner: betaOwner, name: 'Beta Ubuntu 24.04', nectar_name: undefined }), glanceImage({ id: 'beta-trap' })]);
    beta.password = 'beta-OWN-password-987';
    const configDir = tempDir('openstack-');
    const entry = (cloud: FakeCloud) => ({ auth: { auth_url: cloud.authUrl, username: 'someone', project_name: 'staff', user_domain_name: 'Default', project_domain_name: 'Default' } });
    writeFileSync(join(configDir, 'clouds.yaml'), stringify({ clouds: { alpha: entry(alpha), beta: entry(beta) } }));
    writeFileSync(join(configDir, 'secure.yaml'), stringify({ clouds: { alpha: { auth: { password: alpha.password } }, beta: { auth: { password: beta.password } } } }));
    const dir = tempDir();
    const config = siteConfig(dir, (c) => {
      delete c.images;
      c.members = [
        { name: 'Alpha Research Cloud', short_name: 'Alpha', os_cloud: 'alpha', owner: OFFICIAL, name_prefix: 'NeCTAR ', properties: { build: ['nectar_build'] } },
        { name: 'Beta Cloud', short_name: 'Beta', os_cloud: 'beta', owner: betaOwner, name_prefix: 'Beta ' },
      ];
    });
    const env = {
      ...baseEnv(tempDir('home-')),
      OS_CLIENT_CONFIG_FILE: join(configDir, 'clouds.yaml'),
      OS_CLIENT_SECURE_FILE: join(configDir, 'secure.yaml'),
      // A shell with some other cloud's openrc sourced: none of it applies to a member.
      OS_AUTH_URL: 'http://192.0.2.7:5000/v3',
      OS_PASSWORD: 'the-wrong-PASSWORD',
      OS_REGION_NAME: 'Elsewhere',
    };
    const s = site(config, env, dir);
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(readIndex(s).sources).toEqual([
      { member: 'alpha', region: 'Melbourne', lastFailure: null },
      { member: 'beta', region: 'Melbourne', lastFailure: null },
    ]);
    expect(idsOf(readSource(s, 'alpha', 'Melbourne'))).toEqual(['r1-debian', 'r1-ubuntu']);
    expect(idsOf(readSource(s, 'beta', 'Melbourne'))).toEqual(['beta-1']);
    expect(readSource(s, 'beta', 'Melbourne').source.owner).toBe(betaOwner);
    expect(run.stdout).toMatch(/^member Beta, region Melbourne: 1 official images/m);
    expect(authCount(alpha)).toBe(1);
    expect(authCount(beta)).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(beta.password);

    const owner = await s.run(['--owner', OFFICIAL]);
    expect(owner.code).toBe(2);
    expect(owner.stderr.trim()).toMatch(/^catalog:fetch: error: --owner cannot be used for a federation .*; set each member's owner/);
    expect((await s.run([], { CATALOG_OWNER: OFFICIAL })).stderr).toMatch(/CATALOG_OWNER cannot be used for a federation/);

    // A member that cannot be reached keeps its last good data; with --strict the error names it.
    await beta.stop();
    const down = await s.run();
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/warning: member Beta: .*its pages keep its last good data/);
    expect(readIndex(s).sources[1]!.lastFailure!.error).toMatch(/^member Beta: /);
    const strict = await s.run(['--strict']);
    expect(strict.code).toBe(4);
    expect(strict.stderr).toMatch(/^catalog:fetch: error: member Beta: /);
  });
});
