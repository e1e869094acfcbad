import { describe, expect, it } from 'vitest';
import {
  SCS_0102_RULES,
  findReplacement,
  byName,
  imageRecency,
  isOutdated,
  osPurposeUniqueness,
  replacementName,
  type Rule,
} from '../../../src/lib/scs/scs-0102.ts';
import type { ScsImage } from '../../../src/lib/scs/image.ts';
import { NOW, scsImage } from './support.ts';

const rule = (test: string): Rule => SCS_0102_RULES.find((r) => r.test === test)!;
/** The names of the images failing a test case, and what each was found with. */
const fails = (test: string, images: ScsImage[]) => rule(test).check(images, NOW).map((f) => [f.image.name, f.found]);
const passes = (test: string, image: ScsImage) => rule(test).check([image], NOW).length === 0;

describe('SCS-0102 property test cases, one image at a time', () => {
  it('a conforming image passes every test case', () => {
    const image = scsImage();
    for (const r of SCS_0102_RULES) expect(r.check([image], NOW), r.test).toEqual([]);
  });

  it('os_purpose: one of the seven v2 purposes; a missing or other one fails with what was found', () => {
    for (const purpose of ['generic', 'oldgeneric', 'minimal', 'k8snode', 'gpu', 'network', 'custom']) {
      expect(passes('scs-0102-prop-os_purpose', scsImage({ properties: { os_purpose: purpose } })), purpose).toBe(true);
    }
    expect(fails('scs-0102-prop-os_purpose', [scsImage({ name: 'A', properties: { os_purpose: 'general' } })])).toEqual([['A', 'general']]);
    expect(fails('scs-0102-prop-os_purpose', [scsImage({ name: 'B', properties: { os_purpose: undefined } })])).toEqual([['B', null]]);
    expect(passes('scs-0102-prop-os_purpose', scsImage({ properties: { os_purpose: 'Generic' } }))).toBe(false);
  });

  it('architecture: SCS’s spelling only (amd64, which the catalog understands, fails)', () => {
    expect(passes('scs-0102-prop-architecture', scsImage({ architecture: 'aarch64' }))).toBe(true);
    expect(passes('scs-0102-prop-architecture', scsImage({ architecture: 'risc-v' }))).toBe(true);
    expect(fails('scs-0102-prop-architecture', [scsImage({ name: 'A', architecture: 'amd64' })])).toEqual([['A', 'amd64']]);
    expect(passes('scs-0102-prop-architecture', scsImage({ architecture: null }))).toBe(false);
  });

  it('hw_disk_bus, hypervisor_type, hw_rng_model: a listed value or not set; an empty value fails', () => {
    expect(passes('scs-0102-prop-hw_disk_bus', scsImage({ hwDiskBus: null }))).toBe(true);
    expect(passes('scs-0102-prop-hw_disk_bus', scsImage({ hwDiskBus: 'scsi' }))).toBe(true);
    expect(passes('scs-0102-prop-hw_disk_bus', scsImage({ hwDiskBus: 'ide' }))).toBe(false);
    expect(passes('scs-0102-prop-hw_disk_bus', scsImage({ hwDiskBus: '' }))).toBe(false);
    expect(passes('scs-0102-prop-hypervisor_type', scsImage({ hypervisorType: 'hyper-v' }))).toBe(true);
    expect(passes('scs-0102-prop-hypervisor_type', scsImage({ hypervisorType: 'vmware' }))).toBe(false);
    expect(passes('scs-0102-prop-hw_rng_model', scsImage({ hwRngModel: null }))).toBe(true);
    expect(passes('scs-0102-prop-hw_rng_model', scsImage({ hwRngModel: 'egd' }))).toBe(false);
  });

  it('min_disk must be set and hold the image; min_ram must be set', () => {
    expect(fails('scs-0102-prop-min_disk', [scsImage({ name: 'A', minDisk: 0 })])).toEqual([['A', 0]]);
    const tooSmall = rule('scs-0102-prop-min_disk').check([scsImage({ minDisk: 1, size: 2 * 1024 ** 3 + 1 })], NOW);
    expect(tooSmall[0]?.expected).toContain('3 GiB');
    expect(passes('scs-0102-prop-min_disk', scsImage({ minDisk: 2, size: 2 * 1024 ** 3 }))).toBe(true);
    expect(passes('scs-0102-prop-min_ram', scsImage({ minRam: 0 }))).toBe(false);
    expect(passes('scs-0102-prop-min_ram', scsImage({ minRam: 32 }))).toBe(true);
  });

  it('hash_algo: sha256 or sha512', () => {
    expect(passes('scs-0102-prop-hash_algo', scsImage({ hashAlgo: 'sha256' }))).toBe(true);
    expect(passes('scs-0102-prop-hash_algo', scsImage({ hashAlgo: 'md5' }))).toBe(false);
  });

  it('image_build_date: a date, no later than the registration, and not in the future', () => {
    expect(passes('scs-0102-prop-image_build_date', scsImage({ properties: { image_build_date: '2026-12-02 10:00' } }))).toBe(true);
    const after = rule('scs-0102-prop-image_build_date').check([scsImage({ properties: { image_build_date: '2026-12-02 10:01' } })], NOW);
    expect(after[0]?.expected).toContain('registration');
    const future = rule('scs-0102-prop-image_build_date').check([scsImage({ createdAt: '2026-12-24T00:00:00Z', properties: { image_build_date: '2026-12-20' } })], NOW);
    expect(future[0]?.expected).toContain('future');
    expect(fails('scs-0102-prop-image_build_date', [scsImage({ name: 'A', properties: { image_build_date: '10/11/2026' } })])).toEqual([['A', '10/11/2026']]);
  });

  it('uuid_validity: none, notice, forever, last-N, a date, or not set', () => {
    for (const value of ['none', 'notice', 'forever', 'last-3', 'last-0', 'last-٣', '2030-01-31', undefined]) {
      expect(passes('scs-0102-prop-uuid_validity', scsImage({ properties: { uuid_validity: value } })), String(value)).toBe(true);
    }
    for (const value of ['last-three', 'last-', 'last-3 ', 'Last-3', '2030-02-30', '', 'always']) {
      expect(passes('scs-0102-prop-uuid_validity', scsImage({ properties: { uuid_validity: value } })), value).toBe(false);
    }
  });

  it('hotfix_hours: a whole number, or not set (empty counts as not set)', () => {
    for (const value of ['48', '0', '', undefined]) expect(passes('scs-0102-prop-hotfix_hours', scsImage({ properties: { hotfix_hours: value } })), String(value)).toBe(true);
    for (const value of ['twelve', '12h', '1.5', '-1', ' 4']) expect(passes('scs-0102-prop-hotfix_hours', scsImage({ properties: { hotfix_hours: value } })), value).toBe(false);
  });

  it('image_source: an http(s)/ftp(s) URL or private; the other required properties: set', () => {
    for (const value of ['private', 'ftp://mirror/x', 'https://x']) expect(passes('scs-0102-prop-image_source', scsImage({ properties: { image_source: value } })), value).toBe(true);
    for (const value of ['cloud.debian.org', 'HTTPS://x', 's3://bucket/x', 'Private']) expect(passes('scs-0102-prop-image_source', scsImage({ properties: { image_source: value } })), value).toBe(false);
    expect(passes('scs-0102-prop-image_original_user', scsImage({ properties: { image_original_user: '' } }))).toBe(false);
    expect(passes('scs-0102-prop-image_description', scsImage({ properties: { image_description: undefined } }))).toBe(false);
    expect(passes('scs-0102-prop-provided_until', scsImage({ properties: { provided_until: 'whenever' } }))).toBe(true);
    expect(passes('scs-0102-prop-replace_frequency', scsImage({ properties: { replace_frequency: 'fortnightly' } }))).toBe(false);
    expect(passes('scs-0102-prop-os_distro', scsImage({ osDistro: '' }))).toBe(false);
    expect(passes('scs-0102-prop-os_version', scsImage({ osVersion: null }))).toBe(false);
  });
});

