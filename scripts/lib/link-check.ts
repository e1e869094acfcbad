/**
 * The link check over a built site: every internal link, script, stylesheet,
 * image and `#anchor` in every page must resolve to a file of the build, with
 * the site served at SITE_URL + SITE_BASE (`base`). A root-absolute link that
 * leaves the base path is broken too: under a sub-path nothing else is ours.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import type { Element } from 'hast';
import { listHtmlFiles, urlPathOf } from './built-site.ts';

interface Page {
  ids: Set<string>;
  links: string[];
}

export interface LinkReport {
  pages: number;
  links: number;
  broken: string[];
}

/** The file a URL path is served from under `base`, or undefined when nothing serves it. */
function fileFor(distDir: string, base: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith(base)) return undefined;
  const inside = `/${decoded.slice(base.length)}`;
  const candidates = inside.endsWith('/')
    ? // `/404/` is written as `404.html`, the way static hosts expect it.
      [join(distDir, inside, 'index.html'), join(distDir, `${inside.slice(0, -1)}.html`)]
    : [join(distDir, inside), join(distDir, inside, 'index.html')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

export async function checkLinks(distDir: string, options: { origin: string; base: string }): Promise<LinkReport> {
  const origin = new URL(options.origin).origin;
  const base = options.base.endsWith('/') ? options.base : `${options.base}/`;
  const pages = new Map<string, Page>();
  for (const file of listHtmlFiles(distDir)) {
    const tree = fromHtml(await readFile(join(distDir, file), 'utf8'));
    const ids = new Set<string>();
    const links: string[] = [];
    for (const element of selectAll('[id], a[name]', tree) as Element[]) {
      const id = element.properties.id ?? element.properties.name;
      if (typeof id === 'string') ids.add(id);
    }
    for (const element of selectAll('a[href], link[href], script[src], img[src], source[src]', tree) as Element[]) {
      const value = element.properties[element.tagName === 'a' || element.tagName === 'link' ? 'href' : 'src'];
      if (typeof value === 'string') links.push(value);
    }
    pages.set(join(distDir, file), { ids, links });
  }
  const broken: string[] = [];
  let count = 0;
  for (const [file, page] of pages) {
    const pageUrl = new URL(`${base.slice(0, -1)}${urlPathOf(file.slice(distDir.length + 1))}`, origin);
    for (const value of page.links) {
      if (/^(mailto|tel|javascript|data):/i.test(value)) continue;
      const target = new URL(value, pageUrl);
      if (target.origin !== origin) continue;
      count += 1;
      const targetFile = fileFor(distDir, base, target.pathname);
      if (!targetFile) {
        broken.push(`${pageUrl.pathname} -> ${value} (no such page${target.pathname.startsWith(base) ? '' : ` under ${base}`})`);
        continue;
      }
      const hash = decodeURIComponent(target.hash.slice(1));
      if (!hash || !targetFile.endsWith('.html')) continue;
      const ids = pages.get(targetFile)?.ids;
      if (!ids?.has(hash)) broken.push(`${pageUrl.pathname} -> ${value} (no element with id "${hash}")`);
    }
  }
  return { pages: pages.size, links: count, broken };
}
