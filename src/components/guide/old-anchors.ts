/**
 * Where each section of an old single-page article now lives, for a guide
 * that replaced one (a cloud's own list, so it is the guide's data: the home
 * page, content/docs/index.mdx, exports it as `oldAnchors`).
 *
 * Links to the old anchors (`/#sharing`) still point at the home page, so the
 * home page passes its one list twice: to plain links that work without
 * JavaScript (`OldAnchorLinks.astro`) and to a small script that sends the
 * reader straight on (`OldAnchorRedirect.astro`).
 *
 * `href` is relative to the site root and always ends its path with a slash.
 * Entries with `onHomePage` point at an element of the home page itself, so the
 * home page gives that element the old id and no redirect is needed.
 */
export interface OldAnchor {
  /** The old anchor, without `#`. */
  id: string;
  /** What that section was called. */
  label: string;
  /** The new place, from the site root: `/sharing-images/`. */
  href: string;
  /** The old id is already an element of the home page. */
  onHomePage?: boolean;
}


/** `/sharing-images/` under the site's base path (`import.meta.env.BASE_URL`). */
export function withBase(href: string, base: string): string {
  return base.replace(/\/+$/, '') + href;
}
