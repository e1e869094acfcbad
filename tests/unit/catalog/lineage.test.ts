import { describe, expect, it } from 'vitest';
import { buildLines, buildOf, lineKeyOf, lineNameOf, successorOf } from '../../../src/lib/catalog/lineage.ts';
import { tombstonesFrom } from '../../../src/lib/catalog/tombstones.ts';
import type { CatalogImage, HistoryEntry } from '../../../src/schemas/snapshot.ts';
import { image, NECTAR_CONVENTIONS as NECTAR } from './helpers.ts';

const ubuntu = (fields: Partial<CatalogImage> & { build?: string }) => {
  const { build, ...rest } = fields;
  return image({
    name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64',
    distro: 'ubuntu',
    version: '24.04',
    architecture: 'x86_64',
    properties: { nectar_name: 'Ubuntu 24.04 LTS (Noble) amd64', ...(build === undefined ? {} : { nectar_build: build }) },
    ...rest,
  });
};

describe('image lines', () => {
  it('keys a line by nectar_name and architecture, whatever the build suffix', () => {
    const current = ubuntu({ build: '42' });
    const archived = ubuntu({ name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]', build: '41' });
    expect(lineKeyOf(current, NECTAR)).toBe('ubuntu-24-04-lts-noble-amd64');
    expect(lineKeyOf(archived, NECTAR)).toBe(lineKeyOf(current, NECTAR));
    expect(lineNameOf(archived, NECTAR)).toBe('Ubuntu 24.04 LTS (Noble) amd64');
  });

  it('falls back to the name without "NeCTAR " and " [v<build>]" when nectar_name is missing', () => {
    const plain = image({ name: 'NeCTAR Windows Server 2022 [v7]', architecture: 'x86_64' });
    expect(lineNameOf(plain, NECTAR)).toBe('Windows Server 2022');
    expect(lineKeyOf(plain, NECTAR)).toBe('windows-server-2022-x86-64');
    expect(lineKeyOf(image({ name: 'NeCTAR Windows Server 2022', architecture: 'x86_64' }), NECTAR)).toBe(lineKeyOf(plain, NECTAR));
  });

  it('keeps architectures apart', () => {
    const arm = image({ name: 'NeCTAR Debian 12', architecture: 'aarch64' });
    const x86 = image({ name: 'NeCTAR Debian 12', architecture: 'x86_64' });
    expect(lineKeyOf(arm, NECTAR)).not.toBe(lineKeyOf(x86, NECTAR));
    expect(buildLines([arm, x86], [], NECTAR)).toHaveLength(2);
  });

  it('reads the build from nectar_build, else from the name', () => {
    expect(buildOf(ubuntu({ build: '42' }), NECTAR)).toBe(42);
    expect(buildOf(image({ name: 'NeCTAR Fedora 40 [v9]' }), NECTAR)).toBe(9);
    expect(buildOf(image({ name: 'NeCTAR Fedora 40', properties: { nectar_build: 'latest' } }), NECTAR)).toBeNull();
  });

  it('orders archived builds by build, then creation date, newest first', () => {
    const v40 = ubuntu({ name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v40]', build: '40', createdAt: '2025-03-01T00:00:00Z' });
    const v41a = ubuntu({ name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]', build: '41', createdAt: '2025-04-01T00:00:00Z' });
    // A tie on the build number: the newer creation date comes first.
    const v41b = ubuntu({ name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]', build: '41', createdAt: '2025-04-02T00:00:00Z' });
    // No build number at all: after every numbered build.
    const unnumbered = ubuntu({ createdAt: '2026-01-01T00:00:00Z' });
    const current = ubuntu({ build: '42', createdAt: '2025-05-01T00:00:00Z' });
    const [line] = buildLines([current], [v40, unnumbered, v41a, v41b], NECTAR);
    expect(line!.current?.id).toBe(current.id);
    expect(line!.archived.map((view) => view.id)).toEqual([v41b.id, v41a.id, v40.id, unnumbered.id]);
  });

  it('orders identical builds and dates by ID, so input order never matters', () => {
    const a = ubuntu({ id: 'aaa', build: '5', createdAt: '2025-01-01T00:00:00Z' });
    const b = ubuntu({ id: 'bbb', build: '5', createdAt: '2025-01-01T00:00:00Z' });
    expect(buildLines([], [b, a], NECTAR)[0]!.archived.map((x) => x.id)).toEqual(['aaa', 'bbb']);
    expect(buildLines([], [a, b], NECTAR)[0]!.archived.map((x) => x.id)).toEqual(['aaa', 'bbb']);
  });

  it('has no current build for a line whose builds are all archived', () => {
    const old = image({ name: 'NeCTAR CentOS 7 x86_64 [v12]', distro: 'centos', version: '7', architecture: 'x86_64' });
    const [line] = buildLines([ubuntu({ build: '42' })], [old], NECTAR).filter((l) => l.key === 'centos-7-x86-64');
    expect(line!.current).toBeNull();
    expect(line!.archived).toEqual([old]);
    expect(line!.name).toBe('CentOS 7 x86_64');
  });

  it('keeps the listed build current even when an archived build has a higher number', () => {
    const listed = ubuntu({ build: '41', createdAt: '2025-04-01T00:00:00Z' });
    const withdrawn = ubuntu({ name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v43]', build: '43', createdAt: '2025-06-01T00:00:00Z' });
    const [line] = buildLines([listed], [withdrawn], NECTAR);
    expect(line!.current?.id).toBe(listed.id);
    expect(line!.archived.map((x) => x.id)).toEqual([withdrawn.id]);
  });

  it('makes the newest of two listed builds current', () => {
    const older = ubuntu({ build: '41' });
    const newer = ubuntu({ build: '42' });
    const [line] = buildLines([older, newer], [], NECTAR);
    expect(line!.current?.id).toBe(newer.id);
    expect(line!.otherCurrent.map((x) => x.id)).toEqual([older.id]);
  });
});

describe('successors', () => {
  const current = [
    ubuntu({ build: '42' }),
    image({ name: 'NeCTAR CentOS Stream 9 x86_64', distro: 'centos', version: '9', architecture: 'x86_64' }),
    image({ name: 'NeCTAR CentOS Stream 10 aarch64', distro: 'centos', version: '10', architecture: 'aarch64' }),
    image({ name: 'NeCTAR CentOS Stream 8 x86_64', distro: 'centos', version: '8', architecture: 'x86_64' }),
  ];
  const lines = new Map(buildLines(current, [], NECTAR).map((line) => [line.key, line]));

  it("is the line's current build when there is one", () => {
    const archived = ubuntu({ name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]', build: '41' });
    const found = successorOf({ line: lineKeyOf(archived, NECTAR), distro: 'ubuntu', architecture: 'x86_64' }, lines, current, NECTAR);
    expect(found).toEqual({ kind: 'line', image: current[0] });
  });

  it('is the newest image of the distribution (same architecture first) when the line has none', () => {
    const found = successorOf({ line: 'centos-7-x86-64', distro: 'centos', architecture: 'x86_64' }, lines, current);
    expect(found.kind).toBe('distribution');
    expect(found.kind !== 'none' && found.image.name).toBe('NeCTAR CentOS Stream 9 x86_64');
  });

  it('is nothing when the distribution has no current image', () => {
    expect(successorOf({ line: 'fedora-20-x86-64', distro: 'fedora', architecture: 'x86_64' }, lines, current)).toEqual({ kind: 'none' });
    expect(successorOf({ line: 'mystery', distro: null, architecture: null }, lines, current)).toEqual({ kind: 'none' });
  });
});

describe('tombstones', () => {
  const entry = (fetchedAt: string, removed: HistoryEntry['removed']): HistoryEntry => ({ fetchedAt, added: [], removed, updated: [] });
  const readName = () => ({ distro: 'ubuntu', version: '22.04', architecture: 'x86_64' });

  it('keeps every removed image that is not listed now, with its newest removal date', () => {
    const entries = [
      entry('2026-03-01T00:00:00Z', [{ id: 'gone', name: 'NeCTAR Ubuntu 22.04 LTS (Jammy) amd64' }]),
      entry('2026-01-01T00:00:00Z', [{ id: 'gone', name: 'NeCTAR Ubuntu 22.04 LTS (Jammy) amd64' }, { id: 'back', name: 'Back again' }]),
    ];
    const stones = tombstonesFrom(entries, new Set(['back']), readName, NECTAR);
    expect(stones.map((s) => [s.id, s.removedAt])).toEqual([['gone', '2026-03-01T00:00:00Z']]);
    expect(stones[0]!.line).toBe('ubuntu-22-04-lts-jammy-amd64');
  });

  it('uses the recorded distribution, line and architecture over the name', () => {
    const [stone] = tombstonesFrom(
      [entry('2026-03-01T00:00:00Z', [{ id: 'x', name: 'Odd name', distro: 'debian', version: '12', architecture: 'aarch64', line: 'debian-12-aarch64', archived: true }])],
      new Set(),
      readName,
    );
    expect(stone).toMatchObject({ distro: 'debian', version: '12', architecture: 'aarch64', line: 'debian-12-aarch64', wasArchived: true });
  });
});
