/**
 * One publish of a built site to a Swift container: check the names and that
 * the site was built for where the container serves it, authenticate, take
 * the container's lease, list it once, check it is the site's (its manifest)
 * and that the change is not a mass deletion, then change it in an order that
 * is safe at every instant (assets, new pages, the pages that link to them,
 * old pages referrers first), leave old hashed assets to expire, and read the
 * result back as an anonymous reader would. Nothing is changed before every
 * check has passed; a failure after the first change says the site is between
 * versions, and the next publish finishes it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogError, ConfigError, DataError, UsageError } from '../errors.ts';
import { formatDuration } from '../duration.ts';
import { SHRINK_LIMIT } from '../guards.ts';
import { loadCloudConfig, readCaBundle } from '../openstack/config.ts';
import { HttpClient } from '../openstack/http.ts';
import { authenticate, findServiceEndpoint } from '../openstack/keystone.ts';
import type { Progress } from '../progress.ts';
import { safeUrl } from '../redact.ts';
import { SwiftClient } from './client.ts';
import { takeLease, type Lease } from './lease.ts';
import { canLink, referencesOf, siteAddress } from './links.ts';
import { containerRefusal, prefixRefusal } from './names.ts';
import { contentTypeOf, isContentHashed } from './objects.ts';
import { deleteWaves } from './order.ts';
import { LEASE_NAME, manifestName, ownershipOf, ownershipRefusal, parseManifest, publicAcl, sameManifest, takeOverEffects, type Manifest } from './ownership.ts';
import { expiriesWhileRunning, normalisePrefix, planIsEmpty, planPublish, type PublishPlan, type RemoteObject, type Upload } from './plan.ts';
import { readBack } from './read-back.ts';
import { readSite } from './site-files.ts';
import { builtFor, locationMismatch, servedAt } from './site-location.ts';

/** The staticweb settings that make a container a site (the read ACL is handled apart: see ownership.ts). */
export const STATIC_WEB_META: Record<string, string> = {
  'x-container-meta-web-index': 'index.html',
  // A missing page gets <status>.html, i.e. the site's 404.html, with status 404.
  'x-container-meta-web-error': '.html',
};

/** A new container: public (with keystoneauth, anonymous readers get the root index.html only when listings are allowed too). */
export const STATIC_WEB_HEADERS: Record<string, string> = { 'x-container-read': '.r:*,.rlistings', ...STATIC_WEB_META };

export interface PublishOptions {
  dist: string;
  container: string;
  prefix: string;
  dryRun: boolean;
  /** Where readers reach the container when a proxy fronts it; null: Swift's own URL. */
  publicUrl: string | null;
  jobs: number;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Seconds old content-hashed assets stay after the site stops using them (0: deleted at the end). */
  keepOldAssetsSeconds: number;
  /** Make a container holding other objects, or not public, the site's. */
  takeOver: boolean;
  /** Allow deleting more than a quarter of the site's objects. */
  allowShrink: boolean;
  /** Read the result back anonymously. */
  verify: boolean;
}

export interface PublishResult {
  url: string;
  dryRun: boolean;
  created: boolean;
  uploaded: number;
  uploadedBytes: number;
  unchanged: number;
  deleted: number;
  /** Old assets newly left to expire. */
  expiring: number;
  plan: PublishPlan;
  /** What --take-over did to the operator's objects; null without it (or when there was nothing). */
  takeOver: { madePublic: string[]; replaced: string[] } | null;
  /** Addresses read back, or 0 with --no-verify. */
  verified: number;
  /**
   * Writes to the site's objects, its manifest and the container's settings (uploads, expiry marks, deletes,
   * manifest writes, container creates and updates): 0 when nothing differed. The lease is not counted: it is
   * the run's own object, taken and released around every publish, never part of the site.
   */
  written: number;
}

/** A publish that failed after its first change: the site is between versions until the next publish finishes it. */
export class PartialPublishError extends Error {
  readonly failure: unknown;
  readonly exitCode: number;
  readonly live: number;
  readonly total: number;
  readonly deleted: number;

  constructor(failure: unknown, progress: { live: number; total: number; deleted: number }) {
    super(failure instanceof Error ? failure.message : String(failure));
    this.name = 'PartialPublishError';
    this.failure = failure;
    this.exitCode = failure instanceof CatalogError ? failure.exitCode : 1;
    this.live = progress.live;
    this.total = progress.total;
    this.deleted = progress.deleted;
  }
}

