/**
 * npm run publish — uploads the built site (dist/) to an OpenStack Swift
 * container as a public static site. See --help.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { argsError, shellWord } from './lib/arg-errors.ts';
import { formatDuration, parseDuration } from './lib/duration.ts';
import { CatalogError, EXIT_CODES, UsageError, oneLine } from './lib/errors.ts';
import { Progress } from './lib/progress.ts';
import { redact } from './lib/redact.ts';
import { acquireLocks } from './lib/run-lock.ts';
import { betweenVersionsLine, type PartialOutcome } from './lib/swift/between-versions.ts';
import { LEASE_SECONDS } from './lib/swift/lease.ts';
import { containerRefusal, prefixRefusal } from './lib/swift/names.ts';
import { MANIFEST_NAME, LEASE_NAME } from './lib/swift/ownership.ts';
import { PartialPublishError, publishSite, type PublishOptions } from './lib/swift/publish-site.ts';
import { cloudConfigOrExit } from '../src/lib/cloud-config.ts';

export const PUBLISH_HELP = `Usage: npm run publish -- --container NAME [options]
       node scripts/publish.ts --container NAME [options]

Upload the built site (dist/) to an OpenStack Swift container and make the
container a public static site (staticweb): anonymous reads, index.html for
every folder, and the site's 404.html (status 404) for a missing page.

Only what changed is uploaded: each file's MD5 is compared with the object's
ETag from one paged listing of the container. The order is safe at every
instant, read from the site's own links: content-hashed assets, other assets,
then the new pages (image pages), then the pages that link to them (lists,
/catalog/, JSON, the feed, the home page); pages the site no longer has are
deleted last, referrers first. A reader never meets a link to a missing
object, even when a publish is killed midway. A publish where nothing differs
writes nothing (no object, not the manifest) and says "0 objects written";
the only write it makes is its lease (taken and released around every
publish: the run's own object, not the site's, and not counted).

Old assets outlive the pages that used them: content-hashed files (_astro/,
Pagefind's index, fragment, filter and meta files) the new site no longer uses
are not deleted but expire after a grace period (Swift's X-Delete-After), so a
reader with an open page or a cached copy keeps working CSS and search. An
asset that comes back before it expires loses its expiry.

Options:
      --container NAME  the container to publish to (created when missing)
      --prefix PATH     publish under this pseudo-folder of the container
                        (staticweb looks for the error page at the container's
                        root: publish the 404 page there too if you need it)
      --dist DIR        the built site (default dist)
      --public-url URL  where readers reach the container, when a proxy or
                        another host name fronts it (default: Swift's own URL)
      --keep-old-assets DURATION
                        how long old content-hashed files stay: 0 (delete at
                        the end), 90s, 10m, 24h (default), 7d
      --take-over       publish into a container that holds objects this site
                        did not publish, or whose read ACL is not public: it
                        lists what becomes public, what it replaces and what
                        it deletes (never an object it did not publish)
      --allow-shrink    allow removing more than a quarter of the site's objects
      --no-verify       skip the read-back (for a container not readable from
                        where the publish runs)
      --dry-run         list what would be uploaded and deleted; change nothing
  -j, --jobs N          parallel uploads (default 16)
  -q, --quiet           only the summary or the error line
  -v, --verbose         print retries even when stderr is not a terminal
  -h, --help            show this help

The container is the site's, or it is left alone. The publish keeps a manifest
(${MANIFEST_NAME} beside the site) of every object it put there, and never
deletes or exposes anything else: a container holding other objects, or with a
read ACL that is not public, is refused (naming what was found) unless
--take-over. A publish that would remove more than a quarter of the site's
objects (pages and other files; not the content-hashed assets a new build
replaces) is refused unless --allow-shrink.

One run at a time: the publish locks its --dist on this machine (a
.<dist>.lock file beside it, as refresh, catalog:fetch and build do) and takes
a lease on the container (${LEASE_NAME}, created only where none exists,
lapsing ${LEASE_SECONDS} s after its holder stops renewing it), so two machines
never publish into it at once. The second run refuses at once naming the first
(host, pid, since when). A lock or lease left by a run that died on this host
is taken over, saying so. Both objects are readable by anyone, like the site.

Read-back: after the changes, anonymous GETs through the public address of the
root, /catalog/, one image page, one hashed asset, Pagefind's entry and a
missing page (404 with the site's page); a wrong status or Content-Type fails
the publish with one line.

A publish that fails after its first change says so in one line: the site is
between versions (every live page still works), how many files are live, and
the command that finishes it: the same publish again.

The site must be built for where the container serves it, or its links would
break: Swift serves it at <object-store URL>/<container>/[prefix/], e.g.
  SITE_URL=https://swift.example.org SITE_BASE=/v1/AUTH_<project>/<container>/ npm run build
A site built for another address is refused, naming both.

Credentials are those of catalog:fetch (an openrc file, OS_CLOUD with
clouds.yaml, or an application credential); the object-store endpoint comes
from the Keystone catalog, chosen by OS_REGION_NAME and OS_INTERFACE, or from
OS_OBJECT_STORE_ENDPOINT_OVERRIDE (object_store_endpoint_override in
clouds.yaml). The user needs a role Swift accepts as operator (member) on the
project.

Tuning (environment): CATALOG_TIMEOUT_MS (60000), CATALOG_RETRIES (3),
CATALOG_RETRY_DELAY_MS (500), CATALOG_RETRY_MAX_DELAY_MS (30000).

Exit codes (for a scheduler):
  0  published (or nothing to change), and read back
  2  usage or configuration: bad option, no built site, no credentials, no
     object store, a site built for another address, a container that is not
     the site's (see --take-over): fix the command, retrying will not help
  3  authentication: rejected credentials, a missing permission (named)
  4  network: connection refused, timeout, 5xx after retries: retry later
  5  data: Swift answered something unusable, a corrupted upload, a read-back
     that failed, more than a quarter of the site removed (see --allow-shrink)
  6  busy: another run holds the lock or the container's lease: retry later
  1  an unexpected internal error (please report it)
  After 3, 4 or 5 with "between versions", run the same publish again.
`;

function whole(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new UsageError(`${name} must be a whole number of at least ${min}, not "${raw}"`, `fix ${name} (see --help)`);
  return Number(raw);
}

export type PublishCliOptions = PublishOptions & { help: boolean; quiet: boolean; verbose: boolean };

export function parsePublishArgs(argv: string[], env: NodeJS.ProcessEnv): PublishCliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        container: { type: 'string' },
        prefix: { type: 'string' },
        dist: { type: 'string' },
        'public-url': { type: 'string' },
        'keep-old-assets': { type: 'string' },
        'take-over': { type: 'boolean' },
        'allow-shrink': { type: 'boolean' },
        'no-verify': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw argsError(error, argv);
  }
  const help = values.help === true;
  const container = typeof values.container === 'string' ? values.container.trim() : '';
  const prefix = typeof values.prefix === 'string' ? values.prefix : '';
  if (!help) {
    for (const refusal of [containerRefusal(container), prefixRefusal(prefix)]) if (refusal) throw new UsageError(refusal.reason, refusal.fix);
  }
  const publicUrl = typeof values['public-url'] === 'string' ? values['public-url'] : null;
  if (publicUrl !== null && !/^https?:\/\//.test(publicUrl)) throw new UsageError(`--public-url "${publicUrl}" is not an http(s) URL`, 'give --public-url the address readers use, e.g. https://images.example.org/');
  const keepRaw = typeof values['keep-old-assets'] === 'string' ? values['keep-old-assets'] : '24h';
  const keep = parseDuration(keepRaw);
  if (keep === null) throw new UsageError(`--keep-old-assets "${keepRaw}" is not a duration`, 'give --keep-old-assets 0, 90s, 10m, 24h or 7d');
  return {
    help,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    container,
    prefix,
    dist: resolve(process.cwd(), typeof values.dist === 'string' ? values.dist : 'dist'),
    dryRun: values['dry-run'] === true,
    publicUrl,
    keepOldAssetsSeconds: keep,
    takeOver: values['take-over'] === true,
    allowShrink: values['allow-shrink'] === true,
    verify: values['no-verify'] !== true,
    jobs: whole('--jobs', typeof values.jobs === 'string' ? values.jobs : undefined, 16, 1),
    timeoutMs: whole('CATALOG_TIMEOUT_MS', env.CATALOG_TIMEOUT_MS, 60_000, 1),
    retries: whole('CATALOG_RETRIES', env.CATALOG_RETRIES, 3, 0),
    retryDelayMs: whole('CATALOG_RETRY_DELAY_MS', env.CATALOG_RETRY_DELAY_MS, 500, 0),
    maxRetryDelayMs: whole('CATALOG_RETRY_MAX_DELAY_MS', env.CATALOG_RETRY_MAX_DELAY_MS, 30_000, 0),
  };
}

function describe(error: unknown): { exitCode: number; message: string } {
  if (error instanceof CatalogError) return { exitCode: error.exitCode, message: error.message };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES') return { exitCode: EXIT_CODES.config, message: `cannot read the built site (${code}: ${(error as Error).message}); check --dist` };
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { exitCode: EXIT_CODES.unexpected, message: `unexpected error (${text}); please report this` };
}

/** The one line for a publish that failed after its first change. */
export function partialPublishLine(error: PartialPublishError, argv: readonly string[]): string {
  const reason = oneLine(describe(error.failure).message);
  return betweenVersionsLine({ reason, live: error.live, total: error.total, deleted: error.deleted }, `npm run publish -- ${argv.map(shellWord).join(' ')}`);
}

