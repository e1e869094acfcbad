/** Hand-edited data files: a byte order mark is accepted; a broken file is one clean line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'astro/zod';
import { readJsonFile } from '../../../src/lib/json-file.ts';
import { historySchema } from '../../../src/schemas/snapshot.ts';

const file = (text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'json-file-')), 'snapshot.json');
  writeFileSync(path, text);
  return path;
};

describe('readJsonFile', () => {
  it('accepts a UTF-8 byte order mark, as an editor may add', async () => {
    await expect(readJsonFile(file('\ufeff{"schemaVersion":1,"entries":[]}'), historySchema, 'fix it')).resolves.toEqual({ schemaVersion: 1, entries: [] });
  });

  it('reports broken JSON in one line with no control, bidi or BOM character', async () => {
    const error = await readJsonFile(file('{"a": "x\u202e\u0007\u2028\ufeff'), z.object({}), 'fix it').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/snapshot\.json: not valid JSON \(.*\); fix it$/);
    expect((error as Error).message).not.toMatch(/[\u0000-\u001f\u007f\u2028\u202e\ufeff]/);
  });

  it('names a schema fault at a hostile key without printing its control characters', async () => {
    const error = await readJsonFile(file('{"k\\u202e\\u001b[31m": 1}'), z.record(z.string(), z.string()), 'fix it').catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^.*snapshot\.json: k +\[31m: /);
  });
});
