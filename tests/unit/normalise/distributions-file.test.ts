import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDistributions, readDistributionsFileSync } from '../../../src/lib/catalog/distributions-file.ts';

describe('distributions file', () => {
  it('reads the committed file', () => {
    const list = readDistributionsFileSync('content/data/distributions.yaml');
    expect(list.map((distro) => distro.id)).toContain('ubuntu');
    expect(list.find((distro) => distro.id === 'centos')?.osDistro).toEqual(['centos-stream']);
  });

  it('names the file and the line for bad YAML, in one line', () => {
    expect(() => parseDistributions('- id: ubuntu\n  name: [unclosed\n', 'x/distributions.yaml')).toThrow(/^x\/distributions\.yaml: line \d+, column \d+: not valid YAML \(bad indentation\)/);
    try {
      parseDistributions('- id: ubuntu\n  name: [unclosed\n', 'x.yaml');
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('names the entry and field for a schema fault', () => {
    const text = '- id: ubuntu\n  name: Ubuntu\n  nameAliases: [Ubuntu]\n  loginUser: ubuntu\n  access: telepathy\n  sudo: true\n';
    expect(() => parseDistributions(text, 'd.yaml')).toThrow(/^d\.yaml: entry 1 \("ubuntu"\) access: .*; fix the file/);
  });

  it('names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'distros-'));
    expect(() => readDistributionsFileSync(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: no such file/);
    writeFileSync(join(dir, 'empty.yaml'), '');
    expect(() => readDistributionsFileSync(join(dir, 'empty.yaml'))).toThrow(/empty\.yaml: top level/);
  });
});
