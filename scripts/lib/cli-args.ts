import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { cloudConfig, shownPath, type CloudConfig } from '../../src/lib/cloud-config.ts';

/** What the fetch takes from cloud.config.yaml (or CATALOG_CONFIG's file); flags and CATALOG_* override it. */
export type FetchDefaults = Pick<CloudConfig, 'file' | 'images'> & Partial<Pick<CloudConfig, 'federation'>>;

export interface FetchOptions {
  help: boolean;
  /** Snapshot path as given (relative to the working directory), or null for the default. */
  out: string | null;
  owner: string;
  /** Project whose community images are archived builds; null with --no-archive or when the config names none. */
  archiveOwner: string | null;
  /** The owner's hidden images are earlier builds (`images.hidden_builds` or --hidden-builds, SCS-0102). */
  hiddenBuilds: boolean;
  /** --no-archive: no source lists archived builds (a federation's members too). */
  noArchive: boolean;
  /** --hidden-builds: every source lists hidden builds, whatever its member says. */
  forceHiddenBuilds: boolean;
  /** --strict (or CATALOG_STRICT): a source that fails fails the fetch; nothing is written. */
  strict: boolean;
  /** How many sources are listed at once (CATALOG_CONCURRENCY, default 4). */
  concurrency: number;
  json: boolean;
  quiet: boolean;
  /** Print notices (retries, re-authentication) even when stderr is not a terminal. */
  verbose: boolean;
  /** Write a snapshot even when no official image was listed. */
  allowEmpty: boolean;
  /** Replace a live snapshot whose owner project differs from --owner. */
  ownerChange: boolean;
  /** Write a snapshot even when it lost more than a quarter of the last good one's images. */
  allowShrink: boolean;
  /** Per-request time limit. */
  timeoutMs: number;
  /** Extra attempts after a network failure or a 5xx. */
  retries: number;
  /** First back-off delay; doubles each attempt. */
  retryDelayMs: number;
  /** Longest wait between attempts, whatever Retry-After asks for. */
  maxRetryDelayMs: number;
  /** Largest response body accepted. */
  maxBytes: number;
  /** Most pages followed before the listing is declared a loop. */
  maxPages: number;
  /** Images asked for per page (`limit`). */
  pageSize: number;
}

