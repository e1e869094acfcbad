import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the site under test is served, e.g. `http://127.0.0.1:41234`. */
    baseUrl: string;
    /** The built site under test. */
    distDir: string;
    /** The snapshot it was built from. */
    snapshotPath: string;
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

/**
 * Builds the site once from the test snapshot into `.e2e/dist` and serves it on
 * loopback for the browser suites. `E2E_DIST=path` reuses an existing build.
 */
export default async function setup(project: TestProject) {
  let distDir = process.env.E2E_DIST ? resolve(root, process.env.E2E_DIST) : resolve(root, '.e2e/dist');
  if (!process.env.E2E_DIST) {
    const started = Date.now();
    const build = spawnSync(process.execPath, [resolve(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', distDir], {
      cwd: root,
      // Vitest sets NODE_ENV=test, which would make Astro build in development mode (no search).
      env: { ...process.env, NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshotPath },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (build.status !== 0) {
      throw new Error(`astro build for the e2e suite failed:\n${build.stdout}\n${build.stderr}`);
    }
    console.log(`e2e: built the site from ${snapshotPath} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  if (!existsSync(resolve(distDir, 'index.html'))) throw new Error(`no built site at ${distDir}`);
  const server = await serveStatic(distDir);
  project.provide('baseUrl', server.url);
  project.provide('distDir', distDir);
  project.provide('snapshotPath', snapshotPath);
  return server.close;
}
