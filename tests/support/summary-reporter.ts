import type { Reporter, TestModule } from 'vitest/node';

/**
 * Closes a run with one plain line, `tests: N passed, N failed, N skipped`,
 * and, under CI=true, fails the run when anything was skipped: in CI every
 * suite must really run.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      if (module.state() === 'skipped' && module.children.size === 0) counts.skipped += 1;
    }
    console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    if (process.env.CI === 'true' && counts.skipped > 0) {
      console.error(`CI=true: ${counts.skipped} test(s) skipped; in CI every suite must run.`);
      process.exitCode = 1;
    }
  }
}
