/**
 * Puts the site's base path (SITE_BASE) in front of every root-absolute link
 * in the guide's Markdown/MDX (`[catalog](/catalog/)` becomes
 * `/support/images/catalog/` under `/support/images/`), so guide pages write
 * links from the site root and work under any sub-path. Protocol-relative
 * (`//host`) and external links are left alone.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { joinBase } from '../lib/site-path.ts';

export function remarkBaseLinks(options: { base: string }) {
  const { base } = options;
  return (tree: Root) => {
    if (base === '/') return;
    visit(tree, (node) => {
      if ((node.type === 'link' || node.type === 'definition' || node.type === 'image') && typeof node.url === 'string') {
        node.url = joinBase(base, node.url);
      }
    });
  };
}
