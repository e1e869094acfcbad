/** cloud.config.yaml: the schema's and the loader's one-line errors, the committed file, and the defaults every command takes from it. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudConfig, cloudConfigPath, CloudConfigError, nearestKey, readCloudConfig } from '../../../src/lib/cloud-config.ts';
import { configuredConventions } from '../../../src/lib/cloud-config.ts';
import { fetchHelpText, parseFetchArgs } from '../../../scripts/lib/cli-args.ts';
import { baseEnv, ROOT, runCli, tempDir } from '../fetch/support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cloud-config-'));
mkdirSync(join(dir, 'data'));
copyFileSync(join(ROOT, 'content/data/distributions.yaml'), join(dir, 'data/distributions.yaml'));
copyFileSync(join(ROOT, 'content/data/eol.yaml'), join(dir, 'data/eol.yaml'));

const MINIMAL = `site:
  title: Example Image Catalog
cloud:
  name: Example Cloud
images:
  owner: 0123456789abcdef0123456789abcdef
data:
  distributions: data/distributions.yaml
  eol: data/eol.yaml
`;

let count = 0;
/** Writes `text` as a config file in the temp folder (beside its data files) and returns its path. */
function configFile(text: string): string {
  const path = join(dir, `config-${++count}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** The one error line reading `text` gives, without the file's own path. */
function errorOf(text: string): string {
  const path = configFile(text);
  try {
    readCloudConfig(path);
  } catch (error) {
    expect(error).toBeInstanceOf(CloudConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`${path}: `)).toBe(true);
    return message.slice(path.length + 2);
  }
  throw new Error('no error');
}

afterAll(() => {
  delete process.env.CATALOG_CONFIG;
});

describe('the committed cloud.config.yaml', () => {
  it('is Nectar: the titles, names, projects and conventions the site had before the file', () => {
    const config = readCloudConfig(resolve(ROOT, 'cloud.config.yaml'));
    expect(config.site.title).toBe('Nectar Image Catalog');
    expect(config.cloud).toEqual({ name: 'Nectar Research Cloud', shortName: 'Nectar', dashboard: 'https://dashboard.rc.nectar.org.au' });
    expect(config.images.owner).toBe('28eadf5ad64b42a4929b2fb7df99275c');
    expect(config.images.archiveOwner).toBe('c9217cb583f24c7f96567a4d6530e405');
    expect(config.images.hiddenBuilds).toBe(false);
    expect(config.images.conventions).toEqual({
      namePrefix: 'NeCTAR ',
      loginUserProperties: ['default_user'],
      lineProperties: ['nectar_name'],
      buildProperties: ['nectar_build'],
      gpuProperties: ['nectar_vgpu', 'nvidia_driver_version', 'nvidia_cuda_versions'],
      purposeProperties: [],
    });
    expect(config.data.distributions).toBe(resolve(ROOT, 'content/data/distributions.yaml'));
    expect(config.guide).toEqual({ official: '/categories/#nectar', officialImages: '/official-images/' });
  });

  it('is what configuredConventions() returns when CATALOG_CONFIG is unset', () => {
    expect(cloudConfigPath({})).toBe(resolve(ROOT, 'cloud.config.yaml'));
    expect(configuredConventions().lineProperties).toEqual(['nectar_name']);
  });
});

describe('a minimal config', () => {
  it('fills every optional key with its documented default, data paths beside the file', () => {
    const path = configFile(MINIMAL.replace(/data:[\s\S]*$/, ''));
    // Without data:, the defaults are content/data/… beside the file: absent here, so the error names the key.
    expect(() => readCloudConfig(path)).toThrow(/data\.distributions: no such file .*content\/data\/distributions\.yaml; give a path relative to/);
    const config = readCloudConfig(configFile(MINIMAL));
    expect(config.site.description).toBe('How images work on Example Cloud, and a searchable catalog of its official images.');
    expect(config.cloud).toEqual({ name: 'Example Cloud', shortName: 'Example Cloud', dashboard: null });
    expect(config.images.archiveOwner).toBeNull();
    expect(config.images.hiddenBuilds).toBe(false);
    expect(config.images.conventions).toEqual({ namePrefix: null, loginUserProperties: [], lineProperties: [], buildProperties: [], gpuProperties: [], purposeProperties: [] });
    expect(config.data.eol).toBe(join(dir, 'data/eol.yaml'));
    expect(config.guide).toEqual({ official: null, officialImages: null });
  });
});

describe('errors: one line naming the file, the key and the fix', () => {
  it('a missing required key', () => {
    expect(errorOf(MINIMAL.replace('  owner: 0123456789abcdef0123456789abcdef\n', '  hidden_builds: true\n'))).toBe(
      'images.owner: required; set it to the project ID that owns the official images',
    );
    expect(errorOf(MINIMAL.replace('site:\n  title: Example Image Catalog\n', ''))).toBe('site: required; add a site: section with a title');
  });

  it('an unknown key, with the key it was probably meant to be', () => {
    expect(errorOf(MINIMAL.replace('  owner:', '  ownr:'))).toBe('images.ownr: unknown key; did you mean images.owner?');
    expect(errorOf(`${MINIMAL}guide:\n  oficial_images: /official-images/\n`)).toBe('guide.oficial_images: unknown key; did you mean guide.official_images?');
    expect(errorOf(MINIMAL.replace('images:\n', 'images:\n  properties:\n    login_users: [default_user]\n'))).toBe(
      'images.properties.login_users: unknown key; did you mean images.properties.login_user?',
    );
    expect(errorOf(`${MINIMAL}theme: dark\n`)).toBe('theme: unknown key; the keys here are site, cloud, images, members, data, guide');
  });

  it('a value of the wrong type', () => {
    expect(errorOf(MINIMAL.replace('title: Example Image Catalog', 'title: 42'))).toBe(
      'site.title: expected text, not a number; set it to the site title, e.g. "Example Cloud Image Catalog"',
    );
    expect(errorOf(MINIMAL.replace('images:\n', 'images:\n  hidden_builds: "yes"\n'))).toBe('images.hidden_builds: expected a boolean, not text; set it to true or false');
    expect(errorOf(MINIMAL.replace('images:\n', 'images:\n  properties:\n    gpu: nectar_vgpu\n'))).toBe(
      'images.properties.gpu: expected a list, not text; give a list of property names',
    );
  });

  it('a bad URL, project ID or guide address', () => {
    expect(errorOf(MINIMAL.replace('  name: Example Cloud\n', '  name: Example Cloud\n  dashboard: dashboard.example.org\n'))).toBe(
      'cloud.dashboard: not an http(s) URL; set it to the https:// address of the cloud dashboard, or leave it out',
    );
    expect(errorOf(MINIMAL.replace('  name: Example Cloud\n', '  name: Example Cloud\n  dashboard: javascript:alert(1)\n'))).toMatch(/^cloud\.dashboard: not an http\(s\) URL/);
    expect(errorOf(MINIMAL.replace('0123456789abcdef0123456789abcdef', '"not a project"'))).toMatch(/^images\.owner: not a project ID/);
    expect(errorOf(MINIMAL.replace('images:\n', 'images:\n  archive_owner: 0123456789abcdef0123456789abcdef\n'))).toMatch(
      /^images\.archive_owner: the same project as images\.owner/,
    );
    expect(errorOf(`${MINIMAL}guide:\n  official: categories#official\n`)).toMatch(/^guide\.official: not a guide address from the site root/);
  });

  it('a data file that is not there', () => {
    expect(errorOf(MINIMAL.replace('eol: data/eol.yaml', 'eol: data/end-of-life.yaml'))).toBe(
      `data.eol: no such file ${join(dir, 'data/end-of-life.yaml')}; give a path relative to ${join(dir, `config-${count}.yaml`)}`,
    );
  });

  it('YAML that does not parse, or an empty file', () => {
    expect(errorOf('site: {title: x\n')).toMatch(/^line 2, column 1: not valid YAML \(.+\); fix the file$/);
    expect(errorOf('')).toMatch(/^the file is empty; copy the committed cloud\.config\.yaml/);
  });

  it('CATALOG_CONFIG naming a file that does not exist', () => {
    const missing = join(dir, 'nope.yaml');
    expect(() => cloudConfig({ CATALOG_CONFIG: missing })).toThrow(
      `${missing}: no such file; point CATALOG_CONFIG at your cloud.config.yaml, or unset it to use the repository's`,
    );
  });

  it('suggests only near misses', () => {
    expect(nearestKey('ownr', ['owner', 'archive_owner'])).toBe('owner');
    expect(nearestKey('colour', ['owner', 'archive_owner'])).toBeNull();
  });
});

