/** Build benchmark: `astro build` (with Starlight's Pagefind step) from generated snapshots of each size. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { BENCH_DIR, dirSize, kb, log, mb, measure, n, NODE, ROOT, sec, table } from './lib.ts';
import { isPagefind, phases, type Phase } from './phases.ts';

export function snapshotFile(size: number): string {
  return join(BENCH_DIR, `snapshot-${size}.json`);
}

/** `.bench/site-<size>/`, or `.bench/site-<size>-stock-search/` for the same site with Starlight's stock search. */
export function siteDir(size: number, stockSearch = false): string {
  return join(BENCH_DIR, `site-${size}${stockSearch ? '-stock-search' : ''}`);
}

/** Generates the snapshot of `size` images (seed 1) unless it is there already. */
export async function ensureSnapshot(size: number): Promise<string> {
  const file = snapshotFile(size);
  if (!existsSync(file)) {
    const run = await measure(NODE, [join(ROOT, 'scripts/bench/generate-snapshot.ts'), '--count', String(size), '--out', file, '--seed', '1', '--fetched-at', new Date().toISOString().replace(/\.\d+Z$/, 'Z')]);
    if (run.code !== 0) throw new Error(`generate-snapshot failed:\n${run.stderr}`);
  }
  return file;
}

/** The environment of a production build outside Vitest. */
export function buildEnv(snapshot: string, stockSearch = false): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshot, BENCH_STOCK_SEARCH: stockSearch ? '1' : '' };
  for (const key of ['DEV', 'PROD', 'MODE', 'SSR', 'BASE_URL']) delete env[key];
  return env;
}

export interface BuildFigures {
  size: number;
  ms: number;
  peakRss: number;
  pages: number;
  pagefindMs: number | null;
  pagefind: { bytes: number; files: number };
  catalogHtml: number;
  catalogHtmlGzip: number;
  indexJsonGzip: number | null;
  dist: number;
  /** Peak RSS of the node side of the tree and of the pagefind binary, each on its own, bytes. */
  nodeRss: number;
  pagefindRss: number;
  phases: Phase[];
}

