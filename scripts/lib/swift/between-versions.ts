/**
 * The words for a publish that failed after its first change, shared by
 * `publish` (which names itself as the command that finishes it) and
 * `refresh --publish` (which names itself). Pure.
 */

/** What a publish that stopped midway left live; refresh reads it from the file named by CATALOG_PUBLISH_OUTCOME. */
export interface PartialOutcome {
  betweenVersions: true;
  /** The failure's own one line (already free of secrets). */
  reason: string;
  live: number;
  total: number;
  deleted: number;
}

/** `<reason>; the site is between versions: …; <kept>run <command> to finish it` as one line. */
export function betweenVersionsLine(outcome: Omit<PartialOutcome, 'betweenVersions'>, command: string, kept = ''): string {
  const deleted = outcome.deleted > 0 ? `, ${outcome.deleted} old objects deleted` : '';
  return `${outcome.reason}; the site is between versions: ${outcome.live} of ${outcome.total} new or changed files are live${deleted}, and every live page still works; ${kept}run ${command} to finish it`;
}

/** The outcome file's content, or null when it is not one (refresh then reports the publish as an ordinary failure). */
export function parsePartialOutcome(text: string): PartialOutcome | null {
  try {
    const data = JSON.parse(text) as Partial<PartialOutcome>;
    if (data.betweenVersions !== true || typeof data.reason !== 'string') return null;
    const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0);
    return { betweenVersions: true, reason: data.reason, live: count(data.live), total: count(data.total), deleted: count(data.deleted) };
  } catch {
    return null;
  }
}
