/**
 * Several sources (member cloud, region) into the one model the pages read. Pure: load.ts reads the files.
 * Each source is built on its own, with its member's conventions and owner, so its lines, successors,
 * archived builds, tombstones and history never mix with another's (a build archived in RegionOne is never
 * the successor of one in RegionTwo); the merge then lists them together, and `linesAcross` matches lines
 * by key across sources. One source is the same code with one source.
 */
import type { HistoryEntry, Snapshot } from '../../schemas/snapshot.ts';
import type { Distribution } from '../../schemas/distributions.ts';
import type { EolDistribution } from '../../schemas/eol.ts';
import type { SourcesIndex } from '../../schemas/sources.ts';
import type { ImageConventions } from './conventions.ts';
import type { LineView } from './lifecycle.ts';
import { buildCatalog, type CatalogView, type ImageView } from './model.ts';
import { catalogSourceOf, sourceKeyOf, type CatalogSource, type SourceMember } from './source.ts';

/** What the merge needs of a configured member (`MemberConfig`). */
export interface SourceMemberConfig extends SourceMember {
  conventions: ImageConventions;
}

/** One source's files, read. */
export interface SourceData {
  member: SourceMemberConfig;
  snapshot: Snapshot;
  history: readonly HistoryEntry[];
  lastFailure: SourcesIndex['sources'][number]['lastFailure'];
}

/** Which (member, region) files to read: sources.json's list, checked against the configured members. */
export interface SourcePlan {
  member: SourceMemberConfig;
  region: string | null;
  lastFailure: SourceData['lastFailure'];
}

/**
 * Pairs sources.json's entries with the configured members, in its order. A member the config names with no
 * files, or files for a member it no longer names, is one line naming it and the fix.
 */
export function planSources(index: SourcesIndex, members: readonly SourceMemberConfig[], indexFile: string): SourcePlan[] {
  const byKey = new Map(members.map((member) => [member.key, member]));
  const listed = new Set(index.sources.map((source) => source.member));
  for (const source of index.sources) {
    if (!byKey.has(source.member))
      throw new Error(
        `${indexFile}: lists member "${source.member}", which cloud.config.yaml no longer names (it names ${[...byKey.keys()].join(', ')}); run \`npm run catalog:fetch\` to rewrite the sources, or add the member back`,
      );
  }
  for (const member of members) {
    if (!listed.has(member.key))
      throw new Error(`${indexFile}: has no files for member "${member.key}" (${member.name}) that cloud.config.yaml names; run \`npm run catalog:fetch\` to fetch it`);
  }
  return index.sources.map((source) => ({ member: byKey.get(source.member)!, region: source.region, lastFailure: source.lastFailure }));
}

/** The words a non-first source's slugs carry: its region, and its member for a federation. */
export function slugSuffixOf(source: CatalogSource, federation: boolean): string {
  return [federation ? source.member.key : null, source.region].filter((part) => part !== null).join(' ');
}

/**
 * The sources merged into one model, in config order. The first source keeps the slugs it would have on its
 * own (so a cloud that grows from one region to several keeps every URL); the others' slugs carry their
 * region (and member), and never shadow a page given out before.
 */
export function mergeSources(
  sources: readonly SourceData[],
  distributions: readonly Distribution[],
  eolData: readonly EolDistribution[],
  federation: boolean,
): CatalogView {
  if (sources.length === 0) throw new Error('no catalog sources: run `npm run catalog:fetch`');
  const taken = new Set<string>();
  const parts = sources.map((data, position) => {
    const source = catalogSourceOf(data.member, data.snapshot, data.lastFailure);
    // The moment a source's pages describe is its snapshot's fetchedAt, never the clock: the same
    // snapshots build the same bytes, and end-of-life states are "as of the catalog".
    return buildCatalog(data.snapshot, distributions, eolData, new Date(data.snapshot.fetchedAt), data.history, data.member.conventions, {
      source,
      slugSuffix: position === 0 ? null : slugSuffixOf(source, federation),
      taken,
    });
  });
  if (parts.length === 1) return parts[0]!;
  const first = parts[0]!;
  const groups = new Map<string, CatalogView['groups'][number]>();
  for (const part of parts) {
    for (const group of part.groups) {
      const merged = groups.get(group.key);
      if (merged) groups.set(group.key, { ...merged, images: [...merged.images, ...group.images], views: [...merged.views, ...group.views] });
      else groups.set(group.key, group);
    }
  }
  const mapsOf = <K, V>(pick: (part: CatalogView) => Map<K, V>) => new Map(parts.flatMap((part) => [...pick(part)]));
  return {
    snapshot: { ...first.snapshot, fetchedAt: latestFetch(parts.map((part) => part.snapshot.fetchedAt)) },
    images: parts.flatMap((part) => part.images),
    archived: parts.flatMap((part) => part.archived),
    byId: mapsOf((part) => part.byId),
    lifecycle: {
      lines: parts.flatMap((part) => part.lifecycle.lines),
      lineOfImage: mapsOf((part) => part.lifecycle.lineOfImage),
      successors: mapsOf((part) => part.lifecycle.successors),
      tombstones: parts.flatMap((part) => part.lifecycle.tombstones),
      moved: parts.flatMap((part) => part.lifecycle.moved),
    },
    groups: [...groups.values()],
    conventions: first.conventions,
    sources: parts.flatMap((part) => part.sources),
    histories: parts.flatMap((part) => part.histories),
  };
}

/** The newest of several fetch times (ISO strings). */
function latestFetch(times: readonly string[]): string {
  return times.reduce((newest, time) => (Date.parse(time) > Date.parse(newest) ? time : newest));
}

/** Whether a catalog has several sources: the pages then name regions; with one they say nothing new. */
export function isSeveral(catalog: Pick<CatalogView, 'sources'>): boolean {
  return catalog.sources.length > 1;
}

/** Every line key's lines, one per source that has it, in source order: "the same image line in the other regions". */
export function linesAcross(lines: readonly LineView<ImageView>[]): Map<string, LineView<ImageView>[]> {
  const byKey = new Map<string, LineView<ImageView>[]>();
  for (const line of lines) byKey.set(line.key, [...(byKey.get(line.key) ?? []), line]);
  return byKey;
}

/** The source of a line (its current build's, else its newest archived build's). */
export function sourceOfLine(line: LineView<ImageView>): CatalogSource {
  return (line.current ?? line.archived[0]!).source;
}

export interface Sibling {
  source: CatalogSource;
  /** The line's current build there, else its newest archived build. */
  view: ImageView;
  /** Its build against this image's: newer, older, the same, or not comparable (either has no build number). */
  compared: 'newer' | 'older' | 'same' | null;
}

/** The same image line in the other sources, in source order, for an image page. */
export function siblingsOf(view: ImageView, catalog: Pick<CatalogView, 'lifecycle'>, across: Map<string, LineView<ImageView>[]>): Sibling[] {
  const line = catalog.lifecycle.lineOfImage.get(view.image.id);
  if (!line) return [];
  return (across.get(line.key) ?? [])
    .filter((other) => sourceOfLine(other).key !== view.source.key)
    .map((other) => {
      const there = other.current ?? other.archived[0]!;
      const compared = there.build === null || view.build === null ? null : there.build > view.build ? 'newer' : there.build < view.build ? 'older' : 'same';
      return { source: there.source, view: there, compared };
    });
}

export { sourceKeyOf };
