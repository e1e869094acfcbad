/**
 * What each file of a built site is, as a Swift object: its Content-Type, its
 * Cache-Control, and the phase it is uploaded in. Pure functions of the path.
 *
 * Hand-written rather than a MIME library: the site has a dozen kinds of file,
 * Pagefind's own extensions (.pf_meta, .pf_fragment, .pf_index, .pagefind) are
 * in no MIME database, and the charset on text types is our choice.
 */

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
  webmanifest: 'application/manifest+json',
  // Pagefind's index files: gzipped binary it fetches and decodes itself.
  pf_meta: 'application/octet-stream',
  pf_fragment: 'application/octet-stream',
  pf_index: 'application/octet-stream',
  pf_filter: 'application/octet-stream',
  pagefind: 'application/octet-stream',
};

/** Feeds are Atom, whatever their extension says. */
const FEED = /(^|\/)feed\.xml$/;

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function contentTypeOf(path: string): string {
  if (FEED.test(path)) return 'application/atom+xml; charset=utf-8';
  return TYPES[extensionOf(path)] ?? 'application/octet-stream';
}

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_SHORT = 'public, max-age=300';
export const CACHE_DEFAULT = 'public, max-age=3600';

/**
 * True for files whose name changes whenever their content does: Astro's
 * `_astro/` bundles, and Pagefind's fragments, index chunks and metadata
 * (`pagefind.en_<hash>.pf_meta`).
 */
export function isContentHashed(path: string): boolean {
  return (
    /(^|\/)_astro\//.test(path) ||
    /(^|\/)pagefind\/(fragment|index|filter)\/[^/]+\.pf_(fragment|index|filter)$/.test(path) ||
    /(^|\/)pagefind\/[^/]+_[0-9a-f]{6,}\.pf_meta$/.test(path)
  );
}

/** Pages and data a reader fetches by a fixed URL: short-lived in caches, uploaded after every asset. */
export function isPage(path: string): boolean {
  const ext = extensionOf(path);
  return ext === 'html' || ext === 'json' || ext === 'xml' || ext === 'txt';
}

export function cacheControlOf(path: string): string {
  if (isContentHashed(path)) return CACHE_IMMUTABLE;
  if (isPage(path)) return CACHE_SHORT;
  return CACHE_DEFAULT;
}

/**
 * Upload phases, so that a reader never meets a page whose assets are not
 * there yet: 0 content-hashed assets, 1 other assets (CSS, scripts, images,
 * Pagefind's loader), 2 pages and data (HTML, JSON, XML: they point at the
 * assets). Deletions come after all three.
 */
export function phaseOf(path: string): 0 | 1 | 2 {
  if (isContentHashed(path)) return 0;
  if (isPage(path)) return 2;
  return 1;
}
