import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import type { Root } from 'hast';

/** Every `.html` file under `dir`, as paths relative to it with `/` separators. */
export async function listHtmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The URL path a built file is served at: `a/index.html` is `/a/`. */
export function urlPathOf(file: string): string {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

export async function parseHtmlFile(dir: string, file: string): Promise<Root> {
  return fromHtml(await readFile(join(dir, file), 'utf8'));
}
