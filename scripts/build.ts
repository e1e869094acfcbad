/**
 * npm run build [-- --strict] [astro build options]
 *
 * Fetches a fresh catalog snapshot when OpenStack credentials are set
 * (OS_CLOUD, OS_AUTH_URL, OS_TOKEN or OS_APPLICATION_CREDENTIAL_ID; for a
 * federation, a clouds.yaml naming its members), then runs
 * `astro build` with any other arguments. Without credentials, or when the
 * fetch fails, it builds from the last good snapshot and says so loudly on
 * stderr. With --strict (or CATALOG_STRICT=1) a fetch that fails, or cannot
 * run for want of credentials, fails the build: non-zero exit, no build.
 *
 * After a successful `astro build` it checks the performance budgets over the
 * built site (scripts/check-budgets.ts): a blown budget fails the build, one
 * line per budget saying the figure, the limit and what to fix.
 *
 * The site is built beside the output directory (`.dist.next/` for `dist/`)
 * and swapped into place only when the build and the budgets pass: a failed
 * build keeps the last good `dist/` (a static host serving it keeps the site),
 * and leaves the failed one in `.dist.failed/` to look at.
 *
 * With several sources (regions, member clouds) a source whose fetch fails
 * keeps its last good data (the fetch exits 0 and sources.json records the
 * failure); the build warns of each such source, and its pages say so. With
 * --strict the fetch runs strict too: any source's failure fails the build.
 *
 * `--no-fetch` builds from the snapshot as it is, without a fetch or a
 * warning: for `npm run refresh`, which has just fetched it.
 *
 * It builds from `CATALOG_SNAPSHOT` when set, else content/catalog/snapshot.json,
 * and names that file. A snapshot with no images is refused unless
 * `--allow-empty` (or CATALOG_ALLOW_EMPTY=1).
 *
 * CATALOG_BUILD_ASTRO replaces the astro entry point (for tests only).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCloudsYaml, hasCredentials } from './lib/openstack/config.ts';
import { HOLDER_ENV, acquireLocks } from './lib/run-lock.ts';
import { normaliseSiteBase } from '../src/lib/site-path.ts';
import { readSourcesIndex, repairSources, snapshotFilesOf } from './lib/source-files.ts';
import { sourcesIndexPathFor } from '../src/lib/catalog/source-paths.ts';
import { SNAPSHOT_FILE } from '../src/lib/catalog/load.ts';
import { cloudConfigOrExit } from '../src/lib/cloud-config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FETCH = resolve(ROOT, 'scripts/catalog-fetch.ts');
/** The snapshot the fetch refreshes. */
const FETCHED_SNAPSHOT = resolve(ROOT, SNAPSHOT_FILE);
/** The snapshot the build really reads (src/lib/catalog/load.ts: CATALOG_SNAPSHOT, relative to the project). */
const SNAPSHOT = resolve(ROOT, process.env.CATALOG_SNAPSHOT || SNAPSHOT_FILE);
const ASTRO = process.env.CATALOG_BUILD_ASTRO || resolve(ROOT, 'node_modules/.bin/astro');
const BUDGETS = resolve(ROOT, 'scripts/check-budgets.ts');

/** Where `astro build` writes: `--outDir DIR` / `--outDir=DIR`, else `dist`. */
function outDirOf(args: string[]): string {
  let dir = 'dist';
  args.forEach((arg, i) => {
    if (arg === '--outDir' && args[i + 1]) dir = args[i + 1]!;
    else if (arg.startsWith('--outDir=')) dir = arg.slice('--outDir='.length);
  });
  return resolve(ROOT, dir);
}

/** `args` with any `--outDir` replaced by `dir`. */
function withOutDir(args: string[], dir: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--outDir') i++;
    else if (!args[i]!.startsWith('--outDir=')) out.push(args[i]!);
  }
  return [...out, '--outDir', dir];
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/**
 * Builds the site beside the output directory, checks its budgets, and swaps
 * it into place only when both pass; a failed build keeps the last good site.
 */
