import type { ScsImage } from '../../../src/lib/scs/image.ts';
import type { CatalogImage } from '../../../src/schemas/snapshot.ts';

/** Unix seconds of a UTC date-time. */
export const at = (iso: string) => Date.parse(iso) / 1000;
export const NOW = at('2026-12-07T12:00:00Z');

/** A Glance record's properties that pass every SCS-0102 v2 check at NOW (the ones openstacksdk keeps in `properties`). */
export const GOOD_PROPERTIES: Readonly<Record<string, string>> = {
  os_purpose: 'generic',
  image_original_user: 'ubuntu',
  image_build_date: '2026-12-01',
  image_source: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img',
  image_description: 'https://docs.example.org/ubuntu/',
  replace_frequency: 'monthly',
  uuid_validity: 'last-3',
  provided_until: '2031-04-30',
  hotfix_hours: '48',
};

let serial = 0;

/** An image as SCS's suite sees it, passing every SCS-0102 check at NOW unless changed. */
export function scsImage(changes: Partial<Omit<ScsImage, 'properties'>> & { properties?: Record<string, string | undefined> } = {}): ScsImage {
  const { properties: propertyChanges = {}, ...fields } = changes;
  const properties = new Map(Object.entries({ ...GOOD_PROPERTIES, ...propertyChanges }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  serial += 1;
  return {
    id: `id-${String(serial).padStart(4, '0')}`,
    name: 'Ubuntu 24.04',
    createdAt: '2026-12-02T10:00:00Z',
    visibility: 'public',
    hidden: false,
    architecture: 'x86_64',
    osDistro: 'ubuntu',
    osVersion: '24.04',
    hwDiskBus: 'virtio',
    hypervisorType: 'kvm',
    hwRngModel: 'virtio',
    minDisk: 8,
    minRam: 1024,
    size: 600 * 1024 * 1024,
    hashAlgo: 'sha512',
    properties,
    ...fields,
  };
}

/** A snapshot image (what the fetch writes) whose Glance properties pass every SCS-0102 v2 check at NOW. */
export function catalogImage(id: string, name: string, properties: Record<string, string> = {}, changes: Partial<CatalogImage> = {}): CatalogImage {
  return {
    id,
    name,
    distro: 'ubuntu',
    version: '24.04',
    codename: null,
    architecture: 'x86_64',
    defaultUser: 'ubuntu',
    status: 'active',
    visibility: 'public',
    owner: 'owner-project',
    createdAt: '2026-12-02T10:00:00Z',
    updatedAt: '2026-12-02T10:00:00Z',
    size: 600 * 1024 * 1024,
    diskFormat: 'qcow2',
    containerFormat: 'bare',
    minDisk: 8,
    minRam: 1024,
    checksum: null,
    hashAlgo: 'sha512',
    hashValue: null,
    tags: [],
    properties: {
      os_distro: 'ubuntu',
      os_version: '24.04',
      architecture: 'x86_64',
      hw_disk_bus: 'virtio',
      hypervisor_type: 'kvm',
      hw_rng_model: 'virtio',
      ...GOOD_PROPERTIES,
      ...properties,
    },
    ...changes,
  };
}
