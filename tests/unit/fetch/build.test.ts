/** npm run build: fetch when credentials are set, build from the last good snapshot otherwise (loudly), --strict fails. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { baseEnv, ROOT, runCli, tempDir } from './support/run-cli.ts';

// Each test spawns the CLI (a fresh Node) once or more: allow for a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const BUILD = join(ROOT, 'scripts/build.ts');

function fakeAstro(): { script: string; record: string } {
  const dir = tempDir('fake-astro-');
  const record = join(dir, 'args.json');
  const script = join(dir, 'astro.mjs');
  writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`);
  return { script, record };
}

async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('scripts/build.ts', () => {
  it('builds from the last good snapshot, loudly, when no credentials are set', async () => {
    const astro = fakeAstro();
    const run = await runCli(['--site', 'https://x'], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/build: WARNING: no OpenStack credentials are set .* building from the last good snapshot .*snapshot\.json \(catalog as of /);
    // Built beside dist/ (swapped in only on success).
    expect(JSON.parse(readFileSync(astro.record, 'utf8'))).toEqual(['build', '--site', 'https://x', '--outDir', join(ROOT, '.dist.next')]);
  });

  it('--no-fetch (npm run refresh, which has just fetched) builds from the snapshot as it is: no second fetch, no warning', async () => {
    const astro = fakeAstro();
    const env = { ...baseEnv(tempDir()), OS_AUTH_URL: `http://127.0.0.1:${await refusedPort()}/v3`, OS_USERNAME: 'u', OS_PASSWORD: 'pw', OS_PROJECT_ID: 'p' };
    const run = await runCli(['--no-fetch'], { ...env, CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/build: building from the last good snapshot .*snapshot\.json .*\(--no-fetch\)/);
    expect(run.stderr).not.toMatch(/WARNING|catalog:fetch|Keystone/);
    expect(JSON.parse(readFileSync(astro.record, 'utf8'))).toEqual(['build', '--outDir', join(ROOT, '.dist.next')]);
  });

  it('--strict without credentials fails without building', async () => {
    const astro = fakeAstro();
    const run = await runCli(['--strict'], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/strict mode is on/);
    expect(existsSync(astro.record)).toBe(false);
  });

  it('builds from the last good snapshot when the fetch fails, and fails with CATALOG_STRICT=1', async () => {
    const snapshotBefore = readFileSync(join(ROOT, 'content/catalog/snapshot.json'), 'utf8');
    const env = {
      ...baseEnv(tempDir()),
      OS_AUTH_URL: `http://127.0.0.1:${await refusedPort()}/v3`,
      OS_USERNAME: 'u',
      OS_PASSWORD: 'pw-for-build-test',
      OS_PROJECT_ID: 'p',
      CATALOG_RETRIES: '0',
    };
    let astro = fakeAstro();
    let run = await runCli([], { ...env, CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/catalog:fetch: error: Keystone .* refused the connection/);
    expect(run.stderr).toMatch(/build: WARNING: the catalog fetch failed \(exit 4, see above\); building from the last good snapshot/);
    expect(existsSync(astro.record)).toBe(true);

    astro = fakeAstro();
    run = await runCli([], { ...env, CATALOG_STRICT: '1', CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/strict mode is on .*not building/);
    expect(existsSync(astro.record)).toBe(false);
    expect(run.stderr + run.stdout).not.toContain('pw-for-build-test');
    expect(readFileSync(join(ROOT, 'content/catalog/snapshot.json'), 'utf8')).toBe(snapshotBefore);
  });

  it('names the snapshot it really builds from (CATALOG_SNAPSHOT), and refuses an empty one unless --allow-empty', async () => {
    const dir = tempDir('build-snapshot-');
    const snapshot = join(dir, 'snapshot.json');
    const committed = JSON.parse(readFileSync(join(ROOT, 'content/catalog/snapshot.json'), 'utf8'));
    writeFileSync(snapshot, `\ufeff${JSON.stringify({ ...committed, fetchedAt: '2031-02-03T04:05:06Z' })}`);
    let astro = fakeAstro();
    let run = await runCli([], { ...baseEnv(tempDir()), CATALOG_SNAPSHOT: snapshot, CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/building from the last good snapshot \S*snapshot\.json, set by CATALOG_SNAPSHOT \(catalog as of 2031-02-03T04:05:06Z\)/);
    expect(run.stderr).not.toMatch(/content\/catalog\/snapshot\.json \(catalog as of/);

    writeFileSync(snapshot, JSON.stringify({ ...committed, images: [] }));
    astro = fakeAstro();
    run = await runCli([], { ...baseEnv(tempDir()), CATALOG_SNAPSHOT: snapshot, CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^build: error: the snapshot \S*snapshot\.json lists no images, so the catalog would be empty; .*--allow-empty/m);
    expect(existsSync(astro.record)).toBe(false);

    astro = fakeAstro();
    run = await runCli(['--allow-empty'], { ...baseEnv(tempDir()), CATALOG_SNAPSHOT: snapshot, CATALOG_BUILD_ASTRO: astro.script }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(astro.record, 'utf8'))).not.toContain('--allow-empty');
  });
});