async function buildAndCheck(astroArgs: string[]): Promise<number> {
  const outDir = outDirOf(astroArgs);
  const staging = join(dirname(outDir), `.${basename(outDir)}.next`);
  const failed = join(dirname(outDir), `.${basename(outDir)}.failed`);
  await rm(staging, { recursive: true, force: true });
  const keep = existsSync(outDir) ? `; the last good site in ${shown(outDir)} was kept` : '';
  const code = await run(ASTRO, ['build', ...withOutDir(astroArgs, staging)]);
  if (code !== 0) {
    await rm(staging, { recursive: true, force: true });
    if (keep) process.stderr.write(`build: astro build failed (exit ${code})${keep}\n`);
    return code;
  }
  if (!existsSync(resolve(staging, 'index.html'))) {
    process.stderr.write(`build: performance budgets not checked: the build wrote no site (${shown(outDir)} left as it was)\n`);
    await rm(staging, { recursive: true, force: true });
    return 0;
  }
  const budgets = await run(BUDGETS, [staging]);
  if (budgets !== 0) {
    await rm(failed, { recursive: true, force: true });
    await rename(staging, failed);
    process.stderr.write(`build: the failed build is in ${shown(failed)}${keep}\n`);
    return budgets;
  }
  const old = join(dirname(outDir), `.${basename(outDir)}.old`);
  await rm(old, { recursive: true, force: true });
  if (existsSync(outDir)) await rename(outDir, old);
  await rename(staging, outDir);
  await rm(old, { recursive: true, force: true });
  await rm(failed, { recursive: true, force: true });
  return 0;
}

function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit', cwd: ROOT });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      process.stderr.write(`build: cannot start ${relative(ROOT, script)} (${error.message})\n`);
      resolvePromise(1);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 128 : 1));
    });
  });
}

interface SnapshotFacts {
  fetchedAt: string | null;
  images: number | null;
}

function readFacts(file: string): SnapshotFacts | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8').replace(/^\ufeff/, '')) as { fetchedAt?: unknown; images?: unknown };
    return { fetchedAt: typeof data.fetchedAt === 'string' ? data.fetchedAt : null, images: Array.isArray(data.images) ? data.images.length : null };
  } catch {
    return null;
  }
}

/** The catalog's sources as the build will read them: each one's label, facts and last failure (one source: the snapshot). */
async function readCatalogFacts(): Promise<{ label: string; file: string; facts: SnapshotFacts | null; lastFailure: { at: string; error: string } | null }[] | null> {
  const index = await readSourcesIndex(SNAPSHOT).catch(() => null);
  if (index === null) return existsSync(sourcesIndexPathFor(SNAPSHOT)) ? null : [{ label: '', file: SNAPSHOT, facts: readFacts(SNAPSHOT), lastFailure: null }];
  return snapshotFilesOf(SNAPSHOT, index).map((file, position) => {
    const source = index.sources[position]!;
    return { label: [source.member, source.region].filter(Boolean).join('/'), file, facts: readFacts(file), lastFailure: source.lastFailure };
  });
}

async function lastGood(): Promise<string> {
  const sources = await readCatalogFacts();
  const other = SNAPSHOT !== FETCHED_SNAPSHOT ? ', set by CATALOG_SNAPSHOT' : '';
  if (sources === null) return `the last good sources in ${shown(sourcesIndexPathFor(SNAPSHOT))}${other} (which cannot be read: the build will likely fail)`;
  if (sources.length === 1 && sources[0]!.label === '') {
    const facts = sources[0]!.facts;
    if (facts === null) return `the last good snapshot ${shown(SNAPSHOT)}${other} (which cannot be read: the build will likely fail)`;
    return `the last good snapshot ${shown(SNAPSHOT)}${other} (catalog as of ${facts.fetchedAt ?? 'an unknown date'})`;
  }
  const dates = sources.map((source) => `${source.label} as of ${source.facts?.fetchedAt ?? 'an unknown date'}`).join(', ');
  return `the last good sources in ${shown(sourcesIndexPathFor(SNAPSHOT))}${other} (${dates})`;
}

function warn(message: string): void {
  process.stderr.write(`\nbuild: WARNING: ${message}\n\n`);
}

