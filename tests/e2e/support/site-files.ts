import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import type { Root } from 'hast';

export { listHtmlFiles, urlPathOf } from '../../../scripts/lib/built-site.ts';

export async function parseHtmlFile(dir: string, file: string): Promise<Root> {
  return fromHtml(await readFile(join(dir, file), 'utf8'));
}
