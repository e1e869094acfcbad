import { describe, expect, it } from 'vitest';
import {
  countText,
  DEFAULT_STATE,
  matchesQuery,
  matchesState,
  parseState,
  serialiseState,
  toggleSort,
  type FilterRow,
} from '../../../src/lib/catalog/filter.ts';

const row = (fields: Partial<FilterRow>): FilterRow => ({
  name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64',
  version: '24.04',
  id: '9e3779b1-9e37-4001-89e3-9e3779b10001',
  codename: 'Noble',
  group: 'ubuntu',
  eolSince: '',
  variant: '',
  ...fields,
});

describe('matchesQuery', () => {
  it('matches name, version, ID and code name, ignoring case', () => {
    expect(matchesQuery(row({}), 'ubuntu')).toBe(true);
    expect(matchesQuery(row({}), 'UBUNTU 24.04')).toBe(true);
    expect(matchesQuery(row({}), 'noble')).toBe(true);
    expect(matchesQuery(row({}), '9E3779B1')).toBe(true);
    expect(matchesQuery(row({}), '9e3779b1-9e37-4001-89e3-9e3779b10001')).toBe(true);
    expect(matchesQuery(row({ name: 'x', codename: 'Jammy' }), 'jammy')).toBe(true);
  });

  it('needs every word', () => {
    expect(matchesQuery(row({}), 'ubuntu 22.04')).toBe(false);
    expect(matchesQuery(row({}), 'debian')).toBe(false);
  });

  it('ignores accents and extra space; empty matches all', () => {
    expect(matchesQuery(row({ name: 'Ubuntu 24.04 — test ünïcode 日本' }), 'UNICODE  日本')).toBe(true);
    expect(matchesQuery(row({}), '   ')).toBe(true);
  });

  it('treats markup as text', () => {
    expect(matchesQuery(row({ name: '<img src=x onerror=alert(1)>' }), '<img')).toBe(true);
  });
});

describe('matchesState', () => {
  it('applies the distribution choice and hide-EOL', () => {
    const old = row({ version: '18.04', eolSince: '31 May 2023' });
    expect(matchesState(old, { ...DEFAULT_STATE, distro: 'ubuntu' })).toBe(true);
    expect(matchesState(old, { ...DEFAULT_STATE, distro: 'debian' })).toBe(false);
    expect(matchesState(old, { ...DEFAULT_STATE, hideEol: true })).toBe(false);
    expect(matchesState(row({}), { ...DEFAULT_STATE, hideEol: true, q: '24.04' })).toBe(true);
  });

  it('applies the variant choice', () => {
    const gpu = row({ variant: 'gpu' });
    expect(matchesState(gpu, { ...DEFAULT_STATE, variant: 'gpu' })).toBe(true);
    expect(matchesState(row({}), { ...DEFAULT_STATE, variant: 'gpu' })).toBe(false);
    expect(matchesState(gpu, { ...DEFAULT_STATE, variant: 'docker' })).toBe(false);
    expect(matchesState(gpu, DEFAULT_STATE)).toBe(true);
  });
});

