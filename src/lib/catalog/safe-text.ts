/**
 * Glance text made safe to show, once, at normalisation (`normaliseImage`).
 *
 * Everything Glance returns is untrusted. A string that reaches a page must
 * not carry characters that are invisible or that change how the text around
 * it is read or copied:
 * - C0 and C1 control characters and U+007F (DEL): raw controls are invalid
 *   in XML and HTML, and Expressive Code stores a line break as U+007F in its
 *   copy data, so a DEL in a login user became a second copied command line;
 * - U+2028 and U+2029 (line and paragraph separators);
 * - the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
 *   U+2066–U+2069), which can reverse the image ID or date shown after a name;
 * - invisible format characters that hide or fake text: U+180E, U+200B,
 *   U+2060–U+2064, U+206A–U+206F, U+FEFF, U+FFF9–U+FFFB and the tag
 *   characters U+E0000–U+E007F (joiners U+200C/U+200D and the soft hyphen
 *   stay: scripts and emoji need them);
 * - noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and their kin in every
 *   plane), which HTML calls parse errors and XML forbids;
 * - a lone surrogate (not text; it would become U+FFFD anyway) becomes U+FFFD.
 * Whitespace controls (tab, line feed, CR, NEL, the separators) become one
 * space, so words stay apart; the others are dropped. Values longer than a
 * page should show are shortened with an ellipsis.
 *
 * The snapshot keeps the cleaned value in each field and, only where it
 * differs, Glance's exact value in the image's `raw` record (keyed by field:
 * `name`, `properties.<key>`), which only `/catalog.json` publishes (it
 * spreads the image record as it is). Pages never read `raw`.
 */

/** Controls that separate words: replaced by a space. */
const SPACING = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Every other control or bidi control: dropped. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]|\p{Noncharacter_Code_Point}/gu;
/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Any character `cleanText` removes or replaces (for tests and checks). */
export const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]|\p{Noncharacter_Code_Point}/u;

/** Longest name, version and other short field shown (Glance's own limit for names is 255). */
export const MAX_SHORT_TEXT = 255;
/** Longest property value shown on a page; longer ones are shortened (full value in /catalog.json). */
export const MAX_PROPERTY_TEXT = 1000;
/** Most properties, and most tags, an image page lists; the rest are in /catalog.json. */
export const MAX_LISTED = 200;
/**
 * Most characters of Glance text (property names and values, tags) one image
 * page lists, so that no image's data, however large or incompressible, can
 * blow the page-size budget: the rest are in /catalog.json.
 */
export const MAX_LISTED_TEXT = 40_000;

/**
 * The longest prefix of `items` with at most `maxCount` items and at most
 * `maxChars` characters in total (by `sizeOf`); the page says how many more
 * there are.
 */
export function listWithin<T>(items: readonly T[], sizeOf: (item: T) => number, maxCount = MAX_LISTED, maxChars = MAX_LISTED_TEXT): T[] {
  const out: T[] = [];
  let total = 0;
  for (const item of items) {
    total += sizeOf(item);
    if (out.length >= maxCount || total > maxChars) break;
    out.push(item);
  }
  return out;
}

/** `text` without control, separator or bidi characters (see the module comment). */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(SPACING, ' ').replace(UNSAFE, '');
}

/**
 * `text` cut to at most `max` characters (code points, so no half surrogate
 * pair), the last one an ellipsis when it was cut.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Cleaned and shortened: the form of a Glance string every page shows. */
export function safeText(text: string, max = MAX_SHORT_TEXT): string {
  return shorten(cleanText(text), max);
}

/**
 * What a page calls an image: its name, or "Unnamed image <id>" when the name
 * is empty or blank (a whitespace-only name gave a blank title, heading and
 * link). The one function every page and component uses for it.
 */
export function displayName(image: { name: string; id: string }): string {
  const name = cleanText(image.name).trim();
  return name === '' ? `Unnamed image ${cleanText(image.id)}` : name;
}

/**
 * A record of the raw values that `clean` changed, by field. Used by
 * `normaliseImage` to keep Glance's exact values for /catalog.json only.
 */
export class RawValues {
  readonly record: Record<string, string> = {};

  /** The safe form of `value`; remembers the raw one under `field` when they differ. */
  keep(field: string, value: string, max = MAX_SHORT_TEXT): string {
    const safe = safeText(value, max);
    if (safe !== value) Object.defineProperty(this.record, field, { value, enumerable: true, writable: true, configurable: true });
    return safe;
  }

  /** The record, or undefined when nothing changed (so clean images carry no `raw`). */
  result(): Record<string, string> | undefined {
    return Object.keys(this.record).length ? this.record : undefined;
  }
}
