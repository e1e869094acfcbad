/** The "Start here" list: rules and fixed lines from recommended.yaml, the derived default, and what drops out. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { recommendLines } from '../../../src/lib/catalog/recommended.ts';
import { recommendedFileSchema, type Recommendation } from '../../../src/schemas/recommended.ts';
import type { Snapshot } from '../../../src/schemas/snapshot.ts';
import { NECTAR_CONVENTIONS, distributions, eolData, fixtureSnapshot, image, root } from './helpers.ts';

const SOURCE = 'content/data/recommended.yaml';
const nectarEntries = (): Recommendation[] => recommendedFileSchema.parse(parse(readFileSync(resolve(root, SOURCE), 'utf8')));

function recommend(snapshot: Snapshot, entries: readonly Recommendation[], now = snapshot.fetchedAt) {
  // The fixture and the sample are Nectar's images, read with Nectar's conventions (as cloud.config.yaml gives them).
  const catalog = buildCatalog(snapshot, distributions(), eolData(), new Date(now), [], NECTAR_CONVENTIONS);
  return recommendLines(entries, { lines: catalog.lifecycle.lines, distributionIds: distributions().map((d) => d.id), source: SOURCE });
}
const names = (result: ReturnType<typeof recommend>) => result.recommended.map((item) => item.view.image.name);

describe('recommendLines, with Nectar’s recommended.yaml', () => {
  it('on the fixture: the newest Ubuntu LTS first, then the previous LTS, Debian stable, Rocky and Alma', () => {
    const result = recommend(fixtureSnapshot(), nectarEntries());
    expect(names(result)).toEqual([
      'NeCTAR Ubuntu 24.04 LTS (Noble) amd64',
      'NeCTAR Ubuntu 22.04 LTS (Jammy) amd64',
      'NeCTAR Debian 13 (Trixie) amd64',
      'NeCTAR Rocky Linux 9 amd64',
      'NeCTAR AlmaLinux 9 x86_64',
    ]);
    expect(result.recommended.map((item) => item.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(result.recommended[0]!.line.key).toBe('ubuntu-24-04-lts-noble-amd64');
    expect(result.recommended[0]!.purpose).toBe('The usual first choice for servers and research software');
    expect(result.warnings).toEqual([]);
  });

  it('on the committed 2016 sample: the LTS releases current then, and a warning line for each distribution it lacks', () => {
    const snapshot = JSON.parse(readFileSync(resolve(root, 'content/catalog/snapshot.json'), 'utf8')) as Snapshot;
    const result = recommend({ ...snapshot, archived: snapshot.archived ?? [] }, nectarEntries());
    expect(names(result)).toEqual(['NeCTAR Ubuntu 14.04 (Trusty) amd64', 'NeCTAR Ubuntu 12.04 (Precise) amd64', 'NeCTAR Debian 8 (Jessie) amd64']);
    expect(result.warnings).toEqual([
      `${SOURCE}: entry 4 (rocky, newest): no current rocky image for x86_64 that is not end of life; left out of the start-here list (fix or remove the entry if this lasts)`,
      `${SOURCE}: entry 5 (almalinux, newest): no current almalinux image for x86_64 that is not end of life; left out of the start-here list (fix or remove the entry if this lasts)`,
    ]);
  });
});

describe('recommendLines rules', () => {
  const ubuntu = (version: string, fields: Parameters<typeof image>[0] = {}) =>
    image({ name: `NeCTAR Ubuntu ${version} amd64`, distro: 'ubuntu', version, defaultUser: 'ubuntu', ...fields });
  const snapshotOf = (images: Snapshot['images'], archived: Snapshot['archived'] = []): Snapshot => ({
    schemaVersion: 1,
    fetchedAt: '2026-11-20T00:00:00Z',
    source: { imageEndpoint: 'https://image.example.org/', owner: 'owner', region: null },
    images,
    archived,
  });

  it('follows the line, not an ID: a new build of the line is what is recommended', () => {
    const old = ubuntu('24.04', { name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v1]', properties: { nectar_build: '1' } });
    const next = ubuntu('24.04', { name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', properties: { nectar_build: '2' } });
    const result = recommend(snapshotOf([next], [old]), [{ distro: 'ubuntu', pick: 'newest-lts' }]);
    expect(result.recommended.map((item) => item.view.image.id)).toEqual([next.id]);
    expect(result.recommended[0]!.purpose).toBe('The newest long-term-support Ubuntu release');
  });

  it('newest skips end-of-life releases, GPU and application images and other architectures', () => {
    const images = [
      ubuntu('25.04'), // past end of life in November 2026
      ubuntu('26.04', { name: 'NeCTAR vGPU Ubuntu 26.04 amd64', properties: { nectar_vgpu: 'yes' } }),
      ubuntu('26.04', { name: 'NeCTAR Ubuntu 26.04 arm64', architecture: 'aarch64' }),
      ubuntu('22.04'),
      ubuntu('24.04'),
    ];
    expect(names(recommend(snapshotOf(images), [{ distro: 'ubuntu', pick: 'newest' }]))).toEqual(['NeCTAR Ubuntu 24.04 amd64']);
    expect(names(recommend(snapshotOf(images), [{ distro: 'ubuntu', pick: 'newest', architecture: 'aarch64' }]))).toEqual(['NeCTAR Ubuntu 26.04 arm64']);
  });

  it('newest-lts and previous-lts take long-term-support releases only, by eol.yaml or by name', () => {
    const images = [ubuntu('24.10'), ubuntu('24.04'), ubuntu('23.06', { name: 'Ubuntu 23.06 LTS special' }), ubuntu('22.04')];
    // 24.10 is past end of life; "LTS" in a name counts even where eol.yaml does not say so.
    const result = recommend(snapshotOf(images), [
      { distro: 'ubuntu', pick: 'newest-lts' },
      { distro: 'ubuntu', pick: 'previous-lts', purpose: 'Older' },
    ], '2025-08-01T00:00:00Z');
    expect(names(result)).toEqual(['NeCTAR Ubuntu 24.04 amd64', 'Ubuntu 23.06 LTS special']);
    expect(result.recommended[1]!.purpose).toBe('Older');
  });

  it('a fixed line is shown while it has a current build; gone, or past end of life, it drops out with one warning line', () => {
    const noble = ubuntu('24.04', { name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64' });
    const oldOnly = ubuntu('20.04', { name: 'NeCTAR Ubuntu 20.04 LTS (Focal) amd64 [v3]' });
    const eol = ubuntu('18.04', { name: 'NeCTAR Ubuntu 18.04 LTS (Bionic) amd64' });
    const result = recommend(snapshotOf([noble, eol], [oldOnly]), [
      { line: 'ubuntu-20-04-lts-focal-amd64' },
      { line: 'ubuntu-24-04-lts-noble-amd64', purpose: 'Servers' },
      { line: 'ubuntu-18-04-lts-bionic-amd64' },
      { line: 'no-such-line' },
      { distro: 'ubuntu', pick: 'newest' },
    ]);
    expect(result.recommended.map((item) => [item.rank, item.line.key, item.purpose])).toEqual([[1, 'ubuntu-24-04-lts-noble-amd64', 'Servers']]);
    expect(result.warnings).toEqual([
      `${SOURCE}: entry 1 (line ubuntu-20-04-lts-focal-amd64): the line has no current build; left out of the start-here list (fix or remove the entry if this lasts)`,
      `${SOURCE}: entry 3 (line ubuntu-18-04-lts-bionic-amd64): its current build is past end of life; left out of the start-here list (fix or remove the entry if this lasts)`,
      `${SOURCE}: entry 4 (line no-such-line): no such line in this catalog; left out of the start-here list (fix or remove the entry if this lasts)`,
      `${SOURCE}: entry 5 (ubuntu, newest): picks ubuntu-24-04-lts-noble-amd64, already recommended by entry 1; left out of the start-here list`,
    ]);
  });

  it('with no entries: each distribution’s newest supported release, in distributions.yaml’s order, with no warnings', () => {
    const result = recommend(fixtureSnapshot(), []);
    const distros = result.recommended.map((item) => item.view.distribution?.id);
    expect(distros).toEqual(distributions().map((d) => d.id).filter((id) => distros.includes(id)));
    expect(names(result).slice(0, 2)).toEqual(['NeCTAR Ubuntu 24.04 LTS (Noble) amd64', 'NeCTAR Debian 13 (Trixie) amd64']);
    expect(result.recommended.every((item) => item.view.eol.state !== 'eol' && item.view.variant === null)).toBe(true);
    expect(result.recommended[1]!.purpose).toBe('The newest supported Debian release');
    expect(result.warnings).toEqual([]);
  });
});

describe('recommendedFileSchema', () => {
  it('reads an empty file as no entries and rejects an entry listed twice or an unknown pick', () => {
    expect(recommendedFileSchema.parse(null)).toEqual([]);
    expect(recommendedFileSchema.safeParse([{ distro: 'ubuntu', pick: 'newest' }, { distro: 'ubuntu', pick: 'newest' }]).success).toBe(false);
    expect(recommendedFileSchema.safeParse([{ distro: 'ubuntu', pick: 'oldest' }]).success).toBe(false);
    expect(recommendedFileSchema.safeParse([{ line: 'ubuntu-24-04', distro: 'ubuntu' }]).success).toBe(false);
  });
});
