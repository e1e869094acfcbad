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
 * CATALOG_BUILD_ASTRO replaces the astro entry point (for tests only).
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCredentials } from './lib/openstack/config.ts';
import { SNAPSHOT_FILE } from '../src/lib/catalog/load.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FETCH = resolve(ROOT, 'scripts/catalog-fetch.ts');
const SNAPSHOT = resolve(ROOT, SNAPSHOT_FILE);
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

/** Builds the site, then checks its budgets when the build wrote one. */
async function buildAndCheck(astroArgs: string[]): Promise<number> {
  const started = Math.floor(Date.now() / 1000) * 1000;
  const code = await run(ASTRO, ['build', ...astroArgs]);
  if (code !== 0) return code;
  const outDir = outDirOf(astroArgs);
  let written = false;
  try {
    written = statSync(resolve(outDir, 'index.html')).mtimeMs >= started;
  } catch {
    written = false;
  }
  if (!written) {
    process.stderr.write(`build: performance budgets not checked: the build wrote no site to ${relative(process.cwd(), outDir) || outDir}\n`);
    return 0;
  }
  return run(BUDGETS, [outDir]);
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

function lastGood(): string {
  const shown = relative(process.cwd(), SNAPSHOT) || SNAPSHOT;
  try {
    const fetchedAt = (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { fetchedAt?: unknown }).fetchedAt;
    return `the last good snapshot ${shown} (catalog as of ${typeof fetchedAt === 'string' ? fetchedAt : 'an unknown date'})`;
  } catch {
    return `the last good snapshot ${shown} (which cannot be read: the build will likely fail)`;
  }
}

function warn(message: string): void {
  process.stderr.write(`\nbuild: WARNING: ${message}\n\n`);
}

async function main(argv: string[]): Promise<number> {
  const strict = argv.includes('--strict') || /^(1|true|yes)$/i.test(process.env.CATALOG_STRICT ?? '');
  const astroArgs = argv.filter((arg) => arg !== '--strict');

  if (hasCredentials(process.env)) {
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
  return buildAndCheck(astroArgs);
}

process.exitCode = await main(process.argv.slice(2));
