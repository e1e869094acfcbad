/**
 * Which objects of a container the site owns, from its manifest: a small JSON
 * object the publish keeps beside the site (`<prefix>.site-publish.json`)
 * listing every object it put there, the old assets it left to expire (with
 * when), and the objects it was told to leave alone (`--take-over`). A
 * publish deletes and exposes only what it owns; a container holding anything
 * else, or one that is not public, is the operator's until `--take-over`.
 * Pure functions; the I/O is in publish-site.ts.
 */
import type { Refusal } from '../guards.ts';

export const MANIFEST_NAME = '.site-publish.json';
/** The container's lease object (one publish at a time), at the container's root. */
export const LEASE_NAME = '.site-publish.lease';

export interface Manifest {
  format: 1;
  /** Objects the site put there and still has. */
  objects: string[];
  /** Old content-hashed assets left to expire: name → Unix time (s) Swift deletes them. */
  expiring: Record<string, number>;
  /** The operator's objects --take-over acknowledged: never touched, never a refusal again. */
  foreign: string[];
  /**
   * Old assets a run was about to leave to expire when it wrote this (empty once a run ends): any of them may
   * carry an X-Delete-At, so the next run uploads again the ones the site has again and marks the rest.
   */
  pending: string[];
  updatedAt: string;
}

export function manifestName(prefix: string): string {
  return `${prefix}${MANIFEST_NAME}`;
}

/** The manifest from its JSON, or null when it is not one of ours. */
export function parseManifest(text: string): Manifest | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const record = data as Partial<Manifest> | null;
  if (record === null || typeof record !== 'object' || record.format !== 1) return null;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const expiring: Record<string, number> = {};
  if (record.expiring && typeof record.expiring === 'object') {
    for (const [name, at] of Object.entries(record.expiring)) if (typeof at === 'number' && Number.isFinite(at)) expiring[name] = at;
  }
  return { format: 1, objects: strings(record.objects), expiring, foreign: strings(record.foreign), pending: strings(record.pending), updatedAt: typeof record.updatedAt === 'string' ? record.updatedAt : '' };
}

/** Whether two manifests say the same (all but when they were written). Pure. */
export function sameManifest(a: Manifest | null, b: Manifest): boolean {
  if (a === null) return false;
  const { updatedAt: _a, ...left } = a;
  const { updatedAt: _b, ...right } = b;
  const canonical = (manifest: Omit<Manifest, 'updatedAt'>) =>
    JSON.stringify({
      ...manifest,
      objects: [...manifest.objects].sort(),
      foreign: [...manifest.foreign].sort(),
      pending: [...manifest.pending].sort(),
      expiring: Object.fromEntries(Object.entries(manifest.expiring).sort(([x], [y]) => (x < y ? -1 : 1))),
    });
  return canonical(left) === canonical(right);
}

/** Whether a container read ACL lets anyone read (`.r:*`) and list (`.rlistings`, which staticweb's root index needs). */
export function aclItems(acl: string): string[] {
  return acl
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function isPublicAcl(acl: string): boolean {
  return aclItems(acl).includes('.r:*');
}

/** The read ACL to set: the operator's own grants kept, `.r:*` and `.rlistings` added. */
export function publicAcl(acl: string): string {
  const items = aclItems(acl);
  for (const needed of ['.r:*', '.rlistings']) if (!items.includes(needed)) items.push(needed);
  return items.join(',');
}

export interface Ownership {
  /** Objects in the container the site did not put there (not the manifest or the lease). */
  foreign: string[];
  /** Foreign objects under the site's prefix: a publish would overwrite or delete them. */
  foreignInSite: string[];
  /** Everything the site owns (live objects and old assets still expiring). */
  owned: Set<string>;
  readAcl: string;
  isPublic: boolean;
}

export function ownershipOf(names: Iterable<string>, manifest: Manifest | null, prefix: string, readAcl: string): Ownership {
  const owned = new Set<string>([...(manifest?.objects ?? []), ...Object.keys(manifest?.expiring ?? {})]);
  const acknowledged = new Set(manifest?.foreign ?? []);
  const reserved = new Set([manifestName(prefix), LEASE_NAME]);
  const foreign: string[] = [];
  for (const name of names) {
    if (reserved.has(name) || owned.has(name)) continue;
    // Objects --take-over acknowledged are the operator's: left alone, never a refusal again.
    if (acknowledged.has(name)) continue;
    foreign.push(name);
  }
  foreign.sort();
  return { foreign, foreignInSite: foreign.filter((name) => name.startsWith(prefix)), owned, readAcl, isPublic: isPublicAcl(readAcl) };
}

function some(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max).map((name) => JSON.stringify(name)).join(', ');
  return names.length > max ? `${shown}, …` : shown;
}

/**
 * The refusal for an existing container that is not the site's (objects it
 * did not publish, or a read ACL that is not public), or null.
 */
export function ownershipRefusal(container: string, exists: boolean, ownership: Ownership, takeOver: boolean): Refusal | null {
  if (!exists || takeOver) return null;
  const found: string[] = [];
  if (ownership.foreign.length > 0) {
    const n = ownership.foreign.length;
    found.push(`${n} object${n === 1 ? '' : 's'} this site did not publish (${some(ownership.foreign)})`);
  }
  if (!ownership.isPublic) found.push(ownership.readAcl === '' ? 'no read ACL (it is private)' : `the read ACL "${ownership.readAcl}" (not public)`);
  if (found.length === 0) return null;
  return {
    reason: `container "${container}" holds ${found.join(' and ')}; publishing would ${ownership.isPublic ? 'overwrite or delete them' : 'make everything in it readable by anyone'}, so nothing was changed`,
    fix: "publish into a container of its own, or pass --take-over to make this one the site's knowingly (it lists what becomes public and what it replaces, and deletes nothing it did not publish)",
  };
}

/**
 * What --take-over does to the operator's objects: those the site has a file
 * for are replaced; the rest are kept (never deleted) and, in a container that
 * was private, become public.
 */
export function takeOverEffects(ownership: Ownership, allNames: readonly string[], siteNames: ReadonlySet<string>, prefix: string): { madePublic: string[]; replaced: string[] } {
  const reserved = new Set([manifestName(prefix), LEASE_NAME]);
  const madePublic = ownership.isPublic ? [] : allNames.filter((name) => !reserved.has(name) && !siteNames.has(name)).sort();
  return { madePublic, replaced: ownership.foreign.filter((name) => siteNames.has(name)) };
}
