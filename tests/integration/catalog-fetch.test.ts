/**
 * The catalog fetch script (scripts/catalog-fetch.ts) against a real Keystone
 * and Glance on loopback, started and seeded by support/global-setup.ts with
 * scripts/test-cloud. Each fetch runs as a child process with a clean
 * environment (HOME in an empty temp dir, no stray OS_* variables).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { snapshotSchema, type CatalogImage, type Snapshot } from '../../src/schemas/snapshot.ts';
import { loginUserOf } from '../../src/lib/catalog/login.ts';
import {
  cleanEnv,
  distributions,
  explain,
  glanceGet,
  logSince,
  logSize,
  passwordToken,
  readJson,
  removeTempDirs,
  run,
  runFetch,
  type Cloud,
  type FetchRun,
  type Seed,
  type SeededImage,
} from './support/test-cloud.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');

if (!testCloud) {
  describe('catalog fetch against a real Keystone and Glance', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

describe.skipIf(!testCloud)('catalog fetch against a real Keystone and Glance', () => {
  let cloud: Cloud;
  let seed: Seed;
  let owner: string;
  let cliIds: Set<string>;
  let passwordRun: FetchRun;
  /** Every secret the cloud knows of: none may show in any output. */
  const secrets: string[] = [];
  /** Every fetch run in this file, checked for secrets at the end. */
  const runs: FetchRun[] = [];

  const passwordEnv = () => cleanEnv(seed.files.env.publisher!);
  const snapshotOf = (fetched: FetchRun): Snapshot => snapshotSchema.parse(JSON.parse(fetched.snapshotText));
  const ids = (snapshot: Snapshot) => new Set(snapshot.images.map((image) => image.id));
  const sorted = (set: Set<string>) => [...set].sort();

  async function fetchOk(env: Record<string, string>, outPath?: string): Promise<FetchRun> {
    const fetched = await runFetch(owner, env, outPath);
    runs.push(fetched);
    expect(fetched.code, explain(fetched)).toBe(0);
    expect(fetched.result?.ok, explain(fetched)).toBe(true);
    return fetched;
  }

  async function openstackImageList(env: Record<string, string>) {
    const listed = await run(
      'openstack',
      ['image', 'list', '--public', '--property', `owner=${owner}`, '--status', 'active', '--long', '-f', 'json'],
      env,
    );
    expect(listed.code, explain(listed)).toBe(0);
    return { ...listed, images: JSON.parse(listed.stdout) as Array<{ ID: string; Status: string; Visibility: string; Project: string }> };
  }

  beforeAll(async () => {
    cloud = readJson<Cloud>(testCloud!.cloudJson);
    seed = readJson<Seed>(testCloud!.seedJson);
    owner = seed.official.id;
    const { publisher, member, alice } = seed.users;
    secrets.push(cloud.admin.password, publisher.password, member.password, alice.password, alice.applicationCredential!.secret);

    // The reference: what the openstack CLI lists, on the same server, with the same credentials.
    const listed = await openstackImageList(passwordEnv());
    cliIds = new Set(listed.images.map((image) => image.ID));
    passwordRun = await fetchOk(passwordEnv());
  });

  afterAll(() => {
    if (process.env.TEST_CLOUD_KEEP !== '1') removeTempDirs();
  });

  it('seeded a cloud the openstack CLI sees as expected (the reference is sound)', async () => {
    const seededIds = new Set(seed.images.official.map((image) => image.id));
    expect(seededIds.size).toBeGreaterThan(1000);
    expect(sorted(cliIds)).toEqual(sorted(seededIds));
    // The fetch's credentials can see every image that must be left out, and each is what it claims.
    const token = await passwordToken(seed.authUrl, seed.users.publisher, owner);
    for (const excluded of seed.images.excluded) {
      const { status, body } = await glanceGet(seed.imageEndpoint, `/v2/images/${excluded.id}`, token);
      expect(status, `${excluded.kind} image ${excluded.id}`).toBe(200);
      const expected = {
        private: { visibility: 'private', status: 'active', owner, os_hidden: false },
        shared: { visibility: 'shared', status: 'active', owner, os_hidden: false },
        community: { visibility: 'community', status: 'active', owner, os_hidden: false },
        hidden: { visibility: 'public', status: 'active', owner, os_hidden: true },
        queued: { visibility: 'public', status: 'queued', owner, os_hidden: false },
        deactivated: { visibility: 'public', status: 'deactivated', owner, os_hidden: false },
        foreign: { visibility: 'public', status: 'active', owner: seed.projects.foreign.id, os_hidden: false },
      }[excluded.kind];
      expect({ visibility: body.visibility, status: body.status, owner: body.owner, os_hidden: body.os_hidden }, excluded.kind).toEqual(expected);
    }
    // The shared image has a member who accepted it.
    const shared = seed.images.excluded.find((image) => image.kind === 'shared')!;
    const members = await glanceGet(seed.imageEndpoint, `/v2/images/${shared.id}/members`, token);
    expect(members.body.members).toEqual([expect.objectContaining({ member_id: seed.projects.alice.id, status: 'accepted' })]);
  });

  it('with password credentials from openrc variables, lists exactly the official public active images the openstack CLI lists', () => {
    const snapshot = snapshotOf(passwordRun);
    expect(snapshot.images.length).toBeGreaterThan(1000);
    expect(sorted(ids(snapshot))).toEqual(sorted(cliIds));
    expect(snapshot.source.owner).toBe(owner);
    expect(snapshot.source.region).toBe(seed.region);
    expect(snapshot.source.imageEndpoint.startsWith(seed.imageEndpoint)).toBe(true);
    expect(snapshot.source.imageEndpoint).not.toMatch(/[?@#]/);
    for (const image of snapshot.images) {
      expect(image, image.id).toMatchObject({ status: 'active', visibility: 'public', owner });
    }
    expect(passwordRun.result).toMatchObject({ ok: true, images: snapshot.images.length });
  });

  it('leaves out private, shared, community, hidden, queued, deactivated and foreign images', () => {
    const listed = ids(snapshotOf(passwordRun));
    const kinds = new Set(seed.images.excluded.map((image) => image.kind));
    expect(sorted(kinds)).toEqual(['community', 'deactivated', 'foreign', 'hidden', 'private', 'queued', 'shared']);
    for (const excluded of seed.images.excluded) {
      expect(listed.has(excluded.id), `${excluded.kind} image ${excluded.id} is in the snapshot`).toBe(false);
    }
  });

  it('pages through the listing: more than 1,000 images take at least two Glance requests', async () => {
    const glanceLog = `${cloud.logs}/glance-api.log`;
    const before = logSize(glanceLog);
    const fetched = await fetchOk(passwordEnv());
    await new Promise((done) => setTimeout(done, 200)); // let the log line land
    const requests = logSince(glanceLog, before)
      .split('\n')
      .filter((line) => line.includes('"GET /v2/images?') && line.includes(owner));
    expect(requests.length, requests.join('\n')).toBeGreaterThanOrEqual(2);
    expect(requests.some((line) => line.includes('marker='))).toBe(true);
    for (const line of requests) {
      const limit = /[?&]limit=(\d+)/.exec(line);
      if (limit) expect(Number(limit[1])).toBeLessThanOrEqual(1000);
    }
    if (typeof fetched.result?.pages === 'number') expect(fetched.result.pages).toBeGreaterThanOrEqual(2);
    expect(snapshotOf(fetched).images.length).toBe(cliIds.size);
  });

  it('gives each image the right login user, distribution, version and architecture', () => {
    const distros = distributions();
    const byKey = new Map<string, (typeof distros)[number]>();
    for (const distro of distros) {
      byKey.set(distro.id, distro);
      for (const alias of distro.osDistro ?? []) byKey.set(alias, distro);
    }
    const snapshot = snapshotOf(passwordRun);
    const byId = new Map(snapshot.images.map((image) => [image.id, image]));
    const expected = (seeded: SeededImage) => {
      if (seeded.kind === 'legacy') {
        const facts = seeded.nameFacts!;
        return {
          distro: facts.distro,
          version: facts.version,
          architecture: facts.architecture,
          defaultUser: null,
          ...(facts.codename ? { codename: facts.codename } : {}),
        };
      }
      const props = seeded.properties;
      const distro = byKey.get(props.os_distro!);
      return {
        distro: distro?.id ?? props.os_distro,
        version: props.os_version,
        architecture: props.architecture === 'amd64' ? 'x86_64' : props.architecture,
        defaultUser: props.default_user ?? null,
      };
    };
    const wrong: string[] = [];
    for (const seeded of seed.images.official) {
      const image = byId.get(seeded.id);
      if (!image) {
        wrong.push(`${seeded.id} (${seeded.name}) is missing`);
        continue;
      }
      const want = expected(seeded);
      const got = Object.fromEntries(Object.keys(want).map((key) => [key, image[key as keyof CatalogImage]]));
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        wrong.push(`${seeded.name} [${seeded.kind}, ${JSON.stringify(seeded.properties)}]: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
    }
    expect(wrong.slice(0, 20), `${wrong.length} images wrong`).toEqual([]);

    // The cases the brief names, each present and right.
    const plain = (osDistro: string) =>
      seed.images.official.find((image) => image.properties.os_distro === osDistro && !image.properties.default_user)!;
    // The login user the site shows: the build's one rule over what the fetch kept.
    const userOf = (image: CatalogImage) => loginUserOf(image, image.distro ? byKey.get(image.distro) : undefined).user;
    const login = (seeded: SeededImage | undefined) => userOf(byId.get(seeded!.id)!);
    expect(login(plain('ubuntu'))).toBe('ubuntu');
    expect(login(plain('debian'))).toBe('debian');
    expect(login(plain('fedora'))).toBe('fedora');
    expect(login(plain('centos'))).toBe('ec2-user');
    expect(login(plain('rocky'))).toBe('rocky');
    expect(login(plain('almalinux'))).toBe('almalinux');
    expect(login(plain('arch'))).toBeNull();
    expect(byId.get(plain('arch').id)!.distro).toBe('arch');
    const withDefaultUser = seed.images.official.filter((image) => image.properties.default_user);
    expect(withDefaultUser.length).toBeGreaterThan(10);
    for (const seeded of withDefaultUser) expect(login(seeded)).toBe(seeded.properties.default_user);
    expect(withDefaultUser.some((image) => image.properties.os_distro === 'arch')).toBe(true);
    const legacy = (name: string) => byId.get(seed.images.official.find((image) => image.name === name)!.id)!;
    expect(legacy('NeCTAR CentOS 7 x86_64')).toMatchObject({ distro: 'centos', version: '7', defaultUser: null });
    expect(userOf(legacy('NeCTAR CentOS 7 x86_64'))).toBe('ec2-user');
    expect(legacy('NeCTAR Ubuntu 14.04 (Trusty) amd64')).toMatchObject({
      distro: 'ubuntu',
      version: '14.04',
      architecture: 'x86_64',
      defaultUser: null,
    });
    expect(userOf(legacy('NeCTAR Ubuntu 14.04 (Trusty) amd64'))).toBe('ubuntu');
  });

  it('works with an application credential from openrc variables (which must not ask for a scope)', async () => {
    const fetched = await fetchOk(cleanEnv(seed.files.env['alice-appcred']!));
    expect(sorted(ids(snapshotOf(fetched)))).toEqual(sorted(cliIds));
  });

  it('works with clouds.yaml (OS_CLOUD + OS_CLIENT_CONFIG_FILE): password and application credential clouds', async () => {
    for (const cloudName of ['official-member', 'alice-appcred']) {
      const fetched = await fetchOk(cleanEnv({ OS_CLOUD: cloudName, OS_CLIENT_CONFIG_FILE: seed.files.cloudsYaml }));
      expect(sorted(ids(snapshotOf(fetched))), cloudName).toEqual(sorted(cliIds));
    }
  });

  it('works with a token (OS_AUTH_TYPE=v3token and OS_TOKEN)', async () => {
    const token = await passwordToken(seed.authUrl, seed.users.member, owner);
    secrets.push(token);
    const fetched = await fetchOk(
      cleanEnv({
        OS_AUTH_URL: seed.authUrl,
        OS_AUTH_TYPE: 'v3token',
        OS_TOKEN: token,
        OS_PROJECT_ID: owner,
        OS_REGION_NAME: seed.region,
        OS_INTERFACE: 'public',
      }),
    );
    expect(sorted(ids(snapshotOf(fetched)))).toEqual(sorted(cliIds));
  });

  it('gives a byte-identical images array when the unchanged cloud is fetched again', async () => {
    const again = await fetchOk(passwordEnv());
    const first = JSON.stringify(JSON.parse(passwordRun.snapshotText).images, null, 2);
    const second = JSON.stringify(JSON.parse(again.snapshotText).images, null, 2);
    expect(second === first, 'the images arrays differ').toBe(true);
    // And into the same file: nothing added, removed or updated.
    const third = await fetchOk(passwordEnv(), passwordRun.outPath);
    expect(third.result).toMatchObject({ added: 0, removed: 0, updated: 0 });
    expect(JSON.stringify(JSON.parse(third.snapshotText).images, null, 2)).toBe(first);
  });

  it('prints no password, application credential secret or token, and writes none', () => {
    expect(runs.length).toBeGreaterThanOrEqual(6);
    const fernet = /gAAAAA[A-Za-z0-9_-]{40,}/;
    for (const fetched of runs) {
      for (const [where, text] of [
        ['stdout', fetched.stdout],
        ['stderr', fetched.stderr],
        ['snapshot', fetched.snapshotText],
        ['history', fetched.historyText],
      ] as const) {
        for (const secret of secrets) {
          expect(text.includes(secret), `a secret is in the ${where} of a fetch`).toBe(false);
        }
        expect(fernet.test(text), `something like a Keystone token is in the ${where} of a fetch`).toBe(false);
      }
    }
    // The snapshot files on disk, too.
    for (const fetched of runs) {
      const onDisk = readFileSync(fetched.outPath, 'utf8');
      for (const secret of secrets) expect(onDisk.includes(secret)).toBe(false);
    }
  });
});
