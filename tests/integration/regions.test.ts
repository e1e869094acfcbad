/**
 * Regions and federations with real services (issue 21). The test cloud gains a second Glance registered in the
 * same Keystone as RegionTwo (scripts/test-cloud/cloud.py add-region) and a second, separate Keystone + Glance as
 * a federation's member B (add-member); scripts/test-cloud/seed_regions.py seeds both and writes regions.json,
 * clouds.yaml (the `regions:` dict form) and secure.yaml. First the cloud itself, through the `openstack` CLI as a
 * reader would use it: each region lists its own images, member B its own, a stopped region fails alone.
 * Then the sites, each fetched and built once from its own cloud.config.yaml (tests/fixtures/regions/: one
 * cloud, its regions from the clouds.yaml entry's `regions:`; tests/fixtures/federation/: two member clouds)
 * and read as files: every seeded ID's page with its region and member, its siblings, snippets and dashboard
 * link, the JSON rows and latest files, no trap anywhere. Last, RegionTwo down: a strict fetch fails naming it
 * and writes nothing; the default fetch keeps its last good data and the rebuilt pages say so.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cleanEnv, explain, md5s, removeTempDirs, root, run, tempDir, type RunResult } from './support/test-cloud.ts';
import { jsonOf, pageOf, pathOf, readSite, textOfNode, visibleText, type BuiltSite } from './support/built-site.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');

if (!testCloud) {
  describe('regions and federations with real services', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

/** What seed_regions.py wrote to regions/regions.json (the parts read here). */
interface RegionsImage {
  id: string;
  name: string;
  region: string;
  /** Member A: the nectar_name; member B: the image_name. */
  line: string;
  /** Member A: nectar_build. */
  build?: number;
  /** Member B: image_build_date. */
  buildDate?: string;
  /** current; archived (member A: the archive project's community builds); hidden (member B: SCS-0102 earlier builds). */
  kind: 'current' | 'archived' | 'hidden';
  owner: string;
  /** Archived and hidden builds: the id of the current build of their line, in their own region. */
  successor?: string;
}
interface RegionsTrap {
  id: string;
  name: string;
  region: string;
  kind: string;
  owner: string;
  visibility: string;
  hidden: boolean;
}
interface RegionsUser {
  username: string;
  password: string;
  projectId: string;
}
interface RegionsMember {
  authUrl: string;
  regions: Record<string, { imageEndpoint: string }>;
  owner: { id: string; name: string };
  archiveOwner?: { id: string; name: string };
  users: Record<'publisher' | 'reader', RegionsUser>;
  images: RegionsImage[];
  traps: RegionsTrap[];
}
interface RegionsSeed {
  regions: string[];
  memberA: RegionsMember;
  memberB: RegionsMember & { name: string; region: string };
  files: { cloudsYaml: string; secureYaml: string; clouds: { regions: string; memberA: string; memberB: string } };
}

const cloudPy = join(root, 'scripts/test-cloud/cloud.py');

interface ListedImage {
  ID: string;
  Name: string;
  Project: string;
}

