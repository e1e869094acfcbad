/**
 * node scripts/bench/generate-snapshot.ts --count N --out FILE [--seed S] [--fetched-at ISO]
 *
 * Writes a valid catalog snapshot (src/schemas/snapshot.ts) of N made-up but
 * realistic official images, for benchmarks and scale tests: every
 * distribution in content/data/distributions.yaml with its real releases,
 * code names and architectures, Nectar-style names with rebuild dates (some
 * names repeat, as real rebuilds do), sizes, checksums and the properties the
 * fetch keeps, and a few unknown distributions and property-less images. The
 * same seed and count always give the same file; a larger count is a superset
 * of a smaller one's series, not of its images.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { snapshotSchema, type CatalogImage, type Snapshot } from '../../src/schemas/snapshot.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OWNER = '28eadf5ad64b42a4929b2fb7df99275c';
const ARCHIVE_OWNER = 'c9217cb583f24c7f96567a4d6530e405';

/** Releases per distribution id: version, code name (if any), weight (how many builds it gets). */
const RELEASES: Record<string, [version: string, codename: string | null, weight: number][]> = {
  ubuntu: [
    ['24.04', 'Noble', 8], ['22.04', 'Jammy', 7], ['20.04', 'Focal', 5], ['18.04', 'Bionic', 3], ['16.04', 'Xenial', 2],
    ['14.04', 'Trusty', 1], ['24.10', 'Oracular', 1], ['25.04', 'Plucky', 1],
  ],
  debian: [['13', 'Trixie', 4], ['12', 'Bookworm', 6], ['11', 'Bullseye', 4], ['10', 'Buster', 2], ['9', 'Stretch', 1], ['8', 'Jessie', 1]],
  fedora: [['42', null, 2], ['41', null, 3], ['40', null, 3], ['39', null, 2], ['38', null, 1], ['25', null, 1]],
  centos: [['7', null, 3], ['8', null, 1], ['6.4', null, 1], ['9', null, 2]],
  rocky: [['9', null, 5], ['8', null, 4]],
  almalinux: [['9', null, 4], ['8', null, 3]],
  scientific: [['7', null, 1], ['6.5', null, 1]],
  opensuse: [['15.6', null, 2], ['15.5', null, 2], ['15.4', null, 1]],
  windows: [['2022', null, 2], ['2019', null, 2], ['2016', null, 1]],
  cirros: [['0.6.2', null, 1], ['0.5.2', null, 1]],
};

/** Distributions not in distributions.yaml: their login user is not known. */
const UNLISTED = [
  { id: 'arch', name: 'Arch Linux', releases: [['rolling', null, 1]] as [string, string | null, number][] },
  { id: 'gentoo', name: 'Gentoo', releases: [['2024', null, 1]] as [string, string | null, number][] },
];

/** How Nectar image names spell a distribution, where it is not its name. */
const SHOWN: Record<string, string> = { windows: 'Windows Server', opensuse: 'openSUSE Leap' };

const ARCHES: [arch: string, word: string, weight: number][] = [
  ['x86_64', 'amd64', 8],
  ['aarch64', 'arm64', 2],
];

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

