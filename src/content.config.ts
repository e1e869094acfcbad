import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { distributionSchema } from './schemas/distributions.ts';

export const collections = {
  // The guide lives in `content/docs/` at the top of the repository, beside the
  // catalog data, rather than under `src/`.
  docs: defineCollection({
    loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
    schema: docsSchema(),
  }),
  distributions: defineCollection({
    loader: file('./content/data/distributions.yaml'),
    schema: distributionSchema,
  }),
};
