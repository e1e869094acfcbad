/**
 * What an image page says about its region when the catalog has several sources: the CLI's region flag,
 * the snippets' region and the member's dashboard. With one source every answer is today's (no flag, no
 * region line, the cloud's dashboard), so a one-region site is unchanged. Pure.
 */
import type { ImageView } from './model.ts';
import { shellQuote } from './shell-quote.ts';

/** The region an image's commands and snippets name: its source's, when there are several sources; else null. */
export function snippetRegion(view: Pick<ImageView, 'source'>, several: boolean): string | null {
  return several ? view.source.region : null;
}

/** `openstack` with the image's region flag when it has one: `openstack --os-region-name RegionTwo`. */
export function openstackCommand(region: string | null): string {
  return region === null ? 'openstack' : `openstack --os-region-name ${shellQuote(region)}`;
}

/** "RegionTwo's data is as of its last good fetch, <date>": the words for a source whose last fetch failed; null when current. */
export function staleNotice(source: ImageView['source'], label: string, formatDate: (iso: string) => string): string | null {
  return source.lastFailure === null ? null : `${label}’s data is as of its last good fetch, ${formatDate(source.fetchedAt)}.`;
}
