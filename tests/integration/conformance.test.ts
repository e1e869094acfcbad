/**
 * The conformance view (issue 23) gives SCS's own verdicts. An owner that follows SCS-0102 v2, with every
 * way to fail its checks (scripts/test-cloud/seed_scs_v2.py), is fetched from the live loopback cloud;
 * SCS's own functions (tests/integration/support/scs-upstream/: image_metadata.py and standard_images.py
 * of SovereignCloudStack/standards at commit 077174d94b576e480e8168d198004296bee94748, AGPL-3.0, run by
 * Debian's python3-openstacksdk) judge the same cloud; our verdicts must be theirs, image by image and
 * test case by test case, in `npm run catalog:conformance -- --json`, its text and exit code, and the
 * built /catalog/conformance.json and /catalog/conformance/ page.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { python } from './support/global-setup.ts';
import { cleanEnv, explain, removeTempDirs, root, run, tempDir, type RunResult } from './support/test-cloud.ts';
import { STANDARD_VERSIONS } from '../../src/lib/scs/standards.ts';
import type { ConformanceReport } from '../../src/lib/scs/report.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');
const node = join(root, 'node_modules/.bin/node');
const runner = join(root, 'tests/integration/support/scs-upstream/run_upstream.py');

/** Whether Debian's openstacksdk is importable by /usr/bin/python3 (it runs SCS's checks). */
const sdkMissing = (() => {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import openstack, yaml'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  return `/usr/bin/python3 cannot import openstack and yaml (${(probe.stderr || String(probe.error)).trim().split('\n').pop()}); install python3-openstacksdk and python3-yaml (sudo sh scripts/test-cloud/install.sh)`;
})();
if (sdkMissing && testCloud && process.env.CI === 'true') throw new Error(`${sdkMissing} (CI=true, so this fails instead of skipping)`);
const skip = !testCloud ? skipReason : sdkMissing;

if (skip) {
  describe('the conformance view against SCS’s own checks', () => {
    it.skip(`skipped: ${skip}`, () => {});
  });
}

interface Upstream {
  tests: Record<string, 'PASS' | 'FAIL' | 'ABORT'>;
  images: { id: string; name: string; failed: string[] }[];
  missing: string[];
}
interface SeedV2 {
  owner: { id: string };
  images: { id: string; name: string; hidden: boolean; properties: Record<string, string> }[];
  files: { cloudsYaml: string; cloud: string; env: { reader: Record<string, string> } };
}