/** Runs `task` over `items` with at most `jobs` at once; the first failure stops new work and is thrown. */
async function pool<T>(items: readonly T[], jobs: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  if (failed !== null) throw failed;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** The refusal for deleting more than a quarter of the site's objects, or null. */
/**
 * What the shrink guard weighs: the site's live objects that are not content-hashed (pages, data, feeds,
 * images), and how many of them the plan deletes. Content-hashed assets that a new build replaces are no
 * shrink: a nightly refresh changes every page's "listed on" date, and with it every Pagefind fragment.
 */
export function shrinkMeasure(liveOwned: readonly string[], deletes: readonly string[], prefix: string): { owned: number; removed: number } {
  const unhashed = (name: string) => !isContentHashed(name.slice(prefix.length));
  return { owned: liveOwned.filter(unhashed).length, removed: deletes.filter(unhashed).length };
}

export function shrinkRefusal(owned: number, removed: number, allowShrink: boolean): { reason: string; fix: string } | null {
  if (allowShrink || owned === 0 || removed <= owned * SHRINK_LIMIT) return null;
  return {
    reason: `this publish would remove ${removed} of the site's ${owned} objects (more than ${SHRINK_LIMIT * 100}%); nothing was changed`,
    fix: 'check --dist and --prefix (is this the whole site?); if the site really shrank, run again with --allow-shrink',
  };
}

interface ContainerState {
  exists: boolean;
  headers: Record<string, string>;
  /** Every object in the container (not only under the prefix). */
  objects: Map<string, RemoteObject>;
  manifest: Manifest | null;
}

async function readContainer(swift: SwiftClient, container: string, prefix: string): Promise<ContainerState> {
  const listing = await swift.list(container, '');
  let manifest: Manifest | null = null;
  if (listing.exists && listing.objects.has(manifestName(prefix))) {
    const text = (await swift.getObject(container, manifestName(prefix)))?.toString('utf8');
    if (text !== undefined) {
      manifest = parseManifest(text);
      if (manifest === null) {
        throw new DataError(`the site's manifest ${manifestName(prefix)} in container "${container}" is not one this publish wrote`, 'delete it, or pass --take-over to make the container the site\'s again');
      }
    }
  }
  return { exists: listing.exists, headers: listing.headers, objects: listing.objects, manifest };
}

export async function publishSite(options: PublishOptions, env: NodeJS.ProcessEnv, progress: Progress): Promise<PublishResult> {
  for (const refusal of [containerRefusal(options.container), prefixRefusal(options.prefix)]) if (refusal) throw new UsageError(refusal.reason, refusal.fix);
  const prefix = normalisePrefix(options.prefix);
  let indexHtml: string;
  try {
    indexHtml = readFileSync(join(options.dist, 'index.html'), 'utf8');
  } catch {
    throw new UsageError(`there is no built site in ${options.dist} (no index.html)`, 'run npm run build first, or give --dist DIR');
  }
  const built = builtFor(indexHtml);
  if (!built) throw new DataError(`${options.dist}/index.html has no canonical link, so where the site was built for is unknown`, 'rebuild it with npm run build');

  const config = loadCloudConfig(env);
  if (config.authUrl === null) throw new ConfigError('publishing needs Keystone (OS_AUTH_URL or OS_CLOUD) to find the object store', 'source an openrc file or set OS_CLOUD');
  const ca = readCaBundle(config.cacert);
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    maxBytes: 256 * 1024 * 1024,
    ca,
    insecure: config.insecure,
    userAgent: 'image-catalog-publish/1',
    maxSockets: options.jobs + 2,
  });
  http.onRetry = (notice) =>
    progress.notice(`${notice.reason}; trying again in ${(notice.delayMs / 1000).toFixed(1)}s (attempt ${notice.attempt + 1} of ${notice.attempts})`);

  let lease: Lease | null = null;
  try {
    progress.step(`Authenticating with Keystone at ${safeUrl(config.authUrl)}`);
    const session = await authenticate(http, config);
    let token = session.token;
    const storageUrl =
      config.objectStoreEndpointOverride ||
      findServiceEndpoint(
        session.catalog,
        { type: 'object-store', name: 'object-store', missingFix: 'this cloud (or region) has no Swift object storage: check OS_REGION_NAME' },
        { interface: config.interface, region: config.regionName },
      ).url;
    const swift = new SwiftClient(
      http,
      storageUrl,
      {
        token: () => token,
        renew: async () => {
          token = (await authenticate(http, config)).token;
          return true;
        },
      },
      { applicationCredential: config.authMethod === 'applicationCredential' },
    );
    const url = servedAt(swift.storageUrl, options.container, prefix);
    const publicBase = options.publicUrl ?? url;
    const mismatch = locationMismatch(built, publicBase);
    if (mismatch) throw new ConfigError(mismatch.cause, mismatch.fix);

    progress.step(`Reading ${options.dist}`);
    const files = await readSite(options.dist, siteAddress(built));
    const siteNames = new Set(files.map((file) => `${prefix}${file.path}`));

    let created = false;
    const createContainer = async () => {
      await swift.putContainer(options.container, STATIC_WEB_HEADERS);
      created = true;
    };
    if (!options.dryRun) {
      progress.step(`Taking the lease on container ${options.container}`);
      lease = await takeLease(swift, options.container, (line) => progress.warn(line), createContainer);
    }
    progress.step(`Listing container ${options.container}`);
    const state = await readContainer(swift, options.container, prefix);
    const readAcl = state.headers['x-container-read'] ?? '';
    // A container we just created for the lease is the site's, and public.
    const fresh = !state.exists || (state.manifest === null && [...state.objects.keys()].every((name) => name === LEASE_NAME) && readAcl === STATIC_WEB_HEADERS['x-container-read']);
    const ownership = ownershipOf(state.objects.keys(), state.manifest, prefix, readAcl);
    const refusal = ownershipRefusal(options.container, !fresh, ownership, options.takeOver);
    if (refusal) throw new ConfigError(refusal.reason, refusal.fix);

    const reserved = new Set([manifestName(prefix), LEASE_NAME]);
    const remote = new Map([...state.objects].filter(([name]) => name.startsWith(prefix) && !reserved.has(name)));
    const expiringBefore = { ...(state.manifest?.expiring ?? {}) };
    const now = Math.floor(Date.now() / 1000);
    // Only what the site owns is ever deleted or left to expire, even with --take-over.
    const plan = planPublish(files, remote, prefix, { owned: ownership.owned, expiring: expiringBefore, pending: new Set(state.manifest?.pending ?? []), now });
    const ownedLive = [...remote.keys()].filter((name) => ownership.owned.has(name) && expiringBefore[name] === undefined);
    const measure = shrinkMeasure(ownedLive, plan.deletes, prefix);
    const shrink = shrinkRefusal(measure.owned, measure.removed, options.allowShrink);
    if (shrink) throw new DataError(shrink.reason, shrink.fix);
    const effects = options.takeOver && !fresh ? takeOverEffects(ownership, [...state.objects.keys()], siteNames, prefix) : null;

    const result: PublishResult = {
      url,
      dryRun: options.dryRun,
      created: created || !state.exists,
      uploaded: 0,
      uploadedBytes: 0,
      unchanged: plan.unchanged,
      deleted: 0,
      expiring: 0,
      plan,
      takeOver: effects,
      verified: 0,
      // The container the lease made for itself is the site's: one write.
      written: created ? 1 : 0,
    };
    if (options.dryRun) return result;

    // The container's settings: public (keeping the operator's other grants), staticweb on.
    const wantAcl = publicAcl(readAcl);
    const settings: Record<string, string> = {};
    if (state.exists && wantAcl !== readAcl) settings['x-container-read'] = wantAcl;
    for (const [name, value] of Object.entries(STATIC_WEB_META)) if (state.headers[name] !== value) settings[name] = value;
    if (!state.exists) {
      await createContainer();
      result.written += 1;
    } else if (Object.keys(settings).length > 0) {
      await swift.postContainer(options.container, settings);
      result.written += 1;
    }

    // The manifest first names everything this run may put there, so a run killed midway still owns its uploads.
    const foreign = new Set(state.manifest?.foreign ?? []);
    if (options.takeOver) for (const name of ownership.foreign) if (!siteNames.has(name)) foreign.add(name);
    const manifestOf = (objects: Iterable<string>, expiring: Record<string, number>, pending: string[] = []): Manifest => ({
      format: 1,
      objects: [...new Set(objects)].sort(),
      expiring,
      foreign: [...foreign].sort(),
      pending,
      updatedAt: new Date().toISOString(),
    });
    const writeManifest = async (objects: Iterable<string>, expiring: Record<string, number>, pending: string[] = []) => {
      const manifest = manifestOf(objects, expiring, pending);
      const body = Buffer.from(`${JSON.stringify(manifest)}\n`);
      await swift.putObject(options.container, manifestName(prefix), body, {
        etag: createHash('md5').update(body).digest('hex'),
        contentType: 'application/json; charset=utf-8',
        cacheControl: 'no-store',
      });
      result.written += 1;
    };
    const stillExpiring = Object.fromEntries(Object.entries(expiringBefore).filter(([name, at]) => at > now && !siteNames.has(name)));
    // Nothing differs (no upload, expiry, delete, setting, and the manifest would say what it says): write nothing.
    const finish = async (): Promise<PublishResult> => {
      if (options.verify) {
        progress.step(`Reading the site back from ${safeUrl(publicBase)}`);
        result.verified = await readBack(http, publicBase, files);
      }
      progress.clear();
      return result;
    };
    if (result.written === 0 && planIsEmpty(plan) && sameManifest(state.manifest, manifestOf(siteNames, stillExpiring))) return await finish();
    const ownedBefore = [...ownership.owned].filter((name) => expiringBefore[name] === undefined);
    // A run that fails midway leaves a manifest from which the next one knows which objects may carry an X-Delete-At.
    const grace = options.keepOldAssetsSeconds;
    const running = expiriesWhileRunning({ expiring: expiringBefore, pending: state.manifest?.pending ?? [] }, siteNames, plan.expire, now, grace);
    await writeManifest([...ownedBefore, ...siteNames], running.expiring, running.pending);

    const byName = new Map(files.map((file) => [`${prefix}${file.path}`, file]));
    const total = plan.uploads.length;
    const totalBytes = plan.uploads.reduce((sum, upload) => sum + upload.bytes, 0);
    let changed = false;
    try {
      const upload = async (file: Upload) => {
        const body = byName.get(file.name)!.data;
        await swift.putObject(options.container, file.name, body, { etag: file.md5, contentType: file.contentType, cacheControl: file.cacheControl });
        changed = true;
        result.written += 1;
        result.uploaded += 1;
        result.uploadedBytes += file.bytes;
        progress.step(`Uploaded ${result.uploaded} of ${total} files (${mb(result.uploadedBytes)} of ${mb(totalBytes)} MB)`);
      };
      // Wave by wave: every object a page refers to is live before the page.
      for (const wave of plan.waves) await pool(wave, options.jobs, upload);

      // Old hashed assets: an open page or a cached copy may still ask for them, so they expire rather than go.
      const expiringNow: Record<string, number> = { ...stillExpiring };
      if (grace > 0) {
        await pool(plan.expire, options.jobs, async (name) => {
          const object = remote.get(name)!;
          const path = name.slice(prefix.length);
          const kept = await swift.postObject(options.container, name, {
            'x-delete-after': String(grace),
            'content-type': object.contentType || contentTypeOf(path),
            'cache-control': 'public, max-age=31536000, immutable',
          });
          changed = true;
          result.written += 1;
          if (kept) {
            expiringNow[name] = Math.floor(Date.now() / 1000) + grace;
            result.expiring += 1;
          }
          progress.step(`Left ${result.expiring} old assets to expire in ${formatDuration(grace)}`);
        });
      }

      // Old pages, referrers first: no live page ever links to an object already gone.
      const doomed = [...plan.deletes, ...plan.expired, ...(grace > 0 ? [] : plan.expire)];
      const oldRefs = new Map<string, string[]>();
      const site = siteAddress(built);
      const doomedPaths = new Set(doomed.map((name) => name.slice(prefix.length)));
      await pool(
        doomed.filter((name) => canLink(name) && !isContentHashed(name.slice(prefix.length))),
        options.jobs,
        async (name) => {
          const text = (await swift.getObject(options.container, name))?.toString('utf8') ?? '';
          oldRefs.set(name, referencesOf(text, site, (path) => doomedPaths.has(path)).map((path) => `${prefix}${path}`));
        },
      );
      for (const wave of deleteWaves(doomed, (name) => oldRefs.get(name) ?? [])) {
        await pool(wave, options.jobs, async (name) => {
          await swift.deleteObject(options.container, name);
          changed = true;
          result.written += 1;
          result.deleted += 1;
          progress.step(`Deleted ${result.deleted} of ${doomed.length} objects the site no longer has`);
        });
      }
      await writeManifest(siteNames, expiringNow);
    } catch (error) {
      if (changed) throw new PartialPublishError(error, { live: result.uploaded, total, deleted: result.deleted });
      throw error;
    }
    return await finish();
  } finally {
    if (lease) await lease.release().catch((error: unknown) => progress.notice(`could not release the lease: ${(error as Error).message}`));
    http.close();
  }
}
