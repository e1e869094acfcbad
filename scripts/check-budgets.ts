/**
 * node scripts/check-budgets.ts [distDir]   (default dist)
 *
 * Checks the performance budgets (scripts/lib/budgets.ts) over a built site
 * and prints one line per budget: the figure, the limit, where, and what to
 * fix when it is blown. Exit 1 when any budget is blown, 2 when there is no
 * built site. `npm run build` runs it after `astro build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { listHtmlFiles, urlPathOf } from './lib/built-site.ts';
import { checkBudgets, formatKb, formatResult, type BuiltPage } from './lib/budgets.ts';
import { normaliseSiteBase } from '../src/lib/site-path.ts';

export function readSite(dist: string): BuiltPage[] {
  // listHtmlFiles sorts by file; pages are ordered by their URL path.
  return listHtmlFiles(dist)
    .map((file) => ({ path: urlPathOf(file), html: readFileSync(join(dist, file), 'utf8') }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function run(distArg: string | undefined): number {
  const dist = resolve(distArg ?? 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    process.stderr.write(`check-budgets: no built site at ${dist} (run astro build first)\n`);
    return 2;
  }
  // Pages built with SITE_BASE name their scripts under it (`/support/images/_astro/x.js`).
  const base = normaliseSiteBase(process.env.SITE_BASE);
  const readAsset = (sitePath: string): string | null => {
    const inside = sitePath.startsWith(base) ? `/${sitePath.slice(base.length)}` : sitePath;
    const file = join(dist, decodeURIComponent(inside));
    if (!file.startsWith(dist + sep)) return null;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  };
  const report = checkBudgets(readSite(dist), readAsset);
  process.stdout.write(
    `budgets: ${report.pages} pages; Starlight's own JS (shipped by every page) is ${formatKb(report.baseline.bytes)} gzipped in ${report.baseline.keys.length} scripts\n`,
  );
  for (const result of report.results) (result.ok ? process.stdout : process.stderr).write(`${formatResult(result)}\n`);
  const failed = report.results.filter((r) => !r.ok).length;
  if (failed) process.stderr.write(`check-budgets: ${failed} budget${failed === 1 ? '' : 's'} blown (see above)\n`);
  return failed ? 1 : 0;
}

if (import.meta.main) process.exitCode = run(process.argv[2]);
