/**
 * npm run publish — uploads the built site (dist/) to an OpenStack Swift
 * container as a public static site. See --help.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogError, EXIT_CODES, UsageError, oneLine } from './lib/errors.ts';
import { Progress } from './lib/progress.ts';
import { redact } from './lib/redact.ts';
import { publishSite, type PublishOptions } from './lib/swift/publish-site.ts';
import { cloudConfigOrExit } from '../src/lib/cloud-config.ts';

export const PUBLISH_HELP = `Usage: npm run publish -- --container NAME [options]
       node scripts/publish.ts --container NAME [options]

Upload the built site (dist/) to an OpenStack Swift container and make the
container a public static site (staticweb): anonymous reads, index.html for
every folder, and the site's 404.html (status 404) for a missing page.

Only what changed is uploaded: each file's MD5 is compared with the object's
ETag from one paged listing of the container. Hashed assets go first, then
other assets, then pages and data (HTML, JSON, XML); objects the site no longer
has are deleted last, so a reader never meets a page without its assets, even
when a publish is killed midway.

Options:
      --container NAME  the container to publish to (created when missing)
      --prefix PATH     publish under this pseudo-folder of the container
                        (staticweb looks for the error page at the container's
                        root: publish the 404 page there too if you need it)
      --dist DIR        the built site (default dist)
      --public-url URL  where readers reach the container, when a proxy or
                        another host name fronts it (default: Swift's own URL)
      --dry-run         list what would be uploaded and deleted; change nothing
  -j, --jobs N          parallel uploads (default 8)
  -q, --quiet           only the summary or the error line
  -v, --verbose         print retries even when stderr is not a terminal
  -h, --help            show this help

The site must be built for where the container serves it, or its links would
break: Swift serves it at <object-store URL>/<container>/[prefix/], e.g.
  SITE_URL=https://swift.example.org SITE_BASE=/v1/AUTH_<project>/<container>/ npm run build
A site built for another address is refused, naming both.

Credentials are those of catalog:fetch (an openrc file, OS_CLOUD with
clouds.yaml, or an application credential); the object-store endpoint comes
from the Keystone catalog, chosen by OS_REGION_NAME and OS_INTERFACE. The user
needs a role Swift accepts as operator (member) on the project.

Tuning (environment): CATALOG_TIMEOUT_MS (60000), CATALOG_RETRIES (3),
CATALOG_RETRY_DELAY_MS (500), CATALOG_RETRY_MAX_DELAY_MS (30000).

Exit codes:
  0  published (or nothing to change)
  2  usage or configuration: bad option, no built site, no credentials, no
     object store, a site built for another address
  3  authentication: rejected credentials, no permission on the container
  4  network: connection refused, timeout, 5xx after retries
  5  data: Swift answered something unusable, a corrupted upload
  1  an unexpected internal error (please report it)
`;

function whole(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min) throw new UsageError(`${name} must be a whole number of at least ${min}, not "${raw}"`, 'see --help');
  return Number(raw);
}

export function parsePublishArgs(argv: string[], env: NodeJS.ProcessEnv): (PublishOptions & { help: boolean; quiet: boolean; verbose: boolean }) {
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
        'dry-run': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments', 'see --help');
  }
  const help = values.help === true;
  const container = typeof values.container === 'string' ? values.container.trim() : '';
  if (!help && container === '') throw new UsageError('no container given', 'pass --container NAME');
  if (!help && (container.includes('/') || container.length > 256)) throw new UsageError(`"${container}" is not a container name`, 'give --container a name without "/" (at most 256 characters)');
  const publicUrl = typeof values['public-url'] === 'string' ? values['public-url'] : null;
  if (publicUrl !== null && !/^https?:\/\//.test(publicUrl)) throw new UsageError(`--public-url "${publicUrl}" is not an http(s) URL`, 'see --help');
  return {
    help,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    container,
    prefix: typeof values.prefix === 'string' ? values.prefix : '',
    dist: resolve(process.cwd(), typeof values.dist === 'string' ? values.dist : 'dist'),
    dryRun: values['dry-run'] === true,
    publicUrl,
    jobs: whole('--jobs', typeof values.jobs === 'string' ? values.jobs : undefined, 8, 1),
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

async function main(argv: string[]): Promise<number> {
  // A broken cloud.config.yaml (or CATALOG_CONFIG) stops here, in one line, exit 2.
  cloudConfigOrExit('publish');
  const started = performance.now();
  try {
    const options = parsePublishArgs(argv, process.env);
    if (options.help) {
      process.stdout.write(PUBLISH_HELP);
      return EXIT_CODES.ok;
    }
    const progress = new Progress(process.stderr, { quiet: options.quiet, verbose: options.verbose, name: 'publish' });
    const result = await publishSite(options, process.env, progress);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result.dryRun) {
      for (const upload of result.plan.uploads) process.stdout.write(`upload ${upload.name} (${upload.bytes} bytes, ${upload.contentType})\n`);
      for (const name of result.plan.deletes) process.stdout.write(`delete ${name}\n`);
      const mb = (result.plan.uploads.reduce((sum, upload) => sum + upload.bytes, 0) / 1024 / 1024).toFixed(1);
      process.stdout.write(redact(`Dry run for ${result.url}: would upload ${result.plan.uploads.length} files / ${mb} MB, unchanged ${result.unchanged}, would delete ${result.plan.deletes.length}${result.created ? ' (the container would be created)' : ''}; nothing was changed\n`));
      return EXIT_CODES.ok;
    }
    const mb = (result.uploadedBytes / 1024 / 1024).toFixed(1);
    process.stdout.write(redact(`Published ${result.url}: uploaded ${result.uploaded} files / ${mb} MB, unchanged ${result.unchanged}, deleted ${result.deleted}, ${seconds} s\n`));
    return EXIT_CODES.ok;
  } catch (error) {
    const { exitCode, message } = describe(error);
    process.stderr.write(`publish: error: ${redact(oneLine(message))}\n`);
    return exitCode;
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
