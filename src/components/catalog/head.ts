/**
 * Extra `<head>` entries for catalog pages, for StarlightPage's `head` frontmatter:
 * the Atom feed link, and the page's `<title>`.
 *
 * Starlight writes head entries' content without escaping it (`set:html`), so a
 * title made from an image name such as `</title><script>…` would become markup.
 * Giving our own, escaped, `<title>` replaces Starlight's.
 */
import { sitePath } from '../../lib/site-path.ts';
import { feedTitle, siteTitle } from '../../lib/catalog/site-text.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function catalogHead(title: string) {
  return [
    { tag: 'title' as const, content: escapeHtml(`${title} | ${siteTitle()}`) },
    {
      tag: 'link' as const,
      attrs: {
        rel: 'alternate',
        type: 'application/atom+xml',
        href: sitePath('/catalog/feed.xml'),
        title: feedTitle(),
      },
    },
  ];
}
