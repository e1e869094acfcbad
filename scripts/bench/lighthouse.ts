/**
 * Lighthouse (mobile: its default Moto G Power emulation with simulated slow
 * 4G and 4× CPU slowdown) on the sample pages, in Debian's Chromium.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '../../tests/e2e/support/static-server.ts';
import { CHROMIUM_PATH } from '../../tests/e2e/support/browser.ts';
import { BENCH_DIR, log, measure, msText, NODE, ROOT, table } from './lib.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

export interface LighthouseFigures {
  label: string;
  path: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  metrics: { fcp: number; lcp: number; tbt: number; cls: number; si: number };
  /** Audits that cost points: id and title. */
  lost: string[];
}

export async function lighthousePages(dir: string, pages: { label: string; path: string }[]): Promise<LighthouseFigures[]> {
  const server = await serveStatic(dir, { gzip: true });
  const out = join(BENCH_DIR, 'lighthouse');
  mkdirSync(out, { recursive: true });
  const results: LighthouseFigures[] = [];
  try {
    for (const { label, path } of pages) {
      const file = join(out, `${path.replace(/[^a-z0-9]+/gi, '_') || 'home'}.json`);
      log(`lighthouse ${path}`);
      const run = await measure(
        NODE,
        [
          join(ROOT, 'node_modules/lighthouse/cli/index.js'),
          `${server.url}${path}`,
          '--quiet',
          '--chrome-flags=--headless --no-sandbox --disable-gpu',
          `--only-categories=${CATEGORIES.join(',')}`,
          '--output=json',
          `--output-path=${file}`,
        ],
        { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH } },
      );
      if (run.code !== 0) throw new Error(`lighthouse ${path} failed:\n${run.stderr.slice(-3000)}`);
      const report = JSON.parse(readFileSync(file, 'utf8')) as {
        categories: Record<string, { score: number; auditRefs: { id: string; weight: number }[] }>;
        audits: Record<string, { score: number | null; title: string; numericValue?: number; scoreDisplayMode: string }>;
      };
      const lost: string[] = [];
      for (const category of CATEGORIES) {
        for (const ref of report.categories[category]!.auditRefs) {
          const audit = report.audits[ref.id];
          if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative') {
            lost.push(`${category}: ${ref.id} (${audit.score})`);
          }
        }
      }
      const metric = (id: string) => report.audits[id]?.numericValue ?? NaN;
      results.push({
        label,
        path,
        scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(report.categories[c]!.score * 100)])) as LighthouseFigures['scores'],
        metrics: { fcp: metric('first-contentful-paint'), lcp: metric('largest-contentful-paint'), tbt: metric('total-blocking-time'), cls: metric('cumulative-layout-shift'), si: metric('speed-index') },
        lost,
      });
    }
  } finally {
    await server.close();
  }
  return results;
}

export function lighthouseReport(size: number, results: LighthouseFigures[]): string {
  return [
    table(
      ['Page', 'Performance', 'Accessibility', 'Best practices', 'SEO', 'FCP', 'LCP', 'TBT', 'CLS'],
      results.map((r) => [
        `${r.label} \`${r.path.length > 40 ? `${r.path.slice(0, 38)}…/` : r.path}\``,
        r.scores.performance,
        r.scores.accessibility,
        r.scores['best-practices'],
        r.scores.seo,
        msText(r.metrics.fcp),
        msText(r.metrics.lcp),
        msText(r.metrics.tbt),
        r.metrics.cls.toFixed(3),
      ]),
    ),
    '',
    `Site built from the ${size.toLocaleString('en')}-image snapshot. Audits that cost points: ${
      results.some((r) => r.lost.length) ? results.filter((r) => r.lost.length).map((r) => `${r.path}: ${r.lost.join('; ')}`).join(' — ') : 'none'
    }.`,
  ].join('\n');
}
