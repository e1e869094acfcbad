import { describe, expect, it } from 'vitest';
import { distributionsSchema } from '../../../src/schemas/distributions.ts';
import { eolFileSchema } from '../../../src/schemas/eol.ts';

const distro = (id: string, osDistro: string[] = []) => ({ id, name: id, osDistro, nameAliases: [id], loginUser: id, access: 'ssh', sudo: true });
const eol = (name: string, releases: { version: string; nameIncludes?: string }[]) => ({
  distro: name,
  meaning: 'm',
  source: 'https://example.test/',
  releases: releases.map((r) => ({ ...r, eol: '2020-01-01' })),
});
const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('data files: nothing listed twice', () => {
  it('distributions: an id or os_distro spelling names one distribution only', () => {
    expect(messages(distributionsSchema.safeParse([distro('ubuntu'), distro('debian')]))).toEqual([]);
    expect(messages(distributionsSchema.safeParse([distro('ubuntu'), distro('ubuntu')]))).toEqual(['1.id: "ubuntu" names two distributions']);
    expect(messages(distributionsSchema.safeParse([distro('centos', ['rhel']), distro('rocky', ['rhel'])]))).toEqual(['1.id: "rhel" names two distributions']);
  });

  it('end-of-life dates: a distribution once, a release once (per name filter)', () => {
    expect(messages(eolFileSchema.safeParse([eol('centos', [{ version: '8' }, { version: '8', nameIncludes: 'Stream' }])]))).toEqual([]);
    expect(messages(eolFileSchema.safeParse([eol('centos', [{ version: '8' }]), eol('centos', [{ version: '9' }])]))).toEqual(['1.distro: "centos" is listed twice']);
    expect(messages(eolFileSchema.safeParse([eol('ubuntu', [{ version: '24.04' }, { version: '22.04' }, { version: '24.04' }])]))).toEqual([
      '0.releases.2.version: ubuntu 24.04 is listed twice',
    ]);
  });
});
