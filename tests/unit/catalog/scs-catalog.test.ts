/**
 * A catalog of an SCS-0102 cloud, built with no mapping: lines from names with
 * date suffixes, hidden earlier builds of the official project as archived
 * builds that name their successor, login users (and `none`) in every view,
 * lifecycle promises and ID expiry.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { STANDARD_CONVENTIONS } from '../../../src/lib/catalog/conventions.ts';
import { catalogIndexSchema, rowData } from '../../../src/lib/catalog/row.ts';
import { latestFile } from '../../../src/lib/catalog/latest.ts';
import type { Snapshot } from '../../../src/schemas/snapshot.ts';
import { distributions, image } from './helpers.ts';

const OWNER = 'scs-owner';
const promise = { replace_frequency: 'monthly', provided_until: '2029-04-30', uuid_validity: 'last-2' };
const ubuntu = (name: string, built: string, extra: Record<string, string> = {}) =>
  image({
    name,
    owner: OWNER,
    distro: 'ubuntu',
    version: '24.04',
    architecture: 'x86_64',
    createdAt: `${built}T00:00:00Z`,
    properties: { image_build_date: built, image_original_user: 'ubuntu', ...promise, ...extra },
  });

const current = ubuntu('Ubuntu 24.04', '2025-04-01');
const hidden1 = ubuntu('Ubuntu 24.04 20250301', '2025-03-01');
const hidden2 = ubuntu('Ubuntu 24.04 (20250201)', '2025-02-01');
const hidden3 = ubuntu('Ubuntu 24.04 20250101', '2025-01-01');
const datedOut = ubuntu('Ubuntu 24.04 20241201', '2024-12-01', { uuid_validity: '2025-06-30' });
const windows = image({
  name: 'Windows Server 2022',
  owner: OWNER,
  distro: 'windows',
  version: '2022',
  properties: { image_original_user: 'none', image_source: 'private', image_description: 'https://example.org/windows' },
  minDisk: 40,
  minRam: 4096,
});
const snapshot: Snapshot = {
  schemaVersion: 1,
  fetchedAt: '2026-11-20T00:00:00Z',
  source: { imageEndpoint: 'https://glance.example', owner: OWNER, region: null },
  images: [current, windows],
  archived: [hidden3, hidden1, datedOut, hidden2],
};
const catalog = buildCatalog(snapshot, distributions(), [], new Date('2026-11-20T00:00:00Z'), [], STANDARD_CONVENTIONS);

describe('an SCS-0102 catalog with no mapping', () => {
  it('puts the renamed, hidden builds in the current build’s line, newest first, each naming it as successor', () => {
    const line = catalog.lifecycle.lineOfImage.get(current.id)!;
    expect(line.key).toBe('ubuntu-24-04-x86-64');
    expect(line.archived.map((view) => view.image.name)).toEqual([
      'Ubuntu 24.04 20250301',
      'Ubuntu 24.04 (20250201)',
      'Ubuntu 24.04 20250101',
      'Ubuntu 24.04 20241201',
    ]);
    for (const view of line.archived) {
      expect(view.archivedAs).toBe('hidden');
      const successor = catalog.lifecycle.successors.get(view.image.id)!;
      expect(successor.kind === 'line' && successor.image.image.id).toBe(current.id);
    }
    expect(catalog.images.every((view) => view.archivedAs === null)).toBe(true);
    expect(latestFile(catalog.lifecycle.lines, snapshot.fetchedAt).lineages.find((l) => l.key === line.key)?.current?.id).toBe(current.id);
  });

  it('says which archived builds are past their uuid_validity', () => {
    const expired = Object.fromEntries(catalog.archived.map((view) => [view.image.name, view.idMayHaveExpired]));
    // last-2: one and two newer builds are kept; three newer are past it. A passed date is past it.
    expect(expired).toEqual({
      'Ubuntu 24.04 20250301': false,
      'Ubuntu 24.04 (20250201)': false,
      'Ubuntu 24.04 20250101': true,
      'Ubuntu 24.04 20241201': true,
    });
    expect(catalog.byId.get(current.id)!.idMayHaveExpired).toBe(false);
    expect(catalog.byId.get(current.id)!.promise.replace?.words).toBe('Replaced monthly');
  });

  it('shows "No login user" for image_original_user none in the view, the row and the index, and no ssh command', () => {
    const view = catalog.byId.get(windows.id)!;
    expect(view.login).toMatchObject({ kind: 'none', user: null, sshCommand: null });
    const row = rowData(view);
    expect(row).toMatchObject({ loginUser: '', loginNone: true });
    expect(rowData(catalog.byId.get(current.id)!)).toMatchObject({ loginUser: 'ubuntu', loginNone: false });
    expect(() => catalogIndexSchema.parse({ schemaVersion: 2, total: 1, rows: [row] })).not.toThrow();
  });

  it('keeps an archive project’s builds "archive", the official project’s "hidden"', () => {
    const other = buildCatalog({ ...snapshot, archived: [{ ...hidden1, owner: 'archive-project' }] }, distributions(), [], new Date('2026-11-20T00:00:00Z'));
    expect(other.archived[0]!.archivedAs).toBe('archive');
  });
});
