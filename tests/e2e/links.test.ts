import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { selectAll } from 'hast-util-select';
import type { Element } from 'hast';
import { listHtmlFiles, parseHtmlFile, urlPathOf } from './support/site-files.ts';

const distDir = inject('distDir');
const SITE_ORIGIN = new URL(process.env.SITE_URL || 'http://localhost:4321').origin;

interface Page {
  ids: Set<string>;
  links: { attribute: string; value: string }[];
}

/** The file a site path is served from, or undefined when nothing serves it. */
function fileFor(pathname: string): string | undefined {
  const decoded = decodeURIComponent(pathname);
  const candidates = decoded.endsWith('/')
    ? // `/404/` is written as `404.html`, the way static hosts expect it.
      [join(distDir, decoded, 'index.html'), join(distDir, `${decoded.slice(0, -1)}.html`)]
    : [join(distDir, decoded), join(distDir, decoded, 'index.html')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

describe('every internal link and #anchor in the built site resolves', () => {
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    for (const file of listHtmlFiles(distDir)) {
      const tree = await parseHtmlFile(distDir, file);
      const ids = new Set<string>();
      const links: Page['links'] = [];
      for (const element of selectAll('[id], a[name]', tree) as Element[]) {
        const id = element.properties.id ?? element.properties.name;
        if (typeof id === 'string') ids.add(id);
      }
      for (const element of selectAll('a[href], link[href], script[src], img[src], source[src]', tree) as Element[]) {
        const attribute = element.tagName === 'a' || element.tagName === 'link' ? 'href' : 'src';
        const value = element.properties[attribute];
        if (typeof value === 'string') links.push({ attribute, value });
      }
      pages.set(join(distDir, file), { ids, links });
    }
  });

  it('finds the guide pages to check', () => {
    expect(pages.size).toBeGreaterThan(6);
  });

  it('has no broken internal link or anchor', () => {
    const broken: string[] = [];
    for (const [file, page] of pages) {
      const pageUrl = new URL(urlPathOf(file.slice(distDir.length + 1)), SITE_ORIGIN);
      for (const { value } of page.links) {
        if (/^(mailto|tel|javascript|data):/i.test(value)) continue;
        const target = new URL(value, pageUrl);
        if (target.origin !== SITE_ORIGIN) continue;
        const targetFile = fileFor(target.pathname);
        if (!targetFile) {
          broken.push(`${pageUrl.pathname} -> ${value} (no such page)`);
          continue;
        }
        const hash = decodeURIComponent(target.hash.slice(1));
        if (!hash || !targetFile.endsWith('.html')) continue;
        const ids = pages.get(targetFile)?.ids;
        if (!ids?.has(hash)) broken.push(`${pageUrl.pathname} -> ${value} (no element with id "${hash}")`);
      }
    }
    expect(broken, broken.join('\n')).toEqual([]);
  });
});
