/**
 * The generated-input suite (issue 12) over the normaliser and the pure
 * renderers: every string from every Unicode control, format and separator
 * class, very long values and reserved JavaScript property names.
 * Built pages are checked by tests/e2e/hostile.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isOfficialImage, normaliseImage } from '../../../src/lib/catalog/normalise.ts';
import { cleanText, displayName, MAX_PROPERTY_TEXT, MAX_SHORT_TEXT, UNSAFE_CHARACTER } from '../../../src/lib/catalog/safe-text.ts';
import { shellQuote } from '../../../src/lib/catalog/shell-quote.ts';
import { hclString, yamlString } from '../../../src/lib/catalog/iac.ts';
import { isAccountName } from '../../../src/lib/catalog/account-name.ts';
import { loginNote } from '../../../src/lib/catalog/login-note.ts';
import { xmlEscape } from '../../../src/lib/catalog/changes.ts';
import { snapshotSchema, type CatalogImage } from '../../../src/schemas/snapshot.ts';
import { sortedSnapshotSchema } from '../../../scripts/lib/snapshot-file.ts';
import { changedFields } from '../../../scripts/lib/history.ts';
import { distributions, image } from '../catalog/helpers.ts';
import { classCharacters, FORBIDDEN_ON_PAGE, hostileStrings, RESERVED_NAMES } from './hostile-strings.ts';

const DISTROS = distributions();
const STRINGS = hostileStrings();
/** The separators and controls a copied command must never hold: Expressive Code's line break (DEL), line breaks, separators. */
const LINE_BREAKING = /[\n\r\u007f\u0085\u2028\u2029\u000b\u000c]/;
/** Characters XML 1.0 does not allow. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function shownStrings(value: CatalogImage): string[] {
  const { raw: _raw, properties, tags, ...rest } = value;
  return [...Object.values(rest).filter((v): v is string => typeof v === 'string'), ...Object.keys(properties), ...Object.values(properties), ...tags];
}

function glanceRecord(text: string, index: number): Record<string, unknown> {
  const record: Record<string, unknown> = {
    id: `id-${index}`,
    name: text,
    status: 'active',
    visibility: 'public',
    owner: 'o',
    os_distro: text,
    os_version: text,
    default_user: text,
    image_original_user: text,
    architecture: text,
    disk_format: text,
    tags: [text, 'plain'],
    [`p${index}`]: text,
  };
  Object.defineProperty(record, text.slice(0, 40) || 'empty', { value: text, enumerable: true, configurable: true, writable: true });
  for (const name of RESERVED_NAMES) Object.defineProperty(record, name, { value: text, enumerable: true, configurable: true, writable: true });
  return record;
}

describe('the generated classes', () => {
  it('cover every control, format and separator character (hundreds), and long and reserved values', () => {
    const chars = classCharacters();
    expect(chars.length).toBeGreaterThan(200);
    for (const ch of ['\u0000', '\u007f', '\u0085', '\u2028', '\u2029', '\u202e', '\u2066', '\u200b', '\ufeff', '\u{e0041}', '\u00a0', '\u3000']) expect(chars).toContain(ch);
  });
});

describe('the normaliser over generated input', () => {
  const images = STRINGS.map((text, index) => normaliseImage(glanceRecord(text, index), DISTROS));

  it('leaves no control, separator or bidi character in any string a page shows', () => {
    for (const value of images) for (const text of shownStrings(value)) expect(text).not.toMatch(UNSAFE_CHARACTER);
  });

  it('shortens every value (names and fields to 255 characters, property values to 1000) and keeps the exact one in raw', () => {
    for (const value of images) {
      for (const text of [value.name, value.version ?? '', value.defaultUser ?? '', ...value.tags]) expect(Array.from(text).length).toBeLessThanOrEqual(MAX_SHORT_TEXT);
      for (const text of Object.values(value.properties)) expect(Array.from(text).length).toBeLessThanOrEqual(MAX_PROPERTY_TEXT);
    }
    const long = images[STRINGS.indexOf('x'.repeat(250_000))]!;
    expect(long.raw?.name).toHaveLength(250_000);
    expect(long.name.endsWith('…')).toBe(true);
  });

  it('gives valid snapshots that survive a write and a read, with no prototype pollution', () => {
    const snapshot = { schemaVersion: 1 as const, fetchedAt: '2026-01-01T00:00:00Z', source: { imageEndpoint: 'x', owner: 'o', region: null }, images };
    const text = JSON.stringify(sortedSnapshotSchema.parse(snapshot));
    const read = snapshotSchema.parse(JSON.parse(text));
    expect(read.images).toHaveLength(images.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read.images[0]!.properties)).toBe(Object.prototype);
    // Reserved names are ordinary properties (or, for __proto__, dropped), never members of Object.
    for (const value of read.images) {
      expect(typeof value.properties.constructor === 'string' || value.properties.constructor === undefined).toBe(true);
      expect(value.properties.toString).toSatisfy((v: unknown) => typeof v === 'string');
    }
  });

  it('display names are never blank, and an empty or blank name is "Unnamed image" with its id', () => {
    for (const value of images) expect(displayName(value).trim()).not.toBe('');
    expect(displayName({ name: '   ', id: 'abc' })).toBe('Unnamed image abc');
    expect(displayName({ name: '\u202e\u0000', id: 'abc' })).toBe('Unnamed image abc');
    expect(displayName({ name: '', id: 'abc' })).toBe('Unnamed image abc');
  });

  it('os_hidden as anything but a clear false fails closed', () => {
    const base = { owner: 'o', visibility: 'public', status: 'active' };
    for (const hidden of [true, 'true', ' true', 'True', '1', 'yes', 'on', 1, {}, [], '', ...STRINGS.slice(0, 50)]) {
      expect(isOfficialImage({ ...base, os_hidden: hidden }, 'o'), JSON.stringify(hidden)).toBe(false);
    }
    for (const shown of [undefined, null, false, 'false', 'False', 'FALSE']) expect(isOfficialImage({ ...base, os_hidden: shown }, 'o')).toBe(true);
  });
});

describe('copy-ready commands over generated input', () => {
  const ubuntu = DISTROS.find((d) => d.id === 'ubuntu')!;

  it('are one line, always: no DEL (Expressive Code’s line break), line break or separator', () => {
    for (const text of STRINGS) {
      expect(shellQuote(text)).not.toMatch(LINE_BREAKING);
      for (const note of [loginNote(ubuntu, text), loginNote(undefined, text)]) {
        if (note.sshCommand) expect(note.sshCommand).not.toMatch(LINE_BREAKING);
      }
      expect(hclString(text)).not.toMatch(LINE_BREAKING);
      expect(yamlString(text)).not.toMatch(LINE_BREAKING);
    }
  });

  it('quote every value so the shell sees exactly one word, the cleaned value (checked by a real sh)', () => {
    const sample = STRINGS.filter((text) => text.length < 1000);
    const script = sample.map((text) => `printf '%s\\0' ${shellQuote(text)}`).join('\n');
    const run = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\0').slice(0, -1)).toEqual(sample.map((text) => cleanText(text)));
  });

  it('accept as a login user only an account name or the distributions file’s own', () => {
    for (const text of STRINGS) {
      if (isAccountName(text, DISTROS)) expect(text).toMatch(/^[A-Za-z_][A-Za-z0-9_.-]*$/);
    }
    for (const good of ['ubuntu', 'ec2-user', 'centos', 'Administrator', '_svc', 'a.b']) expect(isAccountName(good, DISTROS)).toBe(true);
    for (const bad of ['ubuntu$(id)', 'ubuntu\u007fcurl', '-oProxyCommand=x', 'a b', '', 'x'.repeat(33), 'root;id', 'üser']) expect(isAccountName(bad, DISTROS)).toBe(false);
  });
});

describe('feed and history text over generated input', () => {
  it('the feed text of any name is valid XML with no raw controls', () => {
    for (const text of STRINGS) {
      const escaped = xmlEscape(`Added: ${displayName({ name: text, id: 'x' })} (x)`);
      expect(escaped).not.toMatch(NOT_XML);
      expect(escaped).not.toMatch(FORBIDDEN_ON_PAGE);
      expect(escaped).not.toMatch(/<|>/);
    }
  });

  it('history names reserved property names as fields, as text', () => {
    const before = image({ properties: Object.fromEntries(RESERVED_NAMES.filter((n) => n !== '__proto__').map((n) => [n, 'a'])) });
    const after = { ...before, properties: Object.fromEntries(RESERVED_NAMES.filter((n) => n !== '__proto__').map((n) => [n, 'b'])) };
    expect(changedFields(before, after)).toEqual(RESERVED_NAMES.filter((n) => n !== '__proto__').map((n) => `properties.${n}`).sort());
    const raw = { ...before, raw: { constructor: 'x', name: 'a\u0000' } };
    expect(changedFields(before, raw)).toEqual(['constructor', 'name']);
  });
});

describe('listWithin', () => {
  it('keeps the longest prefix within a count and a character budget', async () => {
    const { listWithin } = await import('../../../src/lib/catalog/safe-text.ts');
    expect(listWithin(['aa', 'bb', 'cc'], (s) => s.length, 10, 4)).toEqual(['aa', 'bb']);
    expect(listWithin(['aa', 'bb', 'cc'], (s) => s.length, 1, 100)).toEqual(['aa']);
    expect(listWithin(['x'.repeat(5)], (s) => s.length, 10, 4)).toEqual([]);
  });
});
