import type { HistoryEntry } from '../../schemas/snapshot.ts';
import { slugify } from './slug.ts';
import { sourceLabel, type CatalogSource } from './source.ts';

/** A stable fragment id for one fetch's changes: `changes-2026-11-20T05-30-00Z`. */
export function entryAnchor(entry: Pick<HistoryEntry, 'fetchedAt'>): string {
  const date = new Date(entry.fetchedAt);
  const iso = Number.isNaN(date.getTime()) ? entry.fetchedAt : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `changes-${iso.replace(/[^0-9A-Za-z]+/g, '-')}`;
}

/** History entries newest first (the file should already be; this makes sure). */
export function newestFirst(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return [...entries].sort((a, b) => Date.parse(b.fetchedAt) - Date.parse(a.fetchedAt));
}

/** "2 added, 1 archived, 1 removed, 3 updated" (only the non-zero parts), or "No changes". */
export function changeSummary(entry: Pick<HistoryEntry, 'added' | 'removed' | 'updated' | 'archived'>): string {
  const archived = entry.archived?.length ?? 0;
  const parts = [
    entry.added.length && `${entry.added.length} added`,
    archived && `${archived} archived`,
    entry.removed.length && `${entry.removed.length} removed`,
    entry.updated.length && `${entry.updated.length} updated`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'No changes';
}

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // Characters XML 1.0 forbids, which a hostile name could carry.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** One fetch's changes as the changes page and feed show them: where (a region, for several sources) and its anchor. */
export type ChangeEntry = HistoryEntry & {
  /** The region (and member) it happened in; null with one source, whose pages name no region. */
  where: string | null;
  anchor: string;
};

/**
 * Every source's history entries, newest first (a tie in source order). With one source, its entries as
 * they are with today's anchors; with several, each says where, and the first source keeps plain anchors.
 */
export function changeEntries(histories: readonly { source: CatalogSource; entries: readonly HistoryEntry[] }[], federation: boolean): ChangeEntry[] {
  const several = histories.length > 1;
  return histories
    .flatMap(({ source, entries }, order) =>
      newestFirst(entries).map((entry) => {
        const where = several ? sourceLabel(source, federation) : null;
        const anchor = order === 0 || where === null ? entryAnchor(entry) : `${entryAnchor(entry)}-${slugify(where)}`;
        return { entry: { ...entry, where, anchor }, order };
      }),
    )
    .sort((a, b) => Date.parse(b.entry.fetchedAt) - Date.parse(a.entry.fetchedAt) || a.order - b.order)
    .map(({ entry }) => entry);
}
