/**
 * Reading an image's facts through a cloud's conventions (conventions.ts):
 * the first of a list of properties that holds a value, and a name with the
 * cloud's prefix taken off. Pure; every value is untrusted Glance text.
 */
import type { ImageConventions } from './conventions.ts';

/** Anything with string-keyed values: a Glance record or a catalog image's `properties`. */
type Values = Readonly<Record<string, unknown>>;

/** The first of `names` that `values` has as its own non-blank string, with the name it came from; `null` when none has. */
export function firstPropertyEntry(values: Values, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    // Own keys only: a property list naming `constructor` reads the image, not Object's member.
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    if (typeof value === 'string' && value.trim() !== '') return { name, value: value.trim() };
  }
  return null;
}

/** The first of `names` that `values` has as its own non-blank string (trimmed), else `null`. */
export function firstProperty(values: Values, names: readonly string[]): string | null {
  return firstPropertyEntry(values, names)?.value ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const prefixPatterns = new Map<string, RegExp | null>();

/**
 * The pattern of a name prefix (case-insensitive, leading space allowed; a
 * prefix ending in a space matches any run of spaces there), or `null` for none.
 */
function prefixPattern(prefix: string | null): RegExp | null {
  if (prefix === null) return null;
  let pattern = prefixPatterns.get(prefix);
  if (pattern === undefined) {
    const word = prefix.trim();
    pattern = word === '' ? null : new RegExp(`^\\s*${escapeRegExp(word)}${/\s$/.test(prefix) ? '\\s+' : '\\s*'}`, 'i');
    prefixPatterns.set(prefix, pattern);
  }
  return pattern;
}

/** `name` without the cloud's name prefix (e.g. a project's `Acme ` before every image name), trimmed. */
export function stripNamePrefix(name: string, conventions: Pick<ImageConventions, 'namePrefix'>): string {
  const pattern = prefixPattern(conventions.namePrefix);
  return (pattern ? name.replace(pattern, '') : name).trim();
}
