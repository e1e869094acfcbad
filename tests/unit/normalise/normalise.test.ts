import { describe, expect, it } from 'vitest';
import {
  extraProperties,
  isOfficialImage,
  normaliseArchitecture,
  normaliseImage,
  parseImageName,
  resolveDistro,
  sortImages,
  sortKeysDeep,
} from '../../../src/lib/catalog/normalise.ts';
import { readDistributionsFileSync } from '../../../src/lib/catalog/distributions-file.ts';
import { catalogImageSchema } from '../../../src/schemas/snapshot.ts';
import { NECTAR_CONVENTIONS as NECTAR } from '../catalog/helpers.ts';

const distributions = readDistributionsFileSync('content/data/distributions.yaml');
const OWNER = '28eadf5ad64b42a4929b2fb7df99275c';

describe('parseImageName (old images with no properties)', () => {
  it.each([
    ['NeCTAR CentOS 7 x86_64', 'centos', '7', null, 'x86_64'],
    ['NeCTAR CentOS 5.11 x86_64', 'centos', '5.11', null, 'x86_64'],
    ['NeCTAR Ubuntu 14.04 (Trusty) amd64', 'ubuntu', '14.04', 'Trusty', 'x86_64'],
    ['NeCTAR Debian 8 (Jessie) amd64', 'debian', '8', 'Jessie', 'x86_64'],
    ['NeCTAR Debian 6 x86_64 (Squeeze)', 'debian', '6', 'Squeeze', 'x86_64'],
    ['NeCTAR Scientific Linux 6 x86_64', 'scientific', '6', null, 'x86_64'],
    ['NeCTAR openSUSE Leap 42.1 x86_64', 'opensuse', '42.1', null, 'x86_64'],
    ['NeCTAR openSUSE 13.2 x86_64', 'opensuse', '13.2', null, 'x86_64'],
    ['NeCTAR Fedora 23 x86_64', 'fedora', '23', null, 'x86_64'],
    ['NeCTAR Ubuntu 24.04 LTS (Noble) amd64', 'ubuntu', '24.04', 'Noble', 'x86_64'],
    ['NeCTAR Ubuntu 22.04 LTS (Jammy) amd64 (NVIDIA vGPU)', 'ubuntu', '22.04', 'Jammy', 'x86_64'],
    ['NeCTAR Ubuntu 24.04 LTS (Noble) arm64', 'ubuntu', '24.04', 'Noble', 'aarch64'],
    ['NeCTAR Rocky Linux 9 x86_64', 'rocky', '9', null, 'x86_64'],
    ['NeCTAR AlmaLinux 9 x86_64', 'almalinux', '9', null, 'x86_64'],
    ['NeCTAR CentOS Stream 9 x86_64', 'centos', '9', null, 'x86_64'],
    ['NeCTAR Windows Server 2022', 'windows', '2022', null, null],
    ['Cirros 0.6.2', 'cirros', '0.6.2', null, null],
    ['My own thing (Custom)', null, null, null, null],
  ])('%s', (name, distro, version, codename, architecture) => {
    expect(parseImageName(name, distributions)).toEqual({ distro, version, codename, architecture });
  });
});

describe('architecture, distribution and login user', () => {
  it('normalises architectures', () => {
    expect(normaliseArchitecture('amd64')).toBe('x86_64');
    expect(normaliseArchitecture('X86_64')).toBe('x86_64');
    expect(normaliseArchitecture('arm64')).toBe('aarch64');
    expect(normaliseArchitecture('aarch64')).toBe('aarch64');
    expect(normaliseArchitecture('ppc64le')).toBe('ppc64le');
    expect(normaliseArchitecture('')).toBeNull();
    expect(normaliseArchitecture(undefined)).toBeNull();
  });

  it('resolves os_distro through ids and aliases, keeping unknown ones raw and lowercased', () => {
    expect(resolveDistro('Ubuntu', distributions)).toBe('ubuntu');
    expect(resolveDistro('centos-stream', distributions)).toBe('centos');
    expect(resolveDistro('sl', distributions)).toBe('scientific');
    expect(resolveDistro('Arch', distributions)).toBe('arch');
  });

});

