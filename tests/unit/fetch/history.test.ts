/** The history diff: what one fetch added, archived, removed and updated, and what a tombstone can say from it. */
import { describe, expect, it } from 'vitest';
import { diffCatalog, diffImages, isEmptyEntry, loginUserReader } from '../../../scripts/lib/history.ts';
import { tombstonesFrom } from '../../../src/lib/catalog/tombstones.ts';
import { historyEntrySchema } from '../../../src/schemas/snapshot.ts';
import { NECTAR_CONVENTIONS, distributions, image } from '../catalog/helpers.ts';

const AT = '2026-11-20T05:30:00Z';
// The images here are named and described the Nectar way, so the history reads them with Nectar's conventions.
const users = loginUserReader(distributions(), NECTAR_CONVENTIONS);
const noble = (build: number, fields: Parameters<typeof image>[0] = {}) =>
  image({ name: `NeCTAR Ubuntu 24.04 LTS (Noble) amd64${build === 0 ? '' : ` [v${build}]`}`, distro: 'ubuntu', version: '24.04', properties: { nectar_name: 'Ubuntu 24.04 LTS (Noble) amd64' }, ...fields });
const readName = () => ({ distro: null, version: null, architecture: null });

describe('diffCatalog', () => {
  it('records a current build that moved to the archive as archived, with its new name, not as removed', () => {
    const old = noble(0);
    const next = noble(0);
    const entry = diffCatalog({ images: [old], archived: [] }, { images: [next], archived: [{ ...old, name: `${old.name} [v41]` }] }, AT, users, NECTAR_CONVENTIONS);
    expect(entry.archived).toEqual([{ id: old.id, name: old.name, archivedName: `${old.name} [v41]`, line: 'ubuntu-24-04-lts-noble-amd64' }]);
    expect(entry.removed).toEqual([]);
    expect(entry.added.map((item) => item.id)).toEqual([next.id]);
    expect(historyEntrySchema.parse(entry)).toEqual(entry);
    expect(isEmptyEntry({ fetchedAt: AT, added: [], removed: [], updated: [], archived: entry.archived })).toBe(false);
  });

  it('records the login user of a removed image, as the site showed it: its own, its distribution’s, or not known', () => {
    const own = image({ name: 'Fedora 21', distro: 'fedora', version: '21', defaultUser: 'ec2-user' });
    const fromDistro = image({ name: 'Debian 12', distro: 'debian', version: '12' });
    const unknown = image({ name: 'Gentoo', distro: 'gentoo' });
    const entry = diffCatalog({ images: [own, fromDistro, unknown], archived: [] }, { images: [], archived: [] }, AT, users, NECTAR_CONVENTIONS);
    expect(Object.fromEntries(entry.removed.map((item) => [item.name, item.loginUser]))).toEqual({ 'Fedora 21': 'ec2-user', 'Debian 12': 'debian', Gentoo: null });
    expect(entry.removed.every((item) => item.archived === undefined)).toBe(true);
    expect(entry.archived).toBeUndefined();
  });

  it('removes an archived build that left the archive (marked archived), and keeps one that became current again out of removed', () => {
    const gone = noble(40);
    const back = noble(39);
    const stays = noble(38);
    const entry = diffCatalog({ images: [], archived: [gone, back, stays] }, { images: [back], archived: [stays] }, AT, users, NECTAR_CONVENTIONS);
    expect(entry.removed).toEqual([expect.objectContaining({ id: gone.id, archived: true, loginUser: 'ubuntu', line: 'ubuntu-24-04-lts-noble-amd64' })]);
    expect(entry.added.map((item) => item.id)).toEqual([back.id]);
    expect(entry.archived).toBeUndefined();
  });

  it('names changed fields of an image current in both, and nothing when nothing changed', () => {
    const before = noble(0, { size: 1 });
    const after = { ...before, size: 2 };
    expect(diffCatalog({ images: [before], archived: [] }, { images: [after], archived: [] }, AT, users, NECTAR_CONVENTIONS).updated).toEqual([
      { id: before.id, name: before.name, updatedAt: before.updatedAt, fields: ['size'] },
    ]);
    expect(isEmptyEntry(diffCatalog({ images: [before], archived: [] }, { images: [before], archived: [] }, AT, users, NECTAR_CONVENTIONS))).toBe(true);
  });

  it('diffImages (no archive) lists everything as added without a previous snapshot', () => {
    const entry = diffImages(null, [image({ id: 'b', name: 'B' }), image({ id: 'a', name: 'A' })], AT);
    expect(entry.added.map((item) => item.id)).toEqual(['a', 'b']);
    expect(entry.removed).toEqual([]);
  });
});

describe('tombstones from the history', () => {
  it('show the recorded login user, and say when an older entry did not record one', () => {
    const recorded = image({ name: 'Debian 11 [v7]', distro: 'debian', version: '11' });
    const none = image({ name: 'Mystery', distro: null });
    const entry = diffCatalog({ images: [], archived: [recorded, none] }, { images: [], archived: [] }, AT, users, NECTAR_CONVENTIONS);
    const older = { fetchedAt: '2020-01-01T00:00:00Z', added: [], updated: [], removed: [{ id: 'old-id', name: 'Ubuntu 12.04' }] };
    const stones = new Map(tombstonesFrom([entry, older], new Set(), readName, NECTAR_CONVENTIONS).map((stone) => [stone.id, stone.login]));
    expect(stones.get(recorded.id)).toEqual({ known: true, user: 'debian' });
    expect(stones.get(none.id)).toEqual({ known: true, user: null });
    expect(stones.get('old-id')).toEqual({ known: false });
  });
});
