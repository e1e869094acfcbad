/** A listed image's region and member as data attributes, for the region choice; none for a one-source catalog. */
import { getCatalog } from '../../lib/catalog/index.ts';
import type { ImageView } from '../../lib/catalog/model.ts';
import { isSeveral } from '../../lib/catalog/sources.ts';

export async function startHereSourceAttributes(): Promise<(view: ImageView) => Record<string, string>> {
  const several = isSeveral(await getCatalog());
  const none: Record<string, string> = {};
  return (view) => (several ? { 'data-region': view.source.region ?? '', 'data-member': view.source.member.key } : none);
}
