/**
 * A built site (dist/) read as files, for the integration suites that fetch from the test cloud and build:
 * every file's readable text, the page of each image ID, and what a reader reads on a page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fromHtml } from 'hast-util-from-html';
import type { Nodes } from 'hast';

export interface BuiltSite {
  dir: string;
  /** Every built file's readable text, by absolute path. */
  files: Map<string, string>;
  /** The page (index.html path) of each image ID, from the ID the page gives in its details. */
  pages: Map<string, string>;
}

export function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A file's text; Pagefind's index files are gzipped, so they are read unzipped (its wasm is skipped). */
export function readableText(file: string): string | null {
  const bytes = readFileSync(file);
  if (/\.pf_(fragment|index|meta|filter)$/.test(file)) return gunzipSync(bytes).toString('utf8');
  if (/\.(wasm|pagefind)$/.test(file)) return null;
  return bytes.toString('utf8');
}

export function readSite(dir: string): BuiltSite {
  const files = new Map(
    allFiles(dir).flatMap((file) => {
      const text = readableText(file);
      return text === null ? [] : [[file, text] as const];
    }),
  );
  const pages = new Map<string, string>();
  for (const [file, text] of files) {
    if (!file.endsWith('.html')) continue;
    const id = /data-pagefind-meta="image_id"[^>]*>([^<]+)</.exec(text)?.[1];
    if (id) pages.set(id, file);
  }
  return { dir, files, pages };
}

/** The HTML of an image's page; throws naming the ID when it has none. */
export function pageOf(site: BuiltSite, id: string): string {
  const page = site.pages.get(id);
  if (!page) throw new Error(`no page in ${site.dir} for image ${id}`);
  return site.files.get(page)!;
}

/** The site path of an image's page (`/catalog/<slug>/`). */
export function pathOf(site: BuiltSite, id: string): string {
  const page = site.pages.get(id);
  if (!page) throw new Error(`no page in ${site.dir} for image ${id}`);
  return `/${page.slice(site.dir.length + 1).replace(/index\.html$/, '')}`;
}

/** A JSON file of the site (`catalog.json`, `catalog/latest/<key>.json`). */
export function jsonOf<T = any>(site: BuiltSite, path: string): T {
  const text = site.files.get(join(site.dir, path));
  if (text === undefined) throw new Error(`no ${path} in ${site.dir}`);
  return JSON.parse(text) as T;
}

/** What a reader reads on a page: its text without scripts, styles and templates, whitespace collapsed. */
export function visibleText(html: string): string {
  const tree = fromHtml(html);
  const skip = new Set(['script', 'style', 'template', 'head']);
  const parts: string[] = [];
  const walk = (node: Nodes) => {
    if (node.type === 'text') parts.push(node.value);
    if (node.type === 'element' && skip.has(node.tagName)) return;
    if ('children' in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(tree);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** The text of a node and its descendants (hast-util-to-string's job, without the dependency). */
export function textOfNode(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map((child) => textOfNode(child as Nodes)).join('');
  return '';
}
