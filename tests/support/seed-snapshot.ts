/**
 * The committed default snapshot: the 16 official images listed in the
 * NeCTAR support article "The NeCTAR Image Catalog" (April 2016), as
 * `openstack image list --property owner=28eadf5ad64b42a4929b2fb7df99275c`
 * printed them. Ids, names and status come from that listing; distribution,
 * version, code name and architecture are read from the names by the
 * normaliser; login users are the article's own ("ubuntu", "debian",
 * "ec2-user" for Fedora, openSUSE and CentOS), else distributions.yaml's.
 * Everything else is unknown (null).
 *
 * Nectar's own sample data, so it lives with the tests (which check that the
 * committed snapshot is exactly what it makes), not in scripts/.
 *
 * Regenerate: node tests/support/seed-snapshot.ts
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SNAPSHOT_SCHEMA_VERSION, type History, type Snapshot } from '../../src/schemas/snapshot.ts';
import { normaliseImage, sortImages, type DistributionInfo } from '../../src/lib/catalog/normalise.ts';
import { readDistributionsFileSync } from '../../src/lib/catalog/distributions-file.ts';
import { SNAPSHOT_FILE, historyPathFor } from '../../src/lib/catalog/load.ts';
import { findDistribution } from '../../src/lib/catalog/distro.ts';
import type { Distribution } from '../../src/schemas/distributions.ts';
import { diffImages } from '../../scripts/lib/history.ts';
import { writeSnapshot } from '../../scripts/lib/snapshot-file.ts';
import { writeHistory } from '../../scripts/lib/history.ts';

/** The NeCTAR-Images project, as the article listed it. */
const DEFAULT_OWNER = '28eadf5ad64b42a4929b2fb7df99275c';

export const SEED_FETCHED_AT = '2016-04-02T00:00:00Z';

/** The article's listing, verbatim. */
export const SEED_LISTING: ReadonlyArray<readonly [id: string, name: string]> = [
  ['9a2a3ceb-f4b2-40b8-8e05-831a355fbb23', 'NeCTAR CentOS 5.11 x86_64'],
  ['89802fa7-670f-4b24-8011-13b69ff9dcb4', 'NeCTAR CentOS 6 x86_64'],
  ['7bcd0264-5169-4a95-920b-5e5bd76790a0', 'NeCTAR CentOS 7 x86_64'],
  ['a8749715-9c4b-475d-b4ea-db3e3a619485', 'NeCTAR Debian 6 x86_64 (Squeeze)'],
  ['1c022d2a-3e15-49a6-815e-f7cdcbce6340', 'NeCTAR Debian 7 (Wheezy) amd64'],
  ['e9ffe176-acac-492c-b309-55431a1b197f', 'NeCTAR Debian 8 (Jessie) amd64'],
  ['db354243-aba2-4831-81c7-a155b9089291', 'NeCTAR Fedora 21 x86_64'],
  ['6e24b152-00b3-4b39-a0ed-0577c2d3d8ba', 'NeCTAR Fedora 22 x86_64'],
  ['279c0d8c-d8a3-4b37-b3d8-0b87161139e2', 'NeCTAR Fedora 23 x86_64'],
  ['f4f74915-e994-4360-a4bd-27d384433cd7', 'NeCTAR openSUSE 13.2 x86_64'],
  ['a3d5085f-3866-4502-9278-aa41d6ce6b9c', 'NeCTAR openSUSE Leap 42.1 x86_64'],
  ['73cefbc1-15af-4411-95f2-23e66cc23225', 'NeCTAR Scientific Linux 6 x86_64'],
  ['c395c528-fb43-4066-9536-cf5c5efe806d', 'NeCTAR Ubuntu 12.04 (Precise) amd64'],
  ['e9f0323e-9383-4dc9-a2ee-846ef8d35ee7', 'NeCTAR Ubuntu 14.04 (Trusty) amd64'],
  ['81f6b78f-6d51-4de9-a464-91d47543d4ba', 'NeCTAR Ubuntu 15.04 (Vivid) amd64'],
  ['31ccebc4-ae2d-4f6d-8e3a-57b5bce533be', 'NeCTAR Ubuntu 15.10 (Wily) amd64'],
];

/** Login users as the article gives them (its images predate distributions.yaml's "fedora" user). */
const ARTICLE_LOGIN_USERS: Readonly<Record<string, string>> = {
  ubuntu: 'ubuntu',
  debian: 'debian',
  fedora: 'ec2-user',
  opensuse: 'ec2-user',
  centos: 'ec2-user',
};

export const SEED_NOTE =
  'Seeded from the NeCTAR support article "The NeCTAR Image Catalog" (April 2016), not a live fetch: ' +
  'ids, names and status are its `openstack image list --property owner=28eadf5ad64b42a4929b2fb7df99275c` output; ' +
  'distribution, version, code name and architecture are read from the names; login users are the article\'s ' +
  '(ubuntu, debian, ec2-user for Fedora, openSUSE and CentOS) or content/data/distributions.yaml\'s; ' +
  'other fields are unknown (null). The article names no endpoint or region, so imageEndpoint is empty and region null. ' +
  'Run npm run catalog:fetch to replace it with live data.';

/**
 * The article's login user is kept as the image's own `defaultUser` where it
 * differs from distributions.yaml's, so the catalog still shows what the
 * article said (the build's `loginUserOf` prefers the image's own user).
 */
export function buildSeedSnapshot(distributions: readonly (DistributionInfo & Pick<Distribution, 'loginUser'>)[]): Snapshot {
  const images = SEED_LISTING.map(([id, name]) => {
    const image = normaliseImage({ id, name, status: 'active', visibility: 'public', owner: DEFAULT_OWNER }, distributions);
    const article = image.distro ? ARTICLE_LOGIN_USERS[image.distro] : undefined;
    const listed = findDistribution(image.distro, distributions)?.loginUser ?? null;
    return { ...image, defaultUser: article && article !== listed ? article : null };
  });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    fetchedAt: SEED_FETCHED_AT,
    source: { imageEndpoint: '', owner: DEFAULT_OWNER, region: null, note: SEED_NOTE },
    images: sortImages(images),
    archived: [],
  };
}

export function buildSeedHistory(snapshot: Snapshot): History {
  return { schemaVersion: SNAPSHOT_SCHEMA_VERSION, entries: [diffImages(null, snapshot.images, snapshot.fetchedAt)] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const snapshot = buildSeedSnapshot(readDistributionsFileSync(resolve(root, 'content/data/distributions.yaml')));
  await writeSnapshot(resolve(root, SNAPSHOT_FILE), snapshot);
  await writeHistory(historyPathFor(resolve(root, SNAPSHOT_FILE)), buildSeedHistory(snapshot));
  process.stdout.write(`Wrote ${snapshot.images.length} seed images to ${SNAPSHOT_FILE} and history.json\n`);
}
