/**
 * A code block's shape: its code with each per-image value (ID, name, label…)
 * replaced by a placeholder. Image pages share a handful of shapes, so
 * Expressive Code highlights each shape once (SnippetCode.astro) and every
 * page fills its own values into that HTML: thousands of pages, a few dozen
 * highlightings. Pure.
 *
 * A value is filled in only when it needs no escaping anywhere (in HTML text,
 * in the copy button's attribute, in the snippet's language): letters,
 * digits, spaces and `._:()[]+,/-`, four characters or more. Any other value, and any shape whose
 * highlighted HTML does not hold each placeholder whole (once in the code,
 * once in the copy data), is highlighted on its own page as before.
 */

/** Values that read the same in HTML text, an attribute, a shell word's quotes and HCL/YAML strings. */
export const FILLABLE = /^[A-Za-z0-9 ._:()[\]+,/-]*$/;

/**
 * Placeholder for the `index`th value: letters and digits only, so every grammar reads it as one plain word, and
 * as long as the value, since Expressive Code sizes a block by its longest line.
 */
export function placeholder(index: number, length: number): string {
  const head = `zq${index}`;
  return head + 'x'.repeat(Math.max(0, length - head.length));
}

export interface CodeShape {
  /** The code with placeholders, to highlight once. */
  template: string;
  /** The shape's cache key: template plus the block's other options. */
  key: string;
  /** The page's own HTML from the shape's highlighted HTML, or null when the HTML does not hold every placeholder whole. */
  fill: (html: string) => string | null;
}

/**
 * The shape of `make(values)`, or null when a value cannot be filled in safely
 * (then the block is highlighted as it is). `options` (language, title, wrap…)
 * are part of the key.
 */
export function codeShape(make: (values: readonly string[]) => string, values: readonly string[], options: string): CodeShape | null {
  if (!values.every((value, i) => value.length >= placeholder(i, 0).length + 1 && FILLABLE.test(value))) return null;
  const holders = values.map((value, i) => placeholder(i, value.length));
  const template = make(holders);
  // A placeholder must be found only where its value goes: not in the code around it, not inside another value.
  const real = make(values);
  if (holders.some((holder) => real.includes(holder) || values.some((value) => value.includes(holder)))) return null;
  // And the code must be the template with the values put in (no quoting or cleaning changed a value on the way).
  if (holders.reduce((code, holder, i) => code.replaceAll(holder, values[i]!), template) !== real) return null;
  const counts = holders.map((holder) => template.split(holder).length - 1);
  return {
    template,
    key: `${options}\u0000${template}`,
    fill(html) {
      let out = html;
      for (const [i, holder] of holders.entries()) {
        // Once in the highlighted code and once in the copy button's data, per occurrence in the code.
        if (out.split(holder).length - 1 !== 2 * counts[i]!) return null;
        out = out.replaceAll(holder, values[i]!);
      }
      return out;
    },
  };
}
