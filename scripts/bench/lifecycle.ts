/**
 * Archived builds benchmark: `astro build` from generated snapshots where only
 * each line's newest build is current and every earlier one is archived (as
 * Nectar keeps them), so most images are archived builds with pages of their own.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildEnv } from './build.ts';
import { BENCH_DIR, kb, log, mb, measure, n, NODE, ROOT, sec, table } from './lib.ts';

export interface LifecycleFigures {
  size: number;
  current: number;
  archived: number;
  lines: number;
  pages: number;
  ms: number;
  peakRss: number;
  archivedPageGzip: number;
  latestJsonGzip: number;
  imagePageGzip: number;
}

/** Generates (once) and builds a snapshot of `size` images with archived builds into .bench/site-<size>-archived/. */
export async function lifecycleBuild(size: number): Promise<LifecycleFigures> {
  const snapshot = join(BENCH_DIR, `snapshot-${size}-archived.json`);
  if (!existsSync(snapshot)) {
    const run = await measure(NODE, [join(ROOT, 'scripts/bench/generate-snapshot.ts'), '--count', String(size), '--out', snapshot, '--seed', '1', '--archive', '--fetched-at', '2026-11-20T05:30:00Z']);
    if (run.code !== 0) throw new Error(`generate-snapshot failed:\n${run.stderr}`);
  }
  const data = JSON.parse(readFileSync(snapshot, 'utf8')) as { images: unknown[]; archived: unknown[] };
  const out = join(BENCH_DIR, `site-${size}-archived`);
  rmSync(out, { recursive: true, force: true });
  log(`building ${n(size)} images (${n(data.archived.length)} archived) → ${out}`);
  const run = await measure(NODE, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out], { env: buildEnv(snapshot) });
  if (run.code !== 0) throw new Error(`astro build of ${size} images with archived builds failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  const gz = (path: string) => gzipSync(readFileSync(join(out, path))).length;
  const latest = JSON.parse(readFileSync(join(out, 'catalog/latest.json'), 'utf8')) as { lineages: { archived: { url: string }[]; current: { url: string } | null }[] };
  // The current page of the line with the most earlier builds: the longest "Earlier builds" list.
  const busiest = [...latest.lineages].filter((line) => line.current).sort((a, b) => b.archived.length - a.archived.length)[0]!;
  return {
    size,
    current: data.images.length,
    archived: data.archived.length,
    lines: latest.lineages.length,
    pages: Number(/(\d+) page\(s\) built in/.exec(run.stdout)?.[1] ?? NaN),
    ms: run.ms,
    peakRss: run.peakRss,
    archivedPageGzip: gz('catalog/archived/index.html'),
    latestJsonGzip: gz('catalog/latest.json'),
    imagePageGzip: gz(join(busiest.current!.url, 'index.html')),
  };
}

export function lifecycleReport(figures: LifecycleFigures[]): string {
  return table(
    ['Images', 'Current', 'Archived', 'Lines', 'Pages', 'Build wall time', 'Peak RSS (process tree)', '/catalog/archived/ gzipped', '/catalog/latest.json gzipped', 'Busiest current image page gzipped'],
    figures.map((f) => [n(f.size), n(f.current), n(f.archived), n(f.lines), n(f.pages), sec(f.ms), mb(f.peakRss), kb(f.archivedPageGzip), kb(f.latestJsonGzip), kb(f.imagePageGzip)]),
  );
}
