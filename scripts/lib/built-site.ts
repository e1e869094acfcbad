/** Reading a built site (`dist/`): its pages and the URL paths they are served at. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every `.html` file under `dir`, as paths relative to it with `/` separators, sorted. */
export function listHtmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The URL path a built file is served at: `a/index.html` is `/a/`, `404.html` is `/404.html`. */
export function urlPathOf(file: string): string {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}
