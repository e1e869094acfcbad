/**
 * npm run refresh — the one command for cron or CI: catalog:fetch (strict) →
 * build (with its budgets) → link check → with --publish, publish. See --help.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { argsError, shellWord } from './lib/arg-errors.ts';
import { CatalogError, EXIT_CODES, UsageError, oneLine } from './lib/errors.ts';
import { HOLDER_ENV, acquireLocks } from './lib/run-lock.ts';
import { betweenVersionsLine, parsePartialOutcome } from './lib/swift/between-versions.ts';
import { containerRefusal, prefixRefusal } from './lib/swift/names.ts';
import { historyPathFor } from './lib/history.ts';
import { catalogFilesOf, readSourcesIndex } from './lib/source-files.ts';
import { sourcesIndexPathFor } from '../src/lib/catalog/source-paths.ts';
import { redact } from './lib/redact.ts';
import { changeLines, commitMessage } from './lib/refresh-summary.ts';
import type { History } from '../src/schemas/snapshot.ts';
import { SNAPSHOT_FILE } from '../src/lib/catalog/load.ts';
import { cloudConfigOrExit } from '../src/lib/cloud-config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const script = (name: string) => resolve(ROOT, 'scripts', name);

export const REFRESH_HELP = `Usage: npm run refresh -- [--publish --container NAME] [options]
       node scripts/refresh.ts [options]

Refresh the catalog and the site in one go, for cron or CI:
  1. fetch    catalog:fetch, strict: any failure stops the refresh
  2. build    npm run build from the new snapshot (with its performance budgets)
  3. checks   the link check over the built site
  4. publish  with --publish: npm run publish to the Swift container
Any failed step exits non-zero with one line naming it; nothing is published
and the snapshot and history are put back as they were (the last good ones).
A publish that fails after some uploads is the exception: the live site is
between versions and already shows the new catalog, so the new snapshot and
history are kept (git matches the live pages); one line says so (the reason,
how many files are live, the command), and the next refresh finishes it. One refresh at a time: it locks the snapshot and
the built site (see publish --help), and a second one exits 6.
When nothing changed, the snapshot keeps its time, so the site rebuilds the
same bytes and the publish uploads nothing.

Options:
      --publish         publish the site after the checks (needs --container)
      --container NAME  the Swift container (see npm run publish -- --help)
      --prefix PATH     publish under this pseudo-folder of the container
      --public-url URL  where readers reach the container, if a proxy fronts it
      --owner ID        project whose public images are official (as catalog:fetch)
      --dist DIR        build into DIR instead of dist/
      --allow-shrink    accept a listing that lost more than a quarter of the
                        images (by default the refresh stops at the fetch)
      --commit          git commit the snapshot and history when they changed
                        ("Catalog: 2 added, 1 removed")
  -h, --help            show this help

The site is built for SITE_URL + SITE_BASE; to publish to Swift they must be
where the container serves it, e.g.
  SITE_URL=https://swift.example.org SITE_BASE=/v1/AUTH_<project>/<container>/ \\
    npm run refresh -- --publish --container <container>
Credentials: as catalog:fetch (openrc, OS_CLOUD + clouds.yaml, application
credentials). Exit codes: those of the step that failed (see catalog:fetch
--help and publish --help); 1 when the build or the checks fail; 6 when
another run holds the lock (try later).
`;

interface RefreshOptions {
  help: boolean;
  publish: boolean;
  container: string | null;
  prefix: string | null;
  publicUrl: string | null;
  owner: string | null;
  dist: string;
  allowShrink: boolean;
  commit: boolean;
}

function parseRefreshArgs(argv: string[]): RefreshOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        publish: { type: 'boolean' },
        container: { type: 'string' },
        prefix: { type: 'string' },
        'public-url': { type: 'string' },
        owner: { type: 'string' },
        dist: { type: 'string' },
        'allow-shrink': { type: 'boolean' },
        commit: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw argsError(error, argv);
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : null);
  const options: RefreshOptions = {
    help: values.help === true,
    publish: values.publish === true,
    container: str('container'),
    prefix: str('prefix'),
    publicUrl: str('public-url'),
    owner: str('owner'),
    dist: resolve(process.cwd(), str('dist') ?? resolve(ROOT, 'dist')),
    allowShrink: values['allow-shrink'] === true,
    commit: values.commit === true,
  };
  if (!options.help && options.publish && !options.container) throw new UsageError('--publish needs a container', 'pass --container NAME');
  if (!options.help && !options.publish && options.container) throw new UsageError('--container is only used with --publish', 'add --publish, or drop --container');
  // Checked before the fetch: a refresh must not spend a fetch and a build on a publish that cannot happen.
  if (!options.help && options.publish) {
    for (const refusal of [containerRefusal(options.container ?? ''), prefixRefusal(options.prefix ?? '')]) if (refusal) throw new UsageError(refusal.reason, refusal.fix);
  }
  return options;
}

interface StepResult {
  code: number;
  stdout: string;
}

/** Runs a step's script on our Node; stderr (its progress and one-line error) goes straight through. */
function runStep(file: string, args: string[], env: NodeJS.ProcessEnv, captureStdout: boolean): Promise<StepResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: ROOT, env, stdio: ['ignore', captureStdout ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => resolvePromise({ code: EXIT_CODES.unexpected, stdout: `cannot start ${file} (${error.message})` }));
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout });
    });
  });
}

