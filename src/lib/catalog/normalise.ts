/**
 * Pure functions turning a Glance v2 image record into a catalog image.
 *
 * Distribution, version, code name and architecture come from Glance's
 * standard properties (`os_distro`, `os_version`, `architecture`), with a
 * fallback that reads them from the image name (or its line name: the cloud's
 * line properties, then SCS-0102's `image_name`) for old images that carry
 * none. The image's own login user (the cloud's login-user properties, then
 * SCS-0102's `image_original_user`) is kept as given (`defaultUser`); the login
 * user shown is decided at build time (`loginUserOf` in login.ts). How a cloud
 * spells these is its `ImageConventions` (conventions.ts).
 * `content/data/distributions.yaml` is the one source for distribution ids and aliases.
 */
import type { Distribution } from '../../schemas/distributions.ts';
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { MAX_PROPERTY_TEXT, RawValues } from './safe-text.ts';
import { findDistribution } from './distro.ts';
import { SCS_PROPERTIES, STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { firstPropertyEntry, stripNamePrefix } from './read-properties.ts';

/** The parts of a distribution entry normalising needs. */
export type DistributionInfo = Pick<Distribution, 'id' | 'osDistro' | 'nameAliases'>;

export type GlanceRecord = Record<string, unknown>;

/** Glance's own fields, mapped to catalog fields (or deliberately dropped), never copied into `properties`. */
export const CORE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'owner',
  'created_at',
  'updated_at',
  'size',
  'virtual_size',
  'disk_format',
  'container_format',
  'min_disk',
  'min_ram',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'tags',
  'protected',
]);

/** Fields never published: `os_hidden`, and those that may reveal backend paths or store names. */
export const WITHHELD_FIELDS: ReadonlySet<string> = new Set(['os_hidden', 'locations', 'direct_url', 'file', 'self', 'schema', 'stores']);

export interface NameFacts {
  distro: string | null;
  version: string | null;
  codename: string | null;
  architecture: string | null;
}

const ARCHITECTURES: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  'x86-64': 'x86_64',
  amd64: 'x86_64',
  x64: 'x86_64',
  arm64: 'aarch64',
  aarch64: 'aarch64',
  armv8: 'aarch64',
  i386: 'i686',
  i686: 'i686',
  x86: 'i686',
};

const ARCH_IN_NAME = /(?:^|[^A-Za-z0-9])(x86_64|x86-64|amd64|arm64|aarch64|i386|i686|ppc64le|s390x)(?=$|[^A-Za-z0-9])/i;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

function date(value: unknown): string | null {
  const text = str(value);
  return text !== null && !Number.isNaN(Date.parse(text)) ? text : null;
}

/** `amd64` -> `x86_64`, `arm64` -> `aarch64`; other values lowercased as they are. */
export function normaliseArchitecture(value: string | null | undefined): string | null {
  const text = value?.trim().toLowerCase();
  if (!text) return null;
  // Own keys only: an architecture named `constructor` is text, not Object's member.
  return Object.hasOwn(ARCHITECTURES, text) ? ARCHITECTURES[text]! : text;
}

/** The catalog's distribution key for an `os_distro` value: the listed id, else the raw value lowercased. */
export function resolveDistro(osDistro: string, distributions: readonly DistributionInfo[]): string {
  return findDistribution(osDistro, distributions)?.id ?? osDistro.trim().toLowerCase();
}

/**
 * Reads distribution, version, code name and architecture from an image name
 * such as "Ubuntu 14.04 (Trusty) amd64" or "Debian 6 x86_64 (Squeeze)", after
 * the cloud's name prefix.
 */
