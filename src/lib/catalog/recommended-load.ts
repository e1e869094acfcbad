/**
 * The build's "Start here" list: recommended.yaml (a content collection,
 * src/content.config.ts) applied to this build's catalog, once; each entry
 * left out is one warning line in the build's output.
 */
import { getCollection } from 'astro:content';
import { getCatalog } from './index.ts';
import { recommendedFile } from './load.ts';
import { shownPath } from '../cloud-config.ts';
import { recommendPerSource, type RecommendedResult } from './recommended.ts';
import { sourceOfLine } from './sources.ts';

let recommendedPromise: Promise<RecommendedResult> | undefined;

export function getRecommended(): Promise<RecommendedResult> {
  recommendedPromise ??= (async () => {
    const [catalog, entries, distributions] = await Promise.all([getCatalog(), getCollection('recommended'), getCollection('distributions')]);
    const ordered = [...entries].sort((a, b) => Number(a.id) - Number(b.id)).map((entry) => entry.data);
    // Each source recommends its own lines (one source: the one list, as before).
    const result = recommendPerSource(
      ordered,
      { lines: catalog.lifecycle.lines, distributionIds: distributions.map((entry) => entry.data.id), source: shownPath(recommendedFile()) },
      (line) => sourceOfLine(line).key,
    );
    for (const warning of result.warnings) console.warn(warning);
    return result;
  })();
  return recommendedPromise;
}
