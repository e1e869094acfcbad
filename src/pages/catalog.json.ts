import type { APIRoute } from 'astro';
import { getCatalog } from '../lib/catalog/index.ts';
import { cloudName, siteTitle } from '../lib/catalog/site-text.ts';
import { isSampleSnapshot } from '../schemas/snapshot.ts';
import { isSeveral } from '../lib/catalog/sources.ts';
import type { ImageView } from '../lib/catalog/model.ts';

/**
 * `/catalog.json`: the snapshot's public fields for scripts, plus what the
 * site worked out for each image (and the cloud's name, from cloud.config.yaml): its page, login user (`loginUserOf`: the
 * image's own, else its distribution's; `noLoginUser` when the image says it
 * has none), variant, end-of-life date (and whether it came from the
 * distribution's dates or the image's `maintained_until`) and lifecycle
 * promise (SCS-0102's properties, structured and in words), and SCS-0102 v2's facts where the image states
 * them: `purpose` (os_purpose in words), `overdue` (past replace_frequency by SCS's rule), `hotfix`,
 * `patchlevel` and `licensing` (each key absent when it does not apply, so other clouds' files are unchanged). Maintainer facts (the endpoint, a sample snapshot's `source.note`) are
 * here, not on the pages.
 */
/** SCS-0102 v2's facts of one image, each only when it applies. */
function scsFactsOf(view: ImageView) {
  const { hotfix, patchlevel, licensing } = view.maintenance;
  return {
    ...(view.purpose ? { purpose: view.purpose } : {}),
    ...(view.overdue ? { overdue: view.overdue } : {}),
    ...(hotfix ? { hotfix } : {}),
    ...(patchlevel ? { patchlevel } : {}),
    ...(licensing ? { licensing } : {}),
  };
}

export const GET: APIRoute = async ({ site }) => {
  const catalog = await getCatalog();
  const { snapshot } = catalog;
  const base = site ?? new URL('http://localhost:4321');
  const several = isSeveral(catalog);
  // Several sources: each row says its region and member (key); a one-region file is unchanged.
  const sourceOf = (view: (typeof catalog.images)[number]) => (several ? { region: view.source.region, member: view.source.member.key } : {});
  const body = {
    schemaVersion: snapshot.schemaVersion,
    fetchedAt: snapshot.fetchedAt,
    // Which cloud this is, from cloud.config.yaml: a script reading several clouds' catalogs can tell them apart.
    cloud: { name: cloudName(), catalog: siteTitle() },
    source: {
      imageEndpoint: snapshot.source.imageEndpoint,
      owner: snapshot.source.owner,
      region: snapshot.source.region,
      ...(snapshot.source.note ? { note: snapshot.source.note } : {}),
    },
    sample: isSampleSnapshot(snapshot),
    ...(several
      ? { sources: catalog.sources.map((source) => ({ region: source.region, member: source.member.key, fetchedAt: source.fetchedAt, lastFailure: source.lastFailure?.at ?? null })) }
      : {}),
    images: catalog.images.map((view) => ({
      ...view.image,
      ...sourceOf(view),
      loginUser: view.login.user,
      noLoginUser: view.login.kind === 'none',
      variant: view.variant,
      url: new URL(view.path, base).href,
      endOfLife:
        view.eol.state === 'unknown' ? null : { date: view.eol.date, passed: view.eol.state === 'eol', source: view.eol.source, from: view.eol.from },
      lifecyclePromise: view.promise,
      ...scsFactsOf(view),
    })),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { headers: { 'content-type': 'application/json; charset=utf-8' } });
};
