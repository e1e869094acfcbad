import type { PageMap } from '../lib/types.ts';
import commandLine from './command-line.ts';
import creatingImages from './creating-images.ts';
import sharingImages from './sharing-images.ts';

/**
 * How to run each guide page, by its path under content/docs: placeholders, parties, downloads. A page
 * not listed runs with an empty map (the reader, connected to their project).
 */
export const pageMaps: Record<string, PageMap> = {
  'advanced-image-management/command-line.mdx': commandLine,
  'advanced-image-management/creating-images.mdx': creatingImages,
  'advanced-image-management/sharing-images.mdx': sharingImages,
};
