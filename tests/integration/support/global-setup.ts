import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/** What the integration tests get from `inject('testCloud')`. */
export interface TestCloudInfo {
  /** The cloud's state directory (configs, sqlite, logs, cloud.json, seed.json, clouds.yaml). */
  stateDir: string;
  cloudJson: string;
  seedJson: string;
  /** What scripts/test-cloud/seed_scs.py wrote: the second image owner, one that follows SCS-0102 (scs/scs.json). */
  scsJson: string;
  /**
   * What scripts/test-cloud/seed_regions.py wrote (regions/regions.json): member A's images in RegionOne and in
   * RegionTwo (a second Glance in the same Keystone, `cloud.py add-region`) and member B's, a separate Keystone
   * and Glance (`cloud.py add-member`); clouds.yaml and secure.yaml beside it.
   */
  regionsJson: string;
  /** Seconds to add RegionTwo and member B and seed them (0 when reused and already seeded). */
  regionsSeconds: number;
  /** True when an already running cloud ($TEST_CLOUD_DIR) was used and is left running. */
  reused: boolean;
  /** Seconds to start and to seed it (0 when reused). */
  startSeconds: number;
  seedSeconds: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The loopback Keystone + Glance, or null when the suite is skipped. */
    testCloud: TestCloudInfo | null;
    /** Why the suite is skipped, when it is. */
    testCloudSkipReason: string;
  }
}

const root = resolve(import.meta.dirname, '../../..');
const cloudPy = resolve(root, 'scripts/test-cloud/cloud.py');
const seedPy = resolve(root, 'scripts/test-cloud/seed.py');
const seedScsPy = resolve(root, 'scripts/test-cloud/seed_scs.py');
const seedRegionsPy = resolve(root, 'scripts/test-cloud/seed_regions.py');

/**
 * RegionTwo (a second Glance in the cloud's Keystone) and member B (a second Keystone + Glance), each started
 * when not running, then seeded (seed_regions.py keeps its images when they are all there). Resolves with seconds.
 */
export async function startRegions(stateDir: string): Promise<number> {
  const started = performance.now();
  await Promise.all([
    python([cloudPy, 'add-region', '--state-dir', stateDir, '--region', 'RegionTwo']),
    python([cloudPy, 'add-member', '--state-dir', stateDir, '--member', 'member-b']),
  ]);
  await python([seedRegionsPy, '--state-dir', stateDir]);
  return (performance.now() - started) / 1000;
}

/** Runs a python helper, streaming its progress (stderr) to ours. Resolves with stdout. */
export function python(args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('python3', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`python3 ${args.join(' ')} exited with status ${code}`));
    });
  });
}

/** The programs the cloud needs, or the reason they are not usable. */
export function missingTools(): string | null {
  const check = spawnSync('python3', [cloudPy, 'check'], { encoding: 'utf8' });
  if (check.error) return `python3 is not available (${check.error.message})`;
  if (check.status !== 0) return (check.stdout || check.stderr).trim() || `cloud.py check exited with ${check.status}`;
  return null;
}

