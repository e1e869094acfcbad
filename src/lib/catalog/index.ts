import { getCollection } from 'astro:content';
import { distributionsFile, eolFile, loadSources } from './load.ts';
import type { CatalogView } from './model.ts';
import { mergeSources } from './sources.ts';
import { cloudConfig, shownPath } from '../cloud-config.ts';

let catalogPromise: Promise<CatalogView> | undefined;

/** A data collection's entries; an empty one means its file did not load (the reason is printed above). */
function dataOf<T>(entries: { data: T }[], path: string): T[] {
  if (entries.length === 0) throw new Error(`${path}: no entries loaded (see the error above); fix the file (its fields are described at its top)`);
  return entries.map((entry) => entry.data);
}

/** The catalog for this build: snapshot, distributions and EOL dates, combined once. */
export function getCatalog(): Promise<CatalogView> {
  catalogPromise ??= (async () => {
    const [sources, distributions, eol] = await Promise.all([
      loadSources(),
      getCollection('distributions').then((entries) => dataOf(entries, shownPath(distributionsFile()))),
      getCollection('eol').then((entries) => dataOf(entries, shownPath(eolFile()))),
    ]);
    // Each source's pages describe its snapshot's fetchedAt, never the clock (sources.ts).
    return mergeSources(sources, distributions, eol, cloudConfig().federation);
  })();
  return catalogPromise;
}
