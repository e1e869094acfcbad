/**
 * One catalog fetch, start to finish: credentials, Keystone, the image
 * endpoint, the Glance listing, client-side filtering, normalising, and the
 * snapshot and history writes. Nothing is written unless everything before
 * the write succeeded.
 */
import { readFileSync } from 'node:fs';
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema, type CatalogImage, type Snapshot } from '../../src/schemas/snapshot.ts';
import { isArchivedImage, isOfficialImage, normaliseImage, sortImages, sortKeysDeep, type GlanceRecord } from '../../src/lib/catalog/normalise.ts';
import { readDistributionsFileSync } from '../../src/lib/catalog/distributions-file.ts';
import type { FetchOptions } from './cli-args.ts';
import { ConfigError, DataError } from './errors.ts';
import { loadCloudConfig } from './openstack/config.ts';
import { HttpClient } from './openstack/http.ts';
import { authenticate, findImageEndpoint } from './openstack/keystone.ts';
import { listImages, publicEndpoint, type ListedVisibility, type Listing } from './openstack/glance.ts';
import { diffArchived, diffImages, historyPathFor, isEmptyEntry, readHistory, writeHistory } from './history.ts';
import { readPreviousSnapshot, sameImages, writeSnapshot } from './snapshot-file.ts';
import type { Progress } from './progress.ts';
import { safeUrl } from './redact.ts';

export interface FetchRequest {
  options: FetchOptions;
  /** Absolute snapshot path. */
  out: string;
  /** Absolute path of content/data/distributions.yaml. */
  distributionsFile: string;
  env: NodeJS.ProcessEnv;
  progress: Progress;
  now?: () => Date;
}

export interface FetchResult {
  out: string;
  historyPath: string;
  images: number;
  /** Archived builds written (0 with --no-archive). */
  archived: number;
  /** The archive project listed, or null with --no-archive. */
  archiveOwner: string | null;
  added: number;
  removed: number;
  updated: number;
  /** Whether the images changed (a history entry was recorded). */
  changed: boolean;
  fetchedAt: string;
  imageEndpoint: string;
  region: string | null;
  owner: string;
  pages: number;
}

const USER_AGENT = 'nectar-image-catalog-fetch/1';