/** Builds the site from a snapshot of `size` images into .bench/site-<size>/ (`stockSearch`: with Starlight's stock search); returns the figures. */
export async function buildSite(size: number, stockSearch = false, project = ROOT, outDir?: string): Promise<BuildFigures> {
  const snapshot = await ensureSnapshot(size);
  const out = outDir ?? siteDir(size, stockSearch);
  rmSync(out, { recursive: true, force: true });
  log(`building ${n(size)} images → ${out}${project === ROOT ? '' : ` (from ${project})`}`);
  const run = await measure(NODE, [join(project, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out], { cwd: project, env: buildEnv(snapshot, stockSearch) });
  if (run.code !== 0) throw new Error(`astro build of ${size} images failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  const pagesMatch = /(\d+) page\(s\) built in/.exec(run.stdout);
  const pagefindMatch = /Finished building search index in ([\d.]+)(m?s)\b/.exec(run.stdout);
  const catalog = readFileSync(join(out, 'catalog/index.html'));
  const indexJson = join(out, 'catalog/index.json');
  return {
    size,
    ms: run.ms,
    peakRss: run.peakRss,
    pages: pagesMatch ? Number(pagesMatch[1]) : NaN,
    pagefindMs: pagefindMatch ? Number(pagefindMatch[1]) * (pagefindMatch[2] === 'ms' ? 1 : 1000) : null,
    pagefind: dirSize(join(out, 'pagefind')),
    catalogHtml: catalog.length,
    catalogHtmlGzip: gzipSync(catalog).length,
    indexJsonGzip: existsSync(indexJson) && catalog.includes('data-catalog-mode="paged"') ? gzipSync(readFileSync(indexJson)).length : null,
    dist: dirSize(out).bytes,
    nodeRss: Math.max(0, ...run.samples.map((s) => Object.entries(s.byCommand).reduce((a, [c, b]) => a + (isPagefind(c) ? 0 : b), 0))),
    pagefindRss: Math.max(0, ...run.samples.map((s) => Object.entries(s.byCommand).reduce((a, [c, b]) => a + (isPagefind(c) ? b : 0), 0))),
    phases: phases(run),
  };
}

/**
 * A worktree of `commit` under .bench/baseline-<commit>/ with this checkout's node_modules copied in when the
 * lockfiles match (else `npm ci` there), for building an earlier commit from the same snapshot in the same run.
 */
export function baselineProject(commit: string): string {
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--verify', `${commit}^{commit}`], { encoding: 'utf8' }).trim();
  const dir = join(BENCH_DIR, `baseline-${sha.slice(0, 12)}`);
  if (!existsSync(join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['-C', ROOT, 'worktree', 'prune']);
    execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, sha], { stdio: 'ignore' });
  }
  if (!existsSync(join(dir, 'node_modules'))) {
    const same = readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(ROOT, 'package-lock.json'), 'utf8');
    if (same) cpSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true, filter: (src) => !/node_modules\/\.(vite|astro)(\/|$)/.test(src) });
    else execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
  }
  return dir;
}

/** Today's build against the baseline commit's, same snapshot, same run: time, peak RSS and its parts, and ratios. */
export function baselineReport(commit: string, before: BuildFigures, after: BuildFigures): string {
  const row = (label: string, f: BuildFigures) => [
    label,
    sec(f.ms),
    mb(f.peakRss),
    mb(f.nodeRss),
    mb(f.pagefindRss),
    ...['Rendering pages', 'Search index (Pagefind)'].map((name) => {
      const phase = f.phases.find((p) => p.name === name);
      return phase ? sec(phase.ms) : '?';
    }),
  ];
  return table(
    [`${n(after.size)} images`, 'Build wall time', 'Peak RSS (process tree)', 'node alone', 'pagefind alone', 'Rendering pages', 'Pagefind step'],
    [
      row(`Before (${commit})`, before),
      row('This commit', after),
      ['Ratio', `×${(before.ms / after.ms).toFixed(2)} faster`, `×${(after.peakRss / before.peakRss).toFixed(2)}`, `×${(after.nodeRss / before.nodeRss).toFixed(2)}`, `×${(after.pagefindRss / before.pagefindRss).toFixed(2)}`, '', ''],
    ],
  );
}

export function buildReport(figures: BuildFigures[]): string {
  const first = figures[0];
  const rows = figures.map((f, i) => {
    const prev = figures[i - 1];
    const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
    return [
      n(f.size),
      n(f.pages),
      sec(f.ms),
      prev ? `${ratio(f.ms, prev.ms)} for ×${(f.size / prev.size).toFixed(0)} images` : '—',
      first && f !== first ? `${((f.ms / first.ms) / (f.size / first.size)).toFixed(2)}` : '—',
      mb(f.peakRss),
      prev ? ratio(f.peakRss, prev.peakRss) : '—',
      f.pagefindMs === null ? '?' : sec(f.pagefindMs),
      `${mb(f.pagefind.bytes)} (${n(f.pagefind.files)} files)`,
      `${kb(f.catalogHtmlGzip)}${f.indexJsonGzip === null ? ' (all rows)' : ` + ${kb(f.indexJsonGzip)} index.json on first use`}`,
    ];
  });
  return table(
    ['Images', 'Pages', 'Build wall time', 'Time ratio to previous size', 'Time per image vs smallest', 'Peak RSS (process tree)', 'RSS ratio', 'Pagefind step', 'Search index', '/catalog/ gzipped'],
    rows,
  );
}

/** Each build's phases: time and the peak RSS of node and of pagefind within each. */
export function phaseReport(figures: BuildFigures[]): string {
  const rows = figures.flatMap((f) => f.phases.map((p) => [n(f.size), p.name, sec(p.ms), mb(p.nodeRss), p.pagefindRss ? mb(p.pagefindRss) : '—', mb(p.treeRss)]));
  return table(['Images', 'Phase', 'Wall time', 'node peak RSS', 'pagefind peak RSS', 'Tree peak RSS'], rows);
}
