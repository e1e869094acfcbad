/**
 * npm run catalog:fetch — a fresh, validated snapshot of the official images
 * of the cloud cloud.config.yaml describes, from Keystone and Glance v2. See --help.
 */
import { acquireLocks } from './lib/run-lock.ts';
import { relative, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchHelpText, parseFetchArgs, type FetchOptions } from './lib/cli-args.ts';
import { CatalogError, EXIT_CODES, oneLine } from './lib/errors.ts';
import { fetchCatalog, type FetchResult, type SourceResult } from './lib/fetch-catalog.ts';
import { Progress } from './lib/progress.ts';
import { redact } from './lib/redact.ts';
import { DataFileError } from '../src/lib/json-file.ts';
import { SNAPSHOT_FILE } from '../src/lib/catalog/load.ts';
import { CloudConfigError, cloudConfig } from '../src/lib/cloud-config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_OUT = resolve(ROOT, SNAPSHOT_FILE);

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function describe(error: unknown): { exitCode: number; kind: string; message: string } {
  if (error instanceof CatalogError) return { exitCode: error.exitCode, kind: error.kind, message: error.message };
  if (error instanceof CloudConfigError) return { exitCode: EXIT_CODES.config, kind: 'config', message: error.message };
  if (error instanceof DataFileError) return { exitCode: EXIT_CODES.data, kind: 'data', message: error.message };
  if (error instanceof Error && error.name === 'ZodError') {
    return { exitCode: EXIT_CODES.data, kind: 'data', message: `the data fails its schema (${error.message.slice(0, 200)}); the old snapshot was kept` };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
    return { exitCode: EXIT_CODES.config, kind: 'config', message: `cannot write the snapshot (${code}: ${(error as Error).message}); check --out and the directory's permissions` };
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { exitCode: EXIT_CODES.unexpected, kind: 'unexpected', message: `unexpected error (${text}); please report this` };
}

/** A source's line in the summary of a fetch of several. */
function sourceLine(source: SourceResult): string {
  if (!source.ok) return `${source.label}: failed (${source.error}); kept its last good data of ${source.fetchedAt} (${source.images} official images)`;
  if (!source.changed) return `${source.label}: no change in the ${source.images} official images`;
  const archived = source.archived > 0 ? ` and ${source.archived} archived builds` : '';
  return `${source.label}: ${source.images} official images${archived} (${source.added} added, ${source.movedToArchive ? `${source.movedToArchive} moved to the archive, ` : ''}${source.removed} removed, ${source.updated} updated)`;
}

function summary(result: FetchResult, seconds: string): string {
  const where = shown(result.out);
  if (result.sources) {
    const failed = result.sources.filter((source) => !source.ok).length;
    const changed = result.sources.filter((source) => source.changed).length;
    const parts = [`${changed} changed`, failed ? `${failed} kept from the last good fetch` : null].filter(Boolean).join(', ');
    return [...result.sources.map(sourceLine), `Wrote ${result.sources.length} sources (${parts}; ${result.images} official images in all) to ${where} in ${seconds}s`].join('\n');
  }
  if (!result.changed) {
    return `No change in the ${result.images} official images; refreshed the fetch time of ${where} in ${seconds}s`;
  }
  const archived = result.archived > 0 ? ` and ${result.archived} archived builds` : '';
  return `Wrote ${result.images} official images${archived} to ${where} (${result.added} added, ${result.movedToArchive ? `${result.movedToArchive} moved to the archive, ` : ''}${result.removed} removed, ${result.updated} updated) in ${seconds}s`;
}

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  const wantsJson = argv.includes('--json');
  let options: FetchOptions | null = null;
  try {
    const config = cloudConfig();
    options = parseFetchArgs(argv, process.env, config);
    if (options.help) {
      process.stdout.write(fetchHelpText(config));
      return EXIT_CODES.ok;
    }
    const progress = new Progress(process.stderr, { quiet: options.quiet, verbose: options.verbose });
    const out = options.out === null ? DEFAULT_OUT : resolve(process.cwd(), options.out);
    acquireLocks([out], 'catalog:fetch', process.env, (line) => progress.warn(line));
    const result = await fetchCatalog({ options, out, distributionsFile: config.data.distributions, env: process.env, progress, site: config });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = redact(summary(result, seconds));
    if (options.json) {
      process.stderr.write(`${line}\n`);
      const sources = result.sources?.map((source) => ({ ...source, out: shown(source.out) }));
      const json = { ok: true, ...result, out: shown(result.out), historyPath: shown(result.historyPath), ...(sources ? { sources } : {}), seconds: Number(seconds) };
      process.stdout.write(`${redact(JSON.stringify(json))}\n`);
    } else {
      process.stdout.write(`${line}\n`);
    }
    return EXIT_CODES.ok;
  } catch (error) {
    const { exitCode, kind, message } = describe(error);
    const line = redact(oneLine(message));
    process.stderr.write(`catalog:fetch: error: ${line}\n`);
    if (options?.json ?? wantsJson) {
      process.stdout.write(`${JSON.stringify({ ok: false, exitCode, kind, error: line })}\n`);
    }
    return exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
