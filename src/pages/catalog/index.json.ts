import type { APIRoute } from 'astro';
import { getCatalog } from '../../lib/catalog/index.ts';
import { formatDate, formatSize, isoDateTime } from '../../lib/catalog/format.ts';
import type { IndexFile, IndexRow } from '../../lib/catalog/scale.ts';

/**
 * `/catalog/index.json`: one compact row per image (see `IndexRow` in
 * src/lib/catalog/scale.ts), for the catalog filter when the catalog is too
 * big to put every row in the page. Not an API: `/catalog.json` is the one for
 * scripts.
 */
export const GET: APIRoute = async () => {
  const { groups } = await getCatalog();
  const rows: IndexRow[] = [];
  groups.forEach((group, index) => {
    for (const view of group.views) {
      const { image } = view;
      rows.push([
        image.id,
        image.name,
        image.version ?? '',
        image.codename ?? '',
        index,
        view.eol.state === 'eol' ? formatDate(view.eol.date) : '',
        isoDateTime(view.updated) ?? '',
        image.architecture ?? '',
        view.login.user ?? '',
        formatSize(image.size),
        view.slug,
      ]);
    }
  });
  const body: IndexFile = { schemaVersion: 1, total: rows.length, groups: groups.map((group) => group.key), rows };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
