import type { Heading, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
// Declares `data.hProperties` on mdast nodes, which remark-rehype turns into HTML attributes.
import type {} from 'mdast-util-to-hast';

/** A trailing `{#some-id}` on a heading; in MDX it is written `\{#some-id\}`. */
const CUSTOM_ID = /\s*\{#([A-Za-z][\w-]*)\}\s*$/;

/**
 * Gives a heading the id written after it, `## Official images {#official}`, in
 * place of the one Astro would derive from its text. Stable ids let support
 * staff keep linking to `/categories/#official` however the heading is worded.
 */
export function remarkHeadingId() {
  return (tree: Root) => {
    visit(tree, 'heading', (heading: Heading) => {
      const last = heading.children.at(-1);
      if (last?.type !== 'text') return;
      const match = CUSTOM_ID.exec((last as Text).value);
      if (!match) return;
      (last as Text).value = (last as Text).value.slice(0, match.index);
      heading.data ??= {};
      heading.data.hProperties = { ...heading.data.hProperties, id: match[1] };
    });
  };
}
