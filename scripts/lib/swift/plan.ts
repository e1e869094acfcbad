/**
 * What a publish must do, from the built files and one container listing:
 * which files to upload (new, or whose MD5 or Content-Type differs from the
 * object's ETag and type), in which order, and which objects to delete.
 * A pure function: no I/O.
 */
import { cacheControlOf, contentTypeOf, phaseOf } from './objects.ts';

export interface LocalFile {
  /** Path relative to the site root, with `/` separators (`catalog/index.html`). */
  path: string;
  md5: string;
  bytes: number;
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
  /** In upload order: phase 0, then 1, then 2 (each phase may run in parallel). */
  uploads: Upload[];
  unchanged: number;
  /** Objects under the prefix that the site no longer has; deleted last. */
  deletes: string[];
}

/** `a/b/` for `a/b`, `/a/b/`, `a/b/`; '' for none. */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** Swift lists a content type with parameters as given; compare case- and space-insensitively. */
function sameType(a: string, b: string): boolean {
  const norm = (value: string) => value.toLowerCase().replace(/\s+/g, '');
  return norm(a) === norm(b);
}

export function planPublish(files: readonly LocalFile[], remote: ReadonlyMap<string, RemoteObject>, prefix: string): PublishPlan {
  const base = normalisePrefix(prefix);
  const uploads: Upload[] = [];
  const wanted = new Set<string>();
  let unchanged = 0;
  for (const file of files) {
    const name = `${base}${file.path}`;
    wanted.add(name);
    const contentType = contentTypeOf(file.path);
    const object = remote.get(name);
    if (object && object.hash.toLowerCase() === file.md5 && sameType(object.contentType, contentType)) {
      unchanged += 1;
      continue;
    }
    uploads.push({ ...file, name, contentType, cacheControl: cacheControlOf(file.path), phase: phaseOf(file.path) });
  }
  uploads.sort((a, b) => a.phase - b.phase || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const deletes = [...remote.keys()].filter((name) => name.startsWith(base) && !wanted.has(name)).sort();
  return { uploads, unchanged, deletes };
}
