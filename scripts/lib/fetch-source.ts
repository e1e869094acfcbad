/**
 * One source's fetch (one cloud's Glance in one region): the official listing, the archived and hidden
 * builds, client-side filtering, normalising, the guards and the change against the source's last good
 * snapshot (the owner guard, `checkOwner`, is its caller's, before any traffic). Writes nothing: the orchestrator (fetch-catalog.ts) writes every source's files once all of
 * them are known, so a failed fetch never touches the last good files.
 */
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema, type CatalogImage, type History, type Snapshot } from '../../src/schemas/snapshot.ts';
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
import type { Distribution } from '../../src/schemas/distributions.ts';
import { meansNoLoginUser } from '../../src/lib/catalog/login.ts';
import { isAccountName } from '../../src/lib/catalog/account-name.ts';
import { cleanText } from '../../src/lib/catalog/safe-text.ts';
import { ConfigError, DataError, UsageError } from './errors.ts';
import { ownerGuard, shrinkGuard } from './guards.ts';
import type { HttpClient } from './openstack/http.ts';
import { listImages, publicEndpoint, type ListedVisibility, type Listing } from './openstack/glance.ts';
import { diffCatalog, isEmptyEntry, loginUserReader } from './history.ts';
import { sameImages } from './snapshot-file.ts';
import type { ProgressSink } from './progress.ts';

/** Whose images one source lists, and how it treats them: today's options, per member. */
export interface SourceImages {
  owner: string;
  /** Project whose community images are archived builds; null: none listed. */
  archiveOwner: string | null;
  hiddenBuilds: boolean;
  conventions: ImageConventions;
}

/** The guards and listing limits every source shares (from the command line). */
export interface SourceLimits {
  allowEmpty: boolean;
  ownerChange: boolean;
  allowShrink: boolean;
  pageSize: number;
  maxPages: number;
}

export interface SourceRequest {
  http: HttpClient;
  /** The Glance endpoint as the catalog (or the override) gives it. */
  endpoint: string;
  region: string | null;
  /** The token to send, and how to get a new one when Glance says it has expired (false: cannot). */
  auth: { token: () => string; renew: () => Promise<boolean> };
  images: SourceImages;
  limits: SourceLimits;
  distributions: readonly Distribution[];
  /** This source's last good files (null: none yet). */
  previous: { snapshot: Snapshot | null; history: History };
  fetchedAt: string;
  progress: ProgressSink;
}

/** What one source's fetch found: the files to write, and the figures the summary gives. */
export interface SourceOutcome {
  snapshot: Snapshot;
  /** The history to write, or null when nothing changed (the old one stays). */
  history: History | null;
  images: number;
  archived: number;
  hiddenBuilds: number;
  added: number;
  movedToArchive: number;
  removed: number;
  updated: number;
  changed: boolean;
  badLoginUsers: string[];
  imageEndpoint: string;
  pages: number;
}

/**
 * The owner guard: a source's last good snapshot of another owner is not replaced unasked. Its callers run it
 * before any traffic (fetch-catalog.ts), so `fetchSource` does not run it again.
 */
export function checkOwner(previous: Snapshot | null, owner: string, ownerChange: boolean): void {
  const refusal = ownerGuard(previous, owner, ownerChange);
  if (refusal) throw new UsageError(refusal.reason, refusal.fix);
}

export async function fetchSource(request: SourceRequest): Promise<SourceOutcome> {
  const { http, endpoint, images: want, limits, progress, distributions } = request;
  const conventions = want.conventions;
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
      pageSize: limits.pageSize,
      maxPages: limits.maxPages,
      auth: request.auth,
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
  const listing = await list(want.owner, 'public');
  let archived: CatalogImage[] = [];
  let archivePages = 0;
  if (want.archiveOwner !== null) {
    const archiveOwner = want.archiveOwner;
    progress.step(`Listing archived builds (community images of ${archiveOwner})`);
    const archiveListing = await list(archiveOwner, 'community');
    archivePages = archiveListing.pages;
    archived = normaliseAll(archiveListing.images, (record) => isArchivedImage(record, archiveOwner));
  }
  let hidden: CatalogImage[] = [];
  if (want.hiddenBuilds) {
    // SCS-0102: earlier builds are hidden (os_hidden=true), their IDs still valid. Glance lists hidden images only when asked.
    progress.step(`Listing hidden earlier builds (public images of ${want.owner} with os_hidden=true)`);
    const hiddenListing = await list(want.owner, 'public', true);
    archivePages += hiddenListing.pages;
    hidden = normaliseAll(hiddenListing.images, (record) => isHiddenBuild(record, want.owner));
  }
  const images = normaliseAll(listing.images, (record) => isOfficialImage(record, want.owner));
  // An image listed both ways (moved or unhidden mid-fetch) counts as current.
  const currentIds = new Set(images.map((image) => image.id));
  const archiveIds = new Set(archived.map((image) => image.id));
  hidden = hidden.filter((image) => !currentIds.has(image.id) && !archiveIds.has(image.id));
  archived = sortImages([...archived.filter((image) => !currentIds.has(image.id)), ...hidden]);
  if (images.length === 0 && !limits.allowEmpty) {
    throw new DataError(
      `Glance listed no public, active images owned by ${want.owner} (${listing.images.length} record(s) seen); the snapshot was not replaced`,
      'check --owner (CATALOG_OWNER) and that these credentials are for the right cloud (or pass --allow-empty)',
    );
  }

  const { fetchedAt } = request;
  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    fetchedAt,
    source: { imageEndpoint: publicUrl, owner: want.owner, region: request.region },
    images,
    archived,
  };
  const checked = snapshotSchema.safeParse(snapshot);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new DataError(`the fetched catalog fails the snapshot schema at ${issue.path.join('.') || 'top level'} (${issue.message})`, 'tell the cloud operators; the old snapshot was kept');
  }

  const previous = request.previous.snapshot;
  const shrunk = shrinkGuard(previous, images.length, limits.allowShrink);
  if (shrunk) throw new DataError(shrunk.reason, shrunk.fix);
  // Builds moved to the archive are "archived"; images gone from both lists are removed (their pages become tombstones).
  const entry = diffCatalog(previous ?? null, { images, archived }, fetchedAt, loginUserReader(distributions, conventions), conventions);
  const changed = !isEmptyEntry(entry) && !(previous && sameImages(previous.images, images) && sameImages(previous.archived, archived));
  const history = request.previous.history;

  return {
    snapshot,
    history: changed ? { ...history, entries: [entry, ...history.entries] } : null,
    images: images.length,
    archived: archived.length,
    hiddenBuilds: hidden.length,
    added: entry.added.length,
    movedToArchive: entry.archived?.length ?? 0,
    removed: entry.removed.length,
    updated: entry.updated.length,
    changed,
    badLoginUsers,
    imageEndpoint: publicUrl,
    pages: listing.pages + archivePages,
  };
}
