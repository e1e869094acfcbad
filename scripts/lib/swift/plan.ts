/**
 * What a publish must do, from the built files, one container listing and
 * the site's manifest: which files to upload (new, or whose MD5 or
 * Content-Type differs from the object's ETag and type), in which order,
 * which old pages to delete, and which old content-hashed assets to leave to
 * expire (a reader's open page or cached copy still asks for them).
 * A pure function: no I/O.
 */
import { canLink, PAGEFIND_ENTRY } from './links.ts';
import { cacheControlOf, contentTypeOf, isContentHashed, phaseOf } from './objects.ts';
import { uploadWaves } from './order.ts';

export interface LocalFile {
  /** Path relative to the site root, with `/` separators (`catalog/index.html`). */
  path: string;
  md5: string;
  bytes: number;
  /** Site paths this file refers to (pages and data only; see links.ts). */
  refs?: readonly string[];
}

export interface RemoteObject {
  name: string;
  /** The object's ETag (MD5 of its content for a plain object). */
  hash: string;
  bytes: number;
  contentType: string;
}

export interface Upload extends LocalFile {
  /** Object name: the prefix and the path. */
  name: string;
  contentType: string;
  cacheControl: string;
  phase: 0 | 1 | 2;
}

export interface PublishPlan {
  /** In upload order: the waves one after another. */
  uploads: Upload[];
  /**
   * Upload waves, each safe to run in parallel once the previous is done:
   * content-hashed assets, other assets, then pages in link order (a page
   * after the new pages it links to).
   */
  waves: Upload[][];
  unchanged: number;
  /** Objects the site owns under the prefix that it no longer has, except old hashed assets; deleted last, in link order. */
  deletes: string[];
  /** Old content-hashed assets the site no longer has: left to expire (or deleted last with a grace of 0). */
  expire: string[];
  /** Old assets whose recorded expiry has passed but that are still listed: deleted (not counted by the shrink guard). */
  expired: string[];
}

export interface PlanContext {
  /** Objects the site may delete (its manifest); null: everything under the prefix (--take-over). */
  owned?: ReadonlySet<string> | null;
  /** Old assets already left to expire: name → Unix time (s) Swift deletes them. */
  expiring?: Readonly<Record<string, number>>;
  /** Old assets an interrupted run may have left to expire without recording it (the manifest's `pending`). */
  pending?: ReadonlySet<string>;
  /** Now, in Unix seconds. */
  now?: number;
}

/** `a/b/` for `a/b`, `/a/b/`, `a/b/`; '' for none. */
/** Whether the plan changes no object: nothing to upload, leave to expire or delete. Pure. */
export function planIsEmpty(plan: PublishPlan): boolean {
  return plan.uploads.length === 0 && plan.expire.length === 0 && plan.deletes.length === 0 && plan.expired.length === 0;
}

export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** Swift lists a content type with parameters as given; compare case- and space-insensitively. */
function sameType(a: string, b: string): boolean {
  const norm = (value: string) => value.toLowerCase().replace(/\s+/g, '');
  return norm(a) === norm(b);
}

export function planPublish(files: readonly LocalFile[], remote: ReadonlyMap<string, RemoteObject>, prefix: string, context: PlanContext = {}): PublishPlan {
  const base = normalisePrefix(prefix);
  const expiring = context.expiring ?? {};
  const pending = context.pending ?? new Set<string>();
  const now = context.now ?? Math.floor(Date.now() / 1000);
  const owned = context.owned ?? null;
  const uploads: Upload[] = [];
  const wanted = new Set<string>();
  let unchanged = 0;
  for (const file of files) {
    const name = `${base}${file.path}`;
    wanted.add(name);
    const contentType = contentTypeOf(file.path);
    const object = remote.get(name);
    // An asset left to expire that the site has again is uploaded again: the new copy has no expiry (and one
    // already past it answers 404 though the listing may still show it).
    const willExpire = expiring[name] !== undefined || pending.has(name);
    if (object && !willExpire && object.hash.toLowerCase() === file.md5 && sameType(object.contentType, contentType)) {
      unchanged += 1;
      continue;
    }
    uploads.push({ ...file, name, contentType, cacheControl: cacheControlOf(file.path), phase: phaseOf(file.path) });
  }

  // Live now: listed and not past an expiry. A page's old version counts: its address works.
  const live = (path: string) => {
    const name = `${base}${path}`;
    return remote.has(name) && !(expiring[name] !== undefined && expiring[name]! <= now);
  };
  const pages = uploads.filter((upload) => upload.phase === 2);
  const byPath = new Map(pages.map((upload) => [upload.path, upload]));
  const htmlPages = files.filter((file) => file.path.endsWith('.html')).map((file) => file.path);
  const refsOf = (path: string): readonly string[] => {
    // Pagefind's entry switches readers to the new index, whose results link to every page.
    if (path === PAGEFIND_ENTRY) return htmlPages;
    return canLink(path) ? (byPath.get(path)?.refs ?? []) : [];
  };
  const pageWaves = uploadWaves(pages.map((upload) => upload.path), refsOf, live).map((wave) => wave.map((path) => byPath.get(path)!));
  const assetWaves = ([0, 1] as const).map((phase) => uploads.filter((upload) => upload.phase === phase).sort((a, b) => (a.name < b.name ? -1 : 1)));
  const waves = [...assetWaves, ...pageWaves].filter((wave) => wave.length > 0);

  const deletes: string[] = [];
  const expire: string[] = [];
  const expired: string[] = [];
  for (const name of [...remote.keys()].sort()) {
    if (!name.startsWith(base) || wanted.has(name)) continue;
    if (owned !== null && !owned.has(name)) continue;
    if (expiring[name] !== undefined) {
      // Left to expire by an earlier run. Past its time it is normally gone already (Swift answers 404 to the
      // delete); one that a killed run recorded but never marked would otherwise stay for ever, unowned.
      if (expiring[name]! <= now) expired.push(name);
      continue;
    }
    if (isContentHashed(name.slice(base.length))) expire.push(name);
    else deletes.push(name);
  }
  return { uploads: waves.flat(), waves, unchanged, deletes, expire, expired };
}

/**
 * What a publish's first manifest records of expiries, before it changes anything. Until the run ends it forgets
 * no expiry it has not cleared (an old asset that the site has again is re-uploaded, which clears it; a run
 * killed before that must leave the record, or the next run would take the asset for unchanged and leave its
 * X-Delete-At in place), and it names as pending every expiry it is about to set, so that the next run treats
 * those assets as possibly expiring whether or not this run got to them.
 */
export function expiriesWhileRunning(
  before: { expiring: Readonly<Record<string, number>>; pending: readonly string[] },
  siteNames: ReadonlySet<string>,
  toExpire: readonly string[],
  now: number,
  graceSeconds: number,
): { expiring: Record<string, number>; pending: string[] } {
  const expiring = Object.fromEntries(Object.entries(before.expiring).filter(([name, at]) => at > now || siteNames.has(name)));
  const pending = new Set(before.pending);
  if (graceSeconds > 0) for (const name of toExpire) pending.add(name);
  return { expiring, pending: [...pending].sort() };
}
