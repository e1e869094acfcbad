import type { Reporter, TestModule } from 'vitest/node';

/** The key under which the docs suite's last test leaves its summary lines in its meta. */
export const SUMMARY_META = 'docsSummary';

/**
 * Prints the tested-docs summary at the end of a run that ran the docs suite:
 * the blocks not run (page:line, command, reason), then one line
 * `docs: N blocks run, M not run (reasons), K outputs checked`.
 */
export default class DocsSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const lines = (test.meta() as Record<string, unknown>)[SUMMARY_META];
        if (Array.isArray(lines) && lines.length) console.log(`\n${lines.join('\n')}`);
      }
    }
  }
}
