import { getCollection } from 'astro:content';
import { BUILD_TIME, loadEol, loadSnapshot } from './load.ts';
import { buildCatalog, type CatalogView } from './model.ts';

let catalogPromise: Promise<CatalogView> | undefined;

/** The catalog for this build: snapshot, distributions and EOL dates, combined once. */
export function getCatalog(): Promise<CatalogView> {
  catalogPromise ??= (async () => {
    const [snapshot, eol, entries] = await Promise.all([loadSnapshot(), loadEol(), getCollection('distributions')]);
    return buildCatalog(snapshot, entries.map((entry) => entry.data), eol, BUILD_TIME);
  })();
  return catalogPromise;
}
