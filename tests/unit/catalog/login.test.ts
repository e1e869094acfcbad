import { describe, expect, it } from 'vitest';
import { loginUserOf } from '../../../src/lib/catalog/login.ts';
import { findDistribution } from '../../../src/lib/catalog/distro.ts';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { rowData } from '../../../src/lib/catalog/row.ts';
import { distributions, fixtureSnapshot } from './helpers.ts';

const list = distributions();
const of = (key: string) => findDistribution(key, list);

describe('loginUserOf: the one login rule', () => {
  it("takes the image's own default_user first", () => {
    expect(loginUserOf({ defaultUser: 'root' }, of('ubuntu'))).toEqual({ user: 'root', differsFromGroup: true });
    expect(loginUserOf({ defaultUser: 'ubuntu' }, of('ubuntu'))).toEqual({ user: 'ubuntu', differsFromGroup: false });
  });

  it("else the distribution's from distributions.yaml", () => {
    expect(loginUserOf({ defaultUser: null }, of('ubuntu'))).toEqual({ user: 'ubuntu', differsFromGroup: false });
    expect(loginUserOf({ defaultUser: null }, of('windows')).user).toBe('Administrator');
    expect(loginUserOf({ defaultUser: null }, of('centos-stream')).user).toBe('ec2-user');
    expect(loginUserOf({ defaultUser: '  ' }, of('debian')).user).toBe('debian');
  });

  it('else unknown, never a guess', () => {
    expect(loginUserOf({ defaultUser: null }, undefined)).toEqual({ user: null, differsFromGroup: false });
    expect(loginUserOf({ defaultUser: 'arch' }, undefined)).toEqual({ user: 'arch', differsFromGroup: false });
  });

  it('says when an old Fedora image differs from its group note', () => {
    expect(loginUserOf({ defaultUser: 'ec2-user' }, of('fedora'))).toEqual({ user: 'ec2-user', differsFromGroup: true });
  });

  it('is the value every view of an image shows: the view model, the row and the group note agree', () => {
    const catalog = buildCatalog(fixtureSnapshot(), list, [], new Date('2026-01-01T00:00:00Z'));
    const fedora21 = catalog.images.find((view) => view.image.name === 'NeCTAR Fedora 21 amd64')!;
    expect(fedora21.login.user).toBe('ec2-user');
    expect(fedora21.loginDiffersFromGroup).toBe(true);
    expect(rowData(fedora21)).toMatchObject({ loginUser: 'ec2-user', loginDiffers: true });
    for (const view of catalog.images) {
      const expected = loginUserOf(view.image, view.distribution).user;
      expect(view.login.user, view.image.name).toBe(expected);
      expect(rowData(view).loginUser, view.image.name).toBe(expected ?? '');
    }
  });
});
