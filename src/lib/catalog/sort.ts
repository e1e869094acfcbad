import type { CatalogImage } from '../../schemas/snapshot.ts';

/**
 * Compares two version strings the way people read them: numbers as numbers
 * (9 < 10, 22.04 < 24.04, 42.1 < 42.3), other text alphabetically. `null`
 * (unknown) sorts before every version, so it comes last in a newest-first list.
 */
export function compareVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const left = versionParts(a);
  const right = versionParts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x < y ? -1 : 1;
    } else if (typeof x === 'number') {
      return 1; // "8" is newer than "8-beta"'s "beta" part; numbers outrank words
    } else if (typeof y === 'number') {
      return -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

function versionParts(version: string): (number | string)[] {
  return (version.toLowerCase().match(/\d+|[a-z]+/g) ?? []).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Names compared as people expect: case-insensitive, numbers inside names by value. */
export const nameCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

export type SortKey = 'name' | 'updated';
export type SortOrder = 'asc' | 'desc';

/** Milliseconds since the epoch of an ISO date, or `null`. */
export function timeOf(value: string | null): number | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** The time an image last changed: `updatedAt`, else `createdAt`. */
export function lastUpdated(image: Pick<CatalogImage, 'updatedAt' | 'createdAt'>): string | null {
  return image.updatedAt ?? image.createdAt;
}

/**
 * Orders by name or by last-updated time. Missing times sort last in both
 * directions; ties fall back to the name, then the ID, so the order is total.
 */
export function compareBy<T extends { name: string; id: string; updated: number | null }>(
  key: SortKey,
  order: SortOrder,
): (a: T, b: T) => number {
  const sign = order === 'asc' ? 1 : -1;
  return (a, b) => {
    if (key === 'updated' && a.updated !== b.updated) {
      if (a.updated === null) return 1;
      if (b.updated === null) return -1;
      return sign * (a.updated - b.updated);
    }
    const byName = nameCollator.compare(a.name, b.name);
    if (byName !== 0) return key === 'name' ? sign * byName : byName;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
