/** Shared set-up for the CLI tests: a fake cloud, a temp HOME, an old snapshot to protect. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { snapshotSchema } from '../../../../src/schemas/snapshot.ts';
import { FakeCloud, type Json } from './fake-cloud.ts';
import { baseEnv, runCli, tempDir, type CliRun } from './run-cli.ts';

export const OLD_SNAPSHOT = `${JSON.stringify(
  {
    fetchedAt: '2020-01-01T00:00:00.000Z',
    images: [
      {
        architecture: 'x86_64',
        checksum: null,
        codename: null,
        containerFormat: null,
        createdAt: null,
        diskFormat: null,
        distro: 'centos',
        hashAlgo: null,
        hashValue: null,
        id: 'old-1',
        defaultUser: null,
        minDisk: null,
        minRam: null,
        name: 'NeCTAR CentOS 6 x86_64',
        owner: '28eadf5ad64b42a4929b2fb7df99275c',
        properties: {},
        size: null,
        status: 'active',
        tags: [],
        updatedAt: null,
        version: '6',
        visibility: 'public',
      },
    ],
    schemaVersion: 1,
    source: { imageEndpoint: '', owner: '28eadf5ad64b42a4929b2fb7df99275c', region: null },
  },
  null,
  2,
)}\n`;

export interface Scenario {
  cloud: FakeCloud;
  dir: string;
  home: string;
  out: string;
  history: string;
  env: NodeJS.ProcessEnv;
  run(args?: string[], extraEnv?: NodeJS.ProcessEnv): Promise<CliRun>;
}

export interface ScenarioOptions {
  tls?: { key: string; cert: string };
  /** Start with OLD_SNAPSHOT in place (the default), for a fault to leave as it was. */
  oldSnapshot?: boolean;
  /** Images the fake cloud lists besides its sample ones. */
  images?: () => Json[];
}

/** The environment of a user who logs in with a password, to the fake cloud, with `home` as HOME. */
export function passwordEnv(cloud: FakeCloud, home: string): NodeJS.ProcessEnv {
  return {
    ...baseEnv(home),
    OS_AUTH_URL: cloud.authUrl,
    OS_USERNAME: 'someone',
    OS_PASSWORD: cloud.password,
    OS_PROJECT_NAME: 'staff',
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_REGION_NAME: 'Melbourne',
  };
}

export async function scenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const cloud = await new FakeCloud(options.tls ?? null).start();
  if (options.images) cloud.images.push(...options.images());
  const dir = tempDir();
  const home = tempDir('catalog-home-');
  const out = join(dir, 'snapshot.json');
  const history = join(dir, 'history.json');
  if (options.oldSnapshot !== false) writeFileSync(out, OLD_SNAPSHOT);
  const env = passwordEnv(cloud, home);
  return {
    cloud,
    dir,
    home,
    out,
    history,
    env,
    run: (args = [], extraEnv = {}) => {
      const merged: NodeJS.ProcessEnv = { ...env, ...extraEnv };
      for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
      return runCli(['--out', out, ...args], merged);
    },
  };
}

export function secretsOf(cloud: FakeCloud): string[] {
  return [cloud.password, cloud.appCredentialSecret, cloud.initialToken, ...cloud.validTokens];
}

/** The fault contract: exit code, exactly one stderr line naming cause and fix, old snapshot byte-identical, no secret printed. */
export function expectFault(s: Scenario, run: CliRun, code: number, pattern: RegExp): void {
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^catalog:fetch: error: .+; .+/);
  expect(lines[0]).toMatch(pattern);
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe('');
  expect(readFileSync(s.out, 'utf8')).toBe(OLD_SNAPSHOT);
  expect(existsSync(s.history)).toBe(false);
  for (const secret of secretsOf(s.cloud)) {
    expect(run.stderr).not.toContain(secret);
    expect(run.stdout).not.toContain(secret);
  }
}

/**
 * For a test file whose tests each start one scenario: returns `setup`, which
 * starts it (with `defaults` unless given options), and stops that scenario's
 * fake cloud after each test.
 */
export function scenarioPerTest(defaults: ScenarioOptions = {}): (options?: ScenarioOptions) => Promise<Scenario> {
  let current: Scenario | null = null;
  afterEach(async () => {
    await current?.cloud.stop();
    current = null;
  });
  return async (options = defaults) => {
    current = await scenario(options);
    return current;
  };
}

/** The snapshot the scenario's fetch wrote, parsed with the site's schema. */
export function readSnapshot(s: Scenario) {
  return snapshotSchema.parse(JSON.parse(readFileSync(s.out, 'utf8')));
}
