import { describe, expect, it } from 'vitest';
import { loginNote, splitCodeSpans, UNKNOWN_LOGIN_SUMMARY } from '../../../src/lib/catalog/login-note.ts';
import { findDistribution } from '../../../src/lib/catalog/distro.ts';
import { distributions } from './helpers.ts';

const list = distributions();
const of = (key: string) => findDistribution(key, list);

describe('loginNote', () => {
  it('gives the user, the ssh line and sudo for an ssh distribution', () => {
    const note = loginNote(of('ubuntu'));
    expect(note.kind).toBe('ssh');
    expect(note.user).toBe('ubuntu');
    expect(note.sshCommand).toBe('ssh ubuntu@<ip>');
    expect(note.sudo).toBe(true);
    expect(note.summary).toContain('`ubuntu`');
    expect(note.summary).toContain('sudo');
  });

  it('uses the image’s own user when it names one', () => {
    const note = loginNote(of('fedora'), 'ec2-user');
    expect(note.user).toBe('ec2-user');
    expect(note.sshCommand).toBe('ssh ec2-user@<ip>');
  });

  it('finds distributions by their other os_distro spellings', () => {
    expect(loginNote(of('centos-stream')).user).toBe('ec2-user');
    expect(loginNote(of('alma')).user).toBe('almalinux');
    expect(loginNote(of('SL')).distributionName).toBe('Scientific Linux');
  });

  it('explains Windows: Remote Desktop, no ssh line', () => {
    const note = loginNote(of('windows'));
    expect(note.kind).toBe('windows');
    expect(note.sshCommand).toBeNull();
    expect(note.user).toBe('Administrator');
    expect(note.summary).toMatch(/Remote Desktop/);
    expect(note.detail).toMatch(/RDP/);
  });

  it('explains CirrOS: a test image, with its console password from the data file', () => {
    const note = loginNote(of('cirros'));
    expect(note.kind).toBe('cirros');
    expect(note.sshCommand).toBe('ssh cirros@<ip>');
    expect(note.summary).toMatch(/test image/);
    expect(note.detail).toContain('gocubsgo');
  });

  it('says "login user not known" for an unknown distribution', () => {
    const note = loginNote(of('gentoo'));
    expect(note.kind).toBe('unknown');
    expect(note.user).toBeNull();
    expect(note.sshCommand).toBeNull();
    expect(note.summary).toBe(UNKNOWN_LOGIN_SUMMARY);
    expect(note.summary).toMatch(/^Login user not known/);
    expect(loginNote(undefined, null).kind).toBe('unknown');
  });

  it('trusts an unknown distribution’s image when it names a user', () => {
    const note = loginNote(undefined, 'gentoo');
    expect(note.kind).toBe('ssh');
    expect(note.sshCommand).toBe('ssh gentoo@<ip>');
  });
});

describe('splitCodeSpans', () => {
  it('splits text at backticks', () => {
    expect(splitCodeSpans('Run `ls -l` then `pwd`.')).toEqual([
      { code: false, text: 'Run ' },
      { code: true, text: 'ls -l' },
      { code: false, text: ' then ' },
      { code: true, text: 'pwd' },
      { code: false, text: '.' },
    ]);
    expect(splitCodeSpans('no code')).toEqual([{ code: false, text: 'no code' }]);
    expect(splitCodeSpans('<b>x</b>')).toEqual([{ code: false, text: '<b>x</b>' }]);
  });
});
