import type { APIRoute } from 'astro';
import { getConformance } from '../../lib/scs/catalog-conformance.ts';

/** `/catalog/conformance.json`: SCS's verdicts over the official images (src/lib/scs/report.ts has the shape). */
export const GET: APIRoute = async () => {
  const report = await getConformance();
  return new Response(`${JSON.stringify(report, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
