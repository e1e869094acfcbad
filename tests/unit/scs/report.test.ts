import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { combineReports, conformanceOfSnapshot } from '../../../src/lib/scs/report.ts';
import { reportText, shownValue } from '../../../src/lib/scs/report-text.ts';
import { STANDARD_IDS } from '../../../src/lib/scs/standards.ts';
import { snapshotSchema, type CatalogImage } from '../../../src/schemas/snapshot.ts';
import { catalogImage } from './support.ts';

const FETCHED = '2026-12-07T12:00:00Z';
const snapshotOf = (images: CatalogImage[], archived: CatalogImage[] = []) => ({ fetchedAt: FETCHED, images, archived });

/** A cloud that has every image SCS-0104 names, all conforming: every standard version holds. */
function conformingImages(): CatalogImage[] {
  const named = (id: string, name: string, distro: string, version: string, source: string) =>
    catalogImage(id, name, { os_distro: distro, os_version: version, image_source: source });
  return [
    named('u24', 'Ubuntu 24.04', 'ubuntu', '24.04', 'https://cloud-images.ubuntu.com/noble/x.img'),
    named('u22', 'Ubuntu 22.04', 'ubuntu', '22.04', 'https://cloud-images.ubuntu.com/jammy/x.img'),
    named('d13', 'Debian 13', 'debian', '13', 'https://cloud.debian.org/images/cloud/trixie/x.qcow2'),
    named('d12', 'Debian 12', 'debian', '12', 'https://cloud.debian.org/images/cloud/bookworm/x.qcow2'),
    { ...named('c1', 'ubuntu-capi-image v1.31.4', 'ubuntu', '22.04', 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/x'), properties: { ...catalogImage('x', 'x').properties, os_purpose: 'k8snode', os_version: '22.04', image_source: 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/x' } },
    { ...named('c2', 'ubuntu-capi-image-v1.31.4', 'ubuntu', '24.04', ''), properties: { ...catalogImage('x', 'x').properties, os_purpose: 'k8snode', image_source: 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/y' } },
  ];
}

describe('the conformance report', () => {
  it('a conforming cloud conforms to every standard version, every image listed with failed: []', () => {
    const report = conformanceOfSnapshot(snapshotOf(conformingImages()));
    for (const id of STANDARD_IDS) expect(report.standards[id], id).toEqual({ conforms: true, failed: [] });
    expect(report.missing).toEqual([]);
    expect(report.images.map((image) => [image.id, image.failed])).toEqual(conformingImages().map((image) => [image.id, []]));
  });

  it('an image failing a test case fails the versions that include it, and only those', () => {
    const images = conformingImages();
    images[0] = { ...images[0]!, properties: { ...images[0]!.properties, hotfix_hours: '12h' } };
    images[1] = { ...images[1]!, properties: { ...images[1]!.properties, os_purpose: 'server' } };
    const report = conformanceOfSnapshot(snapshotOf(images));
    expect(report.standards['scs-0102-v2']).toEqual({ conforms: false, failed: ['scs-0102-prop-os_purpose'] });
    expect(report.standards['scs-0102-v1']).toEqual({ conforms: true, failed: [] });
    expect(report.standards['scs-0102-v1-rec']!.failed).toEqual(['scs-0102-prop-os_purpose', 'scs-0102-prop-hotfix_hours']);
    expect(report.standards['scs-0102-v2-rec']!.failed).toEqual(['scs-0102-prop-hotfix_hours']);
    expect(report.images[0]!.failed).toEqual([{ test: 'scs-0102-prop-hotfix_hours', found: '12h', expected: 'a whole number of hours, or not set' }]);
  });

  it('looks at the current images only, as SCS’s suite (archived and hidden builds are not in its listing), and the missing images', () => {
    const images = conformingImages().filter((image) => image.name !== 'Debian 13');
    const hidden = catalogImage('h1', 'Debian 13', { os_purpose: 'nonsense' });
    const report = conformanceOfSnapshot(snapshotOf(images, [hidden]));
    expect(report.images.map((image) => image.id)).not.toContain('h1');
    expect(report.missing).toEqual([{ test: 'scs-0104-image-debian-13', name: 'Debian 13' }]);
    expect(report.standards['scs-0102-v2']!.conforms).toBe(true);
  });

  it('judges Glance’s exact values, not the catalog’s cleaned ones', () => {
    const image = catalogImage('r1', 'Ubuntu 24.04', {}, { raw: { 'properties.os_purpose': 'generic\u0000' } });
    const report = conformanceOfSnapshot(snapshotOf([image]));
    expect(report.images[0]!.failed.map((f) => [f.test, f.found])).toContainEqual(['scs-0102-prop-os_purpose', 'generic\u0000']);
  });

  it('the Nectar catalog, which follows no SCS standard, gets the report: every rule it does not follow, no error', () => {
    const nectar = snapshotSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../content/catalog/snapshot.json'), 'utf8')));
    const report = conformanceOfSnapshot(nectar);
    expect(report.images).toHaveLength(nectar.images.length);
    for (const id of STANDARD_IDS) expect(report.standards[id]!.conforms, id).toBe(false);
    for (const image of report.images) expect(image.failed.map((f) => f.test)).toContain('scs-0102-prop-os_purpose');
    const text = reportText(report, ['scs-0102-v2']);
    expect(text).toMatch(/^scs-0102-v2: does not conform \(chosen level\), failing .*scs-0102-prop-os_purpose/m);
    for (const image of nectar.images) expect(text.split(`(${image.id})`).length - 1, image.name).toBe(1);
  });

  it('several sources: each checked alone, a version holds when it holds in every one, and each image says where', () => {
    const good = conformanceOfSnapshot(snapshotOf(conformingImages()));
    const bad = conformanceOfSnapshot(snapshotOf([catalogImage('z1', 'Ubuntu 24.04', { os_purpose: 'x' })]));
    const combined = combineReports([
      { member: 'cloud', region: 'north', report: good },
      { member: 'cloud', region: 'south', report: bad },
    ]);
    expect(combined.standards['scs-0102-v2']!.conforms).toBe(false);
    expect(combined.sources?.map((source) => [source.region, source.standards['scs-0102-v2']!.conforms])).toEqual([['north', true], ['south', false]]);
    expect(combined.images.find((image) => image.id === 'z1')).toMatchObject({ region: 'south', member: 'cloud' });
    expect(combined.missing.every((gap) => gap.region === 'south')).toBe(true);
    expect(combineReports([{ member: 'cloud', region: null, report: good }])).toBe(good);
  });

  it('shows Glance’s text bounded and on one line', () => {
    expect(shownValue('a\nb\u202e')).toBe('"a\\nb?"');
    expect(shownValue('x'.repeat(500)).length).toBeLessThan(130);
    expect(shownValue(null)).toBe('not set');
    expect(shownValue(0)).toBe('0');
  });
});