describe.skipIf(!testCloud)('the test cloud: two regions in one Keystone, and a second cloud', () => {
  const seed = testCloud ? (JSON.parse(readFileSync(testCloud.regionsJson, 'utf8')) as RegionsSeed) : (null as never);
  const env = () => cleanEnv({ OS_CLIENT_CONFIG_FILE: seed.files.cloudsYaml, OS_CLIENT_SECURE_FILE: seed.files.secureYaml });
  /** `openstack --os-cloud <cloud> [--os-region-name <region>] image list <args> --long -f json`, as a reader types it. */
  const list = async (cloud: string, region: string | null, args: string[]) => {
    const result = await run('openstack', ['--os-cloud', cloud, ...(region ? ['--os-region-name', region] : []), 'image', 'list', ...args, '--long', '-f', 'json'], env());
    return { result, images: result.code === 0 ? (JSON.parse(result.stdout) as ListedImage[]) : [] };
  };
  const ids = (images: ListedImage[], owner: string) => images.filter((image) => image.Project === owner).map((image) => image.ID).sort();
  const seeded = (member: RegionsMember, region: string, kind: RegionsImage['kind']) =>
    member.images.filter((image) => image.region === region && image.kind === kind).map((image) => image.id).sort();

  it('writes the passwords to secure.yaml only, and clouds.yaml’s regions in the dict form', () => {
    const clouds = readFileSync(seed.files.cloudsYaml, 'utf8');
    const secure = readFileSync(seed.files.secureYaml, 'utf8');
    for (const member of [seed.memberA, seed.memberB]) {
      for (const user of Object.values(member.users)) expect(clouds, `${user.username}'s password`).not.toContain(user.password);
      expect(secure).toContain(member.users.reader.password);
    }
    expect(clouds).toMatch(/regions:\n\s+- name: "RegionOne"\n\s+- name: "RegionTwo"\n/);
  });

  it('lists each region’s own images, with their own IDs, through the regions-reader cloud and --os-region-name', async () => {
    const a = seed.memberA;
    expect(seed.regions).toEqual(['RegionOne', 'RegionTwo']);
    const trapIds = new Set(a.traps.map((trap) => trap.id));
    const seen = new Map<string, string>();
    for (const region of seed.regions) {
      // Each a separate `openstack` process, side by side.
      const inRegion = (args: string[]) => list(seed.files.clouds.regions, region, args);
      const [publicImages, community, visible, hidden] = await Promise.all([inRegion(['--public']), inRegion(['--community']), inRegion([]), inRegion(['--hidden'])]);
      expect(publicImages.result.code, explain(publicImages.result)).toBe(0);
      expect(ids(publicImages.images, a.owner.id), `${region}: the owner's public images`).toEqual(seeded(a, region, 'current'));
      expect(community.result.code, explain(community.result)).toBe(0);
      expect(ids(community.images, a.archiveOwner!.id), `${region}: the archive's community builds`).toEqual(seeded(a, region, 'archived'));
      for (const id of [...ids(publicImages.images, a.owner.id), ...ids(community.images, a.archiveOwner!.id)]) {
        expect(trapIds.has(id), `${id} is a trap`).toBe(false);
        expect(seen.get(id), `${id} listed in two regions`).toBeUndefined();
        seen.set(id, region);
      }
      // Each region's traps are real: in that region's Glance, and visible to the reader (private ones too).
      const everything = [...visible.images, ...hidden.images, ...community.images, ...publicImages.images];
      const listed = new Set(everything.map((image) => image.ID));
      for (const trap of a.traps.filter((trap) => trap.region === region && trap.kind !== 'archive-private')) {
        expect(listed.has(trap.id), `${region}: the ${trap.kind} trap is there, to be left out`).toBe(true);
      }
    }
    // Lines both regions have, with their own IDs; one newer in RegionTwo; lines only one region has.
    const current = a.images.filter((image) => image.kind === 'current');
    const build = (region: string, line: string) => current.find((image) => image.region === region && image.line === line)?.build;
    expect(build('RegionTwo', 'ubuntu-24.04-x86_64')).toBeGreaterThan(build('RegionOne', 'ubuntu-24.04-x86_64')!);
    expect(build('RegionOne', 'rocky-9-x86_64')).toBeDefined();
    expect(build('RegionTwo', 'rocky-9-x86_64')).toBeUndefined();
    expect(build('RegionTwo', 'fedora-40-x86_64')).toBeDefined();
    expect(build('RegionOne', 'fedora-40-x86_64')).toBeUndefined();
  });

  it('lists member B’s images from its own Keystone and Glance', async () => {
    const b = seed.memberB;
    expect(b.authUrl).not.toBe(seed.memberA.authUrl);
    const [publicImages, hidden] = await Promise.all([list(seed.files.clouds.memberB, null, ['--public']), list(seed.files.clouds.memberB, null, ['--public', '--hidden'])]);
    expect(publicImages.result.code, explain(publicImages.result)).toBe(0);
    expect(ids(publicImages.images, b.owner.id)).toEqual(seeded(b, b.region, 'current'));
    expect(hidden.result.code, explain(hidden.result)).toBe(0);
    expect(ids(hidden.images, b.owner.id)).toEqual(seeded(b, b.region, 'hidden'));
    const memberAIds = new Set(seed.memberA.images.map((image) => image.id));
    for (const image of publicImages.images) expect(memberAIds.has(image.ID)).toBe(false);
  });

  it('stops one region’s Glance (RegionTwo fails, RegionOne answers) and starts it again', async () => {
    const stopped = await run('python3', [cloudPy, 'stop-glance', '--state-dir', testCloud!.stateDir, '--region', 'RegionTwo'], cleanEnv({}));
    try {
      expect(stopped.code, explain(stopped)).toBe(0);
      const status = await run('python3', [cloudPy, 'status', '--state-dir', testCloud!.stateDir], cleanEnv({}));
      expect(status.code, explain(status)).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ healthy: true, regions: { RegionTwo: { healthy: false } }, members: { [seed.memberB.name]: { healthy: true } } });
      const down = await list(seed.files.clouds.regions, 'RegionTwo', ['--public']);
      expect(down.result.code, explain(down.result)).not.toBe(0);
      const up = await list(seed.files.clouds.regions, 'RegionOne', ['--public']);
      expect(up.result.code, explain(up.result)).toBe(0);
      expect(ids(up.images, seed.memberA.owner.id)).toEqual(seeded(seed.memberA, 'RegionOne', 'current'));
    } finally {
      const started = await run('python3', [cloudPy, 'start-glance', '--state-dir', testCloud!.stateDir, '--region', 'RegionTwo'], cleanEnv({}));
      expect(started.code, explain(started)).toBe(0);
    }
    const back = await list(seed.files.clouds.regions, 'RegionTwo', ['--public']);
    expect(back.result.code, explain(back.result)).toBe(0);
    expect(ids(back.images, seed.memberA.owner.id)).toEqual(seeded(seed.memberA, 'RegionTwo', 'current'));
  });
});

