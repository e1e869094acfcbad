import { describe, expect, it } from 'vitest';
import { eolStatus, findRelease } from '../../../src/lib/catalog/eol.ts';
import { distributions, eolData, image } from './helpers.ts';

const data = eolData();
const at = (iso: string) => new Date(iso);

describe('eol.yaml', () => {
  it('is valid, names listed distributions and has a source for every date', () => {
    const ids = new Set(distributions().map((d) => d.id));
    for (const distro of data) {
      expect(ids.has(distro.distro), distro.distro).toBe(true);
      expect(distro.source).toMatch(/^https:\/\//);
      for (const release of distro.releases) {
        expect(Number.isNaN(Date.parse(release.eol)), `${distro.distro} ${release.version}`).toBe(false);
        if (release.source) expect(release.source).toMatch(/^https:\/\//);
      }
    }
  });

  it('covers the releases the guide talks about', () => {
    const has = (distro: string, version: string, nameIncludes?: string) =>
      data.find((d) => d.distro === distro)?.releases.some((r) => r.version === version && r.nameIncludes === nameIncludes);
    for (const v of ['12.04', '14.04', '16.04', '18.04', '20.04', '22.04', '24.04']) expect(has('ubuntu', v), v).toBe(true);
    for (let v = 6; v <= 13; v++) expect(has('debian', String(v)), `debian ${v}`).toBe(true);
    for (const v of ['5', '6', '7', '8']) expect(has('centos', v), `centos ${v}`).toBe(true);
    for (const v of ['8', '9']) expect(has('centos', v, 'Stream'), `stream ${v}`).toBe(true);
    for (let v = 21; v <= 41; v++) expect(has('fedora', String(v)), `fedora ${v}`).toBe(true);
    for (const v of ['13.2', '42.1', '42.2', '42.3', '15.0', '15.1', '15.2', '15.3', '15.4', '15.5', '15.6']) {
      expect(has('opensuse', v), `opensuse ${v}`).toBe(true);
    }
    for (const v of ['6', '7']) expect(has('scientific', v)).toBe(true);
    for (const v of ['8', '9']) {
      expect(has('rocky', v)).toBe(true);
      expect(has('almalinux', v)).toBe(true);
    }
  });
});

describe('eolStatus', () => {
  it('marks a release past its date, from the day after it', () => {
    const img = image({ name: 'Ubuntu 18.04', version: '18.04' });
    expect(eolStatus(img, 'ubuntu', data, at('2023-05-31T23:00:00Z')).state).toBe('supported');
    expect(eolStatus(img, 'ubuntu', data, at('2023-06-01T00:00:01Z')).state).toBe('eol');
    const status = eolStatus(img, 'ubuntu', data, at('2026-01-01T00:00:00Z'));
    expect(status.state === 'eol' && status.date).toBe('2023-05-31');
    expect(status.state === 'eol' && status.source).toBe('https://ubuntu.com/about/release-cycle');
  });

  it('keeps current releases supported', () => {
    expect(eolStatus(image({ version: '24.04' }), 'ubuntu', data, at('2026-11-25T00:00:00Z')).state).toBe('supported');
    expect(eolStatus(image({ version: '9' }), 'rocky', data, at('2026-11-25T00:00:00Z')).state).toBe('supported');
  });

  it('matches point releases to their major release', () => {
    expect(findRelease(image({ version: '7.9' }), data.find((d) => d.distro === 'centos'))?.version).toBe('7');
    expect(findRelease(image({ version: '24.04.1' }), data.find((d) => d.distro === 'ubuntu'))?.version).toBe('24.04');
    expect(findRelease(image({ version: '1' }), data.find((d) => d.distro === 'debian'))).toBeUndefined();
  });

  it('tells CentOS Stream from CentOS Linux by name', () => {
    const now = at('2023-01-01T00:00:00Z');
    expect(eolStatus(image({ name: 'CentOS 8', version: '8' }), 'centos', data, now).state).toBe('eol');
    expect(eolStatus(image({ name: 'CentOS Stream 8', version: '8' }), 'centos', data, now).state).toBe('supported');
    // Stream 9 has no plain "CentOS 9" entry to fall back on.
    expect(eolStatus(image({ name: 'CentOS 9', version: '9' }), 'centos', data, now).state).toBe('unknown');
  });

  it('says unknown for unknown versions and distributions', () => {
    const now = at('2026-01-01T00:00:00Z');
    expect(eolStatus(image({ version: null }), 'ubuntu', data, now).state).toBe('unknown');
    expect(eolStatus(image({ version: '2025' }), 'gentoo', data, now).state).toBe('unknown');
    expect(eolStatus(image({ version: '24.04' }), null, data, now).state).toBe('unknown');
    expect(eolStatus(image({ version: '99.04' }), 'ubuntu', data, now).state).toBe('unknown');
  });
});