describe('scs-0102-image-recency: SCS’s is_outdated and its replacements by name', () => {
  const overdue = { image_build_date: '2026-10-01' }; // monthly: due after 34.1 days

  it('an image is outdated after its replace_frequency plus 10%, by build date, else by registration', () => {
    expect(isOutdated(scsImage({ properties: { image_build_date: '2026-11-04' } }), NOW)).toBe(0);
    expect(isOutdated(scsImage({ properties: { image_build_date: '2026-11-03' } }), NOW)).toBe(2);
    expect(isOutdated(scsImage({ properties: overdue }), NOW)).toBe(2);
    expect(isOutdated(scsImage({ createdAt: '2026-09-01T00:00:00Z', properties: { image_build_date: 'bad' } }), NOW)).toBe(2);
    expect(isOutdated(scsImage({ properties: { ...overdue, replace_frequency: 'never' } }), NOW)).toBe(0);
    expect(isOutdated(scsImage({ properties: { ...overdue, replace_frequency: 'critical_bug' } }), NOW)).toBe(0);
    expect(isOutdated(scsImage({ properties: { ...overdue, replace_frequency: 'fortnightly' } }), NOW)).toBe(0);
    expect(isOutdated(scsImage({ properties: { ...overdue, replace_frequency: undefined } }), NOW)).toBe(0);
  });

  it('provided_until none, notice or passed promises nothing; one that is not a date is an error', () => {
    for (const until of ['none', 'notice', '2026-12-01']) expect(isOutdated(scsImage({ properties: { ...overdue, provided_until: until } }), NOW), until).toBe(0);
    expect(isOutdated(scsImage({ properties: { ...overdue, provided_until: 'soon' } }), NOW)).toBe(3);
    expect(rule('scs-0102-image-recency').check([scsImage({ name: 'F', properties: { ...overdue, provided_until: 'soon' } })], NOW).map((f) => f.found)).toEqual(['soon']);
  });

  it('hidden, or named with a last word old, prev or a date, is marked as rotated out', () => {
    expect(isOutdated(scsImage({ hidden: true, properties: overdue }), NOW)).toBe(1);
    for (const name of ['Ubuntu 24.04 old', 'Ubuntu 24.04 prev', 'Ubuntu 24.04 20261001', 'Ubuntu 24.04 2026-10-01']) {
      expect(isOutdated(scsImage({ name, properties: overdue }), NOW), name).toBe(1);
    }
    for (const name of ['Ubuntu 24.04 (20261001)', 'Ubuntu 24.04 Old', 'Ubuntu24.04', 'Ubuntu 24.04 ']) {
      expect(isOutdated(scsImage({ name, properties: overdue }), NOW), name).toBe(2);
    }
  });

  it('an outdated image passes when a current image has its name without the last word', () => {
    const current = scsImage({ name: 'Ubuntu 24.04' });
    const previous = scsImage({ name: 'Ubuntu 24.04 prev', properties: overdue });
    const dated = scsImage({ name: 'Ubuntu 24.04 20261001', properties: overdue });
    const unmarked = scsImage({ name: 'Ubuntu 24.04 Server', properties: overdue });
    expect(imageRecency.check([current, previous, dated, unmarked], NOW)).toEqual([]);
    expect(replacementName('Ubuntu 24.04  prev')).toBe('Ubuntu 24.04');
    expect(replacementName('Ubuntu')).toBeNull();
  });

  it('fails without a successor, or when the successor is outdated itself', () => {
    const lonely = scsImage({ name: 'AlmaLinux 9', properties: overdue });
    const old = scsImage({ name: 'Rocky 9 old', properties: overdue });
    const staleCurrent = scsImage({ name: 'Debian 12', properties: overdue });
    const stalePrev = scsImage({ name: 'Debian 12 prev', properties: overdue });
    expect(imageRecency.check([lonely, old, staleCurrent, stalePrev], NOW).map((f) => f.image.name)).toEqual(['AlmaLinux 9', 'Rocky 9 old', 'Debian 12', 'Debian 12 prev']);
    expect(findReplacement(byName([staleCurrent, stalePrev]), 'Debian 12 prev', NOW)).toBeNull();
  });

  it('with two images of one name, the one listed last is the replacement (a Python dict)', () => {
    const first = scsImage({ name: 'Debian 12' });
    const last = scsImage({ name: 'Debian 12', properties: overdue });
    const previous = scsImage({ name: 'Debian 12 prev', properties: overdue });
    expect(imageRecency.check([first, last, previous], NOW).map((f) => f.image.id)).toEqual([last.id, previous.id]);
    expect(imageRecency.check([last, first, previous], NOW).map((f) => f.image.id)).toEqual([last.id]);
  });

  it('an overdue image with no provided_until fails (SCS’s check stops with an error there)', () => {
    const failures = imageRecency.check([scsImage({ name: 'X', properties: { ...overdue, provided_until: undefined } })], NOW);
    expect(failures.map((f) => f.image.name)).toEqual(['X']);
    expect(failures[0]!.expected).toContain('provided_until');
  });
});