describe('catalog:fetch takes its defaults from the file', () => {
  it('owner and archive project from the file; flags and CATALOG_* override them', () => {
    const other = readCloudConfig(configFile(MINIMAL));
    expect(parseFetchArgs([], {}, other)).toMatchObject({ owner: '0123456789abcdef0123456789abcdef', archiveOwner: null, hiddenBuilds: false });
    expect(parseFetchArgs([], { CATALOG_OWNER: 'aaa', CATALOG_ARCHIVE_OWNER: 'bbb' }, other)).toMatchObject({ owner: 'aaa', archiveOwner: 'bbb' });
    expect(parseFetchArgs(['--owner', 'ccc'], { CATALOG_OWNER: 'aaa' }, other)).toMatchObject({ owner: 'ccc' });
    const hidden = readCloudConfig(configFile(MINIMAL.replace('images:\n', 'images:\n  hidden_builds: true\n  archive_owner: abc\n')));
    expect(parseFetchArgs([], {}, hidden)).toMatchObject({ archiveOwner: 'abc', hiddenBuilds: true });
    expect(parseFetchArgs(['--no-archive'], {}, hidden)).toMatchObject({ archiveOwner: null });
    expect(parseFetchArgs([], { CATALOG_CONFIG: configFile(MINIMAL) })).toMatchObject({ owner: '0123456789abcdef0123456789abcdef' });
  });

  it('--help says where the defaults come from', () => {
    const path = configFile(MINIMAL);
    const help = fetchHelpText(readCloudConfig(path));
    expect(help).toContain(`else images.owner in\n                      ${path}: 0123456789abcdef0123456789abcdef`);
    expect(help).toContain('images.archive_owner\n                      in ' + path + ': none');
  });

  it('a broken config stops the script with its one line and exit 2', async () => {
    const home = tempDir();
    const broken = configFile(MINIMAL.replace('  owner:', '  ownr:'));
    const run = await runCli(['--help'], { ...baseEnv(home), CATALOG_CONFIG: broken });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`catalog:fetch: error: ${broken}: images.ownr: unknown key; did you mean images.owner?\n`);
    const build = await runCli([], { ...baseEnv(home), CATALOG_CONFIG: join(dir, 'missing.yaml') }, { script: join(ROOT, 'scripts/build.ts') });
    expect(build.code).toBe(2);
    expect(build.stderr).toBe(`build: error: ${join(dir, 'missing.yaml')}: no such file; point CATALOG_CONFIG at your cloud.config.yaml, or unset it to use the repository's\n`);
  });
});

