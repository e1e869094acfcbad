/**
 * How the catalog stays light as it grows. Up to `inlineMax` images, `/catalog/`
 * server-renders every row (the filter works on the rows in the page). Above
 * it, the catalog is "paged":
 *
 * - `/catalog/` shows each distribution's newest `previewRows` images, and a
 *   link to that distribution's own pages;
 * - `/catalog/distro/<key>/`, `/catalog/distro/<key>/2/`, … list every image of
 *   the distribution, `pageSize` rows a page, with no JavaScript needed;
 * - the filter script loads `/catalog/index.json` (one `CatalogRowData` per image)
 *   and renders at most `previewRows` matching rows per distribution at first,
 *   more on request ("Show more"), so the page never holds thousands of rows.
 *
 * Pure: no DOM, no Astro; the limits come from the environment at build time
 * (`CATALOG_INLINE_MAX`, `CATALOG_PAGE_SIZE`, `CATALOG_PREVIEW_ROWS`) for tests.
 */
import { slugify } from './slug.ts';
import { sitePath } from '../site-path.ts';

export interface ScaleLimits {
  /** Largest catalog whose rows `/catalog/` renders in full. */
  inlineMax: number;
  /** Rows per page of a distribution's pages. */
  pageSize: number;
  /** Rows per distribution on `/catalog/` in paged mode, and per "Show more" step. */
  previewRows: number;
}

export const DEFAULT_LIMITS: Readonly<ScaleLimits> = Object.freeze({ inlineMax: 500, pageSize: 200, previewRows: 25 });

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, not "${value}"`);
  return n;
}

/** The limits for this build: the defaults, or `CATALOG_INLINE_MAX` / `CATALOG_PAGE_SIZE` / `CATALOG_PREVIEW_ROWS`. */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env): ScaleLimits {
  return {
    inlineMax: positiveInt(env.CATALOG_INLINE_MAX, DEFAULT_LIMITS.inlineMax, 'CATALOG_INLINE_MAX'),
    pageSize: positiveInt(env.CATALOG_PAGE_SIZE, DEFAULT_LIMITS.pageSize, 'CATALOG_PAGE_SIZE'),
    previewRows: positiveInt(env.CATALOG_PREVIEW_ROWS, DEFAULT_LIMITS.previewRows, 'CATALOG_PREVIEW_ROWS'),
  };
}

export type CatalogMode = 'inline' | 'paged';

/** `inline` while every row fits on `/catalog/`, else `paged`. */
export function catalogMode(total: number, limits: Pick<ScaleLimits, 'inlineMax'>): CatalogMode {
  return total <= limits.inlineMax ? 'inline' : 'paged';
}

/**
 * A URL segment per group key, unique: the key slugified (`ubuntu`,
 * `centos-stream`), else `group-N`, with `-N` added when two keys slugify alike.
 */
export function groupSlugs(keys: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  const taken = new Set<string>();
  keys.forEach((key, index) => {
    const base = slugify(key) || `group-${index + 1}`;
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    result.set(key, slug);
  });
  return result;
}

/** `/catalog/distro/ubuntu/` for page 1, `/catalog/distro/ubuntu/3/` for page 3. */
export function distroPagePath(groupSlug: string, page = 1): string {
  return sitePath(page <= 1 ? `/catalog/distro/${groupSlug}/` : `/catalog/distro/${groupSlug}/${page}/`);
}

export interface Page<T> {
  /** 1-based. */
  number: number;
  /** How many pages in all (at least 1). */
  count: number;
  items: T[];
  /** 1-based position of the first and last item on this page in the whole list (0, 0 when empty). */
  first: number;
  last: number;
}

/** Splits `items` into pages of `size`; an empty list is one empty page. */
export function paginate<T>(items: readonly T[], size: number): Page<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`page size must be a whole number of at least 1, not ${size}`);
  const count = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: count }, (_, i) => {
    const slice = items.slice(i * size, (i + 1) * size);
    return { number: i + 1, count, items: slice, first: slice.length ? i * size + 1 : 0, last: i * size + slice.length };
  });
}

/**
 * The page links to show for page `current` of `count`: every page when there
 * are few, else the first, the last, and two either side of the current one,
 * with `null` for a gap ("…").
 */
export function pageLinks(current: number, count: number, window = 2): (number | null)[] {
  if (count <= 2 * window + 5) return Array.from({ length: count }, (_, i) => i + 1);
  const wanted = new Set([1, count]);
  for (let p = current - window; p <= current + window; p++) if (p >= 1 && p <= count) wanted.add(p);
  const pages = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  pages.forEach((p, i) => {
    if (i > 0 && p - pages[i - 1]! > 1) out.push(p - pages[i - 1]! === 2 ? p - 1 : null);
    out.push(p);
  });
  return out;
}

/** How many rows to render for a group: `step` at first, `step` more per "Show more", never more than it has. */
export function visibleCount(matching: number, step: number, shownMore: number): number {
  return Math.min(matching, step * (1 + Math.max(0, shownMore)));
}
