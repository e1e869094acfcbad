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
    expect(JSON.parse(readFileSync(astro.record, 'utf8'))).toEqual(['build', '--site', 'https://x']);
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
});
