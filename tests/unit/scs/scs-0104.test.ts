import { describe, expect, it } from 'vitest';
import { SCS_0104_PRESENCE_RULES, SCS_0104_SOURCE_RULES } from '../../../src/lib/scs/scs-0104.ts';
import { scsImage } from './support.ts';

const source = (test: string) => SCS_0104_SOURCE_RULES.find((rule) => rule.test === test)!;
const presence = (test: string) => SCS_0104_PRESENCE_RULES.find((rule) => rule.test === test)!;

describe('SCS-0104 standard images', () => {
  it('an image is present by its exact name; the CAPI images by a name scheme matched at the start', () => {
    expect(presence('scs-0104-image-ubuntu-2404').present([scsImage({ name: 'Ubuntu 24.04' })])).toBe(true);
    expect(presence('scs-0104-image-ubuntu-2404').present([scsImage({ name: 'Ubuntu 24.04 LTS' })])).toBe(false);
    expect(presence('scs-0104-image-debian-13').present([scsImage({ name: 'debian 13' })])).toBe(false);
    expect(presence('scs-0104-image-capi-1').present([scsImage({ name: 'ubuntu-capi-image v1.31.4 (old)' })])).toBe(true);
    expect(presence('scs-0104-image-capi-1').present([scsImage({ name: 'ubuntu-capi-image-v1.31' })])).toBe(false);
    expect(presence('scs-0104-image-capi-2').present([scsImage({ name: 'ubuntu-capi-image-v1.31' })])).toBe(true);
    expect(presence('scs-0104-image-capi-2').present([scsImage({ name: 'my ubuntu-capi-image-v1.31' })])).toBe(false);
  });

  it('each image it finds must come from one of the standard’s sources, by prefix', () => {
    const rule = source('scs-0104-source-ubuntu-2204');
    expect(rule.check([scsImage({ name: 'Ubuntu 22.04', properties: { image_source: 'https://cloud-images.ubuntu.com/releases/jammy/release/x.img' } })])).toEqual([]);
    const wrong = rule.check([scsImage({ name: 'Ubuntu 22.04', properties: { image_source: 'https://mirror.example.org/jammy.img' } })]);
    expect(wrong.map((f) => f.found)).toEqual(['https://mirror.example.org/jammy.img']);
    expect(wrong[0]!.expected).toContain('https://cloud-images.ubuntu.com/jammy/');
    // Not set reads as '' (it fails); an image of another name is not looked at.
    expect(rule.check([scsImage({ name: 'Ubuntu 22.04', properties: { image_source: undefined } })]).map((f) => f.found)).toEqual(['']);
    expect(rule.check([scsImage({ name: 'Ubuntu 22.04 Minimal', properties: { image_source: 'private' } })])).toEqual([]);
  });

  it('of two images with one name, only the one listed last is looked at (their lookup is a dict by name)', () => {
    const rule = source('scs-0104-source-debian-12');
    const good = scsImage({ name: 'Debian 12', properties: { image_source: 'https://cloud.debian.org/images/cloud/bookworm/x.qcow2' } });
    const bad = scsImage({ name: 'Debian 12', properties: { image_source: 'https://example.org/debian.qcow2' } });
    expect(rule.check([bad, good])).toEqual([]);
    expect(rule.check([good, bad]).map((f) => f.image.id)).toEqual([bad.id]);
  });
});
