import type { APIRoute } from 'astro';
import { getCatalog } from '../../lib/catalog/index.ts';
import { isSeveral } from '../../lib/catalog/sources.ts';
import { catalogIndexSchema, hasScsFacts, rowData, type CatalogIndex } from '../../lib/catalog/row.ts';

/**
 * `/catalog/index.json`: one `CatalogRowData` per image (src/lib/catalog/row.ts),
 * in page order, for the catalog filter. Not an API: `/catalog.json` is the
 * one for scripts.
 */
export const GET: APIRoute = async () => {
  const catalog = await getCatalog();
  const options = { several: isSeveral(catalog), scs: hasScsFacts(catalog.images) };
  const rows = catalog.groups.flatMap((group) => group.views.map((view) => rowData(view, options)));
  const body: CatalogIndex = catalogIndexSchema.parse({ schemaVersion: 2, total: rows.length, rows });
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
