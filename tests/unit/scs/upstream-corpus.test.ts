/**
 * Our verdicts against SCS's own functions (tests/integration/support/scs-upstream/, run by python3) over
 * a corpus of edge cases, without a cloud: the same images, as openstacksdk objects there, in the same
 * listing order, at the same moment. The integration suite does the same on a live cloud.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScsImage } from '../../../src/lib/scs/image.ts';
import { conformanceOf, TEST_CASES } from '../../../src/lib/scs/report.ts';
import { NOW, scsImage } from './support.ts';

const runner = join(import.meta.dirname, '../../integration/support/scs-upstream/run_upstream.py');

/** An image as openstacksdk's Image presents it to SCS's functions. */
function sdkImage(image: ScsImage) {
  return {
    id: image.id,
    name: image.name,
    created_at: image.createdAt,
    visibility: image.visibility,
    is_hidden: image.hidden,
    architecture: image.architecture,
    os_distro: image.osDistro,
    os_version: image.osVersion,
    hw_disk_bus: image.hwDiskBus,
    hypervisor_type: image.hypervisorType,
    hw_rng_model: image.hwRngModel,
    min_disk: image.minDisk,
    min_ram: image.minRam,
    size: image.size,
    hash_algo: image.hashAlgo,
    properties: Object.fromEntries(image.properties),
  };
}

const overdue = { image_build_date: '2026-09-01' };
const corpus: ScsImage[] = [
  scsImage({ name: 'Ubuntu 24.04' }),
  scsImage({ name: 'Ubuntu 24.04 prev', properties: { ...overdue, os_purpose: 'oldgeneric' } }),
  scsImage({ name: 'Ubuntu 24.04 20260901', properties: { ...overdue, os_purpose: 'oldgeneric' } }),
  scsImage({ name: 'Ubuntu 24.04 2026-09-01', properties: { ...overdue, os_purpose: 'oldgeneric' } }),
  scsImage({ name: 'Ubuntu 24.04 (20260901)', properties: { ...overdue, os_purpose: 'oldgeneric' } }),
  scsImage({ name: 'Ubuntu 24.04 Old', properties: { ...overdue, os_purpose: 'minimal' } }),
  scsImage({ name: 'Ubuntu 22.04 old', osVersion: '22.04', properties: overdue }),
  scsImage({ name: 'Debian 12', osDistro: 'debian', osVersion: '12', properties: { ...overdue, image_source: 'https://cloud.debian.org/images/cloud/bookworm/x' } }),
  scsImage({ name: 'Debian 12 prev', osDistro: 'debian', osVersion: '12', properties: { ...overdue, os_purpose: 'oldgeneric' } }),
  scsImage({ name: 'Debian 12', osDistro: 'debian', osVersion: '12', properties: { image_source: 'https://example.org/debian' } }),
  scsImage({ name: 'Debian 11', osDistro: 'debian', osVersion: '11', properties: { ...overdue, provided_until: 'notice', image_source: 'https://cloud.debian.org/images/cloud/bullseye/x' } }),
  scsImage({ name: 'Debian 10', osDistro: 'debian', osVersion: '10', properties: { ...overdue, provided_until: 'none' } }),
  scsImage({ name: 'Fedora 40', osDistro: 'fedora', osVersion: '40', properties: { ...overdue, provided_until: '2026-13-01' } }),
  scsImage({ name: 'Fedora 39', osDistro: 'fedora', osVersion: '39', properties: { ...overdue, provided_until: '2026-11-30' } }),
  scsImage({ name: 'Hidden one', hidden: true, properties: overdue }),
  scsImage({ name: 'Community generic', visibility: 'community' }),
  scsImage({ name: 'Alpine', osDistro: 'alpine', osVersion: '3.20', architecture: 'amd64', properties: { os_purpose: 'general', hotfix_hours: '٤٨', uuid_validity: 'last-٣' } }),
  scsImage({ name: 'Bare', architecture: null, osDistro: null, osVersion: '', hwDiskBus: '', hypervisorType: null, hwRngModel: 'egd', minDisk: 0, minRam: 0, hashAlgo: 'md5', properties: {
    os_purpose: undefined, image_original_user: '', image_build_date: '2026-12-08', image_source: 'HTTP://x', image_description: undefined,
    replace_frequency: 'fortnightly', provided_until: '', uuid_validity: '2030-02-30', hotfix_hours: '1.5' } }),
  scsImage({ name: 'Weekly', properties: { replace_frequency: 'weekly', image_build_date: '2026-11-30 12:00' } }),
  scsImage({ name: 'Daily t', properties: { replace_frequency: 'daily', image_build_date: '2026-12-06t11:00:00z' } }),
  scsImage({ name: 'Big', minDisk: 1, size: 2 * 1024 ** 3 }),
  scsImage({ name: 'NoArch generic a', architecture: null, osDistro: 'rocky', osVersion: '9' }),
  scsImage({ name: 'NoArch generic b', architecture: null, osDistro: 'rocky', osVersion: '9' }),
  scsImage({ name: 'ubuntu-capi-image v1.31.4', properties: { os_purpose: 'k8snode', image_source: 'https://example.org/capi' } }),
  scsImage({ name: 'ubuntu-capi-image-v1.30', properties: { os_purpose: 'k8snode', image_source: 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/x' } }),
  scsImage({ name: 'Ubuntu 22.04', osVersion: '22.04', properties: { image_source: 'https://cloud-images.ubuntu.com/releases/jammy/x' } }),
];

describe('our verdicts are SCS’s own on a corpus of edge cases', () => {
  it('image by image, test case by test case, and per test case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scs-corpus-'));
    const file = join(dir, 'images.json');
    writeFileSync(file, JSON.stringify(corpus.map(sdkImage)));
    const python = spawnSync('/usr/bin/python3', ['-B', runner, '--images-json', file, '--now', String(NOW)], { encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    const theirs = JSON.parse(python.stdout) as { tests: Record<string, string>; images: { id: string; failed: string[] }[]; missing: string[] };
    const ours = conformanceOf(corpus, NOW);
    const byImage = (images: { id: string; failed: (string | { test: string })[] }[]) =>
      Object.fromEntries(images.map((image) => [`${image.id} ${corpus.find((c) => c.id === image.id)!.name}`, image.failed.map((f) => (typeof f === 'string' ? f : f.test)).sort()]));
    expect(byImage(ours.images)).toEqual(byImage(theirs.images));
    const failing = new Set([...ours.images.flatMap((image) => image.failed.map((f) => f.test)), ...ours.missing.map((gap) => gap.test)]);
    expect(Object.fromEntries(TEST_CASES.map((test) => [test, failing.has(test) ? 'FAIL' : 'PASS']))).toEqual(
      Object.fromEntries(TEST_CASES.map((test) => [test, theirs.tests[test] === 'PASS' ? 'PASS' : 'FAIL'])),
    );
    expect(ours.missing.map((gap) => gap.test).sort()).toEqual([...theirs.missing].sort());
    // The corpus exercises both verdicts of the set-wide test cases.
    expect(failing.has('scs-0102-image-recency') && failing.has('scs-0102-os_purpose-uniqueness') && failing.has('scs-0104-source-debian-12')).toBe(true);
  });
});
