/**
 * Python's `time.strptime` for the few formats SCS's image-metadata checks use,
 * and their `parse_date`: a date string to Unix seconds (UTC, as
 * `calendar.timegm`), 0 when it is not a date. Pure.
 *
 * Ported from CPython's `_strptime` so that a value SCS's suite accepts is
 * accepted here and one it refuses is refused: the match is case-insensitive,
 * a space in the format matches any run of whitespace, a field may have one
 * digit (`%m` `1`, `%H` `4`), `%d` may be ` 1`, the first alternative that
 * matches wins (no backtracking to the end), nothing may follow, and an
 * impossible day (31 February) is refused. `parse_date` returns 0 for
 * 1970-01-01T00:00:00 too, as theirs does (0 is "no date" there).
 */

/** CPython's `_strptime` directive patterns, for the directives used here. */
const DIRECTIVES: Readonly<Record<string, string>> = {
  Y: '(\\d\\d\\d\\d)',
  m: '(1[0-2]|0[1-9]|[1-9])',
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
};

/** `time.strptime`'s formats in SCS-0102's checks (image_metadata.py). */
export const STRICT_FORMATS = ['%Y-%m-%dT%H:%M:%SZ'] as const;
export const DATE_FORMATS = [...STRICT_FORMATS, '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d'] as const;
export const MARKER_DATE_FORMATS = ['%Y-%m-%d', '%Y%m%d'] as const;

const compiled = new Map<string, { regex: RegExp; fields: string[] }>();

function compile(format: string): { regex: RegExp; fields: string[] } {
  const known = compiled.get(format);
  if (known) return known;
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const char = format[i]!;
    if (char === '%' && i + 1 < format.length) {
      const directive = format[++i]!;
      const pattern = DIRECTIVES[directive];
      if (!pattern) throw new Error(`python-date: directive %${directive} is not ported`);
      fields.push(directive);
      source += pattern;
    } else if (/\s/.test(char)) {
      // CPython: whitespace in the format matches one or more whitespace characters.
      source += '\\s+';
      while (i + 1 < format.length && /\s/.test(format[i + 1]!)) i++;
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  // Anchored at the start only (re.match); "unconverted data remains" is checked by length.
  const entry = { regex: new RegExp(`^${source.replaceAll('\\d', '\\p{Nd}')}`, 'iu'), fields };
  compiled.set(format, entry);
  return entry;
}

const DECIMAL = /^\p{Nd}$/u;

/**
 * Python's `int()` of a run of Unicode decimal digits (its `\\d` and `isdecimal` accept any, `٢٠٢٦` too):
 * every Unicode block of decimal digits runs 0 to 9, so a digit's value is its place in its run, mod 10.
 */
export function decimalValue(digits: string): number {
  let value = 0;
  for (const char of digits) {
    let cp = char.codePointAt(0)!;
    let place = 0;
    while (DECIMAL.test(String.fromCodePoint(cp - 1))) {
      cp--;
      place++;
    }
    value = value * 10 + (place % 10);
  }
  return value;
}

/** Python's `str.isdecimal()`: not empty, and every character a Unicode decimal digit (category Nd). */
export function isDecimal(text: string): boolean {
  return /^\p{Nd}+$/u.test(text);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `calendar.timegm(time.strptime(text, format))`, or null where strptime raises ValueError. */
export function strptimeSeconds(text: string, format: string): number | null {
  const { regex, fields } = compile(format);
  const match = regex.exec(text);
  if (!match || match[0].length !== text.length) return null;
  const value: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  fields.forEach((field, index) => {
    value[field] = decimalValue(match[index + 1]!.trim());
  });
  const { Y, m, d, H, M, S } = value as Record<'Y' | 'm' | 'd' | 'H' | 'M' | 'S', number>;
  if (d > daysInMonth(Y, m)) return null;
  // Date.UTC maps years 0-99 to 1900-1999; set the year explicitly.
  const date = new Date(Date.UTC(2000, m - 1, d, H, M, S));
  date.setUTCFullYear(Y);
  return Math.floor(date.getTime() / 1000);
}

/** SCS's `parse_date`: Unix seconds of the first format that matches, else 0. */
export function parseDate(text: string, formats: readonly string[] = DATE_FORMATS): number {
  for (const format of formats) {
    const seconds = strptimeSeconds(text, format);
    if (seconds !== null) return seconds;
  }
  return 0;
}