export async function fetchCatalog(request: FetchRequest): Promise<FetchResult> {
  const { options, progress, env } = request;
  const config = loadCloudConfig(env);
  const distributions = readDistributionsFileSync(request.distributionsFile);

  let ca: Buffer | null = null;
  if (config.cacert) {
    try {
      ca = readFileSync(config.cacert);
    } catch (error) {
      throw new ConfigError(`cannot read the CA bundle ${config.cacert} (${(error as NodeJS.ErrnoException).code})`, 'check OS_CACERT');
    }
  }
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    maxBytes: options.maxBytes,
    ca,
    insecure: config.insecure,
    userAgent: USER_AGENT,
  });
  http.onRetry = (notice) =>
    progress.notice(`${notice.reason}; trying again in ${(notice.delayMs / 1000).toFixed(1)}s (attempt ${notice.attempt + 1} of ${notice.attempts})`);

  try {
    let token: string;
    let endpoint: string;
    let region: string | null = config.regionName;
    if (config.authUrl === null) {
      // A bare token with OS_IMAGE_ENDPOINT_OVERRIDE: no Keystone.
      token = config.token!;
      endpoint = config.imageEndpointOverride!;
    } else {
      progress.step(`Authenticating with Keystone at ${safeUrl(config.authUrl)}`);
      const session = await authenticate(http, config);
      token = session.token;
      if (config.imageEndpointOverride) {
        endpoint = config.imageEndpointOverride;
      } else {
        const found = findImageEndpoint(session.catalog, { interface: config.interface, region: config.regionName });
        endpoint = found.url;
        region = found.region;
      }
    }
    let publicUrl: string;
    try {
      publicUrl = publicEndpoint(endpoint);
    } catch {
      throw new ConfigError('the image endpoint is not a URL', 'check OS_IMAGE_ENDPOINT_OVERRIDE or the catalog');
    }
    const list = async (owner: string, visibility: ListedVisibility): Promise<Listing> => {
      const listing = await listImages({
        http,
        endpoint,
        owner,
        visibility,
        pageSize: options.pageSize,
        maxPages: options.maxPages,
        auth: {
          token: () => token,
          renew: async () => {
            if (config.authUrl === null) return false;
            token = (await authenticate(http, config)).token;
            return true;
          },
        },
        onPage: (pages, count) => progress.page(pages, count),
        onNotice: (message) => progress.notice(message),
      });
      progress.clear();
      return listing;
    };
    /** Normalised images of the records that pass `keep`, by id. */
    const normaliseAll = (records: readonly GlanceRecord[], keep: (record: GlanceRecord) => boolean): CatalogImage[] => {
      const byId = new Map<string, CatalogImage>();
      for (const record of records) {
        if (!keep(record)) continue;
        if (typeof record.id !== 'string' || record.id === '') {
          throw new DataError('Glance listed an image without an id', 'tell the cloud operators');
        }
        byId.set(record.id, normaliseImage(record, distributions));
      }
      return sortImages([...byId.values()]).map((image) => sortKeysDeep(image));
    };

    progress.step(`Listing official images at ${publicUrl}`);
    const listing = await list(options.owner, 'public');
    let archived: CatalogImage[] = [];
    let archivePages = 0;
    if (options.archiveOwner !== null) {
      const archiveOwner = options.archiveOwner;
      progress.step(`Listing archived builds (community images of ${archiveOwner})`);
      const archiveListing = await list(archiveOwner, 'community');
      archivePages = archiveListing.pages;
      archived = normaliseAll(archiveListing.images, (record) => isArchivedImage(record, archiveOwner));
    }
    const images = normaliseAll(listing.images, (record) => isOfficialImage(record, options.owner));
    // An image listed both ways (moved mid-fetch) counts as current.
    const currentIds = new Set(images.map((image) => image.id));
    archived = archived.filter((image) => !currentIds.has(image.id));
    if (images.length === 0 && !options.allowEmpty) {
      throw new DataError(
        `Glance listed no public, active images owned by ${options.owner} (${listing.images.length} record(s) seen); the snapshot was not replaced`,
        'check --owner (CATALOG_OWNER) and that these credentials are for the right cloud (or pass --allow-empty)',
      );
    }

    const fetchedAt = (request.now?.() ?? new Date()).toISOString();
    const snapshot: Snapshot = {
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      fetchedAt,
      source: { imageEndpoint: publicUrl, owner: options.owner, region },
      images,
      archived,
    };
    const checked = snapshotSchema.safeParse(snapshot);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new DataError(`the fetched catalog fails the snapshot schema at ${issue.path.join('.') || 'top level'} (${issue.message})`, 'tell the cloud operators; the old snapshot was kept');
    }

    const historyPath = historyPathFor(request.out);
    const previous = await readPreviousSnapshot(request.out);
    if (previous.warning) progress.warn(previous.warning);
    const history = await readHistory(historyPath);
    const entry = diffImages(previous.snapshot?.images ?? null, images, fetchedAt);
    // Archived builds that left the archive without becoming current again: their pages become tombstones.
    entry.removed.push(...diffArchived(previous.snapshot?.archived ?? [], images, archived));
    const changed =
      !isEmptyEntry(entry) &&
      !(previous.snapshot && sameImages(previous.snapshot.images, images) && sameImages(previous.snapshot.archived, archived));

    await writeSnapshot(request.out, snapshot);
    if (changed) await writeHistory(historyPath, { ...history, entries: [entry, ...history.entries] });

    return {
      out: request.out,
      historyPath,
      images: images.length,
      archived: archived.length,
      archiveOwner: options.archiveOwner,
      added: entry.added.length,
      removed: entry.removed.length,
      updated: entry.updated.length,
      changed,
      fetchedAt,
      imageEndpoint: publicUrl,
      region,
      owner: options.owner,
      pages: listing.pages + archivePages,
    };
  } finally {
    http.close();
  }
}
