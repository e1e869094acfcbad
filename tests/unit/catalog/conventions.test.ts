/**
 * The rules that read an image's facts, under a cloud's own conventions
 * (Nectar's: `NeCTAR ` prefix, `nectar_name`, `nectar_build`, `default_user`,
 * `nectar_vgpu`) and under SCS-0102 alone (no mapping), side by side.
 */
import { describe, expect, it } from 'vitest';
import { STANDARD_CONVENTIONS as SCS, type ImageConventions } from '../../../src/lib/catalog/conventions.ts';
import { buildLines, buildOf, buildTimeOf, compareBuildsNewestFirst, lineKeyOf, lineNameOf, stripBuildName } from '../../../src/lib/catalog/lineage.ts';
import { loginUserOf } from '../../../src/lib/catalog/login.ts';
import { loginNote } from '../../../src/lib/catalog/login-note.ts';
import { findDistribution } from '../../../src/lib/catalog/distro.ts';
import { imageVariant } from '../../../src/lib/catalog/variant.ts';
import { vgpuFacts } from '../../../src/lib/catalog/vgpu.ts';
import { isHiddenBuild, isOfficialImage, normaliseImage, parseImageName } from '../../../src/lib/catalog/normalise.ts';
import { firstProperty, stripNamePrefix } from '../../../src/lib/catalog/read-properties.ts';
import { tombstonesFrom } from '../../../src/lib/catalog/tombstones.ts';
import { distributions, image, NECTAR_CONVENTIONS as NECTAR } from './helpers.ts';

const list = distributions();
const of = (key: string) => findDistribution(key, list);

describe('reading properties and name prefixes', () => {
  it('takes the first listed property with a value, own keys only', () => {
    expect(firstProperty({ a: ' ', b: ' x ', c: 'y' }, ['a', 'b', 'c'])).toBe('x');
    expect(firstProperty({ a: 'x' }, [])).toBeNull();
    expect(firstProperty({}, ['constructor', '__proto__', 'toString'])).toBeNull();
  });

  it.each<[string, string | null, string]>([
    ['NeCTAR Ubuntu 24.04', 'NeCTAR ', 'Ubuntu 24.04'],
    ['  nectar   Ubuntu 24.04', 'NeCTAR ', 'Ubuntu 24.04'],
    ['NeCTARUbuntu', 'NeCTAR ', 'NeCTARUbuntu'],
    ['Ubuntu 24.04', 'NeCTAR ', 'Ubuntu 24.04'],
    ['NeCTAR Ubuntu 24.04', null, 'NeCTAR Ubuntu 24.04'],
    ['Acme-Ubuntu', 'Acme-', 'Ubuntu'],
    ['a.b Ubuntu', 'a.b ', 'Ubuntu'],
    ['axb Ubuntu', 'a.b ', 'axb Ubuntu'],
    ['(x) Ubuntu', '(x) ', 'Ubuntu'],
  ])('%j without prefix %j is %j', (name, prefix, expected) => {
    expect(stripNamePrefix(name, { namePrefix: prefix })).toBe(expected);
  });
});

