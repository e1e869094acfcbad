import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { distributionSchema, distributionsSchema } from './schemas/distributions.ts';
import { existsSync } from 'node:fs';
import { eolDistributionSchema, eolFileSchema } from './schemas/eol.ts';
import { recommendationSchema, recommendedFileSchema } from './schemas/recommended.ts';
import { distributionsFile, eolFile, parseDataFile, recommendedFile } from './lib/catalog/load.ts';
import { shownPath } from './lib/cloud-config.ts';

// The data files cloud.config.yaml names (`data:`), resolved beside it.
const DISTRIBUTIONS_FILE = distributionsFile();
const EOL_FILE = eolFile();
const RECOMMENDED_FILE = recommendedFile();

export const collections = {
  // The guide lives in `content/docs/` at the top of the repository, beside the
  // catalog data, rather than under `src/`.
  docs: defineCollection({
    loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema(),
  }),
  // The data files: each parsed whole (list-wide checks included), then each entry checked by its schema.
  distributions: defineCollection({
    loader: file(DISTRIBUTIONS_FILE, { parser: (text) => parseDataFile(text, shownPath(DISTRIBUTIONS_FILE), distributionsSchema) }),
    schema: distributionSchema,
  }),
  eol: defineCollection({
    // Keyed by `distro` (entries have no `id` of their own).
    loader: file(EOL_FILE, {
      parser: (text) => Object.fromEntries(parseDataFile(text, shownPath(EOL_FILE), eolFileSchema).map((entry) => [entry.distro, entry])),
    }),
    schema: eolDistributionSchema,
  }),
  recommended: defineCollection({
    // Optional (no file: the list is derived). Keyed by position, "1", "2", …: the file's order is the list's.
    loader: existsSync(RECOMMENDED_FILE)
      ? file(RECOMMENDED_FILE, {
          parser: (text) =>
            Object.fromEntries(parseDataFile(text, shownPath(RECOMMENDED_FILE), recommendedFileSchema).map((entry, index) => [String(index + 1), entry])),
        })
      : () => [],
    schema: recommendationSchema,
  }),
};
