import { getCollection } from 'astro:content';
import { distributionsFile, eolFile, loadHistory, loadSnapshot } from './load.ts';
import { buildCatalog, type CatalogView } from './model.ts';
import { configuredConventions, shownPath } from '../cloud-config.ts';

let catalogPromise: Promise<CatalogView> | undefined;

/** A data collection's entries; an empty one means its file did not load (the reason is printed above). */
function dataOf<T>(entries: { data: T }[], path: string): T[] {
  if (entries.length === 0) throw new Error(`${path}: no entries loaded (see the error above); fix the file (its fields are described at its top)`);
  return entries.map((entry) => entry.data);
}

/** The catalog for this build: snapshot, distributions and EOL dates, combined once. */
export function getCatalog(): Promise<CatalogView> {
  catalogPromise ??= (async () => {
    const [snapshot, distributions, eol, history] = await Promise.all([
      loadSnapshot(),
      getCollection('distributions').then((entries) => dataOf(entries, shownPath(distributionsFile()))),
      getCollection('eol').then((entries) => dataOf(entries, shownPath(eolFile()))),
      loadHistory(),
    ]);
    // The moment the pages describe is the snapshot's fetchedAt, never the clock: the same
    // snapshot builds the same bytes (an unchanged refresh publishes nothing), and
    // end-of-life states are "as of the catalog".
    return buildCatalog(snapshot, distributions, eol, new Date(snapshot.fetchedAt), history.entries, configuredConventions());
  })();
  return catalogPromise;
}
