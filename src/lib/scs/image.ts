/**
 * An image as SCS's own test suite sees it (Tests/iaas/openstack_test.py in
 * SovereignCloudStack/standards, through openstacksdk): Glance's exact values,
 * never the catalog's cleaned ones, and which images it looks at. Pure.
 */
import type { CatalogImage, Snapshot } from '../../schemas/snapshot.ts';

/** The fields of an openstacksdk `Image` SCS's image checks read, with Glance's exact values. */
export interface ScsImage {
  id: string;
  name: string;
  /** Glance's `created_at` as given (their strict format is `YYYY-MM-DDTHH:MM:SSZ`). */
  createdAt: string;
  visibility: string;
  /** openstacksdk's `is_hidden` (`os_hidden`). */
  hidden: boolean;
  architecture: string | null;
  osDistro: string | null;
  osVersion: string | null;
  hwDiskBus: string | null;
  hypervisorType: string | null;
  hwRngModel: string | null;
  /** GiB, MiB and bytes; Glance reports 0 for an unset minimum. */
  minDisk: number;
  minRam: number;
  size: number | null;
  /** `os_hash_algo`. */
  hashAlgo: string | null;
  /**
   * openstacksdk's `properties`: every property it has no attribute for
   * (`os_purpose`, `image_build_date`, `replace_frequency`, …), as given.
   */
  properties: ReadonlyMap<string, string>;
}

/** Properties openstacksdk's Image reads into attributes of its own (so they are not in `properties`). */
const SDK_ATTRIBUTES = new Set(['architecture', 'os_distro', 'os_version', 'hw_disk_bus', 'hypervisor_type', 'hw_rng_model']);

/** A snapshot image as SCS's suite sees it: the exact values Glance sent (`raw`) where the catalog cleaned them. */
export function scsImageOf(image: CatalogImage, hidden: boolean): ScsImage {
  const raw = image.raw ?? {};
  const exact = (field: string, value: string) => (Object.hasOwn(raw, field) ? raw[field]! : value);
  const properties = new Map<string, string>();
  for (const [key, value] of Object.entries(image.properties)) {
    properties.set(exact(`key:${key}`, key), exact(`properties.${key}`, value));
  }
  const attributes = new Map<string, string>();
  for (const key of SDK_ATTRIBUTES) {
    const value = properties.get(key);
    if (value !== undefined) attributes.set(key, value);
    properties.delete(key);
  }
  const attribute = (key: string) => attributes.get(key) ?? null;
  return {
    id: exact('id', image.id),
    name: exact('name', image.name),
    createdAt: image.createdAt ?? '',
    visibility: image.visibility,
    hidden,
    architecture: attribute('architecture'),
    osDistro: attribute('os_distro'),
    osVersion: attribute('os_version'),
    hwDiskBus: attribute('hw_disk_bus'),
    hypervisorType: attribute('hypervisor_type'),
    hwRngModel: attribute('hw_rng_model'),
    minDisk: image.minDisk ?? 0,
    minRam: image.minRam ?? 0,
    size: image.size,
    hashAlgo: image.hashAlgo,
    properties,
  };
}

/**
 * The images SCS's suite looks at, of those the snapshot holds, in the order it
 * sees them. It lists Glance's default listing (`list_images(show_all=True)`,
 * kept when public or community): hidden images (`os_hidden=true`) are not in
 * that listing, and another project's community images are not either, so the
 * snapshot's current images are what it sees of the official project, and its
 * archived builds (hidden ones, or the archive project's community ones) are
 * not. Glance lists newest first (`created_at`, then `id`, descending); where
 * two images share a name, the suite's by-name lookups keep the last one listed.
 */
export function suiteImages(snapshot: Pick<Snapshot, 'images'>): ScsImage[] {
  return glanceOrder(snapshot.images.map((image) => scsImageOf(image, false)));
}

/** Glance's default listing order: `created_at` descending, then `id` descending. */
export function glanceOrder(images: readonly ScsImage[]): ScsImage[] {
  const key = (image: ScsImage) => [image.createdAt, image.id] as const;
  return [...images].sort((a, b) => {
    const [ac, ai] = key(a);
    const [bc, bi] = key(b);
    if (ac !== bc) return ac < bc ? 1 : -1;
    return ai === bi ? 0 : ai < bi ? 1 : -1;
  });
}
