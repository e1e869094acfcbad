// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkGfm from 'remark-gfm';
import { remarkHeadingId } from './src/plugins/remark-heading-id.ts';
import { remarkBaseLinks } from './src/plugins/remark-base-links.ts';
import { normaliseSiteBase } from './src/lib/site-path.ts';
import { remarkCloudTokens } from './src/plugins/remark-cloud-tokens.ts';
import { buildSidebar } from './src/sidebar.ts';
import { CloudConfigError, cloudConfig } from './src/lib/cloud-config.ts';
import { guideTokens } from './src/lib/guide-tokens.ts';

// Astro lets process.env fill import.meta.env, so a stray BASE_URL or SITE (a
// test runner that loaded Astro's Vite config sets both, to `/` and the
// default site) would override the base and site set below in every page's
// links. SITE_URL and SITE_BASE are this project's only way to set them.
delete process.env.BASE_URL;
delete process.env.SITE;

// The public address the site is served from; feeds and canonical links need it.
const site = process.env.SITE_URL || 'http://localhost:4321';
// The path it is served under (e.g. /support/images/); every internal link gets it (src/lib/site-path.ts).
const base = normaliseSiteBase(process.env.SITE_BASE);

// The cloud this site is for: cloud.config.yaml, or the file CATALOG_CONFIG names.
// A broken file stops every astro command with its one line (exit 2), not a stack trace.
let config;
try {
  config = cloudConfig();
} catch (error) {
  if (!(error instanceof CloudConfigError)) throw error;
  process.stderr.write(`astro: error: ${error.message}\n`);
  process.exit(2);
}
// Pages are bundled away from src/, so they find the same file through CATALOG_CONFIG (src/lib/cloud-config.ts).
process.env.CATALOG_CONFIG = config.file;

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  markdown: {
    // Astro 7's default processor (Sätteri) runs no remark plugins; the unified
    // processor does, so remark-gfm (tables, task lists, autolinks) really runs.
    processor: unified({
      gfm: false,
      // remarkCloudTokens first: the guide's %cloud.name%-style placeholders are filled before links get the base.
      remarkPlugins: [remarkGfm, [remarkCloudTokens, { tokens: guideTokens(config) }], remarkHeadingId, [remarkBaseLinks, { base }]],
    }),
  },
  integrations: [
    starlight({
      title: config.site.title,
      description: config.site.description,
      lastUpdated: false,
      pagination: true,
      customCss: ['./src/styles/custom.css'],
      // The guide lives in ./content/docs/, outside src/content/, so Starlight's
      // Markdown transforms (asides, heading anchor links) must be told to run there.
      markdown: { processedDirs: ['./content/docs/'] },
      // Generated from the guide's pages and their frontmatter (src/sidebar.ts), then the catalog.
      sidebar: buildSidebar(),
      // Fills the guide's placeholders in titles, descriptions, head, sidebar and pagination.
      routeMiddleware: './src/route-middleware.ts',
      components: {
        Search: './src/components/overrides/Search.astro',
      },
      expressiveCode: {
        themes: ['github-dark', 'github-light'],
      },
    }),
    mdx(),
  ],
});
