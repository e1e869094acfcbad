import type { PageMap } from '../lib/types.ts';
import commandLine from './command-line.ts';
import creatingImages from './creating-images.ts';
import sharingImages from './sharing-images.ts';

/**
 * How to run each guide page, by file name: placeholders, parties, downloads. A page
 * not listed runs with an empty map (the reader, connected to their project).
 */
export const pageMaps: Record<string, PageMap> = {
  'command-line.mdx': commandLine,
  'creating-images.mdx': creatingImages,
  'sharing-images.mdx': sharingImages,
};
