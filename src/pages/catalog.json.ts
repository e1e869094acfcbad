import type { APIRoute } from 'astro';
import { getCatalog } from '../lib/catalog/index.ts';

/**
 * `/catalog.json`: the snapshot's public fields for scripts, plus each image's
 * page and end-of-life date as the site worked them out.
 */
export const GET: APIRoute = async ({ site }) => {
  const catalog = await getCatalog();
  const { snapshot } = catalog;
  const base = site ?? new URL('http://localhost:4321');
  const body = {
    schemaVersion: snapshot.schemaVersion,
    fetchedAt: snapshot.fetchedAt,
    source: {
      imageEndpoint: snapshot.source.imageEndpoint,
      owner: snapshot.source.owner,
      region: snapshot.source.region,
      ...(snapshot.source.note ? { note: snapshot.source.note } : {}),
    },
    images: catalog.images.map((view) => ({
      ...view.image,
      url: new URL(view.path, base).href,
      endOfLife: view.eol.state === 'unknown' ? null : { date: view.eol.date, passed: view.eol.state === 'eol', source: view.eol.source },
    })),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
