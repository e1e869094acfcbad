import { z } from 'astro/zod';
import { flagRepeats } from './repeats.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD');

/**
 * One release of a distribution and the day its free security support ends.
 * `content/data/eol.yaml` holds the list; the catalog marks images of a release
 * past that day as end of life.
 */
export const eolReleaseSchema = z
  .object({
    /** The release as image versions spell it: "24.04", "9", "42.1", "2019". */
    version: z.string().min(1),
    /** Release code name, for readers of the file ("Noble Numbat"). */
    codename: z.string().optional(),
    /**
     * Tells apart releases sharing a version number (CentOS 8 and CentOS Stream 8):
     * the entry applies only to images whose name contains this text, ignoring case.
     */
    nameIncludes: z.string().min(1).optional(),
    /** Last day of free security updates. */
    eol: isoDate,
    /** Where the date comes from, when not the distribution's source. */
    source: z.url().optional(),
    /** A long-term-support release (Ubuntu's even-year .04): what `pick: newest-lts` in recommended.yaml looks for. */
    lts: z.boolean().optional(),
  })
  .strict();

export const eolDistributionSchema = z
  .object({
    /** Key from `content/data/distributions.yaml`. */
    distro: z.string().regex(/^[a-z][a-z0-9-]*$/),
    /** What "end of life" means for this distribution. */
    meaning: z.string().min(1),
    /** Where the dates come from. */
    source: z.url(),
    releases: z.array(eolReleaseSchema).min(1),
  })
  .strict();

export const eolFileSchema = z
  .array(eolDistributionSchema)
  .min(1)
  .superRefine((list, ctx) => {
    flagRepeats(ctx, list, (distro) => [distro.distro], (key, index) => ({ path: [index, 'distro'], message: `"${key}" is listed twice` }));
    list.forEach((distro, index) =>
      flagRepeats(
        ctx,
        distro.releases,
        (release) => [`${release.version}|${release.nameIncludes ?? ''}`],
        (_, releaseIndex, release) => ({ path: [index, 'releases', releaseIndex, 'version'], message: `${distro.distro} ${release.version} is listed twice` }),
      ),
    );
  });

export type EolRelease = z.infer<typeof eolReleaseSchema>;
export type EolDistribution = z.infer<typeof eolDistributionSchema>;
