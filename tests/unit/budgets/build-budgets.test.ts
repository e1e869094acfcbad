/** `npm run build` checks the budgets after astro build, and fails on a blown one (scripts/build.ts → check-budgets.ts). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { baseEnv, ROOT, runCli, tempDir } from '../fetch/support/run-cli.ts';

vi.setConfig({ testTimeout: 60_000 });

const BUILD = join(ROOT, 'scripts/build.ts');

/** A stand-in for astro that writes a tiny site to --outDir; `guideScriptBytes` of script on a guide page. */
function fakeAstro(guideScriptBytes: number): string {
  const dir = tempDir('fake-astro-');
  const script = join(dir, 'astro.mjs');
  writeFileSync(
    script,
    `import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const args = process.argv.slice(2);
const eq = args.find((a) => a.startsWith('--outDir='));
const out = eq ? eq.slice('--outDir='.length) : args[args.indexOf('--outDir') + 1];
let x = 7, noise = '';
while (noise.length < ${guideScriptBytes}) { x = (x * 1103515245 + 12345) & 0x7fffffff; noise += x.toString(36); }
const page = (body) => '<!doctype html><html><head><title>t</title><script type="module" src="/_astro/page.js"></script>' + body + '</head><body>text</body></html>';
mkdirSync(join(out, '_astro'), { recursive: true });
mkdirSync(join(out, 'guide'), { recursive: true });
mkdirSync(join(out, 'catalog'), { recursive: true });
writeFileSync(join(out, '_astro/page.js'), 'export const a = 1;');
writeFileSync(join(out, '_astro/filter.js'), 'export const f = 1;');
writeFileSync(join(out, 'index.html'), page(''));
writeFileSync(join(out, '404.html'), page(''));
writeFileSync(join(out, 'guide/index.html'), page('<script>/*' + noise + '*/</script>'));
writeFileSync(join(out, 'catalog/index.html'), page('<script type="module" src="/_astro/filter.js"></script>'));
`,
  );
  return script;
}

describe('npm run build and the budgets', () => {
  it('passes and prints the figures when the site is within budget', async () => {
    const out = join(tempDir('site-'), 'dist');
    mkdirSync(out, { recursive: true });
    const run = await runCli(['--outDir', out], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: fakeAstro(100) }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/budget ok: guide page JS beyond Starlight’s own: .* \(limit 5\.0 kB\)/);
    expect(run.stdout).toMatch(/budget ok: catalog page’s own JS/);
  });

  it('fails with one clear line when a guide page ships too much JavaScript', async () => {
    const out = join(tempDir('site-'), 'dist');
    const run = await runCli([`--outDir=${out}`], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: fakeAstro(20_000) }, { script: BUILD });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^budget FAILED: guide page JS beyond Starlight’s own: \d+\.\d kB gzipped \(limit 5\.0 kB\) at \/guide\/: inline:[0-9a-f]+; to fix: .+$/m);
    expect(run.stderr).toMatch(/check-budgets: 1 budget blown/);
  });

  it('a failed build keeps the last good site, and a passing one replaces it', async () => {
    const parent = tempDir('site-');
    const out = join(parent, 'dist');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), 'last good site');
    let run = await runCli(['--outDir', out], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: fakeAstro(20_000) }, { script: BUILD });
    expect(run.code).toBe(1);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('last good site');
    expect(existsSync(join(out, 'guide'))).toBe(false);
    expect(run.stderr).toMatch(/build: the failed build is in .*\.dist\.failed; the last good site in .*dist was kept/);

    // astro itself failing keeps it too.
    const failing = join(tempDir('fake-astro-'), 'astro.mjs');
    writeFileSync(failing, `import { mkdirSync, writeFileSync } from 'node:fs';\nconst a = process.argv.slice(2); const o = a[a.indexOf('--outDir') + 1];\nmkdirSync(o, { recursive: true }); writeFileSync(o + '/index.html', 'half');\nprocess.exit(3);\n`);
    run = await runCli(['--outDir', out], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: failing }, { script: BUILD });
    expect(run.code).toBe(3);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('last good site');

    run = await runCli(['--outDir', out], { ...baseEnv(tempDir()), CATALOG_BUILD_ASTRO: fakeAstro(100) }, { script: BUILD });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toMatch(/<!doctype html>/);
    expect(existsSync(join(parent, '.dist.next'))).toBe(false);
    expect(existsSync(join(parent, '.dist.failed'))).toBe(false);
  });
});