export function parseImageName(
  name: string,
  distributions: readonly DistributionInfo[],
  conventions: Pick<ImageConventions, 'namePrefix'> = STANDARD_CONVENTIONS,
): NameFacts {
  const text = stripNamePrefix(name, conventions);
  const facts: NameFacts = { distro: null, version: null, codename: null, architecture: null };

  const arch = ARCH_IN_NAME.exec(text)?.[1];
  if (arch) facts.architecture = normaliseArchitecture(arch);

  const aliases = distributions
    .flatMap((distro) => distro.nameAliases.map((alias) => ({ alias, id: distro.id })))
    .sort((a, b) => b.alias.length - a.alias.length);
  let best: { id: string; end: number; index: number } | null = null;
  for (const { alias, id } of aliases) {
    const match = new RegExp(`(^|[^A-Za-z0-9])(${escapeRegExp(alias)})(?=$|[^A-Za-z])`, 'i').exec(text);
    if (!match) continue;
    const index = match.index + match[1]!.length;
    if (best === null || index < best.index) best = { id, index, end: index + match[2]!.length };
  }
  if (best === null) return facts;
  facts.distro = best.id;

  const rest = text.slice(best.end);
  const version = /^[\s_-]*(?:[A-Z][A-Za-z]*\s+)?v?(\d+(?:\.\d+)*)(?![\d])/.exec(rest)?.[1];
  if (version) facts.version = version;

  for (const group of text.matchAll(/\(([^()]*)\)/g)) {
    const inside = group[1]!.trim();
    if (/^[A-Z][a-z]+(?: [A-Z][a-z]+)?$/.test(inside) && !ARCH_IN_NAME.test(inside) && inside !== 'Beta') {
      facts.codename = inside;
      break;
    }
  }
  return facts;
}

/** Whether a record may be published: owned by the official project, public, active and not hidden. */
export function isOfficialImage(record: GlanceRecord, owner: string): boolean {
  return (
    record.owner === owner &&
    record.visibility === 'public' &&
    record.status === 'active' &&
    isClearlyNotHidden(record.os_hidden)
  );
}

/**
 * `os_hidden` fails closed: only a missing value, `false`, or the string
 * "false" (any case, as a non-conforming Glance may send) publishes the image;
 * `"1"`, `"yes"`, `" true"` or anything else hides it.
 */
export function isClearlyNotHidden(value: unknown): boolean {
  return value === undefined || value === null || value === false || (typeof value === 'string' && /^false$/i.test(value));
}

/**
 * Whether a record may be published as an archived build: owned by the archive
 * project, community, active and not hidden. Glance's own filters are not
 * trusted: a community image of any other project never passes.
 */
export function isArchivedImage(record: GlanceRecord, archiveOwner: string): boolean {
  return (
    record.owner === archiveOwner &&
    record.visibility === 'community' &&
    record.status === 'active' &&
    isClearlyNotHidden(record.os_hidden)
  );
}

/**
 * Whether a record may be published as a hidden earlier build (SCS-0102: an
 * old build renamed and hidden with `os_hidden=true`, its ID still valid):
 * owned by the official project, public, active, and clearly hidden. Asked
 * for only when the cloud says its hidden images are earlier builds.
 */
export function isHiddenBuild(record: GlanceRecord, owner: string): boolean {
  return (
    record.owner === owner &&
    record.visibility === 'public' &&
    record.status === 'active' &&
    (record.os_hidden === true || (typeof record.os_hidden === 'string' && /^true$/i.test(record.os_hidden)))
  );
}

/** The image's own login user as given, and the property it came from: the cloud's login-user properties, then `image_original_user`. */
export function ownLoginUserEntry(record: GlanceRecord, conventions: Pick<ImageConventions, 'loginUserProperties'>): { name: string; value: string } | null {
  return firstPropertyEntry(record, [...conventions.loginUserProperties, SCS_PROPERTIES.loginUser]);
}

