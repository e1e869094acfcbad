/**
 * A source of the catalog: one (member cloud, region) whose Glance the site lists, as one value from the
 * configuration to the page. Pure; src/lib/catalog/sources.ts merges several.
 */
import type { Snapshot } from '../../schemas/snapshot.ts';
import type { SourceEntry } from '../../schemas/sources.ts';

export interface SourceMember {
  /** `MemberConfig.key`: `?member=` and folder names. */
  key: string;
  name: string;
  shortName: string;
  /** Its dashboard, without a trailing slash; null: no dashboard links. */
  dashboard: string | null;
}

export interface CatalogSource {
  /** `<member key>/<region or empty>`: unique among the sources. */
  key: string;
  member: SourceMember;
  region: string | null;
  /** Its snapshot's `fetchedAt`: its last good fetch. */
  fetchedAt: string;
  /** The last fetch that failed since (src/schemas/sources.ts); null: its data is current. */
  lastFailure: SourceEntry['lastFailure'];
}

/** The one key for a (member, region) pair, as sources.json's "listed twice" check spells it. */
export function sourceKeyOf(member: string, region: string | null): string {
  return `${member}/${region ?? ''}`;
}

/** A source from its member and snapshot. */
export function catalogSourceOf(member: SourceMember, snapshot: Pick<Snapshot, 'fetchedAt' | 'source'>, lastFailure: SourceEntry['lastFailure'] = null): CatalogSource {
  const region = snapshot.source.region;
  const { key, name, shortName, dashboard } = member;
  return { key: sourceKeyOf(key, region), member: { key, name, shortName, dashboard }, region, fetchedAt: snapshot.fetchedAt, lastFailure };
}

/** The source of a snapshot read on its own (tests, one-cloud defaults): its member named by the snapshot's key. */
export function oneSourceOf(snapshot: Pick<Snapshot, 'fetchedAt' | 'source'>): CatalogSource {
  const key = snapshot.source.member ?? 'cloud';
  return catalogSourceOf({ key, name: key, shortName: key, dashboard: null }, snapshot);
}

/** How a source is named to readers: its region, and for a federation its member's short name first. */
export function sourceLabel(source: CatalogSource, federation: boolean): string {
  if (!federation) return source.region ?? 'the default region';
  return source.region === null ? source.member.shortName : `${source.member.shortName} ${source.region}`;
}