describe('image lines: a cloud’s conventions and SCS-0102 side by side', () => {
  it.each<[string, string, ImageConventions, string]>([
    ['Nectar build suffix', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]', NECTAR, 'Ubuntu 24.04 LTS (Noble) amd64'],
    ['SCS date suffix', 'Ubuntu 24.04 20250301', SCS, 'Ubuntu 24.04'],
    ['SCS date suffix in brackets', 'Ubuntu 24.04 (20250301)', SCS, 'Ubuntu 24.04'],
    ['date suffix and build suffix', 'Debian 12 20241231 [v3]', SCS, 'Debian 12'],
    ['not a date: month 13', 'Ubuntu 24.04 20251301', SCS, 'Ubuntu 24.04 20251301'],
    ['not a date: a version', 'Foo 12345678', SCS, 'Foo 12345678'],
    ['no prefix configured keeps it', 'NeCTAR Debian 12', SCS, 'NeCTAR Debian 12'],
    ['empty', '', SCS, ''],
  ])('%s: %j → %j', (_, name, conventions, expected) => {
    expect(stripBuildName(name, conventions)).toBe(expected);
  });

  it('reads the line from the cloud’s property, then image_name, then the name', () => {
    const both = image({ name: 'X 20250101', properties: { nectar_name: 'Ubuntu 24.04 LTS (Noble) amd64', image_name: 'Ubuntu 24.04' } });
    expect(lineNameOf(both, NECTAR)).toBe('Ubuntu 24.04 LTS (Noble) amd64');
    expect(lineNameOf(both, SCS)).toBe('Ubuntu 24.04');
    const plain = image({ name: 'Ubuntu 22.04 (20240115)' });
    expect(lineNameOf(plain, NECTAR)).toBe('Ubuntu 22.04');
    expect(lineNameOf(plain, SCS)).toBe('Ubuntu 22.04');
  });

  it('keeps a renamed, hidden SCS build in the line of the current one, apart by architecture', () => {
    const current = image({ name: 'Ubuntu 24.04', architecture: 'x86_64', properties: { image_build_date: '2025-03-01' } });
    const older = image({ name: 'Ubuntu 24.04 20250201', architecture: 'x86_64', properties: { image_build_date: '2025-02-01' } });
    const oldest = image({ name: 'Ubuntu 24.04 (20250101)', architecture: 'x86_64', properties: { image_build_date: '2025-01-01' } });
    const arm = image({ name: 'Ubuntu 24.04', architecture: 'aarch64', properties: { image_build_date: '2025-03-01' } });
    expect(lineKeyOf(older, SCS)).toBe(lineKeyOf(current, SCS));
    expect(lineKeyOf(oldest, SCS)).toBe('ubuntu-24-04-x86-64');
    expect(lineKeyOf(arm, SCS)).toBe('ubuntu-24-04-aarch64');
    const lines = buildLines([current, arm], [oldest, older], SCS);
    expect(lines.map((line) => [line.key, line.current?.id, line.archived.map((x) => x.id)])).toEqual([
      ['ubuntu-24-04-aarch64', arm.id, []],
      ['ubuntu-24-04-x86-64', current.id, [older.id, oldest.id]],
    ]);
  });

  it('reads a build number only from the cloud’s build property (whole numbers) or [vN]', () => {
    expect(buildOf(image({ name: 'A', properties: { nectar_build: '42' } }), NECTAR)).toBe(42);
    expect(buildOf(image({ name: 'A', properties: { nectar_build: '42' } }), SCS)).toBeNull();
    expect(buildOf(image({ name: 'A [v7]' }), SCS)).toBe(7);
    for (const hostile of ['-1', '4.2', '1e3', ' ', '99999999999999999999', '４２', '0x10']) {
      expect(buildOf(image({ name: 'A', properties: { nectar_build: hostile } }), NECTAR), hostile).toBeNull();
    }
  });

  it.each<[string, Record<string, string>, number | null]>([
    ['a day', { image_build_date: '2025-03-01' }, Date.UTC(2025, 2, 1)],
    ['a day and time', { image_build_date: '2025-03-01 12:30' }, Date.UTC(2025, 2, 1, 12, 30)],
    ['with seconds', { image_build_date: '2025-03-01 12:30:15' }, Date.UTC(2025, 2, 1, 12, 30, 15)],
    ['ISO with Z', { image_build_date: '2025-03-01T12:30:00Z' }, Date.UTC(2025, 2, 1, 12, 30)],
    ['no such day', { image_build_date: '2025-02-30' }, null],
    ['not a date', { image_build_date: 'yesterday' }, null],
    ['hostile', { image_build_date: '2025-03-01<script>' }, null],
    ['another zone is not UTC: refused', { image_build_date: '2025-03-01T12:30:00+05:00' }, null],
  ])('image_build_date %s', (_, properties, expected) => {
    expect(buildTimeOf(image({ name: 'X', properties }))).toBe(expected);
  });

  it('falls back to the date in the name of a renamed build', () => {
    expect(buildTimeOf(image({ name: 'Ubuntu 24.04 20250201' }))).toBe(Date.UTC(2025, 1, 1));
    expect(buildTimeOf(image({ name: 'Ubuntu 24.04' }))).toBeNull();
  });

  it('orders builds by build number, then build date, then internal_version, then creation, then ID', () => {
    const at = (createdAt: string) => ({ createdAt });
    const sorted = (images: ReturnType<typeof image>[], conventions: ImageConventions) =>
      [...images].sort((a, b) => compareBuildsNewestFirst(a, b, conventions)).map((x) => x.name);
    const numbered = [
      image({ name: 'b41', properties: { nectar_build: '41', image_build_date: '2025-09-01' }, ...at('2025-01-01T00:00:00Z') }),
      image({ name: 'b42', properties: { nectar_build: '42', image_build_date: '2025-01-01' }, ...at('2025-01-01T00:00:00Z') }),
    ];
    // Nectar's build number first; SCS alone goes by the build date.
    expect(sorted(numbered, NECTAR)).toEqual(['b42', 'b41']);
    expect(sorted(numbered, SCS)).toEqual(['b41', 'b42']);
    const dated = [
      image({ name: 'no date, newest created', ...at('2026-01-01T00:00:00Z') }),
      image({ name: 'v1.2', properties: { image_build_date: '2025-05-01', internal_version: '1.2' }, ...at('2025-01-01T00:00:00Z') }),
      image({ name: 'v1.10', properties: { image_build_date: '2025-05-01', internal_version: '1.10' }, ...at('2025-01-01T00:00:00Z') }),
      image({ name: 'same day, no version', properties: { image_build_date: '2025-05-01' }, ...at('2025-06-01T00:00:00Z') }),
      image({ name: 'june', properties: { image_build_date: '2025-06-01' }, ...at('2024-01-01T00:00:00Z') }),
    ];
    expect(sorted(dated, SCS)).toEqual(['june', 'v1.10', 'v1.2', 'same day, no version', 'no date, newest created']);
  });
});