const node = join(root, 'node_modules/.bin/node');
const SITE_URL = 'https://images.example.org';
const REGIONS_DASHBOARD = 'https://dashboard.tworegion.example.org';
const MEMBER_DASHBOARDS = { alpha: 'https://dashboard.alpha.example.org', beta: 'https://horizon.beta.example.org' };
/** The member keys the fixtures' short names give (Tworegion; Alpha and Beta). */
const REGIONS_MEMBER = 'tworegion';

/** `7 Dec 2026`, as pages write a date (UTC). */
const dayOf = (iso: string) => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
};
/** A page's words as a reader reads them, without the space the markup leaves before punctuation. */
const words = (html: string) => visibleText(html).replace(/\s+([:;,.)])/g, '$1').replace(/\(\s+/g, '(');
/** The text of each element `selector` matches, whitespace collapsed, with no space before punctuation. */
const texts = (html: string, selector: string) =>
  selectAll(selector, fromHtml(html)).map((element) => textOfNode(element).replace(/\s+/g, ' ').replace(/\s+([:;,.)])/g, '$1').trim());
const attributes = (html: string, selector: string, name: string) =>
  selectAll(selector, fromHtml(html)).map((element) => String(element.properties?.[name] ?? ''));

/** A copy of a fixture config with the seeded owners set and its data paths made absolute (it is written elsewhere). */
function configFrom(fixture: string, set: (config: ReturnType<typeof parseDocument>) => void): string {
  const source = join(root, 'tests/fixtures', fixture, 'cloud.config.yaml');
  const config = parseDocument(readFileSync(source, 'utf8'));
  for (const key of ['distributions', 'eol']) config.setIn(['data', key], resolve(dirname(source), String(config.getIn(['data', key]))));
  set(config);
  const path = join(tempDir(`${fixture}-config-`), 'cloud.config.yaml');
  writeFileSync(path, config.toString());
  return path;
}

interface Fetched {
  run: RunResult;
  snapshot: string;
}
interface SourcesJson {
  sources: { member: string; region: string | null; lastFailure: { at: string; error: string } | null }[];
}
interface SourceSnapshot {
  fetchedAt: string;
  source: { region: string | null };
  images: { id: string }[];
  archived?: { id: string }[];
}

