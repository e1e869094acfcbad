/**
 * The catalog's "Start here" list: which image lines to recommend, in order.
 * Named in `content/data/recommended.yaml` (rules such as "Ubuntu's newest
 * LTS", or fixed lines), else derived: each distribution's newest current
 * release that is not end of life. Where a cloud states SCS-0102 v2's
 * `os_purpose`, only general-purpose (`generic`) images are recommended. A recommendation is a line, so it follows
 * each new build; one that finds no current build drops out with a warning.
 * Pure: the build calls it (src/lib/catalog/recommended-load.ts).
 */
import type { Recommendation } from '../../schemas/recommended.ts';
import type { LineView } from './lifecycle.ts';
import type { ImageView } from './model.ts';
import { compareVersions, timeOf } from './sort.ts';

/** The architecture a rule looks for when it names none. */
export const DEFAULT_ARCHITECTURE = 'x86_64';

export interface Recommended {
  /** 1 for the first shown. */
  rank: number;
  line: LineView<ImageView>;
  /** The line's current build. */
  view: ImageView;
  purpose: string;
}

export interface RecommendedResult {
  recommended: Recommended[];
  /** One line each: the entries left out, and why. */
  warnings: string[];
}

/** The views a rule or the derivation needs; `distributionIds` in the order the cloud lists them (distributions.yaml). */
export interface RecommendInput {
  lines: readonly LineView<ImageView>[];
  distributionIds: readonly string[];
  /** Where the entries came from, for warnings: `content/data/recommended.yaml`. */
  source: string;
}

/** A long-term-support release: eol.yaml says so, or the image's name does. */
export function isLts(view: Pick<ImageView, 'eol' | 'image'>): boolean {
  return (view.eol.state !== 'unknown' && view.eol.release?.lts === true) || /\bLTS\b/.test(view.image.name);
}

/** The distribution key of a view: its listed distribution's id, else its group key. */
function distroOf(view: ImageView): string {
  return view.distribution?.id ?? view.groupKey;
}

/** Whether the lines' images state a purpose (SCS-0102 v2's `os_purpose`): then only `generic` ones are recommended. */
export function statesPurpose(lines: readonly LineView<ImageView>[]): boolean {
  return lines.some((line) => line.current?.purpose != null);
}

/** Whether a current build may be recommended where purposes are stated (`genericOnly`): a general-purpose one. */
function purposeFits(view: ImageView, genericOnly: boolean): boolean {
  return !genericOnly || view.purpose?.key === 'generic';
}

/** A line a rule may pick: a current, active, plain operating-system build that is not past end of life (and general-purpose, where purposes are stated). */
function usable(line: LineView<ImageView>, genericOnly = false): line is LineView<ImageView> & { current: ImageView } {
  const view = line.current;
  return view !== null && view.image.status === 'active' && view.variant === null && view.eol.state !== 'eol' && purposeFits(view, genericOnly);
}

/** Whether an image's name says its distribution and version ("Ubuntu 22.04 LTS (Jammy)"), as a distribution's main line does. */
function namesItself(view: ImageView): boolean {
  const name = view.image.name.toLowerCase();
  const spellings = [view.distribution?.name, ...(view.distribution?.nameAliases ?? [])].filter((s): s is string => Boolean(s));
  return Boolean(view.image.version && name.includes(view.image.version.toLowerCase())) && spellings.some((s) => name.includes(s.toLowerCase()));
}

/**
 * Highest version first; for one version a line whose name says what it is,
 * then the established line (more builds), then the newest build, then the
 * key, so the choice never depends on input order.
 */
