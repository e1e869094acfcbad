import { defineConfig } from 'vitest/config';

/**
 * Four suites, one `npm test`:
 * - unit: pure logic and the fetch script against local fault-injecting servers;
 * - e2e: the built site in Debian's Chromium (playwright-core), axe and the link check;
 * - integration: the fetch script against a real Keystone and Glance on loopback;
 * - docs: every `sh` block of the guide run against a real Keystone and Glance (tests/docs).
 * Under CI=true a suite whose tools are missing fails instead of skipping.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts', './tests/docs/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/docs/unit/**/*.test.ts'],
        },
      },
      // render: pages rendered with Astro's container API over generated hostile input (its own Vite set-up).
      './tests/render/vitest.config.ts',
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'docs',
          include: ['tests/docs/**/*.test.ts'],
          exclude: ['tests/docs/unit/**'],
          globalSetup: ['tests/docs/support/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
