import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DOCS_DIR, guidePagesInOrder } from '../../../src/sidebar.ts';
import type { DocsCloud } from './types.ts';

export const root = resolve(import.meta.dirname, '../../..');
export const docsDir = DOCS_DIR;

/** The guide's MDX pages in reading order: the generated sidebar's order (src/sidebar.ts), then any page it does not list. */
export function guidePages(dir = docsDir): string[] {
  return guidePagesInOrder(dir)
    .filter((page) => page.file.endsWith('.mdx'))
    .map((page) => join(dir, page.file));
}

/** A page's name in messages and in tests/docs/pages: its path under content/docs (`advanced-image-management/command-line.mdx`), or the file name of a page elsewhere. */
export function guidePageName(path: string): string {
  const rel = relative(docsDir, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : basename(path);
}

export function readDocsCloud(stateDir: string): DocsCloud {
  return JSON.parse(readFileSync(join(stateDir, 'docs', 'docs.json'), 'utf8')) as DocsCloud;
}
