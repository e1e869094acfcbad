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

/**
 * Parses YAML text and checks it against `schema`. Any fault is one
 * `DataFileError` line naming the file, the line or entry, and `fix`.
 */
export function parseYamlData<S extends z.ZodType>(text: string, path: string, schema: S, fix: string): z.infer<S> {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const linePos = (error as { linePos?: Array<{ line: number }> }).linePos;
    const where = linePos?.[0] ? `line ${linePos[0].line}: ` : '';
    const message = ((error as Error).message.split('\n')[0] ?? 'bad YAML').replace(/ at line \d+, column \d+:?$/, '');
    throw new DataFileError(path, `${where}not valid YAML (${message}); ${fix}`);
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
