import { defineConfig } from 'vitest/config';

/**
 * Three suites, one `npm test`:
 * - unit: pure logic and the fetch script against local fault-injecting servers;
 * - e2e: the built site in Debian's Chromium (playwright-core), axe and the link check;
 * - integration: the fetch script against a real Keystone and Glance on loopback.
 * Under CI=true a suite whose tools are missing fails instead of skipping.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
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
    ],
  },
});
