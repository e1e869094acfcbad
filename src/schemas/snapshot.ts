import { z } from 'astro/zod';

/** Bumped whenever a change to this file would break a reader of older snapshots. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

const isoDateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a date');

/**
 * One official image, normalised from its Glance v2 record. Fields Glance did
 * not report (old images, or the committed seed snapshot) are `null`.
 */
export const catalogImageSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    /** Distribution key from `content/data/distributions.yaml`, or the raw `os_distro` when unknown. */
    distro: z.string().nullable(),
    version: z.string().nullable(),
    /** Release code name ("Noble", "Trusty"), when the image says. */
    codename: z.string().nullable(),
    /** Normalised: `x86_64`, `aarch64`, … (`amd64` is `x86_64`). */
    architecture: z.string().nullable(),
    /**
     * The image's own login user as Glance gives it (the cloud's login-user
     * properties, e.g. its `default_user`, then SCS-0102's
     * `image_original_user`; `none` means it has none), or `null` when the
     * image names none. The login user shown is decided at build time
     * (`loginUserOf`), from the properties where they say and from this otherwise.
     */
    defaultUser: z.string().nullable(),
    status: z.string(),
    visibility: z.string(),
    owner: z.string().nullable(),
    createdAt: isoDateTime.nullable(),
    updatedAt: isoDateTime.nullable(),
    /** Bytes. */
    size: z.number().int().nonnegative().nullable(),
    diskFormat: z.string().nullable(),
    containerFormat: z.string().nullable(),
    /** Gigabytes. */
    minDisk: z.number().int().nonnegative().nullable(),
    /** Megabytes. */
    minRam: z.number().int().nonnegative().nullable(),
    /** Glance's legacy MD5 checksum. */
    checksum: z.string().nullable(),
    /** Glance's multihash (`os_hash_algo`, usually sha512) and its value. */
    hashAlgo: z.string().nullable(),
    hashValue: z.string().nullable(),
    tags: z.array(z.string()),
    /** Every other string property of the image, by name. */
    properties: z.record(z.string(), z.string()),
    /**
     * Glance's exact values where they differ from the cleaned, shortened ones
     * above (src/lib/catalog/safe-text.ts), by field (`name`, `properties.<key>`,
     * `key:<raw key>`); published only in /catalog.json, never on a page.
     */
    raw: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const snapshotSourceSchema = z
  .object({
    /** The Glance endpoint listed, with no credentials or query in it. */
    imageEndpoint: z.string(),
    /** The project whose images are official. */
    owner: z.string(),
    region: z.string().nullable(),
    /**
     * The member cloud's key (cloud.config.yaml `members`, src/schemas/sources.ts) in a several-source catalog;
     * absent for one cloud's snapshot (and in every snapshot written before sources).
     */
    member: z.string().optional(),
    /** Where the data came from when it was not a live fetch. */
    note: z.string().optional(),
  })
  .strict();

export const snapshotSchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    fetchedAt: isoDateTime,
    source: snapshotSourceSchema,
    images: z.array(catalogImageSchema),
    /**
     * Earlier builds: the archive project's community, active images and,
     * with `images.hidden_builds`, the official project's public, active
     * images hidden with `os_hidden=true` (SCS-0102). Still launchable by ID,
     * never "current". Everything that reads `images` means the current
     * catalog; older snapshots have no `archived` and read as [].
     * SCS-0102's properties (`image_build_date`, `uuid_validity`, …) stay in
     * `properties`: the build derives lines, order and promises from them.
     */
    archived: z.array(catalogImageSchema).default([]),
  })
  .strict()
  .superRefine((snapshot, ctx) => {
    const ids = new Set<string>();
    for (const list of ['images', 'archived'] as const) {
      snapshot[list].forEach((image, index) => {
        if (ids.has(image.id)) {
          ctx.addIssue({ code: 'custom', path: [list, index, 'id'], message: `image ${image.id} is listed twice` });
        }
        ids.add(image.id);
      });
    }
  });

export type CatalogImage = z.infer<typeof catalogImageSchema>;
export type Snapshot = z.infer<typeof snapshotSchema>;
/** A snapshot as written (before defaults): `archived` may be left out. */
export type SnapshotInput = z.input<typeof snapshotSchema>;

/**
 * A sample snapshot (like the committed 2016 one) did not come from a live
 * fetch: its `source.note` says where it came from. Guards that protect a live
 * catalog (shrink, owner change) let a sample be replaced freely.
 */
export function isSampleSnapshot(snapshot: Pick<Snapshot, 'source'>): boolean {
  return snapshot.source.note !== undefined;
}

/** What one fetch changed, kept in the history file beside the snapshot. */
export const historyEntrySchema = z
  .object({
    fetchedAt: isoDateTime,
    added: z.array(z.object({ id: z.string(), name: z.string(), createdAt: isoDateTime.nullable() }).strict()),
    removed: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          /**
           * What a tombstone page needs to point at the nearest current image;
           * recorded since archived builds were added (absent in older entries).
           */
          distro: z.string().nullable().optional(),
          version: z.string().nullable().optional(),
          architecture: z.string().nullable().optional(),
          /** The image line (see `src/lib/catalog/lineage.ts`). */
          line: z.string().optional(),
          createdAt: isoDateTime.nullable().optional(),
          /** Whether it had been an archived build (rather than a current one) when it left. */
          archived: z.boolean().optional(),
          /**
           * The login user the catalog showed for it (null: not known then);
           * recorded since tombstones show it (absent in older entries).
           */
          loginUser: z.string().nullable().optional(),
        })
        .strict(),
    ),
    /**
     * Current builds that moved to the archive project (a newer build replaced
     * them): still launchable, so not "removed". Absent when none, and in
     * entries older than this field (which listed such builds as removed).
     */
    archived: z
      .array(
        z
          .object({
            id: z.string(),
            name: z.string(),
            /** Its name in the archive (`… [v41]`), when it changed. */
            archivedName: z.string().optional(),
            line: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    updated: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          updatedAt: isoDateTime.nullable(),
          /** Names of the fields whose values changed. */
          fields: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();

export const historySchema = z
  .object({
    schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
    /** Newest first. */
    entries: z.array(historyEntrySchema),
  })
  .strict();

export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type History = z.infer<typeof historySchema>;
