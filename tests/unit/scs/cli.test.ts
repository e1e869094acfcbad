/** `npm run catalog:conformance` as a pipeline's CI runs it: text or --json, --level and its exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceOfSnapshot } from '../../../src/lib/scs/report.ts';
import { snapshotSchema } from '../../../src/schemas/snapshot.ts';
import { catalogImage } from './support.ts';

const root = join(import.meta.dirname, '../../..');
const nectar = join(root, 'content/catalog/snapshot.json');

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(join(root, 'node_modules/.bin/node'), [join(root, 'scripts/catalog-conformance.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A snapshot whose one image passes every SCS-0102 v2 test case (SCS-0104 still misses its images). */
function conformingSnapshot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scs-cli-'));
  const file = join(dir, 'snapshot.json');
  const snapshot = { schemaVersion: 1, fetchedAt: '2026-12-07T12:00:00Z', source: { imageEndpoint: 'https://glance.example.org', owner: 'owner-project', region: null }, images: [catalogImage('a1', 'Ubuntu 24.04')], archived: [] };
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('npm run catalog:conformance', { timeout: 120_000 }, () => {
  it('--help names the levels and the exit codes', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--level ID');
    expect(help.stdout).toContain('scs-0102-v2-rec');
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*\b1\b.*does not hold/);
  });

  it('exits 0 when every chosen level holds, 1 when one does not (and says which)', () => {
    const file = conformingSnapshot();
    const ok = cli(['--snapshot', file, '--level', 'scs-0102-v2', '--level', 'scs-0102-v2-rec']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('scs-0102-v2: conforms (chosen level)');
    const fails = cli(['--snapshot', file, '--level', 'scs-0102-v2', '--level', 'scs-0104-v1-1']);
    expect(fails.code).toBe(1);
    expect(fails.stderr).toBe('catalog:conformance: scs-0104-v1-1 not met\n');
    expect(fails.stdout).toContain('Missing SCS-0104 images:');
    expect(cli(['--snapshot', file]).code).toBe(0);
  });

  it('reads the build’s snapshot (CATALOG_SNAPSHOT) and prints the report as JSON, the same as the page’s', () => {
    const json = cli(['--json'], { CATALOG_SNAPSHOT: nectar });
    expect(json.code, json.stderr).toBe(0);
    const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(nectar, 'utf8')));
    expect(JSON.parse(json.stdout)).toEqual(conformanceOfSnapshot(snapshot));
  });

  it('names each failing image once, with every test case it fails', () => {
    const text = cli(['--level', 'scs-0102-v2'], { CATALOG_SNAPSHOT: nectar });
    expect(text.code).toBe(1);
    const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(nectar, 'utf8')));
    for (const image of snapshot.images) expect(text.stdout.split(`(${image.id})`).length - 1, image.name).toBe(1);
    expect(text.stdout).toMatch(/^ {2}scs-0102-prop-os_purpose: found not set; expected one of generic, oldgeneric/m);
  });

  it('several sources: each image says its region, and each region its verdicts', () => {
    const text = cli(['--snapshot', 'tests/fixtures/regions-site/catalog/snapshot.json'], { CATALOG_CONFIG: join(root, 'tests/fixtures/regions-site/cloud.config.yaml') });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ {2}in \[example RegionOne\]: conforms to none$/m);
    expect(text.stdout).toMatch(/^FAIL .* \[example RegionTwo\]$/m);
  });

  it('bad input: one line naming the cause and the fix, and its exit code', () => {
    const level = cli(['--level', 'scs-0102-v3']);
    expect(level.code).toBe(2);
    expect(level.stderr.trim().split('\n')).toHaveLength(1);
    expect(level.stderr).toMatch(/unknown --level "scs-0102-v3"; use one of scs-0102-v1, /);
    expect(cli(['--nope']).code).toBe(2);
    const missing = cli(['--snapshot', '/nonexistent/snapshot.json']);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/no such file; run `npm run catalog:fetch`/);
  });
});
