import type { APIRoute, GetStaticPaths } from 'astro';
import { getCatalog } from '../../../lib/catalog/index.ts';
import { latestLine, regionsOf } from '../../../lib/catalog/latest.ts';
import { isSeveral, linesAcross } from '../../../lib/catalog/sources.ts';
import { cloudConfig } from '../../../lib/cloud-config.ts';
import { recommendedByKey } from '../../../lib/catalog/recommended.ts';
import { getRecommended } from '../../../lib/catalog/recommended-load.ts';
import type { LineView } from '../../../lib/catalog/lifecycle.ts';
import type { ImageView } from '../../../lib/catalog/model.ts';

/**
 * `/catalog/latest/<key>.json`: one line, with its current build's `id` at the
 * top (null when the line has none), so `jq -r .id` gives today's ID.
 */
export const getStaticPaths = (async () => {
  const catalog = await getCatalog();
  // One file per line key: the first source's line at the top (today's fields), every source's under `regions`.
  const regions = (lines: LineView<ImageView>[]) => (isSeveral(catalog) ? { regions: regionsOf(lines, cloudConfig().federation) } : {});
  return [...linesAcross(catalog.lifecycle.lines).values()].map((lines) => ({ params: { key: lines[0]!.key }, props: { line: lines[0]!, regions: regions(lines) } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ line: LineView<ImageView>; regions: object }> = async ({ props }) => {
  const line = latestLine(props.line, recommendedByKey((await getRecommended()).recommended));
  const body = { id: line.current?.id ?? null, url: line.current?.url ?? null, ...line, ...props.regions };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