function runGit(args: string[]): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn('git', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolvePromise(1));
    child.on('close', (code) => resolvePromise(code ?? 1));
  });
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

function restore(path: string, bytes: Buffer | null): void {
  if (bytes === null) rmSync(path, { force: true });
  else writeFileSync(path, bytes);
}


async function main(argv: string[]): Promise<number> {
  // A broken cloud.config.yaml (or CATALOG_CONFIG) stops here, in one line, exit 2.
  cloudConfigOrExit('refresh');
  const started = performance.now();
  let options: RefreshOptions;
  try {
    options = parseRefreshArgs(argv);
  } catch (error) {
    process.stderr.write(`refresh: error: ${oneLine((error as Error).message)}\n`);
    return EXIT_CODES.usage;
  }
  if (options.help) {
    process.stdout.write(REFRESH_HELP);
    return EXIT_CODES.ok;
  }
  const snapshotPath = resolve(ROOT, process.env.CATALOG_SNAPSHOT || SNAPSHOT_FILE);
  const historyPath = historyPathFor(snapshotPath);
  const shown = (path: string) => relative(process.cwd(), path) || path;
  let locks;
  try {
    locks = acquireLocks([snapshotPath, options.dist], 'refresh', process.env, (line) => process.stderr.write(`refresh: ${line}\n`));
  } catch (error) {
    process.stderr.write(`refresh: error: ${oneLine((error as Error).message)}\n`);
    return error instanceof CatalogError ? error.exitCode : EXIT_CODES.unexpected;
  }
  // The steps run under this refresh's locks.
  const stepEnv: NodeJS.ProcessEnv = { ...process.env, [HOLDER_ENV]: locks[0]?.holder.id ?? '' };
  // Every catalog file as it was (the one snapshot, or each source's and sources.json), to put back on failure.
  const indexPath = sourcesIndexPathFor(snapshotPath);
  const catalogFiles = async () => catalogFilesOf(snapshotPath, await readSourcesIndex(snapshotPath).catch(() => null));
  const saved = new Map((await catalogFiles()).map((path) => [path, readOrNull(path)] as const));
  const restoreAll = async (): Promise<void> => {
    for (const path of await catalogFiles()) if (!saved.has(path)) saved.set(path, null);
    for (const [path, bytes] of saved) restore(path, bytes);
  };
  const fail = async (step: string, code: number): Promise<number> => {
    await restoreAll();
    process.stderr.write(
      `refresh: error: the ${step} step failed (exit ${code}); nothing was published and ${shown(snapshotPath)} was kept as it was\n`,
    );
    return code === 0 ? EXIT_CODES.unexpected : code;
  };

  // 1. fetch (strict: its failure is the refresh's, and with several sources any source's failure is)
  const fetchArgs = ['--json', '--strict', '--out', snapshotPath];
  if (options.owner) fetchArgs.push('--owner', options.owner);
  if (options.allowShrink) fetchArgs.push('--allow-shrink');
  const fetched = await runStep(script('catalog-fetch.ts'), fetchArgs, stepEnv, true);
  if (fetched.code !== 0) return await fail('fetch', fetched.code);
  let result: { changed?: boolean; images?: number; sources?: { label: string; changed: boolean; out: string }[] } = {};
  try {
    result = JSON.parse(fetched.stdout.trim().split('\n').at(-1) ?? '{}') as typeof result;
  } catch {
    return await fail('fetch', EXIT_CODES.unexpected);
  }
  let message = 'Catalog: no change';
  if (result.changed) {
    // The newest history entry of each source that changed (the one snapshot's, or each region's).
    const changed = result.sources ? result.sources.filter((source) => source.changed).map((source) => ({ label: source.label, history: historyPathFor(resolve(process.cwd(), source.out)) })) : [{ label: '', history: historyPath }];
    const entries = changed.map(({ label, history }) => ({ label, entry: (JSON.parse(readFileSync(history, 'utf8')) as History).entries[0]! }));
    message = entries.length === 1 && entries[0]!.label === '' ? commitMessage(entries[0]!.entry) : `Catalog: ${entries.map(({ label, entry }) => `${label}: ${commitMessage(entry).replace(/^Catalog: /, '')}`).join('; ')}`;
    process.stdout.write(`${message}\n${entries.flatMap(({ label, entry }) => (label ? [`${label}:`, ...changeLines(entry)] : changeLines(entry))).join('\n')}\n`);
  } else if (!result.sources || readOrNull(indexPath)?.equals(saved.get(indexPath) ?? Buffer.alloc(0))) {
    // Keep the snapshots' time (and bytes): the same snapshots build the same site, so nothing is uploaded.
    await restoreAll();
    process.stdout.write(`Catalog: no change in the ${result.images ?? 0} official images\n`);
  } else {
    process.stdout.write(`Catalog: no change in the ${result.images ?? 0} official images (sources.json updated)\n`);
  }

  // 2. build (with its performance budgets); the fetch is done, so no credentials
  // The fetch above was this refresh's one: the build uses its snapshot as it is.
  const buildEnv = { ...stepEnv, CATALOG_SNAPSHOT: snapshotPath };
  const built = await runStep(script('build.ts'), ['--no-fetch', '--outDir', options.dist], buildEnv, false);
  if (built.code !== 0) return await fail('build', built.code);

  // 3. checks over the built site
  const checked = await runStep(script('check-links.ts'), [options.dist], buildEnv, false);
  if (checked.code !== 0) return await fail('checks', checked.code);

  const commitSnapshot = async (): Promise<number> => {
    // Every catalog file there is now (a source's new files too); git add skips none, and a file that went is recorded as gone.
    const files = [...new Set([...saved.keys(), ...(await catalogFiles())])].filter((path) => existsSync(path) || saved.get(path) !== null);
    const added = await runGit(['add', '--all', '--', ...files]);
    return added === 0 ? await runGit(['commit', '--quiet', '-m', message, '--', ...files]) : added;
  };

  // 4. publish
  if (options.publish) {
    const publishArgs = ['--container', options.container!, '--dist', options.dist];
    if (options.prefix) publishArgs.push('--prefix', options.prefix);
    if (options.publicUrl) publishArgs.push('--public-url', options.publicUrl);
    const outcomeDir = mkdtempSync(join(tmpdir(), 'catalog-publish-'));
    const outcomeFile = join(outcomeDir, 'outcome.json');
    const published = await runStep(script('publish.ts'), publishArgs, { ...stepEnv, CATALOG_PUBLISH_OUTCOME: outcomeFile }, false);
    const outcome = readOrNull(outcomeFile);
    rmSync(outcomeDir, { recursive: true, force: true });
    const partial = published.code !== 0 && outcome !== null ? parsePartialOutcome(outcome.toString('utf8')) : null;
    if (partial) {
      // Some of the new site is live: the snapshot it reflects stays, so git matches the live pages. One line says it all.
      const kept = `${shown(snapshotPath)} was kept as the new snapshot the live pages reflect; `;
      const line = betweenVersionsLine({ ...partial, reason: `the publish step failed after some uploads: ${partial.reason}` }, `npm run refresh -- ${argv.map(shellWord).join(' ')}`, kept);
      process.stderr.write(`refresh: error: ${redact(line)}\n`);
      if (options.commit && result.changed) await commitSnapshot();
      return published.code;
    }
    if (published.code !== 0) return await fail('publish', published.code);
  }

  if (options.commit && result.changed) {
    const committed = await commitSnapshot();
    if (committed !== 0) {
      process.stderr.write(`refresh: error: git could not commit ${shown(snapshotPath)} (exit ${committed}); ${options.publish ? 'the site was published; ' : ''}commit it by hand\n`);
      return EXIT_CODES.unexpected;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    redact(`refresh: done in ${seconds} s: ${message}${options.publish ? `; published to container ${options.container}` : ''}${options.commit && result.changed ? '; committed' : ''}\n`),
  );
  return EXIT_CODES.ok;
}

process.exitCode = await main(process.argv.slice(2));