export function healthy(stateDir: string): boolean {
  return spawnSync('python3', [cloudPy, 'status', '--state-dir', stateDir], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts a real Keystone and Glance on loopback once for the integration suite
 * (scripts/test-cloud), seeds it (1,030 Nectar images by default, plus the images
 * the catalog must leave out, and a second owner that follows SCS-0102:
 * seed_scs.py), adds a second region and a second cloud and seeds them
 * (startRegions), and stops and deletes it all afterwards.
 *
 * - Missing packages: under CI=true this fails loudly; otherwise the suite is
 *   skipped with a message saying how to install them.
 * - TEST_CLOUD_DIR=dir: use the cloud in dir if it runs and is seeded, or start
 *   and seed one there; either way it is left running (stop it with
 *   scripts/test-cloud/stop.sh --state-dir dir).
 * - TEST_CLOUD_KEEP=1: leave the temporary cloud running and say where it is.
 * - TEST_CLOUD_IMAGES=n: how many Nectar images to seed (default 1030).
 */
export default async function setup(project: TestProject) {
  const missing = missingTools();
  if (missing) {
    const message =
      `integration: the loopback Keystone/Glance cannot run: ${missing}. ` +
      'Install the Debian packages with: sudo sh scripts/test-cloud/install.sh';
    if (process.env.CI === 'true') {
      throw new Error(`${message} (CI=true, so this fails instead of skipping)`);
    }
    console.warn(`\n*** ${message}\n*** Skipping the integration suite.\n`);
    project.provide('testCloud', null);
    project.provide('testCloudSkipReason', message);
    return;
  }

  const wanted = process.env.TEST_CLOUD_DIR ? resolve(root, process.env.TEST_CLOUD_DIR) : null;
  const images = process.env.TEST_CLOUD_IMAGES ?? '1030';
  if (wanted && existsSync(join(wanted, 'seed.json')) && healthy(wanted)) {
    console.log(`integration: using the running cloud in ${wanted}`);
    // Keeps the SCS owner's images when they are there (under a second), seeds them when not.
    await python([seedScsPy, '--state-dir', wanted]);
    // Starts RegionTwo's Glance if a test left it stopped, and member B if it is not running.
    const regionsSeconds = await startRegions(wanted);
    project.provide('testCloud', {
      stateDir: wanted,
      cloudJson: join(wanted, 'cloud.json'),
      seedJson: join(wanted, 'seed.json'),
      scsJson: join(wanted, 'scs/scs.json'),
      regionsJson: join(wanted, 'regions/regions.json'),
      regionsSeconds,
      reused: true,
      startSeconds: 0,
      seedSeconds: 0,
    });
    project.provide('testCloudSkipReason', '');
    return;
  }

  const stateDir = wanted ?? mkdtempSync(join(tmpdir(), 'nectar-test-cloud-'));
  const keep = wanted !== null || process.env.TEST_CLOUD_KEEP === '1';
  const stop = async () => {
    if (keep) {
      console.log(`integration: the cloud is still running in ${stateDir}; stop it with scripts/test-cloud/stop.sh --state-dir ${stateDir} --purge`);
      return;
    }
    await python([cloudPy, 'stop', '--state-dir', stateDir, '--purge']);
  };

  let started = performance.now();
  try {
    await python([cloudPy, 'start', '--state-dir', stateDir]);
    const startSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    // The second region and cloud start and seed while the first cloud is seeded: mostly waiting on each other's services.
    const [, regionsSeconds] = await Promise.all([
      (async () => {
        await python([seedPy, '--state-dir', stateDir, '--images', images]);
        await python([seedScsPy, '--state-dir', stateDir]);
      })(),
      startRegions(stateDir),
    ]);
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(
      `integration: cloud started in ${startSeconds.toFixed(1)}s and seeded in ${seedSeconds.toFixed(1)}s ` +
        `(RegionTwo and member B: ${regionsSeconds.toFixed(1)}s of it, side by side) (${stateDir})`,
    );
    project.provide('testCloud', {
      stateDir,
      cloudJson: join(stateDir, 'cloud.json'),
      seedJson: join(stateDir, 'seed.json'),
      scsJson: join(stateDir, 'scs/scs.json'),
      regionsJson: join(stateDir, 'regions/regions.json'),
      regionsSeconds,
      reused: false,
      startSeconds,
      seedSeconds,
    });
    project.provide('testCloudSkipReason', '');
  } catch (error) {
    console.error(`integration: could not start or seed the cloud; its logs are in ${stateDir}/logs`);
    // Stop the processes, but keep the state directory (and its logs) to look at.
    await python([cloudPy, 'stop', '--state-dir', stateDir]).catch(() => undefined);
    throw error;
  }
  return stop;
}