async function main(argv: string[]): Promise<number> {
  // A broken cloud.config.yaml (or CATALOG_CONFIG) stops here, in one line, exit 2.
  const config = cloudConfigOrExit('build');
  const strict = argv.includes('--strict') || /^(1|true|yes)$/i.test(process.env.CATALOG_STRICT ?? '');
  const allowEmpty = argv.includes('--allow-empty') || /^(1|true|yes)$/i.test(process.env.CATALOG_ALLOW_EMPTY ?? '');
  const noFetch = argv.includes('--no-fetch');
  const astroArgs = argv.filter((arg) => arg !== '--strict' && arg !== '--allow-empty' && arg !== '--no-fetch');

  // Before anything runs: a bad SITE_BASE would otherwise fail deep in Astro with an unrelated message.
  try {
    normaliseSiteBase(process.env.SITE_BASE);
  } catch (error) {
    process.stderr.write(`build: error: ${(error as Error).message}\n`);
    return 2;
  }
  // One build of this output at a time; the fetch it runs shares the lock.
  try {
    const locks = acquireLocks([outDirOf(astroArgs)], 'build', process.env, (line) => process.stderr.write(`build: ${line}\n`));
    if (locks[0]) process.env[HOLDER_ENV] = locks[0].holder.id;
  } catch (error) {
    process.stderr.write(`build: error: ${(error as Error).message}\n`);
    return 6;
  }

  // A kill during the last fetch's write left a journal: finish it, so the build sees snapshot and history together (every source's).
  try {
    for (const file of await repairSources(SNAPSHOT)) process.stderr.write(`build: finished an interrupted write of ${shown(file)} and its history\n`);
  } catch (error) {
    process.stderr.write(`build: ${(error as Error).message}\n`);
    return 5;
  }

  // A federation's credentials are its members' clouds.yaml entries, not the shell's OS_* variables.
  const canFetch = hasCredentials(process.env) || (config.federation && hasCloudsYaml(process.env));
  if (noFetch) {
    process.stderr.write(`build: building from ${await lastGood()} (--no-fetch)\n`);
  } else if (canFetch) {
    // Strict: a source (region, member) that fails fails the fetch; otherwise it keeps its last good data.
    const code = await run(FETCH, strict ? ['--strict'] : []);
    if (code !== 0) {
      if (strict) {
        process.stderr.write(`build: the catalog fetch failed (exit ${code}) and strict mode is on (--strict or CATALOG_STRICT): not building\n`);
        return code;
      }
      warn(`the catalog fetch failed (exit ${code}, see above); building from ${await lastGood()}. Use --strict to make this an error.`);
    }
  } else {
    if (strict) {
      process.stderr.write(
        'build: no OpenStack credentials are set (OS_CLOUD, OS_AUTH_URL or OS_TOKEN) and strict mode is on (--strict or CATALOG_STRICT): not building\n',
      );
      return 2;
    }
    warn(`no OpenStack credentials are set (OS_CLOUD, OS_AUTH_URL or OS_TOKEN${config.federation ? ', or a clouds.yaml naming the members' : ''}), so the catalog was not fetched; building from ${await lastGood()}.`);
  }
  if (SNAPSHOT !== FETCHED_SNAPSHOT) {
    process.stderr.write(`build: building from ${shown(SNAPSHOT)} (CATALOG_SNAPSHOT), not ${shown(FETCHED_SNAPSHOT)}\n`);
  }
  const sources = await readCatalogFacts();
  // A source that kept its last good data: the pages say so, and so does the build.
  for (const source of sources ?? []) {
    if (source.lastFailure) warn(`${source.label}: its last fetch failed (${source.lastFailure.error}); its pages show its last good data, as of ${source.facts?.fetchedAt ?? 'an unknown date'}`);
  }
  const imageCount = sources?.every((source) => source.facts?.images != null) ? sources.reduce((total, source) => total + source.facts!.images!, 0) : null;
  if (imageCount === 0 && !allowEmpty) {
    process.stderr.write(
      `build: error: the snapshot ${shown(SNAPSHOT)} lists no images, so the catalog would be empty; fetch again (npm run catalog:fetch), or pass --allow-empty (CATALOG_ALLOW_EMPTY=1) if it really is\n`,
    );
    return 5;
  }
  return buildAndCheck(astroArgs);
}

process.exitCode = await main(process.argv.slice(2));