describe('login user: the cloud’s properties, then image_original_user', () => {
  const ubuntu = of('ubuntu');
  it.each<[string, Record<string, string>, ImageConventions, string | null, boolean]>([
    ['Nectar default_user', { default_user: 'ubuntu' }, NECTAR, 'ubuntu', false],
    ['default_user wins over image_original_user', { default_user: 'root', image_original_user: 'ubuntu' }, NECTAR, 'root', false],
    ['SCS reads image_original_user', { default_user: 'root', image_original_user: 'admin' }, SCS, 'admin', false],
    ['SCS none', { image_original_user: 'none' }, SCS, null, true],
    ['none in any case and spacing', { image_original_user: ' NONE ' }, SCS, null, true],
    ['none through the cloud’s property too', { default_user: 'none' }, NECTAR, null, true],
    ['not an account name', { image_original_user: 'ubuntu$(id)' }, SCS, null, false],
    ['blank falls through to the distribution', { image_original_user: '  ' }, SCS, 'ubuntu', false],
    ['nothing: the distribution’s', {}, SCS, 'ubuntu', false],
  ])('%s', (_, properties, conventions, user, none) => {
    const login = loginUserOf({ defaultUser: null, properties }, ubuntu, conventions);
    expect(login.user).toBe(user);
    expect(login.none === true).toBe(none);
  });

  it('falls back to the snapshot’s defaultUser (what the fetch read by the same rule)', () => {
    expect(loginUserOf({ defaultUser: 'ec2-user', properties: {} }, of('fedora'), SCS)).toEqual({ user: 'ec2-user', differsFromGroup: true });
    expect(loginUserOf({ defaultUser: 'none', properties: {} }, of('fedora'), SCS).none).toBe(true);
  });

  it('gives an image with no login user a note that says so, with no ssh command, even on a distribution with one', () => {
    for (const distribution of [of('ubuntu'), of('windows'), undefined]) {
      const note = loginNote(distribution, loginUserOf({ defaultUser: null, properties: { image_original_user: 'none' } }, distribution, SCS));
      expect(note.kind).toBe('none');
      expect(note.user).toBeNull();
      expect(note.sshCommand).toBeNull();
      expect(note.summary).toMatch(/^No login user/);
    }
  });
});