describe.skipIf(!testCloud)('a two-region site and a federation site, each fetched and built from its own config file', () => {
  const seed = testCloud ? (JSON.parse(readFileSync(testCloud.regionsJson, 'utf8')) as RegionsSeed) : (null as never);
  const credentials = () => ({ OS_CLIENT_CONFIG_FILE: seed.files.cloudsYaml, OS_CLIENT_SECURE_FILE: seed.files.secureYaml });
  let regionsConfig: string;
  let federationConfig: string;
  let regionsFetch: Fetched;
  let federationFetch: Fetched;
  let regionsBuild: RunResult;
  let federationBuild: RunResult;
  let regionsSite: BuiltSite;
  let federationSite: BuiltSite;

  /** `catalog:fetch --out <dir>/snapshot.json --json [args]` with the seeded clouds.yaml and secure.yaml and nothing else. */
  const fetchInto = (config: string, dir: string, extra: Record<string, string>, args: string[] = []) =>
    run(node, ['scripts/catalog-fetch.ts', '--out', join(dir, 'snapshot.json'), '--json', ...args], cleanEnv({ ...credentials(), ...extra, CATALOG_CONFIG: config }));
  const build = (config: string, snapshot: string, outDir: string) =>
    run(node, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], { ...cleanEnv({}), NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshot, CATALOG_CONFIG: config, SITE_URL }, 600_000);
  const sourcesOf = (snapshot: string) => JSON.parse(readFileSync(join(dirname(snapshot), 'sources.json'), 'utf8')) as SourcesJson;
  const sourceSnapshot = (snapshot: string, member: string, region: string) =>
    JSON.parse(readFileSync(join(dirname(snapshot), 'sources', member, region, 'snapshot.json'), 'utf8')) as SourceSnapshot;

  beforeAll(async () => {
    const a = seed.memberA;
    const b = seed.memberB;
    regionsConfig = configFrom('regions', (config) => {
      config.setIn(['images', 'owner'], a.owner.id);
      config.setIn(['images', 'archive_owner'], a.archiveOwner!.id);
    });
    federationConfig = configFrom('federation', (config) => {
      config.setIn(['members', 0, 'owner'], a.owner.id);
      config.setIn(['members', 0, 'archive_owner'], a.archiveOwner!.id);
      config.setIn(['members', 1, 'owner'], b.owner.id);
    });
    const regionsDir = tempDir('regions-site-');
    const federationDir = tempDir('federation-site-');
    // The two fetches side by side (they are network-bound); the builds one after the other (CPU-bound).
    const [regionsRun, federationRun] = await Promise.all([
      // One cloud: OS_CLOUD names the clouds.yaml entry whose regions: lists both regions.
      fetchInto(regionsConfig, regionsDir, { OS_CLOUD: seed.files.clouds.regions }),
      // A federation: each member names its own entry; no OS_CLOUD.
      fetchInto(federationConfig, federationDir, {}),
    ]);
    regionsFetch = { run: regionsRun, snapshot: join(regionsDir, 'snapshot.json') };
    federationFetch = { run: federationRun, snapshot: join(federationDir, 'snapshot.json') };
    if (regionsRun.code === 0) {
      regionsBuild = await build(regionsConfig, regionsFetch.snapshot, join(regionsDir, 'dist'));
      if (regionsBuild.code === 0) regionsSite = readSite(join(regionsDir, 'dist'));
    }
    if (federationRun.code === 0) {
      federationBuild = await build(federationConfig, federationFetch.snapshot, join(federationDir, 'dist'));
      if (federationBuild.code === 0) federationSite = readSite(join(federationDir, 'dist'));
    }
  });

  afterAll(() => {
    if (process.env.TEST_CLOUD_KEEP !== '1') removeTempDirs();
  });

  const listed = (member: RegionsMember) => member.images;
  const trapsNowhere = (site: BuiltSite, dir: string, traps: RegionsTrap[]) => {
    const problems: string[] = [];
    for (const [file, text] of [...site.files, ...[...md5s(dir).keys()].filter((path) => path.endsWith('.json')).map((path) => [join(dir, path), readFileSync(join(dir, path), 'utf8')] as const)]) {
      for (const trap of traps) if (text.includes(trap.id)) problems.push(`${trap.kind} trap (${trap.region}) ${trap.id} in ${file}`);
    }
    return problems;
  };
  /** Every password of the seeded users, which must reach no file. */
  const passwords = () => [seed.memberA, seed.memberB].flatMap((member) => Object.values(member.users).map((user) => user.password));

  /** What an image's page must say of the same line in the other sources: the line's current build there, else its newest archived one. */
  function expectedSiblings(member: RegionsMember, image: RegionsImage, label: (region: string) => string) {
    const regions = [...new Set(member.images.map((other) => other.region))].filter((region) => region !== image.region);
    return regions.flatMap((region) => {
      const there = member.images.filter((other) => other.region === region && other.line === image.line);
      const target = there.find((other) => other.kind === 'current') ?? there.filter((other) => other.kind === 'archived').sort((x, y) => y.build! - x.build!)[0];
      if (!target) return [];
      const compared = target.build! > image.build! ? 'newer' : target.build! < image.build! ? 'older' : 'same';
      return [`Also in ${label(region)}: build ${target.build}, ${compared}${target.kind === 'archived' ? ' (archived)' : ''} — ${target.id}`];
    });
  }

  describe('the two-region site (tests/fixtures/regions, regions from clouds.yaml)', () => {
    it('fetches both regions of the one Keystone into a source each, with each region’s own IDs and no trap', () => {
      expect(regionsFetch.run.code, explain(regionsFetch.run)).toBe(0);
      expect(sourcesOf(regionsFetch.snapshot).sources).toEqual(seed.regions.map((region) => ({ member: REGIONS_MEMBER, region, lastFailure: null })));
      for (const region of seed.regions) {
        const snapshot = sourceSnapshot(regionsFetch.snapshot, REGIONS_MEMBER, region);
        const ofRegion = (kind: RegionsImage['kind']) => seed.memberA.images.filter((image) => image.region === region && image.kind === kind).map((image) => image.id).sort();
        expect(snapshot.source.region).toBe(region);
        expect(snapshot.images.map((image) => image.id).sort(), `${region}'s current images`).toEqual(ofRegion('current'));
        expect((snapshot.archived ?? []).map((image) => image.id).sort(), `${region}'s archived builds`).toEqual(ofRegion('archived'));
      }
      expect(trapsNowhere({ dir: '', files: new Map(), pages: new Map() }, dirname(regionsFetch.snapshot), seed.memberA.traps)).toEqual([]);
    });

    it('fetches the same from cloud.regions in the config, with a clouds.yaml entry that names no region', async () => {
      const config = configFrom('regions', (doc) => {
        doc.setIn(['images', 'owner'], seed.memberA.owner.id);
        doc.setIn(['images', 'archive_owner'], seed.memberA.archiveOwner!.id);
        doc.setIn(['cloud', 'regions'], seed.regions);
      });
      const dir = tempDir('regions-key-');
      const fetched = await fetchInto(config, dir, { OS_CLOUD: seed.files.clouds.memberA });
      expect(fetched.code, explain(fetched)).toBe(0);
      for (const region of seed.regions) {
        expect(sourceSnapshot(join(dir, 'snapshot.json'), REGIONS_MEMBER, region).images.map((image) => image.id).sort()).toEqual(
          sourceSnapshot(regionsFetch.snapshot, REGIONS_MEMBER, region).images.map((image) => image.id).sort(),
        );
      }
    });

    it('gives every seeded ID its page, naming its region and build, with that region’s snippets and the dashboard link', () => {
      expect(regionsBuild?.code, regionsBuild ? explain(regionsBuild) : 'not built').toBe(0);
      const problems: string[] = [];
      for (const image of listed(seed.memberA)) {
        const label = `${image.name} (${image.region}, ${image.id})`;
        if (!regionsSite.pages.has(image.id)) {
          problems.push(`${label}: no page`);
          continue;
        }
        const html = pageOf(regionsSite, image.id);
        const text = words(html);
        if (attributes(html, '[data-catalog-region]', 'dataCatalogRegion').join() !== image.region) problems.push(`${label}: data-catalog-region is ${attributes(html, '[data-catalog-region]', 'dataCatalogRegion')}`);
        const says = `Region ${image.region}: this ID works there only; build ${image.build}.`;
        if (!text.includes(says)) problems.push(`${label}: no “${says}” (${texts(html, '[data-catalog-region]').join(' | ')})`);
        for (const command of [`openstack --os-region-name ${image.region} server create --image ${image.id}`, `openstack --os-region-name ${image.region} image show ${image.id}`]) {
          if (!text.includes(command)) problems.push(`${label}: no \`${command}\``);
        }
        if (!new RegExp(`region\\s*=\\s*(&#x22;|&quot;|")${image.region}(&#x22;|&quot;|")`).test(html)) problems.push(`${label}: no Terraform region = "${image.region}"`);
        if (!html.includes(`href="${REGIONS_DASHBOARD}/project/images/${image.id}/"`)) problems.push(`${label}: no link to ${REGIONS_DASHBOARD}/project/images/${image.id}/`);
        const other = seed.regions.find((region) => region !== image.region)!;
        if (text.includes(`--os-region-name ${other} server create --image ${image.id}`)) problems.push(`${label}: a command names ${other}`);
        if (html.includes('data-catalog-stale')) problems.push(`${label}: says its data is stale`);
      }
      expect(problems).toEqual([]);
    });

    it('lists the same line in the other region with its ID, build and how it compares (“Also in RegionTwo: build 42, newer”)', () => {
      expect(regionsBuild?.code, regionsBuild ? explain(regionsBuild) : 'not built').toBe(0);
      const problems: string[] = [];
      for (const image of listed(seed.memberA)) {
        const html = pageOf(regionsSite, image.id);
        const found = texts(html, '[data-catalog-sibling]');
        const expected = expectedSiblings(seed.memberA, image, (region) => region);
        if (JSON.stringify(found) !== JSON.stringify(expected)) problems.push(`${image.name} (${image.region}, build ${image.build}): ${JSON.stringify(found)}, not ${JSON.stringify(expected)}`);
        // Each sibling's ID links to its page.
        for (const [index, href] of attributes(html, '[data-catalog-sibling] a', 'href').entries()) {
          const id = expected[index]?.split('— ')[1];
          if (id && href !== pathOf(regionsSite, id)) problems.push(`${image.name} (${image.region}): sibling ${id} links to ${href}, not ${pathOf(regionsSite, id)}`);
        }
      }
      // The seed's promise, checked: a line newer in RegionTwo says so from RegionOne.
      const ubuntuOne = seed.memberA.images.find((image) => image.kind === 'current' && image.region === 'RegionOne' && image.line === 'ubuntu-24.04-x86_64')!;
      expect(texts(pageOf(regionsSite, ubuntuOne.id), '[data-catalog-sibling]').join()).toMatch(/^Also in RegionTwo: build 42, newer — /);
      expect(problems).toEqual([]);
    });

    it('has each archived build succeeded by its own region’s current build, never another region’s', () => {
      expect(regionsBuild?.code, regionsBuild ? explain(regionsBuild) : 'not built').toBe(0);
      const archived = seed.memberA.images.filter((image) => image.kind === 'archived');
      expect(archived.length).toBeGreaterThan(0);
      for (const image of archived) {
        const successor = seed.memberA.images.find((other) => other.id === image.successor)!;
        expect(successor.region).toBe(image.region);
        expect(attributes(pageOf(regionsSite, image.id), 'a[data-catalog-successor]', 'href'), `${image.name} (${image.region})`).toEqual([pathOf(regionsSite, successor.id)]);
      }
    });

    it('gives catalog.json and index.json rows their region and member, and latest/<line>.json each region’s ID', () => {
      expect(regionsBuild?.code, regionsBuild ? explain(regionsBuild) : 'not built').toBe(0);
      const current = seed.memberA.images.filter((image) => image.kind === 'current');
      const catalog = jsonOf<{ images: { id: string; region: string; member: string }[] }>(regionsSite, 'catalog.json');
      const rows = jsonOf<{ rows: { id: string; region: string; member: string }[] }>(regionsSite, 'catalog/index.json').rows;
      expect(catalog.images.map((image) => image.id).sort()).toEqual(current.map((image) => image.id).sort());
      for (const image of current) {
        expect(catalog.images.find((entry) => entry.id === image.id), image.name).toMatchObject({ region: image.region, member: REGIONS_MEMBER });
        expect(rows.find((row) => row.id === image.id), image.name).toMatchObject({ region: image.region, member: REGIONS_MEMBER });
      }
      // Every line's latest file: the line's current ID in each region that has it, and no other region.
      const latestFiles = [...regionsSite.files.keys()].filter((file) => file.startsWith(join(regionsSite.dir, 'catalog/latest/')) && file.endsWith('.json'));
      for (const line of new Set(current.map((image) => image.line))) {
        const expected = Object.fromEntries(current.filter((image) => image.line === line).map((image) => [image.region, { id: image.id, build: image.build }]));
        const matching = latestFiles.map((file) => JSON.parse(regionsSite.files.get(file)!) as { regions?: Record<string, { id: string; build: number }> })
          .filter((latest) => Object.values(latest.regions ?? {}).some((entry) => Object.values(expected).some((e) => e.id === entry.id)));
        expect(matching.length, `${line}: latest files naming its IDs`).toBe(1);
        expect(Object.keys(matching[0]!.regions!).sort(), line).toEqual(Object.keys(expected).sort());
        expect(matching[0]!.regions, line).toMatchObject(expected);
      }
    });

    it('has no trap and no password in any built file', () => {
      expect(regionsBuild?.code, regionsBuild ? explain(regionsBuild) : 'not built').toBe(0);
      expect(trapsNowhere(regionsSite, dirname(regionsFetch.snapshot), seed.memberA.traps)).toEqual([]);
      for (const [file, text] of regionsSite.files) for (const password of passwords()) expect(text.includes(password), `a password in ${file}`).toBe(false);
    });
  });

  describe('the federation site (tests/fixtures/federation: member Alpha’s two regions, member Beta’s own Keystone)', () => {
    const members = () => [
      { key: 'alpha', name: 'Alpha Research Cloud', short: 'Alpha', seeded: seed.memberA },
      { key: 'beta', name: 'Beta Cloud', short: 'Beta', seeded: seed.memberB as RegionsMember },
    ];

    it('fetches every (member, region) source with each member’s own credentials', () => {
      expect(federationFetch.run.code, explain(federationFetch.run)).toBe(0);
      expect(sourcesOf(federationFetch.snapshot).sources).toEqual([
        ...seed.regions.map((region) => ({ member: 'alpha', region, lastFailure: null })),
        { member: 'beta', region: seed.memberB.region, lastFailure: null },
      ]);
      for (const { key, seeded } of members()) {
        for (const region of Object.keys(seeded.regions)) {
          const snapshot = sourceSnapshot(federationFetch.snapshot, key, region);
          const ofRegion = (kinds: RegionsImage['kind'][]) => seeded.images.filter((image) => image.region === region && kinds.includes(image.kind)).map((image) => image.id).sort();
          expect(snapshot.images.map((image) => image.id).sort(), `${key} ${region}`).toEqual(ofRegion(['current']));
          expect((snapshot.archived ?? []).map((image) => image.id).sort(), `${key} ${region} archived`).toEqual(ofRegion(['archived', 'hidden']));
        }
      }
    });

    it('gives every ID of every member its page, naming its region and member cloud, with the member’s dashboard link', () => {
      expect(federationBuild?.code, federationBuild ? explain(federationBuild) : 'not built').toBe(0);
      const problems: string[] = [];
      for (const { key, name, seeded } of members()) {
        for (const image of seeded.images) {
          const label = `${key} ${image.name} (${image.region}, ${image.id})`;
          if (!federationSite.pages.has(image.id)) {
            problems.push(`${label}: no page`);
            continue;
          }
          const html = pageOf(federationSite, image.id);
          const text = words(html);
          if (attributes(html, '[data-catalog-region]', 'dataCatalogMember').join() !== key) problems.push(`${label}: data-catalog-member ${attributes(html, '[data-catalog-region]', 'dataCatalogMember')}`);
          if (!text.includes(`Region ${image.region} of ${name}: this ID works there only`)) problems.push(`${label}: no “Region ${image.region} of ${name}” (${texts(html, '[data-catalog-region]').join(' | ')})`);
          if (!text.includes(`openstack --os-region-name ${image.region} image show ${image.id}`)) problems.push(`${label}: no region flag in its commands`);
          const dashboard = MEMBER_DASHBOARDS[key as keyof typeof MEMBER_DASHBOARDS];
          if (!html.includes(`href="${dashboard}/project/images/${image.id}/"`)) problems.push(`${label}: no link to ${dashboard}/project/images/${image.id}/`);
          for (const [otherKey, otherDashboard] of Object.entries(MEMBER_DASHBOARDS)) {
            if (otherKey !== key && html.includes(otherDashboard)) problems.push(`${label}: links ${otherKey}'s dashboard`);
          }
        }
      }
      // Alpha's siblings are named with the member: "Also in Alpha RegionTwo: build 42, newer".
      for (const image of seed.memberA.images) {
        const found = texts(pageOf(federationSite, image.id), '[data-catalog-sibling]').filter((sibling) => sibling.startsWith('Also in Alpha '));
        const expected = expectedSiblings(seed.memberA, image, (region) => `Alpha ${region}`);
        if (JSON.stringify(found) !== JSON.stringify(expected)) problems.push(`alpha ${image.name} (${image.region}): ${JSON.stringify(found)}, not ${JSON.stringify(expected)}`);
      }
      // The line both members have: Alpha's Ubuntu pages name Beta's, and Beta's name Alpha's two regions.
      const ubuntuB = seed.memberB.images.find((image) => image.kind === 'current' && image.line === 'Ubuntu 24.04')!;
      for (const image of seed.memberA.images.filter((image) => image.kind === 'current' && image.line === 'ubuntu-24.04-x86_64')) {
        const found = texts(pageOf(federationSite, image.id), '[data-catalog-sibling]');
        if (!found.some((sibling) => sibling.startsWith(`Also in Beta ${seed.memberB.region}:`) && sibling.endsWith(`— ${ubuntuB.id}`))) problems.push(`alpha ${image.name} (${image.region}): no Beta sibling in ${JSON.stringify(found)}`);
      }
      const betaSiblings = texts(pageOf(federationSite, ubuntuB.id), '[data-catalog-sibling]');
      for (const image of seed.memberA.images.filter((image) => image.kind === 'current' && image.line === 'ubuntu-24.04-x86_64')) {
        if (!betaSiblings.some((sibling) => sibling.startsWith(`Also in Alpha ${image.region}: build ${image.build}`) && sibling.endsWith(`— ${image.id}`))) problems.push(`beta ${ubuntuB.name}: no Alpha ${image.region} sibling in ${JSON.stringify(betaSiblings)}`);
      }
      // Beta's earlier build (hidden, SCS-0102) is an archived page leading to Beta's current build.
      for (const image of seed.memberB.images.filter((image) => image.kind === 'hidden')) {
        const href = attributes(pageOf(federationSite, image.id), 'a[data-catalog-successor]', 'href');
        if (JSON.stringify(href) !== JSON.stringify([pathOf(federationSite, image.successor!)])) problems.push(`beta ${image.name}: successor link ${href}`);
      }
      expect(problems).toEqual([]);
    });

    it('gives rows their member and region, and keys latest/<line>.json by member and region', () => {
      expect(federationBuild?.code, federationBuild ? explain(federationBuild) : 'not built').toBe(0);
      const catalog = jsonOf<{ images: { id: string; region: string; member: string }[] }>(federationSite, 'catalog.json');
      const latestFiles = [...federationSite.files.keys()].filter((file) => file.startsWith(join(federationSite.dir, 'catalog/latest/')) && file.endsWith('.json'));
      const latest = latestFiles.map((file) => JSON.parse(federationSite.files.get(file)!) as { key: string; regions?: Record<string, Record<string, { id: string }>> });
      for (const { key, seeded } of members()) {
        for (const image of seeded.images.filter((image) => image.kind === 'current')) {
          expect(catalog.images.find((entry) => entry.id === image.id), `${key} ${image.name}`).toMatchObject({ region: image.region, member: key });
          const naming = latest.filter((file) => file.regions?.[key]?.[image.region]?.id === image.id);
          expect(naming.length, `${key} ${image.region} ${image.name}: latest files naming it`).toBe(1);
        }
      }
      // The same line in both members (Ubuntu 24.04 x86_64): one latest file, every member's region in it.
      const ubuntu = (member: RegionsMember, region: string) => member.images.find((image) => image.kind === 'current' && image.region === region && /ubuntu.24\.04/i.test(image.line))!.id;
      const both = latest.filter((file) => file.regions?.alpha?.RegionOne?.id === ubuntu(seed.memberA, 'RegionOne'));
      expect(both.map((file) => file.regions)).toEqual([
        expect.objectContaining({
          alpha: expect.objectContaining({ RegionOne: expect.objectContaining({ id: ubuntu(seed.memberA, 'RegionOne') }), RegionTwo: expect.objectContaining({ id: ubuntu(seed.memberA, 'RegionTwo') }) }),
          beta: expect.objectContaining({ [seed.memberB.region]: expect.objectContaining({ id: ubuntu(seed.memberB, seed.memberB.region) }) }),
        }),
      ]);
    });

    it('has no trap of either member and no password in any built file', () => {
      expect(federationBuild?.code, federationBuild ? explain(federationBuild) : 'not built').toBe(0);
      expect(trapsNowhere(federationSite, dirname(federationFetch.snapshot), [...seed.memberA.traps, ...seed.memberB.traps])).toEqual([]);
      for (const [file, text] of federationSite.files) for (const password of passwords()) expect(text.includes(password), `a password in ${file}`).toBe(false);
    });
  });

  describe('RegionTwo down (its Glance stopped)', () => {
    let dir: string;
    let before: Map<string, string>;
    let strict: RunResult;
    let afterStrict: Map<string, string>;
    let lenient: RunResult;
    let rebuilt: RunResult;
    let site: BuiltSite;

    beforeAll(async () => {
      expect(regionsFetch.run.code, 'the two-region fetch failed').toBe(0);
      // A copy of the last good two-region catalog, as a site's checkout would hold it.
      dir = tempDir('regions-down-');
      cpSync(dirname(regionsFetch.snapshot), dir, { recursive: true, filter: (path) => !path.includes(`${dirname(regionsFetch.snapshot)}/dist`) });
      before = md5s(dir);
      const stopped = await run('python3', [cloudPy, 'stop-glance', '--state-dir', testCloud!.stateDir, '--region', 'RegionTwo'], cleanEnv({}));
      expect(stopped.code, explain(stopped)).toBe(0);
      try {
        strict = await fetchInto(regionsConfig, dir, { OS_CLOUD: seed.files.clouds.regions }, ['--strict']);
        afterStrict = md5s(dir);
        lenient = await fetchInto(regionsConfig, dir, { OS_CLOUD: seed.files.clouds.regions });
      } finally {
        const started = await run('python3', [cloudPy, 'start-glance', '--state-dir', testCloud!.stateDir, '--region', 'RegionTwo'], cleanEnv({}));
        expect(started.code, explain(started)).toBe(0);
      }
      if (lenient.code === 0) {
        rebuilt = await build(regionsConfig, join(dir, 'snapshot.json'), join(dir, 'dist'));
        if (rebuilt.code === 0) site = readSite(join(dir, 'dist'));
      }
    });

    it('makes a strict fetch fail with one line naming RegionTwo, and write nothing', () => {
      expect(strict.code, explain(strict)).not.toBe(0);
      const lines = strict.stderr.trim().split('\n').filter((line) => line.trim() !== '');
      const error = lines.filter((line) => /error/i.test(line));
      expect(error.length, strict.stderr).toBe(1);
      expect(error[0]).toMatch(/region RegionTwo/);
      expect(strict.stderr).not.toMatch(/RegionOne:/);
      for (const password of passwords()) expect(strict.stderr + strict.stdout).not.toContain(password);
      expect(afterStrict).toEqual(before);
    });

    it('keeps RegionTwo’s last good data by default, records the failure and refreshes RegionOne', () => {
      expect(lenient.code, explain(lenient)).toBe(0);
      expect(lenient.stderr + lenient.stdout).toMatch(/RegionTwo/);
      const sources = sourcesOf(join(dir, 'snapshot.json')).sources;
      expect(sources.map((source) => [source.region, source.lastFailure === null])).toEqual([['RegionOne', true], ['RegionTwo', false]]);
      expect(sources[1]!.lastFailure!.error).toMatch(/RegionTwo|refused|answer/i);
      const good = sourceSnapshot(regionsFetch.snapshot, REGIONS_MEMBER, 'RegionTwo');
      const kept = sourceSnapshot(join(dir, 'snapshot.json'), REGIONS_MEMBER, 'RegionTwo');
      expect(kept).toEqual(good);
      expect(Date.parse(sourceSnapshot(join(dir, 'snapshot.json'), REGIONS_MEMBER, 'RegionOne').fetchedAt)).toBeGreaterThan(
        Date.parse(sourceSnapshot(regionsFetch.snapshot, REGIONS_MEMBER, 'RegionOne').fetchedAt),
      );
      for (const password of passwords()) expect(readFileSync(join(dir, 'sources.json'), 'utf8')).not.toContain(password);
    });

    it('builds a site whose RegionTwo pages say their data is as of the last good fetch, and RegionOne’s do not', () => {
      expect(rebuilt?.code, rebuilt ? explain(rebuilt) : 'not built').toBe(0);
      const fetchedAt = sourceSnapshot(join(dir, 'snapshot.json'), REGIONS_MEMBER, 'RegionTwo').fetchedAt;
      const notice = `RegionTwo’s data is as of its last good fetch, ${dayOf(fetchedAt)}.`;
      const problems: string[] = [];
      for (const image of seed.memberA.images) {
        if (!site.pages.has(image.id)) {
          problems.push(`${image.name} (${image.region}): no page`);
          continue;
        }
        const stale = texts(pageOf(site, image.id), '[data-catalog-stale]');
        const expected = image.region === 'RegionTwo' ? [notice] : [];
        if (JSON.stringify(stale) !== JSON.stringify(expected)) problems.push(`${image.name} (${image.region}): ${JSON.stringify(stale)}, not ${JSON.stringify(expected)}`);
      }
      expect(texts(site.files.get(join(site.dir, 'catalog/index.html'))!, '[data-catalog-stale]')).toContain(notice);
      expect(problems).toEqual([]);
    });
  });
});
