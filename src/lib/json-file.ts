import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import type { z } from 'astro/zod';

/** A file that is missing, unreadable or not what its schema says, named in one line. */
export class DataFileError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    // One line, and no control or bidi character from the file (a key, a parser excerpt) reaches the terminal.
    super(`${path}: ${message}`.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' '));
    this.name = 'DataFileError';
    this.path = path;
  }
}

/** Reads a JSON file and checks it against `schema`; any fault is one `DataFileError` line. */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S, fix: string): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError(path, `${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}; ${fix}`);
  }
  // A UTF-8 byte order mark (an editor may add one to a hand-edited file) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes a piece of the file; DataFileError keeps it to one clean line.
    throw new DataFileError(path, `not valid JSON (${(error as Error).message}); ${fix}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'top level';
    throw new DataFileError(path, `${where}: ${issue.message}; ${fix}`);
  }
  return parsed.data;
}

/**
 * Writes `data` as stable, pretty JSON after checking it against `schema`,
 * through a temporary file renamed into place, so a reader never sees half a
 * file and a failure leaves the old file as it was.
 */
export async function writeJsonFileAtomically<S extends z.ZodType>(path: string, schema: S, data: z.infer<S>): Promise<void> {
  await writeTextFileAtomically(path, jsonText(schema, data));
}

/** `data` checked against `schema` as the stable, pretty JSON text the files hold. */
export function jsonText<S extends z.ZodType>(schema: S, data: z.infer<S>): string {
  return `${JSON.stringify(schema.parse(data), null, 2)}\n`;
}

/** Writes text through a temporary file renamed into place. */
export async function writeTextFileAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
