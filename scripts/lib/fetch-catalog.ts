/**
 * One catalog fetch, start to finish: credentials, Keystone, the image
 * endpoint, the Glance listing, client-side filtering, normalising, and the
 * snapshot and history writes. Nothing is written unless everything before
 * the write succeeded.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema, type CatalogImage, type Snapshot } from '../../src/schemas/snapshot.ts';
import {
  isArchivedImage,
  isHiddenBuild,
  isOfficialImage,
  normaliseImage,
  ownLoginUserEntry,
  sortImages,
  sortKeysDeep,
  type GlanceRecord,
} from '../../src/lib/catalog/normalise.ts';
import type { ImageConventions } from '../../src/lib/catalog/conventions.ts';
import { configuredConventions } from '../../src/lib/cloud-config.ts';
import { meansNoLoginUser } from '../../src/lib/catalog/login.ts';
import { readDistributionsFileSync } from '../../src/lib/catalog/distributions-file.ts';
import type { FetchOptions } from './cli-args.ts';
import { ConfigError, DataError, UsageError } from './errors.ts';
import { ownerGuard, shrinkGuard } from './guards.ts';
import { isAccountName } from '../../src/lib/catalog/account-name.ts';
import { cleanText } from '../../src/lib/catalog/safe-text.ts';
import { loadCloudConfig, readCaBundle } from './openstack/config.ts';
import { HttpClient } from './openstack/http.ts';
import { authenticate, findImageEndpoint } from './openstack/keystone.ts';
import { listImages, publicEndpoint, type ListedVisibility, type Listing } from './openstack/glance.ts';
import { diffCatalog, historyPathFor, isEmptyEntry, loginUserReader, readHistory } from './history.ts';
import { readPreviousSnapshot, repairInterruptedWrite, sameImages, writeSnapshotAndHistory } from './snapshot-file.ts';
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
  /** How the cloud spells its image facts (default: cloud.config.yaml's, `configuredConventions()`). */
  conventions?: ImageConventions;
}

export interface FetchResult {
  out: string;
  historyPath: string;
  images: number;
  /** Archived builds written: the archive project's (0 with --no-archive) and, with --hidden-builds, the hidden ones. */
  archived: number;
  /** Of those, the official project's hidden images (0 without --hidden-builds). */
  hiddenBuilds: number;
  /** The archive project listed, or null with --no-archive. */
  archiveOwner: string | null;
  added: number;
  /** Current builds this fetch found moved to the archive (recorded as "archived", not removed). */
  movedToArchive: number;
  removed: number;
  updated: number;
  /** Whether the images changed (a history entry was recorded). */
  changed: boolean;
  /** Images whose own login user (e.g. `image_original_user`) is not an account name (shown as "login user not known"), by id. */
  badLoginUsers: string[];
  fetchedAt: string;
  imageEndpoint: string;
  region: string | null;
  owner: string;
  pages: number;
}

const USER_AGENT = 'image-catalog-fetch/1';

/**
 * `--out` must name a file whose nearest existing ancestor is a directory:
 * checked before any network traffic, so "a path under a regular file" is one
 * clear line rather than an EEXIST from mkdir after the whole listing.
 */
