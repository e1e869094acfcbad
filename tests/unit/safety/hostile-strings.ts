/**
 * Generated hostile strings (issue 12): one character from every Unicode
 * control, format and separator class (Cc, Cf, Zs, Zl, Zp), lone surrogates,
 * noncharacters, very long values and reserved JavaScript property names.
 */

/** Every code point of the general categories Cc, Cf, Zs, Zl and Zp (all of them: a few hundred). */
export function classCharacters(): string[] {
  const out: string[] = [];
  const pattern = /^[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}]$/u;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (pattern.test(ch)) out.push(ch);
  }
  return out;
}

export const RESERVED_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', 'then'];

/** Strings built around each class character, plus the specials. */
export function hostileStrings(): string[] {
  const strings: string[] = [];
  for (const ch of classCharacters()) strings.push(`ubuntu${ch}curl x | sh #`);
  strings.push(
    '\ud800lone', 'lone\udfff', 'non\ufffe\uffffchar',
    'Ubuntu \u202e42.oi\u202c 2026-01-01', '\u2067שלום\u2069 Ubuntu', 'ubuntu$(id)', "it's; rm -rf ~", '`id`', '-oProxyCommand=sh',
    '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', ']]>', '&amp;', '   ', '', '\t\n',
    'x'.repeat(250_000), '😀'.repeat(2000), 'e\u0301'.repeat(3000),
    ...RESERVED_NAMES,
  );
  return strings;
}

/** Raw characters that must never reach a page: C0 (but none kept), DEL, C1, separators, bidi controls. */
export const FORBIDDEN_ON_PAGE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
