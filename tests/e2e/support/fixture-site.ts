/**
 * The set-up of a test file that reads the fixture site the e2e global setup
 * built: its snapshot, and one browser with one context on the site, launched
 * before the file's tests and closed after them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { snapshotSchema } from '../../../src/schemas/snapshot.ts';

/** The snapshot the site was built from. */
export function fixtureSnapshot() {
  return snapshotSchema.parse(JSON.parse(readFileSync(inject('snapshotPath'), 'utf8')));
}

/** A browser and a context on `baseUrl` for the file's tests (read them inside a test or hook, once set). */
export function sharedBrowser(baseUrl: string): { browser: Browser; context: BrowserContext } {
  const shared = {} as { browser: Browser; context: BrowserContext };
  beforeAll(async () => {
    shared.browser = await launchBrowser();
    shared.context = await shared.browser.newContext({ baseURL: baseUrl });
  });
  afterAll(async () => {
    await shared.browser?.close();
  });
  return shared;
}
