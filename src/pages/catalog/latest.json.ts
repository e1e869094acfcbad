import type { APIRoute } from 'astro';
import { getCatalog } from '../../lib/catalog/index.ts';
import { latestFile } from '../../lib/catalog/latest.ts';
import { recommendedByKey } from '../../lib/catalog/recommended.ts';
import { getRecommended } from '../../lib/catalog/recommended-load.ts';

/** `/catalog/latest.json`: every image line, its current build and its archived builds, and which lines are recommended (see src/lib/catalog/latest.ts). */
export const GET: APIRoute = async () => {
  const [{ lifecycle, snapshot }, { recommended }] = await Promise.all([getCatalog(), getRecommended()]);
  const body = latestFile(lifecycle.lines, snapshot.fetchedAt, recommendedByKey(recommended));
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
