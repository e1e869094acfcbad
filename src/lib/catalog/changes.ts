import type { HistoryEntry } from '../../schemas/snapshot.ts';

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
