/**
 * SCS-0102 (image metadata, v1 and v2): the test cases of SCS's own suite,
 * ported from Tests/iaas/scs_0102_image_metadata/image_metadata.py
 * (SovereignCloudStack/standards, see tests/integration/support/scs-upstream/),
 * one rule each, with their edge cases: `parse_date`'s formats, `last-N`,
 * `none`/`notice`, a name's last word as a rotation marker (` 20261001`,
 * `old`, `prev`), and a replacement found by the name without it. Pure: the
 * time is a parameter (Unix seconds), never the clock.
 *
 * Each rule returns the images that fail it, with the value found and what
 * would pass. Their test case passes when no image fails.
 */
import type { ScsImage } from './image.ts';
import { MARKER_DATE_FORMATS, STRICT_FORMATS, isDecimal, parseDate } from './python-date.ts';

export const ARCHITECTURES = ['x86_64', 'aarch64', 'risc-v'] as const;
export const HW_DISK_BUSES = ['virtio', 'scsi'] as const;
export const HYPERVISOR_TYPES = ['qemu', 'kvm', 'xen', 'hyper-v', 'esxi'] as const;
export const HW_RNG_MODELS = ['virtio'] as const;
export const OS_PURPOSES = ['generic', 'oldgeneric', 'minimal', 'k8snode', 'gpu', 'network', 'custom'] as const;
/** Their `FREQ_TO_SEC` (rounded up on purpose; `weekly` is 7 × 25 hours there). */
export const FREQ_TO_SEC: ReadonlyMap<string, number> = new Map([
  ['never', 0],
  ['critical_bug', 0],
  ['yearly', 365 * 24 * 3600],
  ['quarterly', 92 * 24 * 3600],
  ['monthly', 31 * 24 * 3600],
  ['weekly', 7 * 25 * 3600],
  ['daily', 25 * 3600],
]);
export const OUTDATED_MARKERS = ['old', 'prev'] as const;
const GIB = 1024 ** 3;

/** A value as found on the image: text, a number, or null (not set). */
export type Found = string | number | null;

export interface ImageFailure {
  image: ScsImage;
  found: Found;
  expected: string;
}

export interface Rule {
  /** SCS's test case id. */
  test: string;
  check(images: readonly ScsImage[], now: number): ImageFailure[];
}

/** Python's truthiness of an optional string. */
const set = (value: string | null | undefined): value is string => value !== null && value !== undefined && value !== '';
const oneOf = (values: readonly string[], orUnset = false) =>
  `${orUnset ? '' : 'one of '}${values.join(', ')}${orUnset ? ' or not set' : ''}`;
const prop = (image: ScsImage, key: string) => image.properties.get(key) ?? null;

