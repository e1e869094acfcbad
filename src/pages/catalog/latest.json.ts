import type { APIRoute } from 'astro';
import { getCatalog } from '../../lib/catalog/index.ts';
import { latestFile } from '../../lib/catalog/latest.ts';

/** `/catalog/latest.json`: every image line, its current build and its archived builds (see src/lib/catalog/latest.ts). */
export const GET: APIRoute = async () => {
  const { lifecycle, snapshot } = await getCatalog();
  const body = latestFile(lifecycle.lines, snapshot.fetchedAt);
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
