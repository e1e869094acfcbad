/**
 * The build's highlighted code shapes (SnippetCode.astro): shape key → HTML,
 * or null for a shape that cannot be filled. Bounded: past MAX shapes the
 * oldest is dropped, so a catalog with unusually many shapes costs some
 * highlighting, never unbounded memory. Also Expressive Code's page assets
 * (its stylesheet link and script), which belong on a page's first block only.
 */
const MAX = 2000;
const shapes = new Map<string, string | null>();

export const shapeCache = {
  get(key: string): string | null | undefined {
    return shapes.get(key);
  },
  set(key: string, html: string | null): void {
    shapes.delete(key);
    shapes.set(key, html);
    if (shapes.size > MAX) shapes.delete(shapes.keys().next().value!);
  },
};

/** The opening of an Expressive Code block, then the assets it carries when it is a page's first block. */
const ASSETS = /^(\s*<div class="expressive-code[^"]*">)((?:<link rel="stylesheet"[^>]*>|<style>[^<]*<\/style>|<script type="module"[^>]*><\/script>)+)/;

/** The assets seen on a first block (the same for every page of a build). */
let assets: string | null = null;

/** A block's HTML without the page assets (remembered for withAssets). */
export function splitAssets(html: string): string {
  const match = ASSETS.exec(html);
  if (!match) return html;
  assets = match[2]!;
  return match[1]! + html.slice(match[0].length);
}

/** The block's HTML, with the page assets when it is the page's first block. */
export function withAssets(html: string, first: boolean): string {
  if (!first || assets === null) return html;
  const open = /^\s*<div class="expressive-code[^"]*">/.exec(html);
  if (!open) throw new Error('SnippetCode: an Expressive Code block no longer starts with <div class="expressive-code">; update src/lib/catalog/shape-cache.ts');
  return open[0] + assets + html.slice(open[0].length);
}

/** Blocks already on each page being rendered (weak: a page's entry goes with its request). */
const blocks = new WeakMap<Request, number>();

/** Whether this is the first block on the page of `request`; counts it. */
export function firstBlockOnPage(request: Request): boolean {
  const seen = blocks.get(request) ?? 0;
  blocks.set(request, seen + 1);
  return seen === 0;
}
