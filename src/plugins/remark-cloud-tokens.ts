/**
 * Fills the guide's `%cloud.name%`-style placeholders (src/lib/guide-tokens.ts)
 * with cloud.config.yaml's values in the Markdown/MDX: text, inline code, code
 * blocks (so a copied command carries the real project ID), link and image
 * addresses and titles, raw HTML and MDX attribute strings. Frontmatter is
 * filled at render time by src/route-middleware.ts.
 *
 * A link whose address uses a value the config leaves out (`%cloud.dashboard%`
 * on a cloud with no dashboard) becomes its plain text, so a guide written for
 * clouds with one still builds for a cloud without; anywhere else such a
 * placeholder is an error naming the page.
 */
import type { Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { substituteTokens, usesMissingToken, type GuideTokens } from '../lib/guide-tokens.ts';

interface MdxAttribute {
  type: string;
  value?: unknown;
}

export function remarkCloudTokens(options: { tokens: GuideTokens }) {
  const { tokens } = options;
  return (tree: Root, file: VFile) => {
    const where = file.path ? file.path.replace(/^.*?(content\/docs\/)/, '$1') : 'a guide page';
    const fill = (text: string) => substituteTokens(text, tokens, where);
    visit(tree, 'link', (node, index, parent) => {
      if (parent && index !== undefined && usesMissingToken(node.url, tokens)) {
        parent.children.splice(index, 1, ...node.children);
        return [SKIP, index];
      }
      return undefined;
    });
    visit(tree, (node) => {
      const n = node as { type: string; value?: unknown; url?: unknown; title?: unknown; attributes?: MdxAttribute[] };
      if ((n.type === 'text' || n.type === 'inlineCode' || n.type === 'code' || n.type === 'html') && typeof n.value === 'string') n.value = fill(n.value);
      if (n.type === 'link' || n.type === 'image' || n.type === 'definition') {
        if (typeof n.url === 'string') n.url = fill(n.url);
        if (typeof n.title === 'string') n.title = fill(n.title);
      }
      if ((n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') && Array.isArray(n.attributes)) {
        for (const attribute of n.attributes) {
          if (attribute.type === 'mdxJsxAttribute' && typeof attribute.value === 'string') attribute.value = fill(attribute.value);
        }
      }
    });
  };
}