/** Python's `str.rsplit(' ', 1)`. */
function rsplitOnce(text: string): [string] | [string, string] {
  const at = text.lastIndexOf(' ');
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

/** Their `is_url`: a `http`, `https`, `ftp` or `ftps` scheme before `://`. */
export function isUrl(text: string): boolean {
  const at = text.indexOf('://');
  return at >= 0 && ['http', 'https', 'ftp', 'ftps'].includes(text.slice(0, at));
}

/** Raised where their code raises (a missing `provided_until`): the test case aborts, which is not a pass. */
export class SuiteAbort extends Error {}

/**
 * Their `is_outdated`: 0 when the image is recent enough (or promises nothing:
 * `never`, `critical_bug`, an unknown frequency, `provided_until` `none`,
 * `notice` or passed), 1 when it is overdue but hidden or marked as rotated
 * out (its name's last word is `old`, `prev` or a date), 2 when it is overdue
 * and not marked, 3 when its `provided_until` is not a date.
 */
export function isOutdated(image: ScsImage, now: number): 0 | 1 | 2 | 3 {
  let built = parseDate(prop(image, 'image_build_date') ?? '');
  if (!built) built = parseDate(image.createdAt, STRICT_FORMATS);
  const frequency = prop(image, 'replace_frequency') ?? 'never';
  if (frequency === 'never' || frequency === 'critical_bug') return 0;
  const seconds = FREQ_TO_SEC.get(frequency);
  if (seconds === undefined) return 0;
  if (now <= built + 1.1 * seconds) return 0;
  const untilText = prop(image, 'provided_until');
  if (untilText === null) throw new SuiteAbort(`image "${image.name}" is overdue and has no provided_until`);
  if (untilText === 'none' || untilText === 'notice') return 0;
  const until = parseDate(untilText);
  if (!until) return 3;
  if (now > until) return 0;
  if (image.hidden) return 1;
  const parts = rsplitOnce(image.name);
  if (parts.length < 2) return 2;
  const marker = parts[1]!;
  if ((OUTDATED_MARKERS as readonly string[]).includes(marker) || parseDate(marker, MARKER_DATE_FORMATS)) return 1;
  return 2;
}

/** The name a rotated-out image's replacement has: its own without the last word (their `_find_replacement_image`). */
export function replacementName(name: string): string | null {
  const short = rsplitOnce(name)[0].replace(/\s+$/u, '');
  return short === name ? null : short;
}

/** The images by name, the last listed winning (a Python dict built in listing order). */
export function byName(images: readonly ScsImage[]): Map<string, ScsImage> {
  return new Map(images.map((image) => [image.name, image]));
}

/** Their `_find_replacement_image`: the image named without the marker, when it is not outdated itself. */
export function findReplacement(names: ReadonlyMap<string, ScsImage>, name: string, now: number): ScsImage | null {
  const short = replacementName(name);
  if (short === null) return null;
  const replacement = names.get(short);
  if (replacement === undefined || isOutdated(replacement, now)) return null;
  return replacement;
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** A rule over each image alone. */
function each(test: string, fails: (image: ScsImage, now: number) => { found: Found; expected: string } | null): Rule {
  return {
    test,
    check: (images, now) =>
      images.flatMap((image) => {
        const failure = fails(image, now);
        return failure ? [{ image, ...failure }] : [];
      }),
  };
}

const allowed = (test: string, value: (image: ScsImage) => string | null, values: readonly string[], unsetPasses: boolean) =>
  each(test, (image) => {
    const found = value(image);
    if (found === null ? unsetPasses : values.includes(found)) return null;
    return { found, expected: oneOf(values, unsetPasses) };
  });

const required = (test: string, value: (image: ScsImage) => string | null, expected = 'set (not empty)') =>
  each(test, (image) => (set(value(image)) ? null : { found: value(image), expected }));

export const imageBuildDate = each('scs-0102-prop-image_build_date', (image, now) => {
  const registered = parseDate(image.createdAt, STRICT_FORMATS);
  const text = prop(image, 'image_build_date');
  const built = parseDate(text ?? '');
  const wrong: string[] = [];
  if (!built) wrong.push('a date (YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] or YYYY-MM-DDTHH:MM:SSZ)');
  else if (built > registered) wrong.push(`no later than the image's registration (${image.createdAt || 'unknown'})`);
  if ((built || registered) > now) wrong.push(`not in the future (the catalog was fetched at ${isoOf(now)})`);
  return wrong.length === 0 ? null : { found: text, expected: wrong.join('; ') };
});

export const minDisk = each('scs-0102-prop-min_disk', (image) => {
  if (!image.minDisk) return { found: image.minDisk, expected: 'set: the disk the image needs, in GiB (more than 0)' };
  if (image.size !== null && image.minDisk * GIB < image.size) {
    return { found: image.minDisk, expected: `at least the image's size, ${Math.ceil(image.size / GIB)} GiB (${image.size} bytes)` };
  }
  return null;
});

export const minRam = each('scs-0102-prop-min_ram', (image) =>
  image.minRam ? null : { found: image.minRam, expected: 'set: the RAM the image needs, in MiB (more than 0)' },
);

export const uuidValidity = each('scs-0102-prop-uuid_validity', (image) => {
  const value = prop(image, 'uuid_validity');
  if (value === null || value === 'none' || value === 'notice' || value === 'forever') return null;
  if (value.slice(0, 5) === 'last-' && isDecimal(value.slice(5))) return null;
  if (parseDate(value)) return null;
  return { found: value, expected: 'none, notice, forever, last-N (a whole number) or a date (YYYY-MM-DD), or not set' };
});

export const hotfixHours = each('scs-0102-prop-hotfix_hours', (image) => {
  const value = prop(image, 'hotfix_hours') ?? '';
  if (!value || isDecimal(value)) return null;
  return { found: value, expected: 'a whole number of hours, or not set' };
});

export const imageSource = each('scs-0102-prop-image_source', (image) => {
  const value = prop(image, 'image_source');
  if (value === 'private' || isUrl(value ?? '')) return null;
  return { found: value, expected: 'an http, https, ftp or ftps URL, or private' };
});

/**
 * `scs-0102-image-recency`: an image older than its `replace_frequency` (plus
 * 10%) fails unless it promises nothing any more (`provided_until` `none`,
 * `notice` or passed) or a current image has its name without the last word
 * (`Ubuntu 24.04` for `Ubuntu 24.04 20261001`); one whose `provided_until` is
 * not a date fails too.
 */
export const imageRecency: Rule = {
  test: 'scs-0102-image-recency',
  check(images, now) {
    const names = byName(images);
    return images.flatMap((image) => {
      try {
        return recencyOf(image, names, now);
      } catch (error) {
        if (!(error instanceof SuiteAbort)) throw error;
        // Their check raises here (KeyError): the test case aborts, which is a failure, not a pass.
        return [{ image, found: error.message, expected: 'provided_until set on every overdue image and its replacement (SCS’s check stops with an error without it)' }];
      }
    });
  },
};

function recencyOf(image: ScsImage, names: ReadonlyMap<string, ScsImage>, now: number): ImageFailure[] {
      const outdated = isOutdated(image, now);
      if (!outdated) return [];
      const frequency = prop(image, 'replace_frequency');
      const built = prop(image, 'image_build_date') ?? `registered ${image.createdAt}`;
      if (outdated === 3) {
        return [{ image, found: prop(image, 'provided_until'), expected: 'provided_until a date (YYYY-MM-DD), none or notice' }];
      }
      if (findReplacement(names, image.name, now)) return [];
      const short = replacementName(image.name);
      return [{
        image,
        found: `built ${built}, replaced ${frequency}`,
        expected:
          `a build no older than its replace_frequency (+10%)${short ? `, or a current image named "${short}" (SCS looks for the name without its last word)` : ''}` +
          (outdated === 2 ? '; a replaced build is hidden or renamed to end in a date, old or prev' : ''),
      }];
}

/** `scs-0102-os_purpose-uniqueness`: at most one public, not hidden `generic` image per architecture, os_distro and os_version. */
export const osPurposeUniqueness: Rule = {
  test: 'scs-0102-os_purpose-uniqueness',
  check(images) {
    const buckets = new Map<string, ScsImage[]>();
    for (const image of images) {
      if (image.visibility !== 'public' || image.hidden) continue;
      if (!set(image.osDistro) || !set(image.osVersion)) continue;
      if ((prop(image, 'os_purpose') ?? '') !== 'generic') continue;
      const key = JSON.stringify([image.architecture || '', image.osDistro, image.osVersion]);
      buckets.set(key, [...(buckets.get(key) ?? []), image]);
    }
    return [...buckets.values()].flatMap((bucket) =>
      bucket.length < 2
        ? []
        : bucket.map((image) => ({
            image,
            found: `generic, as are ${bucket.filter((other) => other !== image).map((other) => `"${other.name}"`).join(', ')}`,
            expected: `one generic image for ${image.architecture || 'no architecture'} ${image.osDistro} ${image.osVersion}; the others oldgeneric (or another os_purpose)`,
          })),
    );
  },
};

/** Every SCS-0102 test case of their suite, by id. */
export const SCS_0102_RULES: readonly Rule[] = [
  allowed('scs-0102-prop-architecture', (image) => image.architecture, ARCHITECTURES, false),
  allowed('scs-0102-prop-hash_algo', (image) => image.hashAlgo, ['sha256', 'sha512'], false),
  minDisk,
  minRam,
  required('scs-0102-prop-os_version', (image) => image.osVersion),
  required('scs-0102-prop-os_distro', (image) => image.osDistro),
  allowed('scs-0102-prop-os_purpose', (image) => prop(image, 'os_purpose'), OS_PURPOSES, false),
  allowed('scs-0102-prop-hw_disk_bus', (image) => image.hwDiskBus, HW_DISK_BUSES, true),
  allowed('scs-0102-prop-hypervisor_type', (image) => image.hypervisorType, HYPERVISOR_TYPES, true),
  allowed('scs-0102-prop-hw_rng_model', (image) => image.hwRngModel, HW_RNG_MODELS, true),
  imageBuildDate,
  required('scs-0102-prop-image_original_user', (image) => prop(image, 'image_original_user'), 'set: the login user, or none'),
  imageSource,
  required('scs-0102-prop-image_description', (image) => prop(image, 'image_description')),
  allowed('scs-0102-prop-replace_frequency', (image) => prop(image, 'replace_frequency'), [...FREQ_TO_SEC.keys()], false),
  required('scs-0102-prop-provided_until', (image) => prop(image, 'provided_until'), 'set: a date (YYYY-MM-DD), none or notice'),
  uuidValidity,
  hotfixHours,
  imageRecency,
  osPurposeUniqueness,
];
