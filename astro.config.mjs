// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkGfm from 'remark-gfm';
import { remarkHeadingId } from './src/plugins/remark-heading-id.ts';
import { remarkBaseLinks } from './src/plugins/remark-base-links.ts';
import { normaliseSiteBase } from './src/lib/site-path.ts';
import { sidebar } from './src/sidebar.ts';

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

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  markdown: {
    // Astro 7's default processor (Sätteri) runs no remark plugins; the unified
    // processor does, so remark-gfm (tables, task lists, autolinks) really runs.
    processor: unified({
      gfm: false,
      remarkPlugins: [remarkGfm, remarkHeadingId, [remarkBaseLinks, { base }]],
    }),
  },
  integrations: [
    starlight({
      title: 'Nectar Image Catalog',
      description:
        'How images work on the Nectar Research Cloud, and a searchable catalog of its official images.',
      lastUpdated: false,
      pagination: true,
      customCss: ['./src/styles/custom.css'],
      // The guide lives in ./content/docs/, outside src/content/, so Starlight's
      // Markdown transforms (asides, heading anchor links) must be told to run there.
      markdown: { processedDirs: ['./content/docs/'] },
      sidebar,
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