describe('normaliseImage', () => {
  const record = {
    id: 'id-1',
    name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64',
    status: 'active',
    visibility: 'public',
    owner: OWNER,
    os_hidden: false,
    created_at: '2024-05-01T00:00:00Z',
    updated_at: '2024-05-02T00:00:00Z',
    size: 2_000_000_000,
    virtual_size: 10_000_000_000,
    disk_format: 'qcow2',
    container_format: 'bare',
    min_disk: 10,
    min_ram: 512,
    checksum: 'md5',
    os_hash_algo: 'sha512',
    os_hash_value: 'hash',
    tags: ['b', 'a', 'a'],
    protected: true,
    os_distro: 'ubuntu',
    os_version: '24.04',
    architecture: 'amd64',
    default_user: 'ubuntu',
    nectar_name: 'ubuntu-noble-x86_64',
    nectar_build: '7',
    hw_qemu_guest_agent: 'yes',
    some_number: 5,
    locations: [{ url: 'rbd://pool/x' }],
    direct_url: 'rbd://pool/x',
    stores: 'ceph',
    file: '/v2/images/id-1/file',
    self: '/v2/images/id-1',
    schema: '/v2/schemas/image',
  };

  it('maps every field and keeps only the remaining string properties, sorted', () => {
    const image = normaliseImage(record, distributions, NECTAR);
    expect(catalogImageSchema.parse(image)).toEqual(image);
    expect(image).toEqual({
      id: 'id-1',
      name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64',
      distro: 'ubuntu',
      version: '24.04',
      codename: 'Noble',
      architecture: 'x86_64',
      defaultUser: 'ubuntu',
      status: 'active',
      visibility: 'public',
      owner: OWNER,
      createdAt: '2024-05-01T00:00:00Z',
      updatedAt: '2024-05-02T00:00:00Z',
      size: 2_000_000_000,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      minDisk: 10,
      minRam: 512,
      checksum: 'md5',
      hashAlgo: 'sha512',
      hashValue: 'hash',
      tags: ['a', 'b'],
      properties: {
        architecture: 'amd64',
        default_user: 'ubuntu',
        hw_qemu_guest_agent: 'yes',
        nectar_build: '7',
        nectar_name: 'ubuntu-noble-x86_64',
        os_distro: 'ubuntu',
        os_version: '24.04',
      },
    });
    expect(Object.keys(image.properties)).toEqual(Object.keys(image.properties).sort());
  });

  it('properties win over the name', () => {
    const image = normaliseImage({ ...record, name: 'NeCTAR Debian 8 (Jessie) amd64', os_distro: 'ubuntu', architecture: 'arm64' }, distributions);
    expect(image).toMatchObject({ distro: 'ubuntu', version: '24.04', codename: null, architecture: 'aarch64' });
  });

  it('falls back to the name, then nectar_name, for images without properties', () => {
    expect(normaliseImage({ id: 'x', name: 'NeCTAR Debian 6 x86_64 (Squeeze)' }, distributions)).toMatchObject({
      distro: 'debian',
      version: '6',
      codename: 'Squeeze',
      architecture: 'x86_64',
      defaultUser: null,
      properties: {},
      tags: [],
      size: null,
    });
    expect(normaliseImage({ id: 'x', name: 'Renamed', nectar_name: 'NeCTAR Fedora 23 x86_64' }, distributions, NECTAR)).toMatchObject({
      distro: 'fedora',
      version: '23',
      defaultUser: null,
    });
  });

  it('keeps an unknown os_distro raw, with no invented login user', () => {
    expect(normaliseImage({ id: 'x', name: 'Arch Linux', os_distro: 'Arch' }, distributions)).toMatchObject({ distro: 'arch', defaultUser: null, version: null });
  });

  it('turns wrongly typed fields into null rather than inventing values', () => {
    const image = normaliseImage({ id: 'x', name: null, size: '12', min_disk: -1, created_at: 'yesterday', tags: 'a' }, distributions);
    expect(image).toMatchObject({ name: '', size: null, minDisk: null, createdAt: null, tags: [] });
  });

  it('withholds backend fields', () => {
    expect(extraProperties({ direct_url: 'x', locations: 'y', file: 'f', self: 's', schema: 's', os_hidden: 'true', stores: 'c', note: 'n' })).toEqual({ note: 'n' });
  });
});

describe('isOfficialImage', () => {
  const base = { owner: OWNER, visibility: 'public', status: 'active', os_hidden: false };
  it('needs the owner, public, active and not hidden', () => {
    expect(isOfficialImage(base, OWNER)).toBe(true);
    expect(isOfficialImage({ ...base, os_hidden: undefined }, OWNER)).toBe(true);
    expect(isOfficialImage({ ...base, owner: 'other' }, OWNER)).toBe(false);
    for (const visibility of ['private', 'shared', 'community']) expect(isOfficialImage({ ...base, visibility }, OWNER)).toBe(false);
    for (const status of ['queued', 'saving', 'deactivated', 'killed', 'deleted', 'pending_delete', 'importing']) {
      expect(isOfficialImage({ ...base, status }, OWNER)).toBe(false);
    }
    expect(isOfficialImage({ ...base, os_hidden: true }, OWNER)).toBe(false);
    expect(isOfficialImage({ ...base, os_hidden: 'True' }, OWNER)).toBe(false);
  });
});

describe('sorting', () => {
  it('sorts images by name then id, and keys recursively', () => {
    expect(sortImages([{ name: 'b', id: '1' }, { name: 'a', id: '2' }, { name: 'a', id: '1' }])).toEqual([
      { name: 'a', id: '1' },
      { name: 'a', id: '2' },
      { name: 'b', id: '1' },
    ]);
    expect(JSON.stringify(sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }))).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });
});
