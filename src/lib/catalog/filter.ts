/**
 * The catalog's filter, shared by the page's client script and the tests: what
 * a row must match, and the filter's state in the URL
 * (`/catalog/?q=24.04&distro=ubuntu&variant=gpu&purpose=generic&eol=hide&sort=updated&order=desc`).
 * No DOM and no imports with side effects, so it stays small in the browser.
 * Rows are the one row shape, `CatalogRowData` (src/lib/catalog/row.ts).
 */
import type { CatalogRowData } from './row.ts';
import type { SortKey, SortOrder } from './sort.ts';
import { VARIANT_CHOICES } from './variant.ts';
import { PURPOSE_KEYS } from './purpose.ts';

export interface FilterState {
  /** Free text; every word must appear in the name, version, ID or code name. */
  q: string;
  /** A group key (`ubuntu`), or `''` for every distribution. */
  distro: string;
  /** A variant key (`gpu`, `docker`, `app`), or `''` for every image. */
  variant: string;
  /** An SCS-0102 v2 purpose key (`generic`, `k8snode`, `oldgeneric`, …, `other`), or `''` for any; only a catalog whose images state one offers it. */
  purpose: string;
  /** Hide images past their release's end of life. */
  hideEol: boolean;
  /** Column the rows are sorted by, or `null` for the default (newest version first). */
  sort: SortKey | null;
  order: SortOrder;
  /** A region (`?region=`) and member key (`&member=`, federations), or `''` for every one; only a catalog of several sources offers them. */
  region: string;
  member: string;
}

/** What the filter looks at in one row. */
export type FilterRow = Pick<CatalogRowData, 'name' | 'version' | 'id' | 'codename' | 'group' | 'eolSince' | 'variant' | 'region' | 'member' | 'purpose'>;

export const DEFAULT_STATE: FilterState = Object.freeze({ q: '', distro: '', variant: '', purpose: '', hideEol: false, sort: null, order: 'asc', region: '', member: '' });

/** A region or member key as the URL may give it (src/schemas/sources.ts's rule); anything else is ignored. */
const SOURCE_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const sourcePart = (value: string | null) => (value !== null && SOURCE_PART.test(value) ? value : '');

/** Variant keys the URL may name. */
const VARIANTS: readonly string[] = VARIANT_CHOICES.map((choice) => choice.key);

const MAX_QUERY = 200;

/** Lowercase, accents dropped, runs of space collapsed: "Ünïcode  X" → "unicode x". */
export function normaliseText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The words of a query, normalised. */
export function queryWords(q: string): string[] {
  const text = normaliseText(q);
  return text ? text.split(' ') : [];
}

/** The normalised text a query is matched against: name, version, ID and code name. Compute it once per row. */
export function rowHaystack(row: Pick<FilterRow, 'name' | 'version' | 'id' | 'codename'>): string {
  return normaliseText(`${row.name} ${row.version} ${row.id} ${row.codename}`);
}

/** True when every word of `q` appears in the row's name, version, ID or code name. */
export function matchesQuery(row: Pick<FilterRow, 'name' | 'version' | 'id' | 'codename'>, q: string): boolean {
  const words = queryWords(q);
  if (words.length === 0) return true;
  const haystack = rowHaystack(row);
  return words.every((word) => haystack.includes(word));
}

/** True when the row passes the whole filter. */
export function matchesState(row: FilterRow, state: FilterState): boolean {
  return matchesPrepared({ ...row, haystack: rowHaystack(row) }, state, queryWords(state.q));
}

/**
 * `matchesState` for many rows: the query's words worked out once
 * (`queryWords(state.q)`) and each row's `rowHaystack` kept, so a keystroke
 * over 10,000 rows is a few string searches each.
 */
export function matchesPrepared(row: FilterRow & { haystack: string }, state: FilterState, words: readonly string[]): boolean {
  if (state.distro && row.group !== state.distro) return false;
  if (state.variant && row.variant !== state.variant) return false;
  if (state.purpose && row.purpose !== state.purpose) return false;
  if (state.hideEol && row.eolSince) return false;
  if (state.region && row.region !== state.region) return false;
  if (state.member && row.member !== state.member) return false;
  for (const word of words) if (!row.haystack.includes(word)) return false;
  return true;
}

/**
 * Reads the state from a query string (`?q=…` or a URLSearchParams). Unknown
 * or malformed values fall back to the defaults; a `distro` not in
 * `knownDistros` (when given) is ignored.
 */
export function parseState(search: string | URLSearchParams, knownDistros?: readonly string[]): FilterState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const q = (params.get('q') ?? '').slice(0, MAX_QUERY);
  let distro = (params.get('distro') ?? '').trim().toLowerCase();
  if (knownDistros && !knownDistros.includes(distro)) distro = '';
  let variant = (params.get('variant') ?? '').trim().toLowerCase();
  if (!VARIANTS.includes(variant)) variant = '';
  let purpose = (params.get('purpose') ?? '').trim().toLowerCase();
  if (!PURPOSE_KEYS.includes(purpose)) purpose = '';
  const sortParam = params.get('sort');
  const sort: SortKey | null = sortParam === 'name' || sortParam === 'updated' ? sortParam : null;
  const orderParam = params.get('order');
  const order: SortOrder = orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort);
  return {
    q,
    distro,
    variant,
    purpose,
    hideEol: params.get('eol') === 'hide',
    sort,
    order: sort ? order : 'asc',
    region: sourcePart(params.get('region')),
    member: sourcePart(params.get('member')),
  };
}

/** The order a column sorts in when first chosen: names A–Z, dates newest first. */
export function defaultOrder(sort: SortKey | null): SortOrder {
  return sort === 'updated' ? 'desc' : 'asc';
}

/** The query string for a state (`?q=24.04&distro=ubuntu`), or `''` for the default state. Stable key order. */
export function serialiseState(state: FilterState): string {
  const params = new URLSearchParams();
  const q = state.q.trim();
  if (q) params.set('q', q.slice(0, MAX_QUERY));
  if (state.distro) params.set('distro', state.distro);
  if (state.variant) params.set('variant', state.variant);
  if (state.purpose) params.set('purpose', state.purpose);
  if (state.hideEol) params.set('eol', 'hide');
  if (state.region) params.set('region', state.region);
  if (state.member) params.set('member', state.member);
  if (state.sort) {
    params.set('sort', state.sort);
    if (state.order !== defaultOrder(state.sort)) params.set('order', state.order);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Two states mean the same view (for skipping redundant history entries). */
export function sameState(a: FilterState, b: FilterState): boolean {
  return serialiseState(a) === serialiseState(b);
}

/** The next state when a sort header is pressed: same column flips the order, a new column starts at its default. */
export function toggleSort(state: FilterState, key: SortKey): FilterState {
  if (state.sort === key) return { ...state, order: state.order === 'asc' ? 'desc' : 'asc' };
  return { ...state, sort: key, order: defaultOrder(key) };
}

/** "3 of 40 images" / "All 40 images" / "No images match". */
export function countText(shown: number, total: number): string {
  if (shown === total) return `Showing all ${total} ${total === 1 ? 'image' : 'images'}`;
  if (shown === 0) return `No images match (of ${total})`;
  return `Showing ${shown} of ${total} ${total === 1 ? 'image' : 'images'}`;
}