/** Every remaining string property, by name, in sorted order. */
export function extraProperties(record: GlanceRecord, raw?: RawValues): Record<string, string> {
  // Own properties only, and defined as data: a key named `__proto__` is a property, not the prototype.
  const properties: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (typeof value !== 'string' || CORE_FIELDS.has(key) || WITHHELD_FIELDS.has(key)) continue;
    const safeKey = raw ? raw.keep(`key:${key}`, key) : key;
    if (safeKey.trim() === '' || Object.hasOwn(properties, safeKey)) continue;
    const safeValue = raw ? raw.keep(`properties.${safeKey}`, value, MAX_PROPERTY_TEXT) : value;
    Object.defineProperty(properties, safeKey, { value: safeValue, enumerable: true, writable: true, configurable: true });
  }
  return properties;
}

/** One Glance v2 record as a catalog image, read by the cloud's conventions. The record must have a string id. */
export function normaliseImage(
  record: GlanceRecord,
  distributions: readonly DistributionInfo[],
  conventions: ImageConventions = STANDARD_CONVENTIONS,
): CatalogImage {
  const id = str(record.id);
  if (id === null) throw new TypeError('image record has no id');
  // Every string that reaches a page is cleaned here, once (src/lib/catalog/safe-text.ts);
  // Glance's exact values, where they differ, go to `raw` (published only in /catalog.json).
  const raw = new RawValues();
  const safe = (field: string, value: string | null): string | null => {
    if (value === null) return null;
    return str(raw.keep(field, value));
  };
  const name = typeof record.name === 'string' ? raw.keep('name', record.name) : '';
  const osDistro = str(record.os_distro);

  const fromName = parseImageName(name, distributions, conventions);
  const lineName = firstPropertyEntry(record, [...conventions.lineProperties, SCS_PROPERTIES.line])?.value ?? null;
  const fromLineName = lineName ? parseImageName(lineName, distributions, conventions) : null;
  const facts = fromName.distro ? fromName : fromLineName?.distro ? fromLineName : fromName;

  const distro = osDistro ? resolveDistro(osDistro, distributions) : facts.distro;
  const sameDistro = distro !== null && facts.distro === distro;
  const architecture =
    normaliseArchitecture(str(record.architecture)) ?? fromName.architecture ?? fromLineName?.architecture ?? null;

  const image: CatalogImage = {
    id: safe('id', id) ?? id,
    name,
    distro: safe('distro', distro),
    version: safe('version', str(record.os_version) ?? (sameDistro ? facts.version : null)),
    codename: safe('codename', sameDistro ? facts.codename : null),
    architecture: safe('architecture', architecture),
    defaultUser: safe('defaultUser', ownLoginUserEntry(record, conventions)?.value ?? null),
    status: safe('status', str(record.status)) ?? 'unknown',
    visibility: safe('visibility', str(record.visibility)) ?? 'unknown',
    owner: safe('owner', str(record.owner)),
    createdAt: date(record.created_at),
    updatedAt: date(record.updated_at),
    size: count(record.size),
    diskFormat: safe('diskFormat', str(record.disk_format)),
    containerFormat: safe('containerFormat', str(record.container_format)),
    minDisk: count(record.min_disk),
    minRam: count(record.min_ram),
    checksum: safe('checksum', str(record.checksum)),
    hashAlgo: safe('hashAlgo', str(record.os_hash_algo)),
    hashValue: safe('hashValue', str(record.os_hash_value)),
    tags: Array.isArray(record.tags)
      ? [...new Set(record.tags.filter((tag): tag is string => typeof tag === 'string').map((tag, i) => raw.keep(`tags.${i}`, tag)))].sort()
      : [],
    properties: extraProperties(record, raw),
  };
  const rawValues = raw.result();
  return rawValues ? { ...image, raw: rawValues } : image;
}

/** Images by name, then id (code-point order, so the same on every machine). */
export function sortImages<T extends { name: string; id: string }>(images: readonly T[]): T[] {
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...images].sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id));
}

/** A copy of `value` with every object's keys in sorted order, so equal data serialises to equal bytes. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}
