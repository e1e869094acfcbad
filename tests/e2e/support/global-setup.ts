import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server.ts';
import { writeLargeFixture } from './large-fixture.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the site under test is served, e.g. `http://127.0.0.1:41234`. */
    baseUrl: string;
    /** The built site under test. */
    distDir: string;
    /** The snapshot it was built from. */
    snapshotPath: string;
    /** The same site built with SITE_BASE=SUB_BASE and served under it: `http://127.0.0.1:PORT/support/images/`. */
    subBaseUrl: string;
    subDistDir: string;
    /** Its base path, `/support/images/`. */
    subBase: string;
    /** The SITE_URL both builds were made with. */
    siteUrl: string;
    /** The 1,000-image catalog (./large-fixture.ts) built at `/` with the default limits: paged, with distribution pages. */
    largeBaseUrl: string;
    largeDistDir: string;
    largeSnapshotPath: string;
  }
}

const root = resolve(import.meta.dirname, '../../..');

/** The catalog fixture with many distributions and edge cases; the committed default when absent. */
const snapshotPath = resolve(
  root,
  process.env.E2E_SNAPSHOT ??
    (existsSync(resolve(root, 'tests/fixtures/catalog/snapshot.json'))
      ? 'tests/fixtures/catalog/snapshot.json'
      : 'content/catalog/snapshot.json'),
);

/** The sub-path of the second build: the site must work under it as well as at `/`. */
export const SUB_BASE = '/support/images/';
const SITE_URL = process.env.SITE_URL || 'http://localhost:4321';

/** Builds the site from the test snapshot (or `snapshot`) into `distDir` (also used by the docs suite, whose guide curls the catalog's JSON). */
export function build(distDir: string, extraEnv: Record<string, string>, snapshot: string = snapshotPath): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, [resolve(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', distDir], {
    cwd: root,
    // Vitest sets NODE_ENV=test, which would make Astro build in development mode (no search).
    env: { ...process.env, NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshot, SITE_URL, ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`astro build for the e2e suite failed:\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`e2e: built the site from ${snapshot}${extraEnv.SITE_BASE ? ` under ${extraEnv.SITE_BASE}` : ''} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (!existsSync(resolve(distDir, 'index.html'))) throw new Error(`no built site at ${distDir}`);
}

/**
 * Builds the site twice from the test snapshot, at `/` into `.e2e/dist` and
 * under SUB_BASE into `.e2e/dist-sub`, and once from the 1,000-image catalog
 * into `.e2e/dist-large`, and serves each on loopback (the second under its
 * sub-path) for the browser suites. `E2E_DIST=path`, `E2E_SUB_DIST=path` and
 * `E2E_LARGE_DIST=path` reuse existing builds.
 */
export default async function setup(project: TestProject) {
  const distDir = process.env.E2E_DIST ? resolve(root, process.env.E2E_DIST) : resolve(root, '.e2e/dist');
  const subDistDir = process.env.E2E_SUB_DIST ? resolve(root, process.env.E2E_SUB_DIST) : resolve(root, '.e2e/dist-sub');
  if (!process.env.E2E_DIST) build(distDir, { SITE_BASE: '/' });
  if (!process.env.E2E_SUB_DIST) build(subDistDir, { SITE_BASE: SUB_BASE });
  const largeDistDir = process.env.E2E_LARGE_DIST ? resolve(root, process.env.E2E_LARGE_DIST) : resolve(root, '.e2e/dist-large');
  // Written each run (it is deterministic): a reused build still has its snapshot beside the tests.
  const largeSnapshotPath = writeLargeFixture(resolve(root, '.e2e/large-catalog'), root);
  if (!process.env.E2E_LARGE_DIST) build(largeDistDir, { SITE_BASE: '/' }, largeSnapshotPath);
  if (!existsSync(resolve(largeDistDir, 'index.html'))) throw new Error(`no built site at ${largeDistDir}`);
  if (!existsSync(resolve(distDir, 'index.html'))) throw new Error(`no built site at ${distDir}`);
  if (!existsSync(resolve(subDistDir, 'index.html'))) throw new Error(`no built site at ${subDistDir}`);
  const server = await serveStatic(distDir);
  const subServer = await serveStatic(subDistDir, { base: SUB_BASE });
  const largeServer = await serveStatic(largeDistDir);
  project.provide('baseUrl', server.url);
  project.provide('distDir', distDir);
  project.provide('snapshotPath', snapshotPath);
  project.provide('subBaseUrl', `${subServer.url}${SUB_BASE}`);
  project.provide('subDistDir', subDistDir);
  project.provide('subBase', SUB_BASE);
  project.provide('siteUrl', SITE_URL);
  project.provide('largeBaseUrl', largeServer.url);
  project.provide('largeDistDir', largeDistDir);
  project.provide('largeSnapshotPath', largeSnapshotPath);
  return async () => {
    await server.close();
    await subServer.close();
    await largeServer.close();
  };
}
