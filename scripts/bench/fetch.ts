/**
 * The fetch script against a real Keystone + Glance (scripts/test-cloud) with
 * 1,000 official images, next to `openstack image list` for the same listing.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, log, measure, median, msText, n, NODE, ROOT, sec, table } from './lib.ts';

export interface FetchFigures {
  images: number;
  listed: number;
  fetchMs: number[];
  cliMs: number[];
  cliListed: number;
  setupMs: number;
}

export async function fetchBench(images: number, runs: number): Promise<FetchFigures> {
  const state = join(BENCH_DIR, 'cloud');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  const started = Date.now();
  log(`starting Keystone + Glance in ${state}`);
  const start = await measure('sh', [join(ROOT, 'scripts/test-cloud/start.sh'), '--state-dir', state]);
  if (start.code !== 0) throw new Error(`test cloud did not start:\n${start.stderr.slice(-3000)}`);
  try {
    log(`seeding ${n(images)} images (about a minute per thousand)`);
    const seed = await measure('python3', [join(ROOT, 'scripts/test-cloud/seed.py'), '--state-dir', state, '--images', String(images)]);
    if (seed.code !== 0) throw new Error(`seeding failed:\n${seed.stderr.slice(-3000)}`);
    const seedJson = JSON.parse(readFileSync(join(state, 'seed.json'), 'utf8')) as {
      official: { id: string };
      files: { env: Record<string, Record<string, string>> };
    };
    const owner = seedJson.official.id;
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...seedJson.files.env.publisher };
    const setupMs = Date.now() - started;
    const fetchMs: number[] = [];
    const cliMs: number[] = [];
    let listed = 0;
    let cliListed = 0;
    const out = join(state, 'bench-snapshot.json');
    for (let i = 0; i < runs; i++) {
      // Alternate, so a warm or busy moment favours neither.
      const fetch = await measure(NODE, [join(ROOT, 'scripts/catalog-fetch.ts'), '--out', out, '--owner', owner, '--json', '--quiet'], { env });
      if (fetch.code !== 0) throw new Error(`catalog-fetch failed:\n${fetch.stdout}\n${fetch.stderr}`);
      fetchMs.push(fetch.ms);
      listed = (JSON.parse(readFileSync(out, 'utf8')) as { images: unknown[] }).images.length;
      const cli = await measure('openstack', ['image', 'list', '--public', '--property', `owner=${owner}`, '--long', '-f', 'json'], { env });
      if (cli.code !== 0) throw new Error(`openstack image list failed:\n${cli.stderr}`);
      cliMs.push(cli.ms);
      cliListed = (JSON.parse(cli.stdout) as unknown[]).length;
      log(`run ${i + 1}/${runs}: fetch ${msText(fetch.ms)}, openstack ${msText(cli.ms)}`);
    }
    return { images, listed, fetchMs, cliMs, cliListed, setupMs };
  } finally {
    log('stopping the test cloud');
    await measure('sh', [join(ROOT, 'scripts/test-cloud/stop.sh'), '--state-dir', state, '--purge']);
  }
}

export function fetchReport(f: FetchFigures): string {
  const fm = median(f.fetchMs);
  const cm = median(f.cliMs);
  return [
    table(
      ['Command', 'Listed', `Median of ${f.fetchMs.length} runs`, 'All runs'],
      [
        ['`node scripts/catalog-fetch.ts --out … --owner …`', n(f.listed), sec(fm), f.fetchMs.map((ms) => sec(ms)).join(', ')],
        ['`openstack image list --public --property owner=… --long -f json`', n(f.cliListed), sec(cm), f.cliMs.map((ms) => sec(ms)).join(', ')],
      ],
    ),
    '',
    `Ratio fetch ÷ CLI: **${(fm / cm).toFixed(2)}** (below 1: the fetch script is faster). Seeded ${n(f.images)} official images; cloud start and seed took ${sec(f.setupMs)}. Both list the same project's public images through the same Keystone and Glance; the fetch script also validates them, reads distributions.yaml and writes the snapshot and its history. The counts differ because the CLI command (no \`--status active\`) also lists public images that are not active (the seed makes a queued and a deactivated one), which the catalog leaves out.`,
  ].join('\n');
}
