import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { DataFileError } from './json-file.ts';

/** Where a schema issue is, for people: `entry 3 ("ubuntu") loginUser` in a list of records. */
function describeIssuePath(data: unknown, path: PropertyKey[]): string {
  const [first, ...rest] = path;
  if (typeof first !== 'number') return path.length ? path.map(String).join('.') : 'top level';
  const entry = Array.isArray(data) ? (data[first] as Record<string, unknown> | undefined) : undefined;
  const key = entry?.id ?? entry?.distro;
  const name = typeof key === 'string' ? ` ("${key}")` : '';
  return `entry ${first + 1}${name}${rest.length ? ` ${rest.map(String).join('.')}` : ''}`;
}

/** What each YAML parser error code means, in words that quote nothing from the file. */
const YAML_ERROR_KINDS: Readonly<Record<string, string>> = {
  ALIAS_PROPS: 'an alias with a tag or anchor',
  BAD_ALIAS: 'a bad alias',
  BAD_DIRECTIVE: 'a bad directive',
  BAD_DQ_ESCAPE: 'a bad escape in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'a tag and anchor in the wrong order',
  BAD_SCALAR_START: 'a value that cannot start with that character',
  BLOCK_AS_IMPLICIT_KEY: 'a block used as a key',
  BLOCK_IN_FLOW: 'a block inside a flow collection',
  DUPLICATE_KEY: 'a key given twice',
  KEY_OVER_1024_CHARS: 'a key over 1024 characters',
  MISSING_CHAR: 'a missing closing quote or bracket',
  MULTILINE_IMPLICIT_KEY: 'a key spanning lines (often a missing closing quote)',
  MULTIPLE_ANCHORS: 'two anchors on one value',
  MULTIPLE_DOCS: 'more than one document',
  MULTIPLE_TAGS: 'two tags on one value',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION: 'too many aliases',
  TAB_AS_INDENT: 'a tab used for indentation',
  TAG_RESOLVE_FAILED: 'an unknown tag',
  UNEXPECTED_TOKEN: 'an unexpected token',
  BAD_COLLECTION_TYPE: 'a bad collection type',
};

/**
 * A YAML syntax error as `line L, column C: not valid YAML (kind)`. Never the
 * parser's own message: it quotes the offending line, which in clouds.yaml or
 * secure.yaml may hold a password.
 */
export function describeYamlError(error: unknown): string {
  const { code, linePos } = (error ?? {}) as { code?: string; linePos?: Array<{ line: number; col: number }> };
  const where = linePos?.[0] ? `line ${linePos[0].line}, column ${linePos[0].col}: ` : '';
  const kind = (code && Object.hasOwn(YAML_ERROR_KINDS, code) ? YAML_ERROR_KINDS[code] : undefined) ?? (code ? code.toLowerCase().replace(/_/g, ' ') : 'a syntax error');
  return `${where}not valid YAML (${kind})`;
}

/**
 * Parses YAML text and checks it against `schema`. Any fault is one
 * `DataFileError` line naming the file, the line or entry, and `fix`.
 */
export function parseYamlData<S extends z.ZodType>(text: string, path: string, schema: S, fix: string): z.infer<S> {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new DataFileError(path, `${describeYamlError(error)}; ${fix}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataFileError(path, `${describeIssuePath(data, issue.path)}: ${issue.message}; ${fix}`);
  }
  return parsed.data;
}

function readError(path: string, error: unknown): DataFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new DataFileError(path, `${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}; restore it from git`);
}

export function readYamlFileSync<S extends z.ZodType>(path: string, schema: S, fix: string): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw readError(path, error);
  }
  return parseYamlData(text, path, schema, fix);
}
