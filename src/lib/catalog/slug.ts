import type { CatalogImage } from '../../schemas/snapshot.ts';

/**
 * Route names under `/catalog/` that an image slug must never take, so an
 * image called "Changes" cannot shadow the "What changed" page.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['changes', 'feed', 'feed-xml', 'index', 'search', 'json', 'catalog', 'page', 'distro', 'latest', 'latest-json', 'archived']);

/** Letters NFKD does not break into ASCII plus marks. */
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  þ: 'th', Þ: 'th', ł: 'l', Ł: 'l', ı: 'i', ħ: 'h', Ħ: 'h', ŋ: 'ng', Ŋ: 'ng',
};

const MAX_LENGTH = 80;

/**
 * A readable URL segment from an image name: lowercase ASCII letters and
 * digits joined by single hyphens. Accented letters lose their accents,
 * a few others are spelled out (ß → ss), anything else (CJK, symbols,
 * punctuation) becomes a separator. "Ubuntu 24.04 LTS (Noble) amd64"
 * → `ubuntu-24-04-lts-noble-amd64`. May be empty.
 */
export function slugify(name: string): string {
  const ascii = name
    .replace(/[^\u0000-\u007f]/g, (c) => TRANSLITERATIONS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  let slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > MAX_LENGTH) slug = slug.slice(0, MAX_LENGTH).replace(/-[^-]*$/, '') || slug.slice(0, MAX_LENGTH);
  return slug;
}

/** A short, URL-safe piece of an image ID, `length` characters long. */
function idSuffix(id: string, length: number): string {
  const clean = id.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (clean || 'x').slice(0, length);
}

/**
 * Gives every image a unique slug from its name. When several images share a
 * slug, the oldest (by creation time, then ID) keeps it and the others get a
 * short piece of their ID appended, so a link to the first image keeps working
 * when a same-named one appears, and the same snapshot always gives the same
 * slugs whatever order it lists them in. Empty or reserved slugs get the ID
 * piece too. Slugs in `taken` (pages given out before: the current images'
 * when slugging archived builds) are never reused.
 */
export function assignSlugs(
  images: readonly Pick<CatalogImage, 'id' | 'name' | 'createdAt'>[],
  alreadyTaken: Iterable<string> = [],
): Map<string, string> {
  const created = (value: string | null) => {
    const time = value === null ? NaN : Date.parse(value);
    return Number.isNaN(time) ? Infinity : time;
  };
  const ordered = [...images].sort((a, b) => {
    const ca = created(a.createdAt);
    const cb = created(b.createdAt);
    if (ca !== cb) return ca < cb ? -1 : 1;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const bases = new Map<string, string>();
  for (const image of ordered) bases.set(image.id, slugify(image.name));
  const taken = new Set<string>(alreadyTaken);
  const result = new Map<string, string>();
  // First pass: every image whose plain slug is usable and not yet taken keeps it.
  for (const image of ordered) {
    const base = bases.get(image.id)!;
    if (base && !RESERVED_SLUGS.has(base) && !taken.has(base)) {
      taken.add(base);
      result.set(image.id, base);
    }
  }
  // Second pass: the rest get an ID suffix, lengthened until unique.
  for (const image of ordered) {
    if (result.has(image.id)) continue;
    const base = bases.get(image.id)! || 'image';
    let slug = '';
    for (let length = 8; ; length += 4) {
      slug = `${base}-${idSuffix(image.id, length)}`;
      if (!taken.has(slug)) break;
      if (length > image.id.length + 8) {
        slug = `${slug}-${taken.size}`;
        break;
      }
    }
    taken.add(slug);
    result.set(image.id, slug);
  }
  return result;
}
