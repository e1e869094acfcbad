/**
 * The link graph of a built site: which of the site's own objects a page
 * (HTML, JSON, XML) refers to. The build writes every internal link as an
 * absolute path under the site's base (`/v1/AUTH_x/site/catalog/`), or with
 * the origin in front (the feed, the sitemap), in an attribute or a JSON
 * string; so a scan for the base path finds them all, whatever the format.
 * A false match names no object of the site and is ignored by the caller.
 * Pure functions.
 */

export interface SiteAddress {
  /** `https://swift.example.org` */
  origin: string;
  /** `/v1/AUTH_x/site/`: always starts and ends with `/`. */
  basePath: string;
}

/** Pagefind's entry file: it switches readers to the new index, whose results link to every page. */
export const PAGEFIND_ENTRY = 'pagefind/pagefind-entry.json';

export function siteAddress(builtFor: string): SiteAddress {
  const url = new URL(builtFor);
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { origin: url.origin, basePath };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The object a site path names: `catalog/` → `catalog/index.html`; `''` → `index.html`. */
export function objectPathOf(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // Left as written: a malformed escape names no object anyway.
  }
  if (decoded === '' || decoded.endsWith('/')) return `${decoded}index.html`;
  return decoded;
}

/**
 * Site paths (relative to the site root, as object paths) that `text`
 * refers to. Candidates are filtered by `exists`: a path without an extension
 * may be a folder (`catalog` → `catalog/index.html`).
 */
export function referencesOf(text: string, site: SiteAddress, exists: (path: string) => boolean): string[] {
  const pattern = new RegExp(`(?:["'(=,\\s]|${escape(site.origin)})${escape(site.basePath)}([^"'\\s<>()\\\\#?]*)`, 'g');
  const out = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    const path = objectPathOf(match[1]!.replace(/&amp;/g, '&'));
    if (exists(path)) out.add(path);
    else if (exists(`${path}/index.html`)) out.add(`${path}/index.html`);
  }
  return [...out];
}

/** Whether a file can link to others (pages and data), so is worth scanning. */
export function canLink(path: string): boolean {
  return /\.(html|json|xml)$/i.test(path);
}