function compareCandidates(a: LineView<ImageView> & { current: ImageView }, b: LineView<ImageView> & { current: ImageView }): number {
  return (
    compareVersions(b.current.image.version, a.current.image.version) ||
    Number(namesItself(b.current)) - Number(namesItself(a.current)) ||
    b.archived.length - a.archived.length ||
    (timeOf(b.current.image.createdAt) ?? 0) - (timeOf(a.current.image.createdAt) ?? 0) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

type Rule = Extract<Recommendation, { distro: string }>;

/** The line a rule picks, or why none. */
function applyRule(rule: Rule, lines: readonly LineView<ImageView>[], genericOnly = false): LineView<ImageView> | string {
  const architecture = rule.architecture ?? DEFAULT_ARCHITECTURE;
  const candidates = lines
    .filter((line) => usable(line, genericOnly))
    .filter((line) => distroOf(line.current) === rule.distro && line.current.image.architecture === architecture)
    .sort(compareCandidates);
  const what = `no current ${genericOnly ? 'general-purpose ' : ''}${rule.distro} image for ${architecture} that is not end of life`;
  if (rule.pick === 'newest') return candidates[0] ?? what;
  const lts = candidates.filter((line) => isLts(line.current));
  const versions = [...new Set(lts.map((line) => line.current.image.version ?? ''))];
  const wanted = versions[rule.pick === 'newest-lts' ? 0 : 1];
  const found = wanted === undefined ? undefined : lts.find((line) => (line.current.image.version ?? '') === wanted);
  if (found) return found;
  return rule.pick === 'newest-lts'
    ? `${what} and long-term support`
    : `${lts.length ? 'only one' : 'no'} long-term-support release of ${rule.distro} for ${architecture} is current and not end of life`;
}

/** A default purpose when an entry gives none. */
function defaultPurpose(view: ImageView, pick: Rule['pick'] | 'line'): string {
  const name = view.distribution?.name ?? view.image.distro ?? 'this distribution';
  if (pick === 'newest-lts') return `The newest long-term-support ${name} release`;
  if (pick === 'previous-lts') return `The previous long-term-support ${name} release`;
  if (pick === 'newest') return `The newest supported ${name} release`;
  return `A recommended ${name} image`;
}

function describe(entry: Recommendation): string {
  return 'line' in entry ? `line ${entry.line}` : `${entry.distro}, ${entry.pick}${entry.architecture ? `, ${entry.architecture}` : ''}`;
}

/**
 * The recommended lines, first shown first. With entries, each entry in turn
 * (one that finds nothing, or a line already picked, is left out with a
 * warning); with none, each distribution's newest supported release, in the
 * cloud's order of distributions.
 */
export function recommendLines(entries: readonly Recommendation[], input: RecommendInput): RecommendedResult {
  const { lines, distributionIds, source } = input;
  const recommended: Recommended[] = [];
  const warnings: string[] = [];
  const genericOnly = statesPurpose(lines);
  const add = (line: LineView<ImageView> & { current: ImageView }, purpose: string) =>
    recommended.push({ rank: recommended.length + 1, line, view: line.current, purpose });

  if (entries.length === 0) {
    for (const distro of distributionIds) {
      const found = applyRule({ distro, pick: 'newest' }, lines, genericOnly);
      if (typeof found !== 'string' && usable(found, genericOnly)) add(found, defaultPurpose(found.current, 'newest'));
    }
    return { recommended, warnings };
  }

  const byKey = new Map(lines.map((line) => [line.key, line]));
  entries.forEach((entry, index) => {
    const label = `${source}: entry ${index + 1} (${describe(entry)})`;
    let found: LineView<ImageView> | string;
    if ('line' in entry) {
      const line = byKey.get(entry.line);
      found = !line
        ? 'no such line in this catalog'
        : !line.current
          ? 'the line has no current build'
          : line.current.eol.state === 'eol'
            ? 'its current build is past end of life'
            : !purposeFits(line.current, genericOnly)
              ? `its current build is not a general-purpose image (its purpose: ${line.current.purpose?.label ?? 'not stated'})`
              : line;
    } else {
      found = applyRule(entry, lines, genericOnly);
    }
    if (typeof found === 'string') {
      warnings.push(`${label}: ${found}; left out of the start-here list (fix or remove the entry if this lasts)`);
      return;
    }
    const first = recommended.find((item) => item.line.key === found.key);
    if (first) {
      warnings.push(`${label}: picks ${found.key}, already recommended by entry ${first.rank}; left out of the start-here list`);
      return;
    }
    add(found as LineView<ImageView> & { current: ImageView }, entry.purpose ?? defaultPurpose(found.current!, 'line' in entry ? 'line' : entry.pick));
  });
  return { recommended, warnings };
}

/** The recommended lines by key, for `/catalog/latest.json`. */
export function recommendedByKey(recommended: readonly Recommended[]): Map<string, { rank: number; purpose: string }> {
  // Reversed, so a key several sources recommend keeps its first (best-ranked) entry.
  return new Map([...recommended].reverse().map((item) => [item.line.key, { rank: item.rank, purpose: item.purpose }]));
}

/**
 * The Start here list of a catalog of several sources: each source's own list (its lines only, so each region
 * recommends its own IDs), merged by rank and then source order; a warning said by several sources is said
 * once. One source's list is `recommendLines`' as it is.
 */
export function recommendPerSource(entries: readonly Recommendation[], input: RecommendInput, sourceOfLine: (line: LineView<ImageView>) => string): RecommendedResult {
  const bySource = new Map<string, LineView<ImageView>[]>();
  for (const line of input.lines) {
    const key = sourceOfLine(line);
    bySource.set(key, [...(bySource.get(key) ?? []), line]);
  }
  if (bySource.size <= 1) return recommendLines(entries, input);
  const results = [...bySource.values()].map((lines) => recommendLines(entries, { ...input, lines }));
  const recommended = results
    .flatMap((result, order) => result.recommended.map((item) => ({ item, order })))
    .sort((a, b) => a.item.rank - b.item.rank || a.order - b.order)
    .map(({ item }) => item);
  return { recommended, warnings: [...new Set(results.flatMap((result) => result.warnings))] };
}