describe.skipIf(skip)('the conformance view gives SCS’s own verdicts on a live cloud', () => {
  let seed: SeedV2;
  let env: Record<string, string>;
  let snapshotPath: string;
  let fetched: RunResult;
  let upstream: Upstream;
  let json: RunResult;
  let ours: ConformanceReport;
  let dist: string;
  let built: RunResult;

  beforeAll(async () => {
    const stateDir = testCloud!.stateDir;
    await python([join(root, 'scripts/test-cloud/seed_scs_v2.py'), '--state-dir', stateDir]);
    seed = JSON.parse(readFileSync(join(stateDir, 'scs-v2/scs-v2.json'), 'utf8'));
    const configDir = tempDir('scs-v2-config-');
    cpSync(join(root, 'tests/fixtures/scs'), configDir, { recursive: true });
    const configPath = join(configDir, 'cloud.config.yaml');
    const config = parseDocument(readFileSync(configPath, 'utf8'));
    config.setIn(['images', 'owner'], seed.owner.id);
    writeFileSync(configPath, config.toString());
    env = cleanEnv({ ...seed.files.env.reader, CATALOG_CONFIG: configPath });

    snapshotPath = join(tempDir('scs-v2-site-'), 'snapshot.json');
    fetched = await run(node, ['scripts/catalog-fetch.ts', '--out', snapshotPath, '--json'], env);
    if (fetched.code !== 0) return;
    // SCS's checks on the same cloud, right after the fetch (their `now` and ours, the fetch's, are seconds apart).
    const up = await run('/usr/bin/python3', [runner, '--os-cloud', seed.files.cloud, '--owner', seed.owner.id], {
      ...cleanEnv({}),
      OS_CLIENT_CONFIG_FILE: seed.files.cloudsYaml,
      PYTHONDONTWRITEBYTECODE: '1',
    });
    if (up.code !== 0) throw new Error(`run_upstream.py failed: ${explain(up)}`);
    upstream = JSON.parse(up.stdout);
    json = await run(node, ['scripts/catalog-conformance.ts', '--snapshot', snapshotPath, '--json'], env);
    ours = JSON.parse(json.stdout);
    dist = join(tempDir('scs-v2-dist-'), 'dist');
    built = await run(
      node,
      [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist],
      { ...env, NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshotPath },
      600_000,
    );
  }, 900_000);

  afterAll(() => {
    if (process.env.TEST_CLOUD_KEEP !== '1') removeTempDirs();
  });

  /** Each image's failing test cases, sorted, by id. */
  const matrix = (images: { id: string; failed: (string | { test: string })[] }[]) =>
    Object.fromEntries(images.map((image) => [image.id, image.failed.map((f) => (typeof f === 'string' ? f : f.test)).sort()]));

  it('seeds what the proof needs: every os_purpose, the breakages, and a hidden build the suite never lists', () => {
    expect(fetched.code, explain(fetched)).toBe(0);
    const purposes = new Set(seed.images.filter((image) => !image.hidden).map((image) => image.properties.os_purpose));
    for (const purpose of ['generic', 'oldgeneric', 'minimal', 'k8snode', 'gpu', 'network', 'custom']) expect(purposes.has(purpose), purpose).toBe(true);
    const failing = new Set(upstream.images.flatMap((image) => image.failed));
    for (const test of [
      'scs-0102-prop-os_purpose', 'scs-0102-image-recency', 'scs-0102-os_purpose-uniqueness', 'scs-0102-prop-hotfix_hours',
      'scs-0102-prop-uuid_validity', 'scs-0102-prop-architecture', 'scs-0102-prop-image_build_date', 'scs-0104-source-ubuntu-2204',
    ]) expect(failing.has(test), `some image fails ${test} by SCS's own check`).toBe(true);
    expect(upstream.missing).toContain('scs-0104-image-debian-13');
    // Overdue images that pass: a `prev` and a dated build with a current successor, and `provided_until: notice`.
    const passes = (name: string) => upstream.images.find((image) => image.name === name)!.failed;
    expect(passes('Ubuntu 24.04 prev')).toEqual([]);
    expect(passes('AlmaLinux 8')).toEqual([]);
    expect(upstream.images.find((image) => /^Ubuntu 24\.04 \d{8}$/.test(image.name))!.failed).toEqual([]);
    const hidden = seed.images.find((image) => image.hidden)!;
    const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as { archived: { id: string }[] };
    expect(snapshot.archived.map((image) => image.id)).toContain(hidden.id);
    expect(upstream.images.some((image) => image.id === hidden.id)).toBe(false);
  });

  it('lists every image SCS’s suite looks at, and no other', () => {
    expect(json.code, explain(json)).toBe(0);
    expect(ours.images.map((image) => image.id).sort()).toEqual(upstream.images.map((image) => image.id).sort());
  });

  it('fails each image on exactly the test cases SCS’s own functions fail it on', () => {
    expect(matrix(ours.images)).toEqual(matrix(upstream.images));
    for (const image of ours.images) {
      for (const failure of image.failed) {
        expect(failure.expected, `${image.name} ${failure.test}`).toMatch(/\S/);
        expect(failure, `${image.name} ${failure.test}`).toHaveProperty('found');
      }
    }
  });

  it('gives each test case, each standard version and the missing SCS-0104 images SCS’s verdict', () => {
    const ourFailing = new Set([...ours.images.flatMap((image) => image.failed.map((f) => f.test)), ...ours.missing.map((gap) => gap.test)]);
    for (const [test, verdict] of Object.entries(upstream.tests)) expect(ourFailing.has(test), `${test}: SCS says ${verdict}`).toBe(verdict !== 'PASS');
    for (const version of STANDARD_VERSIONS) {
      const failed = version.tests.filter((test) => upstream.tests[test] !== 'PASS');
      expect(ours.standards[version.id], version.id).toEqual({ conforms: failed.length === 0, failed });
    }
    expect(ours.missing.map((gap) => gap.test).sort()).toEqual([...upstream.missing].sort());
    expect(ours.missing.find((gap) => gap.test === 'scs-0104-image-debian-13')?.name).toBe('Debian 13');
  });

  it('npm run catalog:conformance --level scs-0102-v2 exits 1 and names each failing image once', async () => {
    const text = await run(node, ['scripts/catalog-conformance.ts', '--snapshot', snapshotPath, '--level', 'scs-0102-v2'], env);
    expect(text.code, explain(text)).toBe(1);
    expect(text.stdout).toMatch(/^scs-0102-v2: does not conform \(chosen level\), failing /m);
    for (const image of upstream.images) {
      const lines = text.stdout.split('\n').filter((line) => line.startsWith('FAIL ') && line.includes(`(${image.id})`));
      expect(lines.length, image.name).toBe(image.failed.length > 0 ? 1 : 0);
    }
  });

  it('builds /catalog/conformance.json with the same verdicts, and the page names each failing image and test case', () => {
    expect(built.code, explain(built)).toBe(0);
    const file = join(dist, 'catalog/conformance.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(ours);
    const html = readFileSync(join(dist, 'catalog/conformance/index.html'), 'utf8');
    for (const image of upstream.images.filter((image) => image.failed.length > 0)) {
      const section = html.slice(html.indexOf(`data-image-id="${image.id}"`));
      expect(section.length, image.name).toBeLessThan(html.length);
      const end = section.indexOf('</section>');
      for (const test of image.failed) expect(section.slice(0, end), `${image.name}: ${test}`).toContain(`data-test="${test}"`);
    }
    expect(readFileSync(join(dist, 'catalog/index.html'), 'utf8')).toContain('href="/catalog/conformance/"');
  });
});
