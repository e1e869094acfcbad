import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { changeLines, commitMessage } from '../../../scripts/lib/refresh-summary.ts';

const root = resolve(import.meta.dirname, '../../..');
const node = join(root, 'node_modules/.bin/node');
const empty = mkdtempSync(join(tmpdir(), 'nectar-publish-cli-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

function cli(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(node, [join(root, 'scripts', script), ...args], {
    cwd: empty,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: empty, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run publish on the command line', () => {
  it('explains itself with --help', () => {
    const help = cli('publish.ts', ['--help']);
    expect(help.code).toBe(0);
    for (const option of ['--container', '--prefix', '--dry-run', '--public-url', '--keep-old-assets', '--take-over', '--allow-shrink', '--no-verify', 'Exit codes', 'lease', 'between versions']) {
      expect(help.stdout).toContain(option);
    }
    expect(help.stdout).toMatch(/^ {2}6 {2}busy: another run holds the lock or the container's lease/m);
  });

  it.each([
    [[], /no container given; pass --container NAME/],
    [['--container', 'a/b'], /is not a container name/],
    [['--container', 'site', '--bogus'], /Unknown option '--bogus'/],
    [['--container', 'site', '--jobs', 'many'], /--jobs must be a whole number/],
    [['--container', 'site', '-j', '-3'], /--jobs needs a value, and "-3" looks like an option/],
    [['--container', 'site', '--jobs=-3'], /--jobs must be a whole number of at least 1, not "-3"/],
    [['--container', '.'], /--container "\." is not a container name/],
    [['--container', 'site', '--prefix', '../other'], /--prefix "\.\.\/other" has a "\.\." folder/],
    [['--container', 'site', '--prefix', 'a//b'], /--prefix "a\/\/b" has an empty folder/],
    [['--container', 'site', '--keep-old-assets', 'soon'], /--keep-old-assets "soon" is not a duration/],
    [['--container', 'site', '--public-url', 'swift.example.org'], /--public-url "swift\.example\.org" is not an http\(s\) URL/],
  ])('refuses %j with exit 2 and one line', (args, message) => {
    const run = cli('publish.ts', args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('names a missing build and the fix before asking for credentials', () => {
    const run = cli('publish.ts', ['--container', 'site', '--dist', join(empty, 'nope')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^publish: error: there is no built site in .*nope \(no index\.html\); run npm run build first/);
  });
});

describe('npm run refresh on the command line', () => {
  it('explains its steps with --help', () => {
    const help = cli('refresh.ts', ['--help']);
    expect(help.code).toBe(0);
    for (const word of ['fetch', 'build', 'checks', 'publish', '--allow-shrink', '--commit']) expect(help.stdout).toContain(word);
  });

  it('refuses a bad --container before it fetches anything', () => {
    const run = cli('refresh.ts', ['--publish', '--container', '..'], { CATALOG_SNAPSHOT: join(empty, 'snapshot.json') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^refresh: error: --container "\.\." is not a container name/);
    expect(run.stderr).not.toMatch(/fetch/);
  });

  it('wants a container with --publish, and --publish with a container', () => {
    expect(cli('refresh.ts', ['--publish']).stderr).toMatch(/^refresh: error: --publish needs a container; pass --container NAME\n$/);
    expect(cli('refresh.ts', ['--container', 'x']).code).toBe(2);
  });

  it('stops at the fetch without credentials, naming the step, and builds nothing', () => {
    const run = cli('refresh.ts', ['--dist', join(empty, 'dist')], { CATALOG_SNAPSHOT: join(empty, 'snapshot.json') });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^refresh: error: the fetch step failed \(exit 2\); nothing was published/m);
    expect(run.stdout).toBe('');
  });
});

describe("a refresh's summary", () => {
  const entry = {
    added: [{ id: 'a1', name: 'Ubuntu 24.04', createdAt: null }, { id: 'a2', name: '', createdAt: null }],
    removed: [{ id: 'r1', name: 'Debian 10' }],
    updated: [],
  };

  it('is the commit message "Catalog: 2 added, 1 removed"', () => {
    expect(commitMessage(entry as never)).toBe('Catalog: 2 added, 1 removed');
    expect(commitMessage({ added: [], removed: [], updated: [{ id: 'u', name: 'x', updatedAt: null, fields: ['size'] }] } as never)).toBe('Catalog: 1 updated');
  });

  it('lists each image that changed', () => {
    expect(changeLines(entry as never)).toEqual(['  added    Ubuntu 24.04 (a1)', '  added    a2 (a2)', '  removed  Debian 10 (r1)']);
  });
});
