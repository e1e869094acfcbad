/**
 * Regions and federations with real services (issue 21). The test cloud gains a second Glance registered in the
 * same Keystone as RegionTwo (scripts/test-cloud/cloud.py add-region) and a second, separate Keystone + Glance as
 * a federation's member B (add-member); scripts/test-cloud/seed_regions.py seeds both and writes regions.json,
 * clouds.yaml (the `regions:` dict form) and secure.yaml. First the cloud itself, through the `openstack` CLI as a
 * reader would use it: each region lists its own images, member B its own, a stopped region fails alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cleanEnv, explain, root, run } from './support/test-cloud.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');

if (!testCloud) {
  describe('regions and federations with real services', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

/** What seed_regions.py wrote to regions/regions.json (the parts read here). */
export interface RegionsImage {
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
export interface RegionsTrap {
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
export interface RegionsMember {
  authUrl: string;
  regions: Record<string, { imageEndpoint: string }>;
  owner: { id: string; name: string };
  archiveOwner?: { id: string; name: string };
  users: Record<'publisher' | 'reader', RegionsUser>;
  images: RegionsImage[];
  traps: RegionsTrap[];
}
export interface RegionsSeed {
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
      const publicImages = await list(seed.files.clouds.regions, region, ['--public']);
      expect(publicImages.result.code, explain(publicImages.result)).toBe(0);
      expect(ids(publicImages.images, a.owner.id), `${region}: the owner's public images`).toEqual(seeded(a, region, 'current'));
      const community = await list(seed.files.clouds.regions, region, ['--community']);
      expect(community.result.code, explain(community.result)).toBe(0);
      expect(ids(community.images, a.archiveOwner!.id), `${region}: the archive's community builds`).toEqual(seeded(a, region, 'archived'));
      for (const id of [...ids(publicImages.images, a.owner.id), ...ids(community.images, a.archiveOwner!.id)]) {
        expect(trapIds.has(id), `${id} is a trap`).toBe(false);
        expect(seen.get(id), `${id} listed in two regions`).toBeUndefined();
        seen.set(id, region);
      }
      // Each region's traps are real: in that region's Glance, and visible to the reader (private ones too).
      const everything = [
        ...(await list(seed.files.clouds.regions, region, [])).images,
        ...(await list(seed.files.clouds.regions, region, ['--hidden'])).images,
        ...community.images,
        ...publicImages.images,
      ];
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
    const publicImages = await list(seed.files.clouds.memberB, null, ['--public']);
    expect(publicImages.result.code, explain(publicImages.result)).toBe(0);
    expect(ids(publicImages.images, b.owner.id)).toEqual(seeded(b, b.region, 'current'));
    const hidden = await list(seed.files.clouds.memberB, null, ['--public', '--hidden']);
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
