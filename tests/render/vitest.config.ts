/**
 * The render suite: Astro components and pages rendered with Astro's container
 * API (`experimental_AstroContainer`), which needs Astro's Vite set-up
 * (`getViteConfig`) to compile `.astro` files. A project of vitest.config.ts.
 */
import { getViteConfig } from 'astro/config';

export default getViteConfig(
  {
    test: {
      name: 'render',
      root: new URL('../..', import.meta.url).pathname,
      include: ['tests/render/**/*.test.ts'],
      testTimeout: 120_000,
    },
  },
  { logLevel: 'error' },
);
