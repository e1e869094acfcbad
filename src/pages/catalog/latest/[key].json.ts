import type { APIRoute, GetStaticPaths } from 'astro';
import { getCatalog } from '../../../lib/catalog/index.ts';
import { latestLine } from '../../../lib/catalog/latest.ts';
import { recommendedByKey } from '../../../lib/catalog/recommended.ts';
import { getRecommended } from '../../../lib/catalog/recommended-load.ts';
import type { LineView } from '../../../lib/catalog/lifecycle.ts';
import type { ImageView } from '../../../lib/catalog/model.ts';

/**
 * `/catalog/latest/<key>.json`: one line, with its current build's `id` at the
 * top (null when the line has none), so `jq -r .id` gives today's ID.
 */
export const getStaticPaths = (async () => {
  const { lifecycle } = await getCatalog();
  return lifecycle.lines.map((line) => ({ params: { key: line.key }, props: { line } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ line: LineView<ImageView> }> = async ({ props }) => {
  const line = latestLine(props.line, recommendedByKey((await getRecommended()).recommended));
  const body = { id: line.current?.id ?? null, url: line.current?.url ?? null, ...line };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