/** The count of writes to the site's objects and manifest (see PublishResult.written). */
function written(count: number): string {
  return `${count} ${count === 1 ? 'object' : 'objects'} written`;
}

async function main(argv: string[]): Promise<number> {
  // A broken cloud.config.yaml (or CATALOG_CONFIG) stops here, in one line, exit 2.
  cloudConfigOrExit('publish');
  const started = performance.now();
  const outcomeFile = process.env.CATALOG_PUBLISH_OUTCOME;
  try {
    const options = parsePublishArgs(argv, process.env);
    if (options.help) {
      process.stdout.write(PUBLISH_HELP);
      return EXIT_CODES.ok;
    }
    const progress = new Progress(process.stderr, { quiet: options.quiet, verbose: options.verbose, name: 'publish' });
    acquireLocks([options.dist], 'publish', process.env, (line) => progress.warn(line));
    const result = await publishSite(options, process.env, progress);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.takeOver) {
      for (const name of result.takeOver.madePublic) process.stdout.write(redact(`take-over: now public ${name}\n`));
      for (const name of result.takeOver.replaced) process.stdout.write(redact(`take-over: ${result.dryRun ? 'would replace' : 'replaced'} ${name}\n`));
      for (const name of result.plan.deletes) process.stdout.write(redact(`take-over: ${result.dryRun ? 'would delete' : 'deleted'} ${name}\n`));
    }
    if (result.dryRun) {
      for (const upload of result.plan.uploads) process.stdout.write(`upload ${upload.name} (${upload.bytes} bytes, ${upload.contentType})\n`);
      for (const name of result.plan.expire) process.stdout.write(`expire ${name} (${options.keepOldAssetsSeconds > 0 ? `after ${formatDuration(options.keepOldAssetsSeconds)}` : 'deleted at the end'})\n`);
      for (const name of result.plan.deletes) process.stdout.write(`delete ${name}\n`);
      const mb = (result.plan.uploads.reduce((sum, upload) => sum + upload.bytes, 0) / 1024 / 1024).toFixed(1);
      process.stdout.write(redact(`Dry run for ${result.url}: would upload ${result.plan.uploads.length} files / ${mb} MB, unchanged ${result.unchanged}, would delete ${result.plan.deletes.length}, would leave ${result.plan.expire.length} old assets to expire${result.created ? ' (the container would be created)' : ''}; nothing was changed\n`));
      return EXIT_CODES.ok;
    }
    const mb = (result.uploadedBytes / 1024 / 1024).toFixed(1);
    const expiring = result.expiring > 0 ? `, ${result.expiring} old assets left to expire` : '';
    const verified = result.verified > 0 ? `, read back ${result.verified} addresses` : ', not read back (--no-verify)';
    process.stdout.write(
      redact(`Published ${result.url}: uploaded ${result.uploaded} files / ${mb} MB, unchanged ${result.unchanged}, deleted ${result.deleted}${expiring}, ${written(result.written)}${verified}, ${seconds} s\n`),
    );
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof PartialPublishError) {
      if (outcomeFile) {
        // Run by refresh: it says all of it in its one line, naming itself as the command that finishes the publish.
        const outcome: PartialOutcome = { betweenVersions: true, reason: redact(oneLine(describe(error.failure).message)), live: error.live, total: error.total, deleted: error.deleted };
        writeFileSync(outcomeFile, JSON.stringify(outcome));
      } else {
        process.stderr.write(`publish: error: ${redact(partialPublishLine(error, argv))}\n`);
      }
      return error.exitCode === 0 ? EXIT_CODES.unexpected : error.exitCode;
    }
    const { exitCode, message } = describe(error);
    process.stderr.write(`publish: error: ${redact(oneLine(message))}\n`);
    return exitCode;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
