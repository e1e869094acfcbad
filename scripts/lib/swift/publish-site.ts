/**
 * One publish of a built site to a Swift container: check the site was built
 * for where the container serves it, authenticate, list the container once,
 * plan, make the container a public static site, upload in phases (hashed
 * assets, other assets, pages and data) in parallel, then delete what the site
 * no longer has. Nothing is changed before every check has passed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfigError, DataError, UsageError } from '../errors.ts';
import { loadCloudConfig, readCaBundle } from '../openstack/config.ts';
import { HttpClient } from '../openstack/http.ts';
import { authenticate, findServiceEndpoint } from '../openstack/keystone.ts';
import type { Progress } from '../progress.ts';
import { safeUrl } from '../redact.ts';
import { SwiftClient } from './client.ts';
import { normalisePrefix, planPublish, type LocalFile, type PublishPlan, type Upload } from './plan.ts';
import { builtFor, locationMismatch, servedAt } from './site-location.ts';

/** The container headers that make it a public static site (Swift's staticweb). */
export const STATIC_WEB_HEADERS: Record<string, string> = {
  // With keystoneauth, anonymous readers get the root index.html only when listings are allowed too.
  'x-container-read': '.r:*,.rlistings',
  'x-container-meta-web-index': 'index.html',
  // A missing page gets <status>.html, i.e. the site's 404.html, with status 404.
  'x-container-meta-web-error': '.html',
};

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
}

export interface PublishResult {
  url: string;
  dryRun: boolean;
  created: boolean;
  uploaded: number;
  uploadedBytes: number;
  unchanged: number;
  deleted: number;
  plan: PublishPlan;
}

/** Every file under `dir` with its MD5, paths relative with `/`. */
export async function readSite(dir: string): Promise<LocalFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const out: LocalFile[] = [];
  for (const file of files) {
    const data = await readFile(file);
    out.push({ path: relative(dir, file).split(sep).join('/'), md5: createHash('md5').update(data).digest('hex'), bytes: data.length });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
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

export async function publishSite(options: PublishOptions, env: NodeJS.ProcessEnv, progress: Progress): Promise<PublishResult> {
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
    maxSockets: options.jobs,
  });
  http.onRetry = (notice) =>
    progress.notice(`${notice.reason}; trying again in ${(notice.delayMs / 1000).toFixed(1)}s (attempt ${notice.attempt + 1} of ${notice.attempts})`);

  try {
    progress.step(`Authenticating with Keystone at ${safeUrl(config.authUrl)}`);
    const session = await authenticate(http, config);
    let token = session.token;
    const endpoint = findServiceEndpoint(
      session.catalog,
      { type: 'object-store', name: 'object-store', missingFix: 'this cloud (or region) has no Swift object storage: check OS_REGION_NAME' },
      { interface: config.interface, region: config.regionName },
    );
    const swift = new SwiftClient(http, endpoint.url, {
      token: () => token,
      renew: async () => {
        token = (await authenticate(http, config)).token;
        return true;
      },
    });
    const url = servedAt(swift.storageUrl, options.container, prefix);
    const mismatch = locationMismatch(built, options.publicUrl ?? url);
    if (mismatch) throw new ConfigError(mismatch.cause, mismatch.fix);

    progress.step(`Reading ${options.dist}`);
    const files = await readSite(options.dist);
    progress.step(`Listing container ${options.container}`);
    const listing = await swift.list(options.container, prefix);
    const plan = planPublish(files, listing.objects, prefix);
    const result: PublishResult = { url, dryRun: options.dryRun, created: !listing.exists, uploaded: 0, uploadedBytes: 0, unchanged: plan.unchanged, deleted: 0, plan };
    if (options.dryRun) return result;

    if (!listing.exists) {
      await swift.putContainer(options.container, STATIC_WEB_HEADERS);
    } else if (Object.entries(STATIC_WEB_HEADERS).some(([name, value]) => listing.headers[name] !== value)) {
      await swift.postContainer(options.container, STATIC_WEB_HEADERS);
    }

    const total = plan.uploads.length;
    const totalBytes = plan.uploads.reduce((sum, upload) => sum + upload.bytes, 0);
    const upload = async (file: Upload) => {
      const body = await readFile(join(options.dist, ...file.path.split('/')));
      if (createHash('md5').update(body).digest('hex') !== file.md5) {
        throw new DataError(`${file.path} changed while publishing`, 'let the build finish, then publish again');
      }
      await swift.putObject(options.container, file.name, body, { etag: file.md5, contentType: file.contentType, cacheControl: file.cacheControl });
      result.uploaded += 1;
      result.uploadedBytes += file.bytes;
      progress.step(`Uploaded ${result.uploaded} of ${total} files (${mb(result.uploadedBytes)} of ${mb(totalBytes)} MB)`);
    };
    // Phase by phase: every asset is in place before a page that uses it, every page before anything is deleted.
    for (const phase of [0, 1, 2] as const) {
      await pool(plan.uploads.filter((file) => file.phase === phase), options.jobs, upload);
    }
    await pool(plan.deletes, options.jobs, async (name) => {
      await swift.deleteObject(options.container, name);
      result.deleted += 1;
      progress.step(`Deleted ${result.deleted} of ${plan.deletes.length} objects the site no longer has`);
    });
    progress.clear();
    return result;
  } finally {
    http.close();
  }
}
