/**
 * The SCS-0102 v2 fixture (tests/fixtures/scs-v2-site/) read with no mapping but the cloud's own purpose
 * spelling: purposes in reader words on rows, a listed oldgeneric image as an earlier build of its line,
 * Start here generic-only (and what it would pick without purposes), overdue images with and without a
 * successor, maintenance facts.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { newerBuildOf } from '../../../src/lib/catalog/lifecycle.ts';
import { recommendLines } from '../../../src/lib/catalog/recommended.ts';
import { catalogIndexSchema, hasScsFacts, rowData, templateRow } from '../../../src/lib/catalog/row.ts';
import { readCloudConfig } from '../../../src/lib/cloud-config.ts';
import { recommendedFileSchema } from '../../../src/schemas/recommended.ts';
import { snapshotSchema, type Snapshot } from '../../../src/schemas/snapshot.ts';
import { NECTAR_CONVENTIONS, distributions, eolData, fixtureSnapshot, root } from './helpers.ts';

const dir = resolve(root, 'tests/fixtures/scs-v2-site');
const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(resolve(dir, 'catalog/snapshot.json'), 'utf8')));
const conventions = readCloudConfig(resolve(dir, 'cloud.config.yaml')).images.conventions;
const entries = recommendedFileSchema.parse(parse(readFileSync(resolve(dir, 'recommended.yaml'), 'utf8')));
const build = (s: Snapshot = snapshot) => buildCatalog(s, distributions(), eolData(), new Date(s.fetchedAt), [], conventions);
const catalog = build();
const view = (name: string) => catalog.images.find((v) => v.image.name === name)!;
const recommend = (c: ReturnType<typeof build>) =>
  recommendLines(entries, { lines: c.lifecycle.lines, distributionIds: distributions().map((d) => d.id), source: 'recommended.yaml' });

describe('an SCS-0102 v2 catalog', () => {
  it('says every image’s purpose in reader words on its row, the cloud’s own spelling too', () => {
    const rows = catalog.images.map((v) => rowData(v, { scs: true }));
    catalogIndexSchema.parse({ schemaVersion: 2, total: rows.length, rows });
    const byName = Object.fromEntries(rows.map((row) => [row.name, row.purposeLabel]));
    expect(byName).toMatchObject({
      'Ubuntu 24.04 LTS': 'General purpose',
      'Ubuntu 24.04 LTS 20261025': 'Earlier build',
      'Debian 13 Minimal': 'Minimal',
      'Ubuntu 22.04 LTS Kubernetes node v1.31': 'Kubernetes node',
      'Ubuntu 24.04 LTS NVIDIA GPU': 'GPU',
      'OPNsense 24.7': 'Network appliance',
      'Debian 13 with R': 'Custom',
      'Fedora 41 Workstation': 'workstation',
      // image_purpose: minimal, mapped in cloud.config.yaml (images.properties.purpose).
      'Rocky Linux 9 Minimal': 'Minimal',
    });
    expect(rows.find((row) => row.name === 'Fedora 41 Workstation')!.purpose).toBe('other');
  });

  it('keeps a listed oldgeneric image out of its line’s current build: an earlier build, with the current one as its newer build', () => {
    const old = view('Ubuntu 24.04 LTS 20261025');
    const line = catalog.lifecycle.lineOfImage.get(old.image.id)!;
    expect(line.current!.image.name).toBe('Ubuntu 24.04 LTS');
    expect(line.archived.map((v) => v.image.name)).toEqual(['Ubuntu 24.04 LTS 20261025']);
    expect(newerBuildOf(old, catalog.lifecycle)!.image.name).toBe('Ubuntu 24.04 LTS');
    expect(newerBuildOf(line.current!, catalog.lifecycle)).toBeNull();
    // Alone in its line, an oldgeneric image is still no current build.
    const alone = build({ ...snapshot, images: snapshot.images.filter((image) => image.name !== 'Ubuntu 24.04 LTS') });
    expect(alone.lifecycle.lineOfImage.get(old.image.id)!.current).toBeNull();
  });

  it('Start here recommends only generic images: of two generic Ubuntu 24.04 lines the established one, not the newer minimal Debian, no Rocky', () => {
    const result = recommend(catalog);
    expect(result.recommended.map((item) => item.view.image.name)).toEqual(['Ubuntu 24.04 LTS', 'Debian 13', 'Windows Server 2025']);
    expect(result.warnings).toEqual([
      'recommended.yaml: entry 3 (rocky, newest): no current general-purpose rocky image for x86_64 that is not end of life; left out of the start-here list (fix or remove the entry if this lasts)',
    ]);
    // The same images with no purpose stated: the newest Debian (the minimal one) and the Rocky image are picked, and
    // the Ubuntu 24.04 line has no earlier build (its 20261025 build is one more current image), so the newest line wins.
    const unstated = build({
      ...snapshot,
      images: snapshot.images.map((image) => {
        const { os_purpose: _a, image_purpose: _b, ...properties } = image.properties;
        return { ...image, properties };
      }),
    });
    expect(recommend(unstated).recommended.map((item) => item.view.image.name)).toEqual(['Ubuntu 24.04 LTS Cloud Tools', 'Debian 13 Minimal', 'Rocky Linux 9 Minimal', 'Windows Server 2025']);
  });

  it('says an image past replace_frequency is overdue (SCS’s rule), not one past provided_until', () => {
    const overdue = Object.fromEntries(catalog.images.filter((v) => v.overdue).map((v) => [v.image.name, v.overdue!.words]));
    expect(overdue).toEqual({
      'Debian 13': 'Overdue: built 2 Nov 2026, replaced monthly',
      'Ubuntu 24.04 LTS 20261025': 'Overdue: built 25 Oct 2026, replaced monthly',
    });
    expect(rowData(view('Debian 13'), { scs: true }).overdue).toBe('Overdue: built 2 Nov 2026, replaced monthly');
    expect(rowData(view('Debian 13 with R'), { scs: true }).overdue).toBe('');
    // Debian 13 has no newer build; the earlier Ubuntu build has one that is not overdue.
    expect(newerBuildOf(view('Debian 13'), catalog.lifecycle)).toBeNull();
    expect(newerBuildOf(view('Ubuntu 24.04 LTS 20261025'), catalog.lifecycle)!.overdue).toBeNull();
  });

  it('reads hotfix_hours, patchlevel and the licence fields', () => {
    expect(view('Ubuntu 24.04 LTS').maintenance).toMatchObject({ hotfix: { hours: 24, words: 'Critical fixes within 24 hours' }, patchlevel: 'USN-7123-1', licensing: null });
    expect(view('Windows Server 2025').maintenance.licensing).toMatchObject({ licenseIncluded: true, licenseRequired: false, subscriptionIncluded: true, subscriptionRequired: false });
    expect(view('Windows Server 2025').maintenance.hotfix!.words).toBe('Critical fixes as soon as possible (best effort, no firm time)');
  });
});

describe('a catalog without SCS-0102 v2 facts (Nectar-style)', () => {
  it('has rows without purpose or overdue fields, and the same template row as before', () => {
    const nectar = buildCatalog(fixtureSnapshot(), distributions(), eolData(), new Date(fixtureSnapshot().fetchedAt), [], NECTAR_CONVENTIONS);
    expect(hasScsFacts(nectar.images)).toBe(false);
    expect(hasScsFacts(catalog.images)).toBe(true);
    const row = rowData(nectar.images[0]!, { scs: hasScsFacts(nectar.images) });
    expect(Object.keys(row)).not.toContain('purpose');
    expect(Object.keys(row)).not.toContain('overdue');
    expect(Object.keys(templateRow({ several: false, scs: false }))).toEqual(Object.keys(rowData(nectar.images[0]!)));
  });
});
