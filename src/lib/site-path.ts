/**
 * The one place site paths get the site's base path (`SITE_BASE`, Astro's
 * `base`, e.g. `/support/images/`), so the site works under any sub-path.
 * Write paths from the site root (`/catalog/x/`) and pass them through
 * `sitePath`; never concatenate the base by hand.
 */

/** `path` (from the site root, starting with `/`) under `base`: `/support/images/catalog/x/`. */
export function joinBase(base: string, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed !== '' && (path === `${trimmed}/` || path.startsWith(`${trimmed}/`))) return path; // already under it
  return `${trimmed}${path}`;
}

/**
 * `path` under this build's base (`import.meta.env.BASE_URL`, in pages,
 * components and client scripts alike). Outside Astro (node scripts) the base
 * is `/`: use `joinBase` there.
 */
export function sitePath(path: string): string {
  return joinBase(import.meta.env?.BASE_URL ?? '/', path);
}

/**
 * SITE_BASE as Astro's `base`: `/` when unset, else with one leading and one
 * trailing slash. Throws a one-line error for a value that is not a path.
 */
export function normaliseSiteBase(value: string | undefined): string {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === '/') return '/';
  if (/^[a-z]+:/i.test(raw) || raw.startsWith('//') || /[?#\s\\]/.test(raw)) {
    throw new Error(`SITE_BASE "${raw}" is not a URL path; give the path the site is served under, e.g. SITE_BASE=/support/images/ (and the origin in SITE_URL)`);
  }
  const inner = raw.replace(/^\/+|\/+$/g, '');
  // A URL resolves "." and ".." away, and "//" is an empty folder: the site's links would point elsewhere.
  if (inner.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`SITE_BASE "${raw}" has an empty, "." or ".." folder; give the plain path the site is served under, e.g. SITE_BASE=/support/images/`);
  }
  return `/${inner}/`;
}
