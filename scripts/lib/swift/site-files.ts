/**
 * The built site as the publish and its read-back see it: every file with its
 * content, MD5 and (for pages and data) the site paths it refers to. Its own
 * module so publish-site.ts and read-back.ts both use it without importing
 * each other.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { canLink, referencesOf, type SiteAddress } from './links.ts';
import type { LocalFile } from './plan.ts';

export interface SiteFile extends LocalFile {
  data: Buffer;
}

/** Every file under `dir` with its MD5 and content, paths relative with `/`; pages and data with the site paths they refer to. */
export async function readSite(dir: string, site: SiteAddress | null = null): Promise<SiteFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const out: SiteFile[] = [];
  for (const file of files) {
    const data = await readFile(file);
    out.push({ path: relative(dir, file).split(sep).join('/'), md5: createHash('md5').update(data).digest('hex'), bytes: data.length, data });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : 1));
  if (site) {
    const paths = new Set(out.map((file) => file.path));
    const exists = (path: string) => paths.has(path);
    for (const file of out) if (canLink(file.path)) file.refs = referencesOf(file.data.toString('utf8'), site, exists);
  }
  return out;
}
