/**
 * Starlight route middleware: fills the guide's `%cloud.name%`-style
 * placeholders (src/lib/guide-tokens.ts) in what Starlight made from the
 * pages' frontmatter — the title and description, the `<head>` entries, the
 * sidebar and the previous/next links — at render time, so a changed
 * cloud.config.yaml never meets a cached copy of the old values. The page
 * bodies are filled by src/plugins/remark-cloud-tokens.ts.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { cloudConfig } from './lib/cloud-config.ts';
import { guideTokens, substituteDeep } from './lib/guide-tokens.ts';

export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  const tokens = guideTokens(cloudConfig());
  // The sidebar lists the guide's pages on every page; the rest is a guide page's own.
  route.sidebar = substituteDeep(route.sidebar, tokens, 'the sidebar (a guide page title or sidebar.label)');
  // Catalog pages (StarlightPage) are left alone: their titles carry image names, untrusted text from Glance.
  const where = route.entry.filePath;
  if (!where || !/(^|\/)content\/docs\//.test(where)) return;
  route.entry.data.title = substituteDeep(route.entry.data.title, tokens, where);
  route.entry.data.description = substituteDeep(route.entry.data.description, tokens, where);
  route.head = substituteDeep(route.head, tokens, where);
  route.pagination = substituteDeep(route.pagination, tokens, where);
  if (route.toc) route.toc = substituteDeep(route.toc, tokens, where);
});