describe('GPU images by the cloud’s GPU properties', () => {
  it.each<[Record<string, string>, ImageConventions, string | null]>([
    [{ nectar_vgpu: 'true' }, NECTAR, 'gpu'],
    [{ nectar_vgpu: 'true' }, SCS, null],
    [{ nvidia_driver_version: '550' }, NECTAR, 'gpu'],
    [{ nectar_vgpu: 'false' }, NECTAR, null],
  ])('%j under %#', (properties, conventions, key) => {
    expect(imageVariant({ name: 'Ubuntu 22.04', properties }, conventions)?.key ?? null).toBe(key);
  });

  it('reads the cloud’s GPU flag, and NVIDIA’s facts whatever the cloud', () => {
    expect(vgpuFacts({ properties: { nectar_vgpu: 'A100 slice' } }, NECTAR)?.vgpu).toBe('A100 slice');
    expect(vgpuFacts({ properties: { nectar_vgpu: 'A100 slice' } }, SCS)).toBeNull();
    expect(vgpuFacts({ properties: { nvidia_driver_version: '550' } }, SCS)).toEqual({ vgpu: null, driver: '550', grid: null, cuda: [] });
  });
});

describe('normalising by the conventions', () => {
  it('reads facts from the line name (the cloud’s, else image_name) and the login user by the same rule', () => {
    const nectar = normaliseImage({ id: 'x', name: 'Renamed', nectar_name: 'NeCTAR Fedora 23 x86_64', default_user: 'fedora' }, list, NECTAR);
    expect(nectar).toMatchObject({ distro: 'fedora', version: '23', defaultUser: 'fedora' });
    const scs = normaliseImage({ id: 'y', name: 'Renamed', image_name: 'Fedora 23', image_original_user: 'none', default_user: 'root' }, list, SCS);
    expect(scs).toMatchObject({ distro: 'fedora', version: '23', defaultUser: 'none' });
    expect(scs.properties).toMatchObject({ image_name: 'Fedora 23', image_original_user: 'none' });
  });

  it('reads names after the configured prefix only', () => {
    expect(parseImageName('Acme Debian 12 (Bookworm) arm64', list, { namePrefix: 'Acme ' })).toEqual({ distro: 'debian', version: '12', codename: 'Bookworm', architecture: 'aarch64' });
  });

  it('takes a hidden image as an earlier build only when it is the owner’s, public, active and clearly hidden', () => {
    const hidden = { id: 'h', owner: 'o', visibility: 'public', status: 'active', os_hidden: true };
    expect(isHiddenBuild(hidden, 'o')).toBe(true);
    expect(isHiddenBuild({ ...hidden, os_hidden: 'True' }, 'o')).toBe(true);
    for (const trap of [
      { ...hidden, owner: 'someone-else' },
      { ...hidden, visibility: 'private' },
      { ...hidden, visibility: 'community' },
      { ...hidden, visibility: 'shared' },
      { ...hidden, status: 'queued' },
      { ...hidden, os_hidden: false },
      { ...hidden, os_hidden: undefined },
      { ...hidden, os_hidden: 'yes' },
      { ...hidden, os_hidden: 1 },
    ]) {
      expect(isHiddenBuild(trap, 'o'), JSON.stringify(trap)).toBe(false);
    }
    // And never current.
    expect(isOfficialImage(hidden, 'o')).toBe(false);
  });
});

describe('tombstones read old names by the conventions', () => {
  it('keys a removed image’s line without the cloud’s prefix or a date suffix', () => {
    const entry = { fetchedAt: '2026-03-01T00:00:00Z', added: [], updated: [], removed: [{ id: 'a', name: 'NeCTAR Debian 12 [v3]' }, { id: 'b', name: 'Debian 12 20250101' }] };
    const readName = () => ({ distro: 'debian', version: '12', architecture: 'x86_64' });
    expect(tombstonesFrom([entry], new Set(), readName, NECTAR).map((stone) => stone.line)).toEqual(['debian-12-x86-64', 'debian-12-x86-64']);
    expect(tombstonesFrom([entry], new Set(), readName, SCS).map((stone) => stone.line)).toEqual(['debian-12-x86-64', 'nectar-debian-12-x86-64']);
  });
});
