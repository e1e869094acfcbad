import { z } from 'astro/zod';

/**
 * The catalog's sources: every (member cloud, region) whose Glance the site lists. One cloud with one region
 * is one source, kept as it always was (content/catalog/snapshot.json and history.json, no index). Several
 * sources (`cloud.regions` or `members` in cloud.config.yaml) are kept as one snapshot and one history per
 * source under `sources/<member>/<region>/` beside that file, listed in order by this index (`sources.json`):
 * the fetch writes them, the build merges them (src/lib/catalog/sources.ts).
 */
export const SOURCES_SCHEMA_VERSION = 1;

const isoDateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a date');
/** A member key or region name as it names a folder: what cloud.config.yaml accepts (src/schemas/cloud-config.ts). */
export const SOURCE_PART = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const part = z.string().regex(SOURCE_PART, 'not a member key or region name');

export const sourceEntrySchema = z
  .object({
    /** The member's key (`MemberConfig.key`). */
    member: part,
    /** The Keystone region; null when the image endpoint has none. */
    region: part.nullable(),
    /**
     * The source's last fetch that failed, when it is newer than its snapshot: the pages say its data is as of
     * the snapshot's `fetchedAt` (its last good fetch). `error` is the fetch's one line, already redacted.
     * null: the last fetch succeeded.
     */
    lastFailure: z.object({ at: isoDateTime, error: z.string().max(500) }).strict().nullable(),
  })
  .strict();

export const sourcesIndexSchema = z
  .object({
    schemaVersion: z.literal(SOURCES_SCHEMA_VERSION),
    /** In the configuration's order (members, then each member's regions). */
    sources: z.array(sourceEntrySchema).min(1),
  })
  .strict()
  .superRefine((index, ctx) => {
    const keys = new Set<string>();
    index.sources.forEach((source, position) => {
      const key = `${source.member}/${source.region ?? ''}`;
      if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['sources', position], message: `source ${key} is listed twice` });
      keys.add(key);
    });
  });

export type SourceEntry = z.infer<typeof sourceEntrySchema>;
export type SourcesIndex = z.infer<typeof sourcesIndexSchema>;
