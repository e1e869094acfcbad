import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sidebar } from '../../../src/sidebar.ts';
import type { DocsCloud } from './types.ts';

export const root = resolve(import.meta.dirname, '../../..');
export const docsDir = join(root, 'content/docs');

interface SidebarEntry {
  slug?: string;
  items?: SidebarEntry[];
}

function slugs(entries: SidebarEntry[]): string[] {
  return entries.flatMap((entry) => [...(entry.slug ? [entry.slug] : []), ...slugs(entry.items ?? [])]);
}

/** The guide's MDX pages in reading order: the sidebar's order, then any page it does not list. */
export function guidePages(dir = docsDir): string[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.mdx'));
  const order = slugs(sidebar as SidebarEntry[]).map((slug) => `${slug}.mdx`);
  const ranked = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return files.sort((a, b) => ranked(a) - ranked(b) || a.localeCompare(b)).map((name) => join(dir, name));
}

export function readDocsCloud(stateDir: string): DocsCloud {
  return JSON.parse(readFileSync(join(stateDir, 'docs', 'docs.json'), 'utf8')) as DocsCloud;
}