/** --help, with the defaults this run would use and the file they come from. */
export function fetchHelpText(defaults: FetchDefaults): string {
  const file = shownPath(defaults.file);
  const archive = defaults.images.archiveOwner ?? 'none';
  return `Usage: npm run catalog:fetch -- [options]
       node scripts/catalog-fetch.ts [options]

Fetch a cloud's official images from Keystone and Glance v2 and write a
validated snapshot (and its change history). The cloud is described by
${file} (CATALOG_CONFIG names another file).

Options:
  -o, --out FILE      snapshot to write (default content/catalog/snapshot.json);
                      the history goes to history.json beside it
      --owner ID      project whose public images are official
                      (default $CATALOG_OWNER, else images.owner in
                      ${file}: ${defaults.images.owner})
      --archive-owner ID
                      project whose community images are archived builds
                      (default $CATALOG_ARCHIVE_OWNER, else images.archive_owner
                      in ${file}: ${archive})
      --no-archive    do not list archived builds (the snapshot keeps none)
      --hidden-builds also list the official project's public, active images
                      hidden with os_hidden=true, as archived builds (SCS-0102);
                      default images.hidden_builds in ${file}: ${defaults.images.hiddenBuilds}
      --strict        with several sources (regions, member clouds): a source
                      that fails fails the fetch and nothing is written (also
                      CATALOG_STRICT=1); without it, a source that fails keeps
                      its last good data, sources.json records the failure and
                      the pages say that source's data is as of its last good
                      fetch (a source never fetched before fails the fetch)
      --json          print one JSON result on stdout (errors too)
      --timeout MS    time limit per HTTP request (default $CATALOG_TIMEOUT_MS or 30000)
  -q, --quiet         no progress, only the summary or the error line
  -v, --verbose       print retries and re-authentication even when stderr is
                      not a terminal (on a terminal they are always shown)
      --allow-empty   write the snapshot even if no official image is listed
                      (by default that is an error and nothing is written)
      --owner-change  replace a snapshot of another owner project (by default
                      a fetch for a different --owner than the last good
                      snapshot's is refused; a sample snapshot is replaced freely)
      --allow-shrink  write the snapshot even if it has lost more than a quarter
                      of the last good snapshot's images (by default that is an
                      error and nothing is written; a sample snapshot such as
                      the committed one may always be replaced)
  -h, --help          show this help

Credentials are read the way the openstack CLI reads them:
  - an openrc file's variables: OS_AUTH_URL, OS_USERNAME or OS_USER_ID,
    OS_PASSWORD, OS_PROJECT_ID or OS_PROJECT_NAME (or OS_TENANT_ID/_NAME),
    OS_USER_DOMAIN_NAME/_ID and OS_PROJECT_DOMAIN_NAME/_ID (default "Default"),
    OS_REGION_NAME, OS_INTERFACE (default public), OS_AUTH_TYPE (password,
    v3password, v3applicationcredential, token, v3token),
    OS_APPLICATION_CREDENTIAL_ID/_NAME/_SECRET, OS_TOKEN, OS_CACERT,
    OS_INSECURE, OS_IMAGE_ENDPOINT_OVERRIDE (wins over the service catalog);
  - or OS_CLOUD naming a cloud in clouds.yaml (secure.yaml merged over it),
    searched in OS_CLIENT_CONFIG_FILE, ./clouds.yaml,
    ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml. Any OS_*
    variable that is also set overrides the clouds.yaml value, as with the
    openstack CLI.
  OS_TOKEN with OS_IMAGE_ENDPOINT_OVERRIDE and no OS_AUTH_URL uses the token
  as it is, without Keystone.

Several sources, one site (see the README, "Several regions or clouds"):
  - cloud.regions in ${file} (a list, or all: every region with an image
    endpoint), or a regions: list in the chosen clouds.yaml entry (names or
    {name, values}, the values overriding the cloud's, even auth.auth_url),
    lists every region; each Keystone is logged in to once;
  - members: in ${file} is a federation: each member's os_cloud names its
    clouds.yaml entry (secure.yaml merged), and no other OS_* variable of the
    shell applies to it; --owner, --archive-owner and CATALOG_OWNER are refused.
  Sources are listed side by side, CATALOG_CONCURRENCY (4) at once, and written
  as sources.json plus sources/<member>/<region>/snapshot.json and history.json
  beside --out; one source stays the one snapshot file.

Only images owned by the official project that are public, active and not
hidden are written, whatever the API returns; archived builds are only the
archive project's community, active, not hidden images (and, with
--hidden-builds, the official project's public, active, hidden ones). Nothing is written when the
fetch fails: the previous snapshot stays as it was.

Tuning (environment): CATALOG_OWNER, CATALOG_ARCHIVE_OWNER, CATALOG_STRICT, CATALOG_CONCURRENCY (4),
CATALOG_TIMEOUT_MS, CATALOG_RETRIES (3),
CATALOG_RETRY_DELAY_MS (500), CATALOG_RETRY_MAX_DELAY_MS (30000),
CATALOG_MAX_BYTES (67108864), CATALOG_MAX_PAGES (1000), CATALOG_PAGE_SIZE (1000).

Exit codes:
  0  snapshot written (or already up to date); with several sources, also
     when a source failed but kept its last good data (a warning says so)
  2  usage or configuration: bad option, no credentials, bad clouds.yaml,
     unknown region, no image service, wrong endpoint, --out under a file,
     a different owner than the last good snapshot's (see --owner-change)
  3  authentication: rejected credentials (401), forbidden (403), token
     without a project scope, a credential, user or project Keystone says
     does not exist (404)
  4  network: connection refused, timeout, TLS failure, 5xx after retries
  5  data: malformed JSON, an HTML page, a response over the size cap,
     a schema failure, a paging loop, a listing that lost more than a
     quarter of the images (see --allow-shrink)
  6  another run holds the lock on the snapshot (try again later)
  1  an unexpected internal error (please report it)
`;
}

function integer(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new UsageError(`${name} must be a whole number, not "${raw}"`, `fix ${name} (see --help)`);
  }
  const value = Number(raw.trim());
  if (value < min) throw new UsageError(`${name} must be at least ${min}, not ${value}`, `fix ${name} (see --help)`);
  return value;
}

