/**
 * Where a built site expects to be served, and whether that is where the
 * container serves it. The build records its address in every page's
 * canonical link (Starlight writes SITE_URL + SITE_BASE + the page's path),
 * so the home page's canonical link is the site's own root URL.
 * Pure functions.
 */
import { normalisePrefix } from './plan.ts';

/** The home page's canonical URL, or null when it has none. */
export function builtFor(indexHtml: string): string | null {
  for (const tag of indexHtml.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel=["']?canonical["'\s>]/i.test(tag)) continue;
    const href = /\bhref=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (value) return value.replace(/&amp;/g, '&');
  }
  return null;
}

/** Swift's address for a container's pseudo-folder: `<storage URL>/<container>/[prefix/]`. */
export function servedAt(storageUrl: string, container: string, prefix: string): string {
  const path = normalisePrefix(prefix).split('/').map(encodeURIComponent).join('/');
  return `${storageUrl.replace(/\/+$/, '')}/${encodeURIComponent(container)}/${path}`;
}

function canonical(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  let path = parsed.pathname;
  if (!path.endsWith('/')) path += '/';
  return `${parsed.origin}${decodeURI(path)}`;
}

/** null when the site was built for `expected`; otherwise the one-line reason and fix. */
export function locationMismatch(built: string, expected: string): { cause: string; fix: string } | null {
  let a: string;
  let b: string;
  try {
    a = canonical(built);
    b = canonical(expected);
  } catch {
    return { cause: `the site's address "${built}" is not a URL`, fix: 'rebuild with SITE_URL set to an http(s) origin' };
  }
  if (a === b) return null;
  const target = new URL(expected);
  return {
    cause: `dist/ was built to be served at ${a} (SITE_URL + SITE_BASE) but the container serves it at ${b}, so its links would break`,
    fix: `rebuild with SITE_URL=${target.origin} SITE_BASE=${target.pathname.endsWith('/') ? target.pathname : `${target.pathname}/`} npm run build (or give --public-url if a proxy serves the container at ${a})`,
  };
}
