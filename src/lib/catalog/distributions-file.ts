/**
 * Reads `content/data/distributions.yaml` and checks it against
 * `distributionsSchema`. Any fault is one DataFileError line naming the file.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { distributionsSchema, type Distribution } from '../../schemas/distributions.ts';
import { DataFileError } from '../json-file.ts';

export const DISTRIBUTIONS_FILE = 'content/data/distributions.yaml';

const FIX = 'fix the file (its fields are described at its top)';

/** Parses the file's text; `path` is only used in messages. */
export function parseDistributions(text: string, path: string = DISTRIBUTIONS_FILE): Distribution[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const linePos = (error as { linePos?: Array<{ line: number }> }).linePos;
    const where = linePos?.[0] ? `line ${linePos[0].line}: ` : '';
    const message = ((error as Error).message.split('\n')[0] ?? 'bad YAML').replace(/ at line \d+, column \d+:?$/, '');
    throw new DataFileError(path, `${where}not valid YAML (${message}); ${FIX}`);
  }
  const parsed = distributionsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [index, ...field] = issue.path;
    let where = 'top level';
    if (typeof index === 'number') {
      const entry = Array.isArray(data) ? (data[index] as { id?: unknown } | undefined) : undefined;
      const id = typeof entry?.id === 'string' ? ` ("${entry.id}")` : '';
      where = `entry ${index + 1}${id}${field.length ? ` ${field.join('.')}` : ''}`;
    }
    throw new DataFileError(path, `${where}: ${issue.message}; ${FIX}`);
  }
  return parsed.data;
}

function readError(path: string, error: unknown): DataFileError {
  const code = (error as NodeJS.ErrnoException).code;
  return new DataFileError(path, `${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}; restore it from git`);
}

export async function readDistributionsFile(path: string = DISTRIBUTIONS_FILE): Promise<Distribution[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw readError(path, error);
  }
  return parseDistributions(text, path);
}

export function readDistributionsFileSync(path: string = DISTRIBUTIONS_FILE): Distribution[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw readError(path, error);
  }
  return parseDistributions(text, path);
}
