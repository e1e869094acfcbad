/**
 * Where each section of the old single-page article now lives.
 *
 * The guide began as one long support article with anchors such as `#nectar`
 * and `#sharing`. Links to those anchors still point at the home page, so the
 * home page uses this one list twice: as plain links that work without
 * JavaScript (`OldAnchorLinks.astro`) and as a small script that sends the
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
  /** The new place, from the site root: `/categories/#nectar`. */
  href: string;
  /** The old id is already an element of the home page. */
  onHomePage?: boolean;
}

export const OLD_ANCHORS: readonly OldAnchor[] = [
  { id: 'toc', label: 'Contents', href: '/#toc', onHomePage: true },
  { id: 'what', label: 'What are images?', href: '/#what', onHomePage: true },
  { id: 'categories', label: 'Categories of images', href: '/categories/' },
  { id: 'project', label: 'Project images', href: '/categories/#project' },
  { id: 'nectar', label: 'Nectar official images', href: '/categories/#nectar' },
  { id: 'shared', label: 'Shared with me', href: '/categories/#shared' },
  { id: 'public', label: 'Public images', href: '/categories/#public' },
  { id: 'future', label: 'Future categories', href: '/categories/#future' },
  { id: 'advanced', label: 'Advanced image management', href: '/command-line/' },
  { id: 'cli', label: 'Command line and API clients', href: '/command-line/' },
  { id: 'creating', label: 'Creating images', href: '/creating-images/' },
  { id: 'sharing', label: 'Sharing images', href: '/sharing-images/' },
];

/** `/categories/#nectar` under the site's base path (`import.meta.env.BASE_URL`). */
export function withBase(href: string, base: string): string {
  return base.replace(/\/+$/, '') + href;
}

/** Old id → new address, with the base path applied. */
export function oldAnchorMap(base: string): Record<string, string> {
  return Object.fromEntries(OLD_ANCHORS.map((a) => [a.id, withBase(a.href, base)]));
}
