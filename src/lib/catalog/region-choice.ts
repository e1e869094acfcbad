/**
 * The catalog's region (and member cloud) choice for a catalog of several sources: one option per source,
 * with how many images it lists. The filter script (src/scripts/region-choice.ts) reads an option's
 * `data-region` and `data-member`; the URL says them as `?region=<name>&member=<key>`. Pure.
 */
import type { ImageView } from './model.ts';
import { sourceLabel, type CatalogSource } from './source.ts';

export interface RegionChoices {
  label: string;
  options: { value: string; region: string; member: string; text: string }[];
}

export function regionChoices(sources: readonly CatalogSource[], images: readonly Pick<ImageView, 'source'>[], federation: boolean): RegionChoices {
  const counts = new Map<string, number>();
  for (const view of images) counts.set(view.source.key, (counts.get(view.source.key) ?? 0) + 1);
  return {
    label: federation ? 'Cloud and region' : 'Region',
    options: [
      { value: '', region: '', member: '', text: federation ? 'Every cloud and region' : 'Every region' },
      ...sources.map((source) => ({
        value: source.key,
        region: source.region ?? '',
        member: federation ? source.member.key : '',
        text: `${sourceLabel(source, federation)} (${(counts.get(source.key) ?? 0).toLocaleString('en')})`,
      })),
    ],
  };
}