describe('scs-0102-os_purpose-uniqueness', () => {
  it('fails every generic image sharing architecture, os_distro and os_version, and no other', () => {
    const a = scsImage({ name: 'Debian 12' , osDistro: 'debian', osVersion: '12' });
    const b = scsImage({ name: 'Debian 12 Copy', osDistro: 'debian', osVersion: '12' });
    const arm = scsImage({ name: 'Debian 12 arm', osDistro: 'debian', osVersion: '12', architecture: 'aarch64' });
    const old = scsImage({ name: 'Debian 12 prev', osDistro: 'debian', osVersion: '12', properties: { os_purpose: 'oldgeneric' } });
    expect(osPurposeUniqueness.check([a, b, arm, old], NOW).map((f) => f.image.name)).toEqual(['Debian 12', 'Debian 12 Copy']);
    expect(osPurposeUniqueness.check([a, b], NOW)[0]!.found).toContain('Debian 12 Copy');
  });

  it('leaves out hidden and community images and those without os_distro or os_version', () => {
    const a = scsImage({ name: 'A' });
    for (const other of [scsImage({ hidden: true }), scsImage({ visibility: 'community' }), scsImage({ osVersion: '' })]) {
      expect(osPurposeUniqueness.check([a, other], NOW)).toEqual([]);
    }
    // A missing architecture is its own key ('' as theirs).
    expect(osPurposeUniqueness.check([scsImage({ architecture: null }), scsImage({ architecture: null })], NOW)).toHaveLength(2);
  });
});
