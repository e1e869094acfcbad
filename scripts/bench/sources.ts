/**
 * Several-source build benchmark (`--only sources`): `astro build` of 6 regions × 1,000 images and of a
 * 20-member federation × 300 images, against the one-region build of the same total (6,000 images, the
 * build part's snapshot), each with its time and peak RSS of the process tree.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { ensureSnapshot, buildEnv } from './build.ts';
import { generateSourceSnapshots } from './generate-snapshot.ts';
import { BENCH_DIR, log, mb, measure, n, NODE, ROOT, sec, table } from './lib.ts';
import { sourceSnapshotPathFor, sourcesIndexPathFor } from '../../src/lib/catalog/source-paths.ts';
import { cloudConfigPath } from '../../src/lib/cloud-config.ts';

export interface SourcesFigures {
  label: string;
  sources: number;
  images: number;
  ms: number;
  peakRss: number;
  pages: number;
}

interface Layout {
  label: string;
  config: string;
  snapshot: string;
  sources: number;
  images: number;
}

/** The committed config with its data paths made absolute, changed by `edit`, written to `file`. */
function writeConfig(file: string, edit: (config: Record<string, any>) => void): void {
  const source = cloudConfigPath();
  const config = parse(readFileSync(source, 'utf8')) as Record<string, any>;
  for (const key of Object.keys(config.data ?? {})) config.data[key] = resolve(dirname(source), config.data[key]);
  edit(config);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stringify(config));
}

/** Writes a several-source layout under `.bench/sources-<name>/`. */
function writeLayout(name: string, label: string, sources: { member: string; region: string }[], perSource: number, edit: (config: Record<string, any>) => void): Layout {
  const dir = join(BENCH_DIR, `sources-${name}`);
  rmSync(dir, { recursive: true, force: true });
  const snapshot = join(dir, 'catalog/snapshot.json');
  const snapshots = generateSourceSnapshots(sources, perSource);
  mkdirSync(dirname(snapshot), { recursive: true });
  writeFileSync(sourcesIndexPathFor(snapshot), JSON.stringify({ schemaVersion: 1, sources: sources.map((s) => ({ ...s, lastFailure: null })) }));
  snapshots.forEach((one, index) => {
    const file = sourceSnapshotPathFor(snapshot, sources[index]!);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(one));
  });
  writeFileSync(snapshot, JSON.stringify(snapshots[0]));
  const config = join(dir, 'cloud.config.yaml');
  writeConfig(config, edit);
  return { label, config, snapshot, sources: sources.length, images: sources.length * perSource };
}

async function buildLayout(layout: Layout): Promise<SourcesFigures> {
  const out = join(dirname(layout.config), 'dist');
  log(`building ${layout.label} → ${out}`);
  const env = { ...buildEnv(layout.snapshot), CATALOG_CONFIG: layout.config };
  const run = await measure(NODE, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out], { env });
  if (run.code !== 0) throw new Error(`astro build (${layout.label}) failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  const pages = /(\d+) page\(s\) built in/.exec(run.stdout);
  return { label: layout.label, sources: layout.sources, images: layout.images, ms: run.ms, peakRss: run.peakRss, pages: pages ? Number(pages[1]) : NaN };
}

export async function sourcesBench(): Promise<SourcesFigures[]> {
  const one = await ensureSnapshot(6000);
  const regions = Array.from({ length: 6 }, (_, i) => ({ member: 'nectar', region: `Region${i + 1}` }));
  const members = Array.from({ length: 20 }, (_, i) => ({ member: `m${i + 1}`, region: 'Region' }));
  const layouts: Layout[] = [
    { label: 'one region × 6,000', config: join(BENCH_DIR, 'sources-one/cloud.config.yaml'), snapshot: one, sources: 1, images: 6000 },
    writeLayout('regions', '6 regions × 1,000', regions, 1000, (config) => {
      config.cloud.regions = regions.map((r) => r.region);
    }),
    writeLayout('federation', '20 members × 300', members, 300, (config) => {
      const images = config.images;
      delete config.images;
      config.members = members.map((m) => ({ name: `Member ${m.member}`, short_name: m.member, os_cloud: m.member, ...images }));
    }),
  ];
  writeConfig(layouts[0]!.config, () => {});
  const figures: SourcesFigures[] = [];
  for (const layout of layouts) figures.push(await buildLayout(layout));
  return figures;
}

export function sourcesReport(figures: SourcesFigures[]): string {
  const base = figures[0]!;
  return table(
    ['catalog', 'sources', 'images', 'pages', 'build', 'vs one region', 'peak RSS'],
    figures.map((f) => [f.label, f.sources, n(f.images), n(f.pages), sec(f.ms), `${(f.ms / base.ms).toFixed(2)}×`, mb(f.peakRss)]),
  );
}
