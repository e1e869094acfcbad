import { getCollection } from 'astro:content';
import { BUILD_TIME, loadEol, loadHistory, loadSnapshot } from './load.ts';
import { buildCatalog, type CatalogView } from './model.ts';

let catalogPromise: Promise<CatalogView> | undefined;

/** The catalog for this build: snapshot, distributions and EOL dates, combined once. */
export function getCatalog(): Promise<CatalogView> {
  catalogPromise ??= (async () => {
    const [snapshot, eol, entries, history] = await Promise.all([loadSnapshot(), loadEol(), getCollection('distributions'), loadHistory()]);
    return buildCatalog(snapshot, entries.map((entry) => entry.data), eol, BUILD_TIME, history.entries);
  })();
  return catalogPromise;
}
