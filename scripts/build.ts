/**
 * npm run build [-- --strict] [astro build options]
 *
 * Fetches a fresh catalog snapshot when OpenStack credentials are set
 * (OS_CLOUD, OS_AUTH_URL, OS_TOKEN or OS_APPLICATION_CREDENTIAL_ID), then runs
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
import { hasCredentials } from './lib/openstack/config.ts';
import { HOLDER_ENV, acquireLocks } from './lib/run-lock.ts';
import { normaliseSiteBase } from '../src/lib/site-path.ts';
import { repairInterruptedWrite } from './lib/snapshot-file.ts';
import { SNAPSHOT_FILE } from '../src/lib/catalog/load.ts';

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

/** The snapshot's fetch time and image count, or null when it cannot be read. */
function readSnapshotFacts(): { fetchedAt: string | null; images: number | null } | null {
  try {
    const data = JSON.parse(readFileSync(SNAPSHOT, 'utf8').replace(/^\ufeff/, '')) as { fetchedAt?: unknown; images?: unknown };
    return { fetchedAt: typeof data.fetchedAt === 'string' ? data.fetchedAt : null, images: Array.isArray(data.images) ? data.images.length : null };
  } catch {
    return null;
  }
}

function lastGood(): string {
  const facts = readSnapshotFacts();
  const other = SNAPSHOT !== FETCHED_SNAPSHOT ? ', set by CATALOG_SNAPSHOT' : '';
  if (facts === null) return `the last good snapshot ${shown(SNAPSHOT)}${other} (which cannot be read: the build will likely fail)`;
  return `the last good snapshot ${shown(SNAPSHOT)}${other} (catalog as of ${facts.fetchedAt ?? 'an unknown date'})`;
}

function warn(message: string): void {
  process.stderr.write(`\nbuild: WARNING: ${message}\n\n`);
}

async function main(argv: string[]): Promise<number> {
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

  // A kill during the last fetch's write left a journal: finish it, so the build sees snapshot and history together.
  try {
    if (await repairInterruptedWrite(SNAPSHOT)) process.stderr.write(`build: finished an interrupted write of ${shown(SNAPSHOT)} and its history\n`);
  } catch (error) {
    process.stderr.write(`build: ${(error as Error).message}\n`);
    return 5;
  }

  if (noFetch) {
    process.stderr.write(`build: building from ${lastGood()} (--no-fetch)\n`);
  } else if (hasCredentials(process.env)) {
    const code = await run(FETCH, []);
    if (code !== 0) {
      if (strict) {
        process.stderr.write(`build: the catalog fetch failed (exit ${code}) and strict mode is on (--strict or CATALOG_STRICT): not building\n`);
        return code;
      }
      warn(`the catalog fetch failed (exit ${code}, see above); building from ${lastGood()}. Use --strict to make this an error.`);
    }
  } else {
    if (strict) {
      process.stderr.write(
        'build: no OpenStack credentials are set (OS_CLOUD, OS_AUTH_URL or OS_TOKEN) and strict mode is on (--strict or CATALOG_STRICT): not building\n',
      );
      return 2;
    }
    warn(`no OpenStack credentials are set (OS_CLOUD, OS_AUTH_URL or OS_TOKEN), so the catalog was not fetched; building from ${lastGood()}.`);
  }
  if (SNAPSHOT !== FETCHED_SNAPSHOT) {
    process.stderr.write(`build: building from ${shown(SNAPSHOT)} (CATALOG_SNAPSHOT), not ${shown(FETCHED_SNAPSHOT)}\n`);
  }
  if (readSnapshotFacts()?.images === 0 && !allowEmpty) {
    process.stderr.write(
      `build: error: the snapshot ${shown(SNAPSHOT)} lists no images, so the catalog would be empty; fetch again (npm run catalog:fetch), or pass --allow-empty (CATALOG_ALLOW_EMPTY=1) if it really is\n`,
    );
    return 5;
  }
  return buildAndCheck(astroArgs);
}

process.exitCode = await main(process.argv.slice(2));
