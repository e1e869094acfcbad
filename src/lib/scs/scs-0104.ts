/**
 * SCS-0104 (standard images, v1): the test cases of SCS's own suite, ported
 * from Tests/iaas/scs_0104_standard_images/standard_images.py
 * (SovereignCloudStack/standards): an image the standard names must be there
 * (by exact name, or the CAPI images by a name scheme matched at the start of
 * the name), and every image it finds must come from the standard's source.
 * Their lookup is by name over the listing, the last image listed winning
 * where two share one. Pure.
 */
import type { ScsImage } from './image.ts';
import { byName, type ImageFailure } from './scs-0102.ts';

export interface ImageSpec {
  name: string;
  /** A Python regular expression matched at the start of each name (`re.match`); without it, the exact name. */
  nameScheme?: string;
  source: readonly string[];
}

const CAPI_SOURCES = [
  'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/',
  'https://swift.services.a.regiocloud.tech/swift/v1/AUTH_b182637428444b9aa302bb8d5a5a418c/openstack-k8s-capi-images/ubuntu-2404-kube',
  'https://swift.services.a.regiocloud.tech/swift/v1/AUTH_b182637428444b9aa302bb8d5a5a418c/openstack-k8s-capi-images/ubuntu-2204-kube',
];

/** Their `SCS_0104_IMAGE_SPECS`. */
export const SCS_0104_IMAGE_SPECS: Readonly<Record<string, ImageSpec>> = {
  'ubuntu-capi-image-1': { name: 'ubuntu-capi-image-1', nameScheme: 'ubuntu-capi-image v[0-9]\\.[0-9]+(\\.[0-9]+)?', source: CAPI_SOURCES },
  'ubuntu-capi-image-2': { name: 'ubuntu-capi-image-2', nameScheme: 'ubuntu-capi-image-v[0-9]\\.[0-9]+(\\.[0-9]+)?', source: CAPI_SOURCES },
  'Ubuntu 24.04': { name: 'Ubuntu 24.04', source: ['https://cloud-images.ubuntu.com/releases/noble/', 'https://cloud-images.ubuntu.com/noble/'] },
  'Ubuntu 22.04': { name: 'Ubuntu 22.04', source: ['https://cloud-images.ubuntu.com/releases/jammy/', 'https://cloud-images.ubuntu.com/jammy/'] },
  'Ubuntu 20.04': { name: 'Ubuntu 20.04', source: ['https://cloud-images.ubuntu.com/releases/focal/', 'https://cloud-images.ubuntu.com/focal/'] },
  'Debian 13': { name: 'Debian 13', source: ['https://cloud.debian.org/images/cloud/trixie/', 'https://cdimage.debian.org/cdimage/cloud/trixie/'] },
  'Debian 12': { name: 'Debian 12', source: ['https://cloud.debian.org/images/cloud/bookworm/', 'https://cdimage.debian.org/cdimage/cloud/bookworm/'] },
  'Debian 11': { name: 'Debian 11', source: ['https://cloud.debian.org/images/cloud/bullseye/', 'https://cdimage.debian.org/cdimage/cloud/bullseye/'] },
  'Debian 10': { name: 'Debian 10', source: ['https://cloud.debian.org/images/cloud/buster/', 'https://cdimage.debian.org/cdimage/cloud/buster/'] },
};

/** Their `_lookup_images`: the images a spec names, from the by-name lookup. */
export function lookupImages(lookup: ReadonlyMap<string, ScsImage>, spec: ImageSpec): ScsImage[] {
  if (spec.nameScheme) {
    const scheme = new RegExp(`^(?:${spec.nameScheme})`, 'u');
    return [...lookup].filter(([name]) => scheme.test(name)).map(([, image]) => image);
  }
  const image = lookup.get(spec.name);
  return image ? [image] : [];
}

export interface SourceRule {
  test: string;
  spec: ImageSpec;
  check(images: readonly ScsImage[]): ImageFailure[];
}

export interface PresenceRule {
  test: string;
  spec: ImageSpec;
  /** Whether the cloud has the image. */
  present(images: readonly ScsImage[]): boolean;
}

/** `scs-0104-source-…`: each image the spec finds has an `image_source` starting with one of its sources. */
function sourceRule(test: string, key: string): SourceRule {
  const spec = SCS_0104_IMAGE_SPECS[key]!;
  return {
    test,
    spec,
    check: (images) =>
      lookupImages(byName(images), spec).flatMap((image) => {
        const found = image.properties.get('image_source') ?? '';
        return spec.source.some((prefix) => found.startsWith(prefix)) ? [] : [{ image, found, expected: `an image_source starting with ${spec.source.join(' or ')}` }];
      }),
  };
}

/** `scs-0104-image-…`: the spec finds an image. */
function presenceRule(test: string, key: string): PresenceRule {
  const spec = SCS_0104_IMAGE_SPECS[key]!;
  return { test, spec, present: (images) => lookupImages(byName(images), spec).length > 0 };
}

/** The SCS-0104 test cases scs-compatible-iaas.yaml declares, by id. */
export const SCS_0104_SOURCE_RULES: readonly SourceRule[] = [
  sourceRule('scs-0104-source-capi-1', 'ubuntu-capi-image-1'),
  sourceRule('scs-0104-source-capi-2', 'ubuntu-capi-image-2'),
  sourceRule('scs-0104-source-ubuntu-2404', 'Ubuntu 24.04'),
  sourceRule('scs-0104-source-ubuntu-2204', 'Ubuntu 22.04'),
  sourceRule('scs-0104-source-ubuntu-2004', 'Ubuntu 20.04'),
  sourceRule('scs-0104-source-debian-13', 'Debian 13'),
  sourceRule('scs-0104-source-debian-12', 'Debian 12'),
  sourceRule('scs-0104-source-debian-11', 'Debian 11'),
];

export const SCS_0104_PRESENCE_RULES: readonly PresenceRule[] = [
  presenceRule('scs-0104-image-capi-2', 'ubuntu-capi-image-2'),
  presenceRule('scs-0104-image-capi-1', 'ubuntu-capi-image-1'),
  presenceRule('scs-0104-image-ubuntu-2404', 'Ubuntu 24.04'),
  presenceRule('scs-0104-image-ubuntu-2204', 'Ubuntu 22.04'),
  presenceRule('scs-0104-image-debian-13', 'Debian 13'),
  presenceRule('scs-0104-image-debian-12', 'Debian 12'),
];
