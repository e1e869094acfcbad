import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { guidePageName, guidePages, readDocsCloud } from './lib/guide.ts';
import { notRunList, runPage, startDownloads, summaryLine, totals, type PageResult, type RunContext } from './lib/runner.ts';
import { pageMaps } from './pages/index.ts';
import { SUMMARY_META } from './support/summary-reporter.ts';
import { serveStatic } from '../e2e/support/static-server.ts';

const docsCloud = inject('docsCloud');
const skipReason = inject('docsCloudSkipReason');

/**
 * Every `sh` block of content/docs/*.mdx, in reading order, run against the real
 * Keystone + Glance as the guide's reader (and, on the sharing page, their
 * collaborator) would run it. A page fails at its first broken command or stale
 * example output, naming the page, the line, the command, its exit code and the
 * end of its output.
 */
describe.skipIf(!docsCloud)(`the guide's commands${docsCloud ? '' : ` (skipped: ${skipReason})`}`, () => {
  const results: PageResult[] = [];
  let ctx: RunContext;
  let closeDownloads = async () => {};

  beforeAll(async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'nectar-docs-run-'));
    const downloads = await startDownloads(workDir);
    const site = await serveStatic(inject('docsCatalogSiteDir'));
    closeDownloads = async () => {
      await downloads.close();
      await site.close();
      rmSync(workDir, { recursive: true, force: true });
    };
    ctx = { cloud: readDocsCloud(docsCloud!.stateDir), workDir, downloadBase: downloads.base, qcow2: downloads.qcow2, catalogSite: site.url };
  });
  afterAll(() => closeDownloads());

  for (const path of guidePages()) {
    const page = guidePageName(path);
    it(page, async () => {
      const result = await runPage(path, pageMaps[page] ?? {}, ctx);
      results.push(result);
      if (result.failure) expect.fail(`\n${result.failure}`);
      expect(result.blocks.filter((block) => block.status === 'failed')).toEqual([]);
    });
  }

  it('runs at least 70% of the shell blocks against the cloud, and lists the rest', ({ task }) => {
    const lines = [...notRunList(results), summaryLine(results)];
    (task.meta as Record<string, unknown>)[SUMMARY_META] = lines;
    const t = totals(results);
    expect(t.shellBlocks).toBeGreaterThan(0);
    expect(t.run / t.shellBlocks, lines.join('\n')).toBeGreaterThanOrEqual(0.7);
    // Every block is accounted for: run, or marked norun with a reason.
    expect(t.run + t.notRun.length, lines.join('\n')).toBe(t.shellBlocks);
  });
});