function uuid(random: () => number): string {
  const h = hex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Series {
  distro: string;
  osDistro: string;
  shown: string;
  version: string;
  codename: string | null;
  arch: string;
  archWord: string;
  weight: number;
  loginUser: string | null;
}

function allSeries(): Series[] {
  const distributions = parseYaml(readFileSync(resolve(ROOT, 'content/data/distributions.yaml'), 'utf8')) as {
    id: string;
    name: string;
    nameAliases: string[];
    osDistro?: string[];
    loginUser: string | null;
  }[];
  const series: Series[] = [];
  const add = (id: string, osDistro: string, shownName: string, loginUser: string | null, releases: [string, string | null, number][]) => {
    for (const [version, codename, weight] of releases) {
      const arches = id === 'windows' || id === 'cirros' || id === 'scientific' ? ARCHES.slice(0, 1) : ARCHES;
      for (const [arch, archWord, archWeight] of arches) {
        const shown = id === 'ubuntu' && /^\d\d\.04$/.test(version) && Number(version.slice(0, 2)) % 2 === 0 ? `${shownName} ${version} LTS` : `${shownName} ${version}`;
        series.push({ distro: id, osDistro, shown, version, codename, arch, archWord, weight: weight * archWeight, loginUser });
      }
    }
  };
  for (const d of distributions) {
    const releases = RELEASES[d.id] ?? [['1', null, 1]];
    if (d.id === 'centos') {
      // CentOS 8 and 9 are CentOS Stream, which Glance may spell `centos-stream`.
      add(d.id, 'centos', 'CentOS', d.loginUser, releases.filter(([v]) => Number(v) < 8));
      add(d.id, 'centos-stream', 'CentOS Stream', d.loginUser, releases.filter(([v]) => Number(v) >= 8));
    } else {
      add(d.id, d.id === 'almalinux' ? 'alma' : d.id, SHOWN[d.id] ?? d.name, d.loginUser, releases);
    }
  }
  for (const u of UNLISTED) add(u.id, u.id, u.name, null, u.releases);
  return series;
}

export interface GenerateOptions {
  count: number;
  seed?: number;
  fetchedAt?: string;
  /**
   * As Nectar keeps them: only each line's newest build is current; every
   * earlier build is archived (renamed `… [v<build>]`, archive project,
   * community). The `count` images are then split between `images` and `archived`.
   */
  archive?: boolean;
}

/** A snapshot of `count` images; deterministic for a given seed. */
export function generateSnapshot({ count, seed = 1, fetchedAt = '2026-11-20T05:30:00Z', archive = false }: GenerateOptions): Snapshot {
  const random = rng(seed);
  const series = allSeries();
  const totalWeight = series.reduce((sum, s) => sum + s.weight, 0);
  const pick = (): Series => {
    let r = random() * totalWeight;
    for (const s of series) {
      r -= s.weight;
      if (r < 0) return s;
    }
    return series[series.length - 1]!;
  };
  const end = Date.parse(fetchedAt);
  const builds = new Map<string, number>();
  const ids = new Set<string>();
  const images: CatalogImage[] = [];
  for (let i = 0; i < count; i++) {
    // Every series appears once before any repeats, so small catalogs cover every distribution.
    const s = i < series.length ? series[i]! : pick();
    const key = `${s.distro} ${s.version} ${s.arch}`;
    const build = (builds.get(key) ?? 0) + 1;
    builds.set(key, build);
    let id = uuid(random);
    while (ids.has(id)) id = uuid(random);
    ids.add(id);
    const created = new Date(end - Math.floor(random() * 5 * 365 * 86_400_000));
    created.setUTCSeconds(0, 0);
    const updated = new Date(Math.min(end, created.getTime() + Math.floor(random() * 200 * 86_400_000)));
    const legacy = i % 97 === 13; // an old image with no properties: the name carries the facts
    const codename = s.codename ? ` (${s.codename})` : '';
    // Real rebuilds often keep the name; most carry their build date.
    const dated = random() < 0.8 ? ` [${created.toISOString().slice(0, 10)}]` : '';
    const name = `NeCTAR ${s.shown}${codename} ${s.archWord}${dated}`;
    const sizeBase = s.distro === 'windows' ? 18e9 : s.distro === 'cirros' ? 2.1e7 : 2.2e9;
    const size = Math.floor(sizeBase * (0.6 + random() * 0.8));
    const properties: Record<string, string> = legacy
      ? {}
      : {
          os_distro: s.osDistro,
          os_version: s.version,
          architecture: s.arch,
          nectar_name: `${s.distro}-${s.version}-${s.arch}`,
          nectar_build: String(build),
          hw_qemu_guest_agent: 'yes',
          os_type: s.distro === 'windows' ? 'windows' : 'linux',
          ...(random() < 0.3 ? { hw_rng_model: 'virtio' } : {}),
          ...(s.loginUser && random() < 0.5 ? { default_user: s.loginUser } : {}),
        };
    images.push({
      id,
      name,
      distro: s.distro,
      version: s.version,
      codename: s.codename,
      architecture: s.arch,
      defaultUser: properties.default_user ?? null,
      status: random() < 0.995 ? 'active' : 'deactivated',
      visibility: 'public',
      owner: OWNER,
      createdAt: created.toISOString().replace('.000Z', 'Z'),
      updatedAt: legacy ? null : updated.toISOString().replace('.000Z', 'Z'),
      size,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      minDisk: s.distro === 'windows' ? 40 : 10,
      minRam: s.distro === 'windows' ? 4096 : 0,
      checksum: hex(random, 32),
      hashAlgo: 'sha512',
      hashValue: hex(random, 128),
      tags: i % 5 === 0 ? ['nectar', `build-${build}`] : [],
      properties,
    });
  }
  let archived: CatalogImage[] = [];
  if (archive) {
    const lineOf = (image: CatalogImage) => image.properties.nectar_name && `${image.properties.nectar_name}`;
    const newest = new Map<string, number>();
    for (const image of images) {
      const line = lineOf(image);
      if (line) newest.set(line, Math.max(newest.get(line) ?? 0, Number(image.properties.nectar_build)));
    }
    const isArchived = (image: CatalogImage) => {
      const line = lineOf(image);
      return Boolean(line) && Number(image.properties.nectar_build) < newest.get(line as string)!;
    };
    archived = images.filter(isArchived).map((image) => ({
      ...image,
      name: `${image.name.replace(/ \[\d{4}-\d\d-\d\d\]$/, '')} [v${image.properties.nectar_build}]`,
      owner: ARCHIVE_OWNER,
      visibility: 'community',
    }));
    images.splice(0, images.length, ...images.filter((image) => !isArchived(image)));
  }
  return snapshotSchema.parse({
    schemaVersion: 1,
    fetchedAt,
    archived,
    source: {
      imageEndpoint: 'https://image.rc.nectar.org.au/v2/images',
      owner: OWNER,
      region: 'Melbourne',
      note: `Generated by scripts/bench/generate-snapshot.ts (${count} images, seed ${seed}): not real data.`,
    },
    images,
  });
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string', short: 'n' },
      out: { type: 'string', short: 'o' },
      seed: { type: 'string', default: '1' },
      'fetched-at': { type: 'string' },
      archive: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.count || !values.out) {
    process.stdout.write('Usage: node scripts/bench/generate-snapshot.ts --count N --out FILE [--seed S] [--fetched-at ISO] [--archive]\n' +
      '  --archive  only each line\'s newest build is current; earlier builds are archived (as Nectar keeps them)\n');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--count: not a whole number: ${values.count}`);
  const snapshot = generateSnapshot({ count, seed: Number(values.seed), fetchedAt: values['fetched-at'] ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'), archive: values.archive });
  const out = resolve(values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(snapshot, null, 2)}\n`);
  process.stderr.write(`generate-snapshot: ${count} images → ${out}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));

/**
 * A several-source catalog (src/schemas/sources.ts): one snapshot of `perSource` images per (member,
 * region), each from its own seed (so each source has the same kinds of lines under its own IDs),
 * `source.member` and `source.region` set as the fetch sets them.
 */
export function generateSourceSnapshots(sources: readonly { member: string; region: string }[], perSource: number, fetchedAt?: string): Snapshot[] {
  return sources.map((source, index) => {
    const snapshot = generateSnapshot({ count: perSource, seed: index + 1, fetchedAt });
    const images = snapshot.images.map((image) => ({ ...image, id: `${index.toString(16).padStart(2, '0')}${image.id.slice(2)}` }));
    return { ...snapshot, source: { ...snapshot.source, region: source.region, member: source.member }, images };
  });
}