const FEDERATION = `site:
  title: Example Federation Images
cloud:
  name: Example Federation
members:
  - name: Example Cloud A
    short_name: Cloud A
    os_cloud: cloud-a
    owner: 0123456789abcdef0123456789abcdef
    regions: [RegionOne, RegionTwo]
    dashboard: https://dashboard.a.example.org/
  - name: Example Cloud B
    os_cloud: cloud-b
    owner: fedcba9876543210fedcba9876543210
    regions: all
    hidden_builds: true
    name_prefix: "B "
    properties:
      login_user: [default_user]
data:
  distributions: data/distributions.yaml
  eol: data/eol.yaml
`;

describe('regions and federations', () => {
  it('one cloud is one member, from cloud: and images:, with the environment\'s credentials and today\'s one region', () => {
    const config = readCloudConfig(configFile(MINIMAL));
    expect(config.federation).toBe(false);
    expect(config.members).toEqual([
      {
        key: 'example-cloud',
        name: 'Example Cloud',
        shortName: 'Example Cloud',
        osCloud: null,
        dashboard: null,
        regions: null,
        owner: '0123456789abcdef0123456789abcdef',
        archiveOwner: null,
        hiddenBuilds: false,
        conventions: config.images.conventions,
      },
    ]);
  });

  it('cloud.regions: a list of names or all', () => {
    expect(readCloudConfig(configFile(MINIMAL.replace('  name: Example Cloud\n', '  name: Example Cloud\n  regions: [RegionOne, RegionTwo]\n'))).members[0]!.regions).toEqual(['RegionOne', 'RegionTwo']);
    expect(readCloudConfig(configFile(MINIMAL.replace('  name: Example Cloud\n', '  name: Example Cloud\n  regions: all\n'))).members[0]!.regions).toBe('all');
    expect(errorOf(MINIMAL.replace('  name: Example Cloud\n', '  name: Example Cloud\n  regions: [RegionOne, RegionOne]\n'))).toMatch(/^cloud\.regions: a region is listed twice; give a list of region names/);
    expect(errorOf(MINIMAL.replace('  name: Example Cloud\n', '  name: Example Cloud\n  regions: ["Region One"]\n'))).toMatch(/^cloud\.regions\.0: not a region name/);
  });

  it('members: each its own key, credentials, owner, regions, dashboard and spellings; images: is the first member\'s', () => {
    const config = readCloudConfig(configFile(FEDERATION));
    expect(config.federation).toBe(true);
    expect(config.cloud).toEqual({ name: 'Example Federation', shortName: 'Example Federation', dashboard: null });
    expect(config.members.map((member) => [member.key, member.osCloud, member.regions, member.dashboard])).toEqual([
      ['cloud-a', 'cloud-a', ['RegionOne', 'RegionTwo'], 'https://dashboard.a.example.org'],
      ['example-cloud-b', 'cloud-b', 'all', null],
    ]);
    expect(config.members[1]).toMatchObject({ hiddenBuilds: true, conventions: { namePrefix: 'B ', loginUserProperties: ['default_user'] } });
    expect(config.images.owner).toBe('0123456789abcdef0123456789abcdef');
  });

  it('a federation\'s mistakes are one line each', () => {
    const federation = (edit: (text: string) => string) => errorOf(edit(FEDERATION));
    expect(federation((t) => t.replace('    os_cloud: cloud-b\n', ''))).toMatch(/^members\.1\.os_cloud: required; set it to the member's entry in clouds\.yaml/);
    expect(federation((t) => t.replace('    short_name: Cloud A\n', '    short_name: Example Cloud B\n'))).toMatch(/^members\.1\.name: names the same member as members\.0 \(example-cloud-b\)/);
    expect(federation((t) => t.replace('    os_cloud: cloud-a\n', '    os_cloud: cloud-a\n    ownr: x\n'))).toBe('members.0.ownr: unknown key; did you mean members.0.owner?');
    expect(federation((t) => t.replace('members:\n', 'images:\n  owner: abc\nmembers:\n'))).toMatch(/^images: not with members/);
    expect(federation((t) => t.replace('  name: Example Federation\n', '  name: Example Federation\n  regions: all\n'))).toMatch(/^cloud\.regions: not with members/);
    expect(errorOf(MINIMAL.replace(/images:\n  owner: .*\n/, ''))).toMatch(/^images: required; add an images: section/);
  });
});
