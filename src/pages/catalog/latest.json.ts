import type { APIRoute } from 'astro';
import { getCatalog } from '../../lib/catalog/index.ts';
import { latestFile, regionsOf } from '../../lib/catalog/latest.ts';
import { isSeveral, linesAcross } from '../../lib/catalog/sources.ts';
import { cloudConfig } from '../../lib/cloud-config.ts';
import { recommendedByKey } from '../../lib/catalog/recommended.ts';
import { getRecommended } from '../../lib/catalog/recommended-load.ts';

/** `/catalog/latest.json`: every image line, its current build and its archived builds, and which lines are recommended (see src/lib/catalog/latest.ts). */
export const GET: APIRoute = async () => {
  const [catalog, { recommended }] = await Promise.all([getCatalog(), getRecommended()]);
  const { lifecycle, snapshot } = catalog;
  if (!isSeveral(catalog)) {
    const body = latestFile(lifecycle.lines, snapshot.fetchedAt, recommendedByKey(recommended));
    return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
  // Several sources: one entry per line key (its first source's fields), with every source's build under `regions`.
  const across = [...linesAcross(lifecycle.lines).values()];
  const file = latestFile(across.map((lines) => lines[0]!), snapshot.fetchedAt, recommendedByKey(recommended));
  const federation = cloudConfig().federation;
  const body = { ...file, lineages: file.lineages.map((line, index) => ({ ...line, regions: regionsOf(across[index]!, federation) })) };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
