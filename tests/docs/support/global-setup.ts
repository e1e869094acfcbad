import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { healthy, missingTools, python } from '../../integration/support/global-setup.ts';
import { build } from '../../e2e/support/global-setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The loopback Keystone + Glance seeded for the guide, or null when the docs suite is skipped. */
    docsCloud: { stateDir: string; startSeconds: number; seedSeconds: number } | null;
    docsCloudSkipReason: string;
    /** A build of this site from the test snapshot, for the guide's `curl https://<catalog site>/…` blocks. */
    docsCatalogSiteDir: string;
  }
}

const root = resolve(import.meta.dirname, '../../..');
const cloudPy = resolve(root, 'scripts/test-cloud/cloud.py');
const seedDocsPy = resolve(root, 'scripts/test-cloud/seed_docs.py');

/** The reader's tools the guide uses, beyond what the cloud itself needs. */
const READER_TOOLS = ['openstack', 'glance', 'jq', 'qemu-img', 'file', 'wget', 'sha512sum', 'md5sum'];

function missingReaderTools(): string[] {
  return READER_TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0);
}

/**
 * Starts the loopback Keystone + Glance of scripts/test-cloud (cloud.py, the
 * integration suite's launcher), seeds only what the guide needs
 * (seed_docs.py, a few seconds), and stops and deletes it afterwards.
 * TEST_CLOUD_DIR=dir uses (or starts) the cloud there and leaves it running;
 * TEST_CLOUD_KEEP=1 keeps the temporary one. Missing packages skip the suite,
 * except under CI=true, where they fail it.
 */
export default async function setup(project: TestProject) {
  const missing = [missingTools(), missingReaderTools().join(', ') || null].filter(Boolean).join('; ');
  if (missing) {
    const message =
      `docs: the guide's commands cannot run here: missing ${missing}. ` +
      'Install them with: sudo bash scripts/install-test-deps.sh';
    if (process.env.CI === 'true') throw new Error(`${message} (CI=true, so this fails instead of skipping)`);
    console.warn(`\n*** ${message}\n*** Skipping the docs suite.\n`);
    project.provide('docsCloud', null);
    project.provide('docsCloudSkipReason', message);
    return;
  }

  const wanted = process.env.TEST_CLOUD_DIR ? resolve(root, process.env.TEST_CLOUD_DIR) : null;
  const stateDir = wanted ?? mkdtempSync(join(tmpdir(), 'nectar-docs-cloud-'));
  const keep = wanted !== null || process.env.TEST_CLOUD_KEEP === '1';
  let started = performance.now();
  let startSeconds = 0;
  try {
    if (!(wanted && existsSync(join(wanted, 'cloud.json')) && healthy(wanted))) {
      await python([cloudPy, 'start', '--state-dir', stateDir]);
      startSeconds = (performance.now() - started) / 1000;
    }
    started = performance.now();
    // Also resets what an earlier run of the guide left in a reused cloud.
    await python([seedDocsPy, '--state-dir', stateDir]);
  } catch (error) {
    console.error(`docs: could not start or seed the cloud; its logs are in ${stateDir}/logs`);
    if (!wanted) await python([cloudPy, 'stop', '--state-dir', stateDir]).catch(() => undefined);
    throw error;
  }
  const seedSeconds = (performance.now() - started) / 1000;
  const siteDir = resolve(root, '.e2e/docs-site');
  build(siteDir, { SITE_BASE: '/' });
  project.provide('docsCatalogSiteDir', siteDir);
  console.log(`docs: cloud ${startSeconds ? `started in ${startSeconds.toFixed(1)}s and ` : 'reused, '}seeded in ${seedSeconds.toFixed(1)}s (${stateDir})`);
  project.provide('docsCloud', { stateDir, startSeconds, seedSeconds });
  project.provide('docsCloudSkipReason', '');
  return async () => {
    if (keep) {
      console.log(`docs: the cloud is still running in ${stateDir}; stop it with scripts/test-cloud/stop.sh --state-dir ${stateDir} --purge`);
      return;
    }
    await python([cloudPy, 'stop', '--state-dir', stateDir, '--purge']);
  };
}