/** Reads the command line and the CATALOG_* tuning variables over the config's defaults. */
export function parseFetchArgs(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: FetchDefaults = cloudConfig(env)): FetchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string', short: 'o' },
        owner: { type: 'string' },
        'archive-owner': { type: 'string' },
        'no-archive': { type: 'boolean' },
        'hidden-builds': { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        'allow-empty': { type: 'boolean' },
        'owner-change': { type: 'boolean' },
        'allow-shrink': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        timeout: { type: 'string' },
        strict: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments', 'see --help');
  }
  if (defaults.federation === true) {
    // Each member names its own projects in cloud.config.yaml; one --owner for every member would list the wrong images.
    const given = [
      typeof values.owner === 'string' ? '--owner' : null,
      typeof values['archive-owner'] === 'string' ? '--archive-owner' : null,
      env.CATALOG_OWNER ? 'CATALOG_OWNER' : null,
      env.CATALOG_ARCHIVE_OWNER ? 'CATALOG_ARCHIVE_OWNER' : null,
    ].filter((name) => name !== null);
    if (given.length > 0) {
      throw new UsageError(`${given.join(' and ')} cannot be used for a federation (members: in ${defaults.file})`, "set each member's owner and archive_owner in the file instead");
    }
  }
  const owner = (typeof values.owner === 'string' ? values.owner : env.CATALOG_OWNER || defaults.images.owner).trim();
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(owner)) {
    throw new UsageError(`"${owner}" is not a project id`, 'give --owner (or CATALOG_OWNER) the id of the project that owns the official images');
  }
  if (values['no-archive'] === true && typeof values['archive-owner'] === 'string') {
    throw new UsageError('--archive-owner and --no-archive contradict each other', 'pass one of them');
  }
  // --archive-owner, else CATALOG_ARCHIVE_OWNER, else the config's (none when it names none).
  const archiveGiven = typeof values['archive-owner'] === 'string' ? values['archive-owner'] : env.CATALOG_ARCHIVE_OWNER || defaults.images.archiveOwner;
  const archiveOwner = values['no-archive'] === true || archiveGiven == null ? null : archiveGiven.trim();
  if (archiveOwner !== null) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(archiveOwner)) {
      throw new UsageError(`"${archiveOwner}" is not a project id`, 'give --archive-owner (or CATALOG_ARCHIVE_OWNER) the id of the archive project, or pass --no-archive');
    }
    if (archiveOwner === owner) {
      throw new UsageError('the archive project is the official project', 'give --archive-owner (or CATALOG_ARCHIVE_OWNER) the archive project, or pass --no-archive');
    }
  }
  const out = typeof values.out === 'string' ? values.out : null;
  if (out !== null && out.trim() === '') throw new UsageError('--out is empty', 'give --out a file path');
  const timeoutRaw = typeof values.timeout === 'string' ? values.timeout : env.CATALOG_TIMEOUT_MS;
  return {
    help: values.help === true,
    out,
    owner,
    archiveOwner,
    hiddenBuilds: values['hidden-builds'] === true || defaults.images.hiddenBuilds,
    noArchive: values['no-archive'] === true,
    forceHiddenBuilds: values['hidden-builds'] === true,
    strict: values.strict === true || /^(1|true|yes)$/i.test(env.CATALOG_STRICT ?? ''),
    concurrency: integer('CATALOG_CONCURRENCY', env.CATALOG_CONCURRENCY, 4, 1),
    json: values.json === true,
    quiet: values.quiet === true,
    allowEmpty: values['allow-empty'] === true,
    ownerChange: values['owner-change'] === true,
    allowShrink: values['allow-shrink'] === true,
    verbose: values.verbose === true,
    timeoutMs: integer(typeof values.timeout === 'string' ? '--timeout' : 'CATALOG_TIMEOUT_MS', timeoutRaw, 30_000, 1),
    retries: integer('CATALOG_RETRIES', env.CATALOG_RETRIES, 3, 0),
    retryDelayMs: integer('CATALOG_RETRY_DELAY_MS', env.CATALOG_RETRY_DELAY_MS, 500, 0),
    maxRetryDelayMs: integer('CATALOG_RETRY_MAX_DELAY_MS', env.CATALOG_RETRY_MAX_DELAY_MS, 30_000, 0),
    maxBytes: integer('CATALOG_MAX_BYTES', env.CATALOG_MAX_BYTES, 64 * 1024 * 1024, 1024),
    maxPages: integer('CATALOG_MAX_PAGES', env.CATALOG_MAX_PAGES, 1000, 1),
    pageSize: integer('CATALOG_PAGE_SIZE', env.CATALOG_PAGE_SIZE, 1000, 1),
  };
}
