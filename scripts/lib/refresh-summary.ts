/**
 * What a refresh changed, in words: the commit message (`Catalog: 2 added,
 * 1 removed`) and one line per image. Pure functions of a history entry.
 */
import type { HistoryEntry } from '../../src/schemas/snapshot.ts';

export function commitMessage(entry: Pick<HistoryEntry, 'added' | 'removed' | 'updated' | 'archived'>): string {
  const archived = entry.archived?.length ?? 0;
  const parts = [
    entry.added.length ? `${entry.added.length} added` : '',
    archived ? `${archived} archived` : '',
    entry.removed.length ? `${entry.removed.length} removed` : '',
    entry.updated.length ? `${entry.updated.length} updated` : '',
  ].filter(Boolean);
  return `Catalog: ${parts.length ? parts.join(', ') : 'no change'}`;
}

export function changeLines(entry: Pick<HistoryEntry, 'added' | 'removed' | 'updated' | 'archived'>, max = 50): string[] {
  const lines = [
    ...entry.added.map((image) => `  added    ${image.name || image.id} (${image.id})`),
    ...(entry.archived ?? []).map((image) => `  archived ${image.name || image.id} (${image.id})`),
    ...entry.removed.map((image) => `  removed  ${image.name || image.id} (${image.id})`),
    ...entry.updated.map((image) => `  updated  ${image.name || image.id} (${image.id}): ${image.fields.join(', ')}`),
  ];
  return lines.length > max ? [...lines.slice(0, max), `  … and ${lines.length - max} more`] : lines;
}