describe('URL state', () => {
  it('parses and serialises the documented form', () => {
    const state = parseState('?q=24.04&distro=ubuntu&variant=gpu&purpose=generic&eol=hide');
    expect(state).toEqual({ q: '24.04', distro: 'ubuntu', variant: 'gpu', purpose: 'generic', hideEol: true, sort: null, order: 'asc', region: '', member: '' });
    expect(serialiseState(state)).toBe('?q=24.04&distro=ubuntu&variant=gpu&purpose=generic&eol=hide');
  });

  it('reads and writes the purpose choice (SCS-0102 v2), and ignores a purpose the standard does not have', () => {
    expect(parseState('?purpose=K8SNODE')).toMatchObject({ purpose: 'k8snode' });
    expect(serialiseState(parseState('?purpose=oldgeneric'))).toBe('?purpose=oldgeneric');
    expect(parseState('?purpose=other').purpose).toBe('other');
    expect(parseState('?purpose=<script>').purpose).toBe('');
    expect(parseState('?purpose=workstation').purpose).toBe('');
    const generic = row({ purpose: 'generic' });
    expect(matchesState(generic, { ...DEFAULT_STATE, purpose: 'generic' })).toBe(true);
    expect(matchesState(row({ purpose: 'oldgeneric' }), { ...DEFAULT_STATE, purpose: 'generic' })).toBe(false);
    // A catalog whose rows state no purpose: no row matches a purpose choice, every row matches none.
    expect(matchesState(row({}), { ...DEFAULT_STATE, purpose: 'generic' })).toBe(false);
    expect(matchesState(row({}), DEFAULT_STATE)).toBe(true);
  });

  it('reads and writes the region and member choice, and ignores a value no region could have', () => {
    const state = parseState('?region=RegionTwo&member=beta');
    expect(state).toMatchObject({ region: 'RegionTwo', member: 'beta' });
    expect(serialiseState(state)).toBe('?region=RegionTwo&member=beta');
    expect(parseState('?region=%3Cscript%3E')).toMatchObject({ region: '' });
    const row = { name: 'n', version: '', id: 'x', codename: '', group: 'ubuntu', eolSince: '', variant: '', region: 'RegionOne', member: 'example' };
    expect(matchesState(row, { ...DEFAULT_STATE, region: 'RegionOne' })).toBe(true);
    expect(matchesState(row, { ...DEFAULT_STATE, region: 'RegionTwo' })).toBe(false);
    expect(matchesState(row, { ...DEFAULT_STATE, member: 'beta' })).toBe(false);
  });

  it('round-trips any state', () => {
    const states = [
      DEFAULT_STATE,
      { ...DEFAULT_STATE, q: 'ubuntu noble & <x>' },
      { ...DEFAULT_STATE, sort: 'updated' as const, order: 'desc' as const },
      { ...DEFAULT_STATE, sort: 'updated' as const, order: 'asc' as const },
      { ...DEFAULT_STATE, sort: 'name' as const, order: 'desc' as const, distro: 'debian', hideEol: true },
      { ...DEFAULT_STATE, variant: 'docker' },
      { ...DEFAULT_STATE, purpose: 'k8snode', distro: 'ubuntu' },
    ];
    for (const state of states) expect(parseState(serialiseState(state))).toEqual(state);
  });

  it('leaves the default state out of the URL', () => {
    expect(serialiseState(DEFAULT_STATE)).toBe('');
    expect(serialiseState({ ...DEFAULT_STATE, q: '   ' })).toBe('');
    expect(serialiseState({ ...DEFAULT_STATE, sort: 'updated', order: 'desc' })).toBe('?sort=updated');
  });

  it('ignores junk and unknown distributions', () => {
    expect(parseState('?sort=evil&order=sideways&eol=yes&variant=<x>')).toEqual(DEFAULT_STATE);
    expect(parseState('?distro=nope', ['ubuntu', 'debian']).distro).toBe('');
    expect(parseState('?distro=Ubuntu', ['ubuntu']).distro).toBe('ubuntu');
    expect(parseState(`?q=${'x'.repeat(1000)}`).q).toHaveLength(200);
    expect(parseState(new URLSearchParams('q=a+b')).q).toBe('a b');
  });

  it('toggles sorting: a new column starts at its natural order, the same column flips', () => {
    const byName = toggleSort(DEFAULT_STATE, 'name');
    expect(byName).toMatchObject({ sort: 'name', order: 'asc' });
    expect(toggleSort(byName, 'name')).toMatchObject({ sort: 'name', order: 'desc' });
    expect(toggleSort(byName, 'updated')).toMatchObject({ sort: 'updated', order: 'desc' });
  });
});

describe('countText', () => {
  it('says how many images show', () => {
    expect(countText(40, 40)).toBe('Showing all 40 images');
    expect(countText(3, 40)).toBe('Showing 3 of 40 images');
    expect(countText(0, 40)).toBe('No images match (of 40)');
  });
});
