import { z } from 'astro/zod';
import { flagRepeats } from './repeats.ts';

/** How a rule picks a line among a distribution's current builds (src/lib/catalog/recommended.ts). */
export const PICKS = ['newest', 'newest-lts', 'previous-lts'] as const;

const purpose = z.string().trim().min(1).max(80, 'keep the purpose to a few words (80 characters at most)');

/**
 * One recommendation of `content/data/recommended.yaml`: a rule over a
 * distribution's current builds, or a fixed image line. Either way it names a
 * line, never an image ID, so it follows each new build.
 */
export const recommendationSchema = z.union([
  z
    .object({
      /** Key from `content/data/distributions.yaml` (or an `os_distro` value it lists). */
      distro: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'write the distribution key as distributions.yaml does, e.g. ubuntu'),
      /** `newest`: the highest version; `newest-lts` / `previous-lts`: the highest / second-highest long-term-support version (eol.yaml's `lts: true`, or "LTS" in the name). */
      pick: z.enum(PICKS),
      /** What it is for, in a few words; a default is written when left out. */
      purpose: purpose.optional(),
      /** The architecture wanted; x86_64 when left out. */
      architecture: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      /** An image line's key, as `/catalog/latest.json` lists it (`ubuntu-24-04-lts-noble-amd64`). */
      line: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'write the line key as /catalog/latest.json lists it'),
      purpose: purpose.optional(),
    })
    .strict(),
]);

export type Recommendation = z.infer<typeof recommendationSchema>;

/** The whole file: a list, first shown first; an empty file (or none) means "derive them" (see recommended.ts). */
export const recommendedFileSchema = z
  .array(recommendationSchema)
  .nullable()
  .transform((list) => list ?? [])
  .superRefine((list, ctx) =>
    flagRepeats(
      ctx,
      list,
      (entry) => ['line' in entry ? `line ${entry.line}` : `${entry.distro} ${entry.pick} ${entry.architecture ?? ''}`],
      (key, index) => ({ path: [index], message: `${key.trim()} is listed twice` }),
    ),
  );
