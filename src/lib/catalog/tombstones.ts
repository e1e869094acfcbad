/**
 * Images that left the catalog altogether (deleted, made private, moved out of
 * the archive), known from the history file: each keeps a page saying so.
 * Pure.
 */
import type { HistoryEntry } from '../../schemas/snapshot.ts';
import { lineKeyFor, stripBuildName } from './lineage.ts';
import { STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { timeOf } from './sort.ts';
import { cleanText, safeText } from './safe-text.ts';

export interface Tombstone {
  id: string;
  name: string;
  /** When the fetch that no longer saw it ran (the newest such fetch). */
  removedAt: string;
  distro: string | null;
  version: string | null;
  architecture: string | null;
  line: string;
  createdAt: string | null;
  /** Whether it had been an archived build when it left. */
  wasArchived: boolean;
  /**
   * The login user the catalog showed for it: `known: false` when the history
   * entry predates recording it; `user: null` when it was not known then.
   */
  login: { known: true; user: string | null } | { known: false };
}

/** Facts a history entry did not record (older entries), read from the name instead. */
export type NameReader = (name: string) => { distro: string | null; version: string | null; architecture: string | null };

/**
 * One tombstone per image removed in some history entry and not listed now
 * (`present`: the IDs of the current and archived images). The newest removal
 * wins, so an image removed, re-added and removed again shows its last date.
 */
export function tombstonesFrom(
  entries: readonly HistoryEntry[],
  present: ReadonlySet<string>,
  readName: NameReader,
  conventions: Pick<ImageConventions, 'namePrefix'> = STANDARD_CONVENTIONS,
): Tombstone[] {
  const byId = new Map<string, Tombstone>();
  for (const entry of entries) {
    for (const removed of entry.removed) {
      if (present.has(removed.id)) continue;
      const known = byId.get(removed.id);
      if (known && (timeOf(known.removedAt) ?? 0) >= (timeOf(entry.fetchedAt) ?? 0)) continue;
      // History may be hand-edited: its text is cleaned like Glance's before any page shows it.
      const name = safeText(removed.name);
      const fromName = readName(name);
      const clean = (value: string | null | undefined) => (typeof value === 'string' ? safeText(value) : value);
      const architecture = removed.architecture !== undefined ? clean(removed.architecture)! : fromName.architecture;
      byId.set(removed.id, {
        id: cleanText(removed.id),
        name,
        removedAt: entry.fetchedAt,
        distro: removed.distro !== undefined ? clean(removed.distro)! : fromName.distro,
        version: removed.version !== undefined ? clean(removed.version)! : fromName.version,
        architecture,
        line: removed.line !== undefined ? cleanText(removed.line) : lineKeyFor(stripBuildName(name, conventions), architecture),
        createdAt: removed.createdAt ?? null,
        wasArchived: removed.archived === true,
        login: removed.loginUser === undefined ? { known: false } : { known: true, user: removed.loginUser === null ? null : safeText(removed.loginUser) || null },
      });
    }
  }
  return [...byId.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
