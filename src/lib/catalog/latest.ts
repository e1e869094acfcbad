/**
 * `/catalog/latest.json` and `/catalog/latest/<key>.json`: a stable address per
 * image line for scripts, so `curl …/latest/<key>.json | jq -r .id` gives
 * today's ID of a line whatever the rebuilds did. Pure.
 */
import type { ImageView } from './model.ts';
import type { LineView } from './lifecycle.ts';

export interface LatestImage {
  id: string;
  name: string;
  url: string;
}

export interface LatestLine {
  key: string;
  name: string;
  architecture: string | null;
  current: LatestImage | null;
  archived: (LatestImage & { build: number | null })[];
  /** Whether the line is on the catalog's "Start here" list (src/lib/catalog/recommended.ts). */
  recommended: boolean;
  /** On that list: its place (1 is shown first) and what it is for. */
  rank?: number;
  purpose?: string;
}

/** A recommended line's place and purpose, by line key (`recommendedByKey`). */
export type Recommendations = ReadonlyMap<string, { rank: number; purpose: string }>;

export interface LatestFile {
  schemaVersion: 1;
  fetchedAt: string;
  lineages: LatestLine[];
}

/**
 * One line as published. Each `url` is the image page's path as the view
 * model gives it, which already carries the site's base (`imagePath` in
 * model.ts, through src/lib/site-path.ts).
 */
export function latestLine(line: LineView<ImageView>, recommendations: Recommendations = new Map()): LatestLine {
  const recommended = recommendations.get(line.key);
  return {
    key: line.key,
    name: line.name,
    architecture: line.architecture,
    current: line.current ? { id: line.current.image.id, name: line.current.image.name, url: line.current.path } : null,
    archived: line.archived.map((view) => ({ id: view.image.id, name: view.image.name, build: view.build, url: view.path })),
    recommended: recommended !== undefined,
    ...(recommended ? { rank: recommended.rank, purpose: recommended.purpose } : {}),
  };
}

export function latestFile(lines: readonly LineView<ImageView>[], fetchedAt: string, recommendations: Recommendations = new Map()): LatestFile {
  return { schemaVersion: 1, fetchedAt, lineages: lines.map((line) => latestLine(line, recommendations)) };
}

/** One region's build of a line, for `regions` in latest files: its current build, else null. */
export interface RegionLatest {
  id: string | null;
  name: string | null;
  build: number | null;
  url: string | null;
  /** That region's data is as of its last good fetch (its last fetch failed). */
  stale: boolean;
}

/** The same line in every source that has it, by region (and, for a federation, by member, then region). */
export function regionsOf(lines: readonly LineView<ImageView>[], federation: boolean): Record<string, RegionLatest> | Record<string, Record<string, RegionLatest>> {
  const byRegion = (of: readonly LineView<ImageView>[]) =>
    Object.fromEntries(
      of.map((line) => {
        const source = (line.current ?? line.archived[0]!).source;
        const current = line.current;
        return [
          source.region ?? '',
          { id: current?.image.id ?? null, name: current?.image.name ?? null, build: current?.build ?? null, url: current?.path ?? null, stale: source.lastFailure !== null },
        ];
      }),
    );
  if (!federation) return byRegion(lines);
  const members = new Map<string, LineView<ImageView>[]>();
  for (const line of lines) {
    const key = (line.current ?? line.archived[0]!).source.member.key;
    members.set(key, [...(members.get(key) ?? []), line]);
  }
  return Object.fromEntries([...members].map(([key, of]) => [key, byRegion(of)]));
}