export function checkOutPath(out: string): void {
  try {
    if (statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a directory`, 'give --out a file path, e.g. content/catalog/snapshot.json');
    return;
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  for (let dir = dirname(out); ; dir = dirname(dir)) {
    let isDir: boolean | null = null;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = null;
    }
    if (isDir === true) return;
    if (isDir === false) {
      throw new UsageError(`--out ${out} is under ${dir}, which is a file, not a directory`, 'give --out a path in a directory');
    }
    if (dirname(dir) === dir) return;
  }
}

export async function fetchCatalog(request: FetchRequest): Promise<FetchResult> {
  const { options, progress, env } = request;
  checkOutPath(request.out);
  const config = loadCloudConfig(env);
  const distributions = readDistributionsFileSync(request.distributionsFile);
  const conventions = request.conventions ?? configuredConventions();

  // A kill during the last write left a journal: finish that write first, so its change is recorded.
  if (await repairInterruptedWrite(request.out)) {
    progress.warn(`finished an interrupted write of ${request.out} and its history (a journal was left beside it)`);
  }
  const previous = await readPreviousSnapshot(request.out);
  if (previous.warning) progress.warn(previous.warning);
  const refusal = ownerGuard(previous.snapshot, options.owner, options.ownerChange);
  if (refusal) throw new UsageError(refusal.reason, refusal.fix);

  const ca = readCaBundle(config.cacert);
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
    const list = async (owner: string, visibility: ListedVisibility, hidden = false): Promise<Listing> => {
      const listing = await listImages({
        http,
        endpoint,
        owner,
        visibility,
        hidden,
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
    const badLoginUsers: string[] = [];
    /** Normalised images of the records that pass `keep`, by id; warns of login users that are not account names. */
    const normaliseAll = (records: readonly GlanceRecord[], keep: (record: GlanceRecord) => boolean): CatalogImage[] => {
      const byId = new Map<string, CatalogImage>();
      for (const record of records) {
        if (!keep(record)) continue;
        if (typeof record.id !== 'string' || record.id === '') {
          throw new DataError('Glance listed an image without an id', 'tell the cloud operators');
        }
        const image = normaliseImage(record, distributions, conventions);
        byId.set(record.id, image);
        // Judged on the cleaned value, the one the snapshot keeps and the build decides on; `none` (SCS-0102) means no login user.
        const own = ownLoginUserEntry(record, conventions);
        const loginUser = own ? cleanText(own.value).trim() : '';
        if (loginUser !== '' && !meansNoLoginUser(loginUser) && !isAccountName(loginUser, distributions)) {
          badLoginUsers.push(image.id);
          progress.warn(
            `image ${image.id}: ${cleanText(own!.name).slice(0, 40)} ${JSON.stringify(loginUser.slice(0, 40))} is not an account name; the catalog shows its login user as not known (tell the image's maintainers)`,
          );
        }
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
    let hidden: CatalogImage[] = [];
    if (options.hiddenBuilds) {
      // SCS-0102: earlier builds are hidden (os_hidden=true), their IDs still valid. Glance lists hidden images only when asked.
      progress.step(`Listing hidden earlier builds (public images of ${options.owner} with os_hidden=true)`);
      const hiddenListing = await list(options.owner, 'public', true);
      archivePages += hiddenListing.pages;
      hidden = normaliseAll(hiddenListing.images, (record) => isHiddenBuild(record, options.owner));
    }
    const images = normaliseAll(listing.images, (record) => isOfficialImage(record, options.owner));
    // An image listed both ways (moved or unhidden mid-fetch) counts as current.
    const currentIds = new Set(images.map((image) => image.id));
    const archiveIds = new Set(archived.map((image) => image.id));
    hidden = hidden.filter((image) => !currentIds.has(image.id) && !archiveIds.has(image.id));
    archived = sortImages([...archived.filter((image) => !currentIds.has(image.id)), ...hidden]);
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
    const shrunk = shrinkGuard(previous.snapshot, images.length, options.allowShrink);
    if (shrunk) throw new DataError(shrunk.reason, shrunk.fix);
    const history = await readHistory(historyPath);
    // Builds moved to the archive are "archived"; images gone from both lists are removed (their pages become tombstones).
    const entry = diffCatalog(previous.snapshot ?? null, { images, archived }, fetchedAt, loginUserReader(distributions, conventions), conventions);
    const changed =
      !isEmptyEntry(entry) &&
      !(previous.snapshot && sameImages(previous.snapshot.images, images) && sameImages(previous.snapshot.archived, archived));

    await writeSnapshotAndHistory(request.out, snapshot, changed ? { ...history, entries: [entry, ...history.entries] } : null);

    return {
      out: request.out,
      historyPath,
      images: images.length,
      archived: archived.length,
      hiddenBuilds: hidden.length,
      archiveOwner: options.archiveOwner,
      added: entry.added.length,
      movedToArchive: entry.archived?.length ?? 0,
      removed: entry.removed.length,
      updated: entry.updated.length,
      changed,
      badLoginUsers,
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
