/**
 * npm run bench [-- --only build,weight,filter,search,fetch,lighthouse,publish,lifecycle,sources] [--sizes 100,1000,10000]
 *                  [--runs 5] [--fetch-images 1000] [--baseline aaa2d89] [--no-write]
 *
 * Prints benchmark figures (it is not a test: nothing passes or fails) and
 * writes them into BENCHMARKS.md, each part between its own markers, so a
 * partial run updates only its parts. Sites are built into .bench/site-<N>/
 * from generated snapshots (.bench/snapshot-<N>.json); parts that need a site
 * reuse one already there when `build` is not among the parts run.
 *
 *   build       astro build + Pagefind per size: wall time, peak RSS of the
 *               process tree (and of node and pagefind alone), ratios between
 *               sizes; then the largest size built from --baseline's commit
 *               (a git worktree under .bench/) in the same run, side by side
 *               (--baseline none skips it)
 *   weight      requests and gzipped HTML/CSS/JS of home, a guide page,
 *               /catalog/ and an image page, loaded in Chromium
 *   filter      keystroke → updated catalog table, per size, full speed and
 *               with the CPU slowed 4× (a mid-range phone)
 *   search      time to the first result in the site search for a version
 *   fetch       catalog-fetch vs `openstack image list` on a loopback
 *               Keystone + Glance with 1,000 images (needs scripts/test-cloud)
 *   lighthouse  mobile Lighthouse scores of the four pages
 *   publish     npm run publish vs `swift upload` (first) and `swift upload
 *               --changed --skip-identical` (unchanged) on a loopback Swift
 *               with a 1,000-image site (needs scripts/test-cloud)
 *   lifecycle   astro build per size when only each line's newest build is
 *               current and the rest are archived builds with their own pages
 *   sources     astro build of 6 regions × 1,000 images and a 20-member
 *               federation × 300 against one region of 6,000 (scripts/bench/sources.ts)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { baselineProject, baselineReport, buildReport, phaseReport, buildSite, siteDir, type BuildFigures } from './build.ts';
import { compareSearch, filterLatency, filterReport, samplePages, searchReport, weighPage, weightReport, withSite, type FilterFigures, type SearchComparison } from './browser.ts';
import { fetchBench, fetchReport } from './fetch.ts';
import { publishBench, publishReport } from './publish.ts';
import { lighthousePages, lighthouseReport } from './lighthouse.ts';
import { log, machine, ROOT } from './lib.ts';
import { lifecycleBuild, lifecycleReport, type LifecycleFigures } from './lifecycle.ts';
import { cloudConfigOrExit } from '../../src/lib/cloud-config.ts';
import { sourcesBench, sourcesReport } from './sources.ts';

const PARTS = ['build', 'weight', 'filter', 'search', 'fetch', 'lighthouse', 'publish', 'lifecycle', 'sources'] as const;
type Part = (typeof PARTS)[number];

const TITLES: Record<Part, string> = {
  build: 'Build time and memory by catalog size',
  weight: 'Page weight',
  filter: 'Catalog filter: keystroke to updated table',
  search: 'Site search: time to the first result',
  fetch: 'Fetch script vs the openstack CLI (real Glance, 1,000 images)',
  lighthouse: 'Lighthouse (mobile)',
  publish: 'Publish to Swift vs the swift CLI (1,000-image site)',
  lifecycle: 'Archived builds: build time and pages',
  sources: 'Several regions and a federation: build time and memory',
};

const BENCHMARKS = join(ROOT, 'BENCHMARKS.md');

const HEADER = `# Benchmarks

Figures from \`npm run bench\` (scripts/bench/). Each section says when and on
what machine it was measured; \`npm run bench -- --only <parts>\` re-measures
and rewrites only those sections (between their \`<!-- bench:… -->\` markers).
The budgets that CI enforces are in [the last section](#budgets-enforced-by-the-build-and-ci).

## How to reproduce

\`\`\`sh
npm run bench                                   # everything: about 15 minutes on 2 cores
npm run bench -- --only build --sizes 100,1000  # some parts, some sizes
npm run bench -- --only fetch                   # needs scripts/test-cloud/install.sh once (root)
node scripts/bench/generate-snapshot.ts --count 10000 --out .bench/snapshot-10000.json --seed 1
\`\`\`

Snapshots are generated (deterministic for a seed) across every distribution
in content/data/distributions.yaml, with real releases, rebuild dates and
properties, plus unlisted distributions and property-less images. Sites are
built into \`.bench/site-<N>/\` (git-ignored).
`;

function section(part: Part, body: string): string {
  return `<!-- bench:${part} -->\n## ${TITLES[part]}\n\n${body.trim()}\n<!-- /bench:${part} -->`;
}

function writeSection(part: Part, body: string): void {
  let text = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : `${HEADER}\n${PARTS.map((p) => section(p, '_Not measured yet._')).join('\n\n')}\n`;
  const block = section(part, body);
  const pattern = new RegExp(`<!-- bench:${part} -->[\\s\\S]*?<!-- /bench:${part} -->`);
  if (pattern.test(text)) text = text.replace(pattern, () => block);
  else {
    // A section not there yet goes before the budgets (or at the end).
    const at = text.indexOf('\n## Budgets');
    text = at === -1 ? `${text.trimEnd()}\n\n${block}\n` : `${text.slice(0, at)}\n${block}\n${text.slice(at)}`;
  }
  writeFileSync(BENCHMARKS, text);
}

async function main(argv: string[]): Promise<number> {
  // A broken cloud.config.yaml (or CATALOG_CONFIG) stops here, in one line, exit 2.
  cloudConfigOrExit('bench');
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      sizes: { type: 'string', default: '100,1000,10000' },
      runs: { type: 'string', default: '5' },
      'fetch-images': { type: 'string', default: '1000' },
      'publish-images': { type: 'string', default: '1000' },
      baseline: { type: 'string', default: 'aaa2d89' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*\n?|^ \* ?/gm, ''));
    return 0;
  }
  const parts = (values.only ? values.only.split(',').map((p) => p.trim()) : [...PARTS]) as Part[];
  const unknown = parts.filter((p) => !PARTS.includes(p));
  if (unknown.length) {
    process.stderr.write(`bench: unknown part ${unknown.join(', ')}; choose from ${PARTS.join(', ')}\n`);
    return 2;
  }
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    process.stderr.write('bench: --sizes takes whole numbers, e.g. --sizes 100,1000\n');
    return 2;
  }
  const runs = Number(values.runs);
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}._`;
  const emit = (part: Part, body: string) => {
    process.stdout.write(`\n## ${TITLES[part]}\n\n${body}\n`);
    if (!values['no-write']) writeSection(part, `${stamp}\n\n${body}`);
  };

  // Sites: built by the build part, or reused, or built quietly when needed.
  const built: BuildFigures[] = [];
  const site = async (size: number): Promise<string> => {
    const dir = siteDir(size);
    if (!existsSync(join(dir, 'index.html'))) built.push(await buildSite(size));
    return dir;
  };

  if (parts.includes('build')) {
    const figures: BuildFigures[] = [];
    for (const size of sizes) figures.push(await buildSite(size));
    let baseline = '';
    if (values.baseline !== 'none') {
      const largest = figures[figures.length - 1]!;
      const project = baselineProject(values.baseline);
      const before = await buildSite(largest.size, false, project, join(project, '.bench-site'));
      baseline = `\n\n${baselineReport(values.baseline, before, largest)}\n\nThe same snapshot built from commit ${'`'}${values.baseline}${'`'} (a git worktree in .bench/, \`--baseline\`) right after this commit's build, in the same run.`;
    }
    emit(
      'build',
      `${buildReport(figures)}${baseline}

${phaseReport(figures)}

Per phase of each build: wall time, and the peak RSS within it of node (with esbuild) and of the pagefind binary.

Wall time of \`astro build\` (which runs Starlight's Pagefind indexing), one build at a time; peak RSS is the summed
resident memory of the build's whole process tree (node and the pagefind binary), polled every 100 ms from /proc.
"Time per image vs smallest" is (time ÷ smallest size's time) ÷ (images ÷ smallest size's images): below 1 means
better than linear. Above ${'`'}CATALOG_INLINE_MAX${'`'} (500) images the catalog is paged (src/lib/catalog/scale.ts):
/catalog/ lists each distribution's newest 25 rows and the filter loads /catalog/index.json when first used.`,
    );
  }

  if (parts.includes('weight')) {
    const blocks: string[] = [];
    for (const size of sizes) {
      const dir = await site(size);
      const weights = await withSite(dir, async (browser, url) => {
        const out = [];
        for (const { label, path } of samplePages(dir)) out.push(await weighPage(browser, url, label, path));
        return out;
      });
      blocks.push(weightReport(size, weights));
    }
    emit(
      'weight',
      `${blocks.join('\n\n')}

Each page loaded in Chromium with an empty cache until the network is idle (Starlight fetches its search UI when the
browser is idle, so its ~30 kB are in every page's JS). Bytes are gzipped as a static host sends them; "Other" is
the favicon and fonts. The catalog's /catalog/index.json (large catalogs) is not loaded until the filter is used.`,
    );
  }

  if (parts.includes('filter')) {
    const figures: FilterFigures[] = [];
    for (const size of sizes) {
      const dir = await site(size);
      await withSite(dir, async (browser, url) => {
        for (const throttle of [1, 4]) figures.push(await filterLatency(browser, url, size, throttle));
      });
    }
    emit(
      'filter',
      `${filterReport(figures)}

\`performance.now()\` at the keydown to the first animation frame after the filter's input handler, plus a message
posted from that frame (the frame is out). Queries typed a key at a time: \`24.04\`, \`noble arm\`, \`debian 12\`, \`9\`, \`rocky linux 9 amd64\`,
\`zzz\`. A frame is 16.7 ms at 60 Hz. "4× slowed" uses Chromium's CPU throttling, as Lighthouse does for a phone.`,
    );
  }

  if (parts.includes('search')) {
    const comparisons: SearchComparison[] = [];
    for (const size of sizes) {
      const dir = await site(size);
      // The same content built with Starlight's stock search, in the same run, to compare against.
      const stockDir = siteDir(size, true);
      if (!existsSync(join(stockDir, 'index.html'))) await buildSite(size, true);
      comparisons.push(await compareSearch(dir, stockDir, size, Math.max(3, runs)));
    }
    emit(
      'search',
      `${searchReport(comparisons)}

From filling the search box to the first result on screen, median of ${Math.max(3, runs)} runs per site, the two sites
measured alternately in one browser: this site, and the same content built with Starlight's stock search component
(\`BENCH_STOCK_SEARCH=1\`, built into .bench/site-<N>-stock-search/). Each cell says where the time goes: the first
request for an index chunk (Pagefind UI's debounce comes before it), the first request for a result fragment, then the
first result on screen. Ratio: this site's time over the stock site's (aim: at most 0.6×). Cold: the first query
after opening the dialog; warm: a second query right after. What src/scripts/site-search.ts changes: no 300 ms
debounce, Pagefind initialised when the pointer reaches the search button or the dialog opens, three results a page
instead of five (fewer fragment files before the first results).
Pagefind's published envelope: "a full-text search on a 10,000 page site with a total network payload under
300kB, including the Pagefind library itself" (https://github.com/Pagefind/pagefind README); the column
"Downloaded by the cold query" is that payload here.`,
    );
  }

  if (parts.includes('fetch')) {
    const figures = await fetchBench(Number(values['fetch-images']), runs);
    emit('fetch', fetchReport(figures));
  }

  if (parts.includes('lighthouse')) {
    const small = sizes[0]!;
    const dir = await site(small);
    const results = await lighthousePages(dir, samplePages(dir));
    let body = lighthouseReport(small, results);
    const large = sizes[sizes.length - 1]!;
    if (large !== small) {
      const bigDir = await site(large);
      const big = await lighthousePages(bigDir, samplePages(bigDir).filter((p) => p.path === '/catalog/'));
      body += `\n\n${lighthouseReport(large, big)}`;
    }
    emit(
      'lighthouse',
      `${body}

Lighthouse ${JSON.parse(readFileSync(join(ROOT, 'node_modules/lighthouse/package.json'), 'utf8')).version} (\`lighthouse\` npm package), its default mobile settings
(emulated Moto G Power, simulated slow 4G, 4× CPU slowdown), Chromium ${'`'}--headless --no-sandbox --disable-gpu${'`'},
served gzipped from loopback, as a static host would (Lighthouse's simulated throttling models the slow link).`,
    );
  }

  if (parts.includes('publish')) {
    const figures = await publishBench(Number(values['publish-images']), runs);
    emit('publish', publishReport(figures));
  }

  if (parts.includes('sources')) {
    emit(
      'sources',
      `${sourcesReport(await sourcesBench())}

Generated snapshots (\`generateSourceSnapshots\`, one seed per source: the same kinds of lines under each source's own
IDs) in the sources layout (sources.json and sources/<member>/<region>/), against the build part's 6,000-image snapshot
as one region. Every source's images get their own pages, and image pages list the same line in the other sources.`,
    );
  }

  if (parts.includes('lifecycle')) {
    const figures: LifecycleFigures[] = [];
    for (const size of sizes) figures.push(await lifecycleBuild(size));
    emit(
      'lifecycle',
      `${lifecycleReport(figures)}

Snapshots from \`generate-snapshot.ts --archive\`: the same images as the build part's, but only each line's newest
build is current and every earlier build is archived (renamed \`… [v<build>]\`, community), as Nectar keeps them.
Every archived build gets a page naming its successor, each line a \`/catalog/latest/<key>.json\`; \`/catalog/\` lists
the current builds only. No history, so no tombstones (each is one small page).`,
    );
  }

  if (built.length) log(`built ${built.map((b) => b.size).join(', ')} for the browser parts (run --only build to record build figures)`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
