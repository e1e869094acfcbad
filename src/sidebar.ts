/**
 * The sidebar, generated from the guide's pages in content/docs/ when the
 * site is configured, so replacing the guide needs no code edit. Starlight's
 * own `autogenerate` only looks in src/content/docs/, hence this reader; it
 * follows the same conventions:
 * - each page is listed under its `sidebar.label` or `title`, in `sidebar.order`
 *   (pages without one after those with, then by address); `sidebar.hidden: true`
 *   and the 404 page are left out;
 * - a folder is a group, labelled with its name (`advanced-image-management/`
 *   → "Advanced image management") and placed by its first page's order. A page
 *   in a folder keeps a short address with a `slug:` in its frontmatter.
 * The catalog's own group always comes after the guide.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The guide's folder: content/docs/ at the repository root. */
export const DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'content', 'docs');

export interface GuidePage {
  /** Path under the docs folder, with `/` separators: `advanced-image-management/command-line.mdx`. */
  file: string;
  /** Its address (Starlight's slug): `command-line`, `index`. */
  slug: string;
  /** The folders it sits in, outermost first. */
  folders: string[];
  /** `sidebar.label`, when the page sets one (else Starlight shows the title). */
  label: string | null;
  order: number;
  hidden: boolean;
}

export type SidebarItem = { slug: string; label?: string } | { label: string; link: string } | { label: string; items: SidebarItem[] };

/** The catalog's pages, after the guide. */
export const CATALOG_GROUP: SidebarItem = {
  label: 'Catalog',
  items: [
    { label: 'Official image catalog', link: '/catalog/' },
    { label: 'What changed', link: '/catalog/changes/' },
  ],
};

const PAGE_FILE = /\.mdx?$/;

/** A page's frontmatter (the YAML between the leading `---` lines), or {} when it has none. */
export function frontmatterOf(text: string, where: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text.replace(/^\ufeff/, ''));
  if (!match) return {};
  try {
    const data = parse(match[1]!) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch (error) {
    throw new Error(`${where}: its frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]}); fix the page`);
  }
}

/** Astro's id for a file under the docs folder (the glob loader's rule): the path without extension, `…/index` as its folder. */
function defaultSlug(file: string): string {
  const path = file.replace(PAGE_FILE, '').toLowerCase();
  if (path === 'index') return 'index';
  return path.replace(/\/index$/, '');
}

/** Every page under `dir` (files and folders starting with `_` or `.` are skipped, as the docs collection does). */
export function readGuidePages(dir: string = DOCS_DIR): GuidePage[] {
  const pages: GuidePage[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (PAGE_FILE.test(entry.name)) {
        const file = relative(dir, path).split(sep).join('/');
        const data = frontmatterOf(readFileSync(path, 'utf8'), `content/docs/${file}`);
        const sidebar = (data.sidebar && typeof data.sidebar === 'object' ? data.sidebar : {}) as { order?: unknown; label?: unknown; hidden?: unknown };
        const slug = typeof data.slug === 'string' && data.slug.trim() ? data.slug.trim().replace(/^\/+|\/+$/g, '') : defaultSlug(file);
        pages.push({
          file,
          slug,
          folders: file.split('/').slice(0, -1),
          label: typeof sidebar.label === 'string' ? sidebar.label : null,
          order: typeof sidebar.order === 'number' ? sidebar.order : Number.POSITIVE_INFINITY,
          hidden: sidebar.hidden === true || slug === '404',
        });
      }
    }
  };
  walk(dir);
  return pages;
}

/** `advanced-image-management` → `Advanced image management`. */
export function folderLabel(folder: string): string {
  const words = folder.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Node {
  order: number;
  key: string;
  item: SidebarItem;
}

function byOrder(a: Node, b: Node): number {
  return a.order - b.order || a.key.localeCompare(b.key);
}

/** The guide's part of the sidebar: its pages in order, each folder a group. */
export function guideSidebar(pages: readonly GuidePage[]): SidebarItem[] {
  const build = (depth: number, within: readonly GuidePage[]): Node[] => {
    const nodes: Node[] = [];
    const groups = new Map<string, GuidePage[]>();
    for (const page of within) {
      if (page.hidden) continue;
      const folder = page.folders[depth];
      if (folder === undefined) {
        nodes.push({ order: page.order, key: page.slug, item: page.label ? { slug: page.slug, label: page.label } : { slug: page.slug } });
      } else {
        groups.set(folder, [...(groups.get(folder) ?? []), page]);
      }
    }
    for (const [folder, members] of groups) {
      const children = build(depth + 1, members).sort(byOrder);
      if (children.length === 0) continue;
      nodes.push({ order: Math.min(...children.map((child) => child.order)), key: folder, item: { label: folderLabel(folder), items: children.map((child) => child.item) } });
    }
    return nodes.sort(byOrder);
  };
  return build(0, pages).map((node) => node.item);
}

/** The whole sidebar: the guide under `dir`, then the catalog. */
export function buildSidebar(dir: string = DOCS_DIR): SidebarItem[] {
  return [...guideSidebar(readGuidePages(dir)), CATALOG_GROUP];
}

/** The guide's pages in reading order (the sidebar's), hidden ones last: for the tested-docs suite. */
export function guidePagesInOrder(dir: string = DOCS_DIR): GuidePage[] {
  const pages = readGuidePages(dir);
  const order: string[] = [];
  const collect = (items: SidebarItem[]) => {
    for (const item of items) {
      if ('slug' in item) order.push(item.slug);
      else if ('items' in item) collect(item.items);
    }
  };
  collect(guideSidebar(pages));
  const rank = (page: GuidePage) => (order.includes(page.slug) ? order.indexOf(page.slug) : order.length);
  return [...pages].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
}
