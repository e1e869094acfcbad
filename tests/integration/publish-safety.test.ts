/**
 * Issue 16: a publish never breaks a reader. Against the test cloud's real
 * Swift, a reader (support/site-reader.ts) polls the live site anonymously
 * throughout and records every page that answered 200 while something it
 * references (asset, page, data, Pagefind file) did not:
 *
 * a) ordinary publishes between two builds (images added and removed, a guide
 *    sentence changed) → no broken read;
 * b) publishes killed at several points (back and forth between the builds),
 *    each followed by a publish that completes it → no broken read, the
 *    container ends as dist/ with live assets that do not expire;
 * c) publishes through a fault-injecting proxy (support/fault-proxy.ts: 503s,
 *    dropped uploads, lost and late answers, an expired token) on fixed seeds
 *    → each ends complete, or fails with one line saying the site is between
 *    versions and the next publish completes it; no broken read; figures printed;
 * d) in Chromium, a reader who loaded a page and searched before a publish
 *    that changes content still gets search results and page assets after it,
 *    because old content-hashed assets outlive the pages that used them;
 *    they expire after the grace period, and one that comes back loses its expiry.
 *
 * One cloud, two builds (each made once), one container for the whole file.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { isContentHashed } from '../../scripts/lib/swift/objects.ts';
import { launchBrowser } from '../e2e/support/browser.ts';
import { FAULT_KINDS, describeCounts, startFaultProxy, type FaultCounts, type FaultKind, type FaultProxyOptions } from './support/fault-proxy.ts';
import { SiteReader, describeBroken, describeReport, type ReaderReport } from './support/site-reader.ts';
import { cleanEnv, explain, md5s, passwordToken, readJson, removeTempDirs, root, run, tempDir, type Cloud, type RunResult, type Seed } from './support/test-cloud.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');
const node = join(root, 'node_modules/.bin/node');
const astro = join(root, 'node_modules/astro/bin/astro.mjs');
const fixture = join(root, 'tests/fixtures/catalog/snapshot.json');
/** A container of its own on every run, so that a reused cloud (TEST_CLOUD_DIR) starts empty too. */
const CONTAINER = `safe-site-${Date.now().toString(36)}`;

if (!testCloud) {
  describe('a publish never breaks a reader', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

/** A publish's own bookkeeping objects (manifest, lease) are hidden names, not the site's. */
const isHidden = (name: string) => /(^|\/)\./.test(name);

/** The fixture catalog with three images gone and two new ones (new pages, changed lists, JSON and feed). */
function changedSnapshot(dir: string): string {
  const snapshot = JSON.parse(readFileSync(fixture, 'utf8'));
  const gone = new Set(['NeCTAR Fedora 21 amd64', 'NeCTAR CentOS 6 x86_64', 'NeCTAR Scientific Linux 7 x86_64']);
  const images = snapshot.images.filter((image: { name: string }) => !gone.has(image.name));
  expect(images).toHaveLength(snapshot.images.length - gone.size);
  const like = (name: string) => snapshot.images.find((image: { name: string }) => image.name === name);
  images.push(
    { ...like('NeCTAR Fedora 42 amd64'), id: 'f0f0f0f0-0043-4043-8043-f0f0f0f00043', name: 'NeCTAR Fedora 43 amd64', version: '43' },
    { ...like('NeCTAR Debian 13 (Trixie) amd64'), id: 'd0d0d0d0-0014-4014-8014-d0d0d0d00014', name: 'NeCTAR Debian 14 (Forky) amd64', version: '14', codename: 'Forky' },
  );
  snapshot.images = images;
  const path = join(dir, 'snapshot.json');
  writeFileSync(path, JSON.stringify(snapshot));
  cpSync(join(root, 'tests/fixtures/catalog/history.json'), join(dir, 'history.json'));
  return path;
}

/**
 * A copy of the project's sources with one guide sentence changed. It lives
 * under the checkout (in the ignored .e2e/) so that Node and Vite find the
 * checkout's node_modules up the tree; a symlinked node_modules breaks Astro.
 */
function projectWithChangedGuide(): string {
  const dir = join(root, '.e2e/publish-safety/project');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'content', 'public', 'astro.config.mjs', 'cloud.config.yaml', 'tsconfig.json', 'package.json']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  const guide = join(dir, 'content/docs/advanced-image-management/sharing-images.mdx');
  const text = readFileSync(guide, 'utf8');
  const changed = text.replace('you have set up an instance\njust right', 'you have tuned an instance\nexactly right, tested and documented');
  expect(changed, 'the guide sentence to change is still there').not.toBe(text);
  writeFileSync(guide, changed);
  return dir;
}

describe.skipIf(!testCloud)('a publish never breaks a reader (issue 16)', () => {
  let cloud: Cloud & { swiftEndpoint: string };
  let seed: Seed;
  let storageUrl: string;
  let siteUrl: string;
  let token: string;
  let first: string;
  let second: string;
  let firstFiles: Map<string, string>;
  let secondFiles: Map<string, string>;
  let browser: Browser | null = null;
  const secrets: string[] = [];
  const outputs: string[] = [];
  const figures: string[] = [];

  const env = (extra: Record<string, string> = {}) => cleanEnv({ ...seed.files.env.publisher!, ...extra });

  async function build(snapshot: string, cwd: string = root): Promise<string> {
    const dir = tempDir('nectar-safety-dist-');
    const site = new URL(siteUrl);
    const built = await run(node, [astro, 'build', '--outDir', dir, '--root', cwd], cleanEnv({ NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshot, SITE_URL: site.origin, SITE_BASE: site.pathname }));
    expect(built.code, explain(built)).toBe(0);
    return dir;
  }

  async function publish(dist: string, options: { env?: Record<string, string>; args?: string[] } = {}): Promise<RunResult> {
    const result = await run(node, ['scripts/publish.ts', '--container', CONTAINER, '--dist', dist, ...(options.args ?? [])], env(options.env));
    outputs.push(result.stdout, result.stderr);
    return result;
  }

  /** The container's objects (name → ETag), read with the publisher's token. */
  async function listing(): Promise<Map<string, string>> {
    const response = await fetch(`${storageUrl}/${CONTAINER}?format=json&limit=10000`, { headers: { 'x-auth-token': token } });
    if (response.status === 404) return new Map();
    const body = (await response.json()) as { name: string; hash: string }[];
    return new Map(body.map((object) => [object.name, object.hash]));
  }

  async function objectHeaders(name: string): Promise<{ status: number; deleteAt: number | null }> {
    const response = await fetch(`${storageUrl}/${CONTAINER}/${name.split('/').map(encodeURIComponent).join('/')}`, { method: 'HEAD', headers: { 'x-auth-token': token } });
    const deleteAt = response.headers.get('x-delete-at');
    return { status: response.status, deleteAt: deleteAt ? Number(deleteAt) : null };
  }

  /**
   * What differs between the container and `files`: a file missing or with
   * other content, a live asset set to expire, or an object the site does not
   * have that is neither an old content-hashed asset left to expire (it must
   * carry an expiry) nor the publish's own bookkeeping.
   */
  async function differences(files: Map<string, string>): Promise<string[]> {
    const objects = await listing();
    const out: string[] = [];
    for (const [path, md5] of files) if (objects.get(path) !== md5) out.push(`${path}: ${objects.has(path) ? 'other content' : 'missing'}`);
    // A live asset that one of the builds lacks may have been left to expire by an earlier publish: it must have lost its expiry.
    for (const path of files.keys()) {
      if (isContentHashed(path) && objects.has(path) && !(firstFiles.has(path) && secondFiles.has(path)) && (await objectHeaders(path)).deleteAt !== null) out.push(`${path}: live but set to expire`);
    }
    for (const name of objects.keys()) {
      if (files.has(name) || isHidden(name)) continue;
      if (!isContentHashed(name)) {
        out.push(`${name}: left behind`);
        continue;
      }
      // 404: its expiry has passed (Swift's listing shows it until the expirer runs).
      const headers = await objectHeaders(name);
      if (headers.status !== 404 && headers.deleteAt === null) out.push(`${name}: an old asset with no expiry`);
    }
    return out;
  }

  /** Objects that changed between two listings (hidden bookkeeping aside). */
  function changed(before: Map<string, string>, after: Map<string, string>): number {
    let count = 0;
    for (const [name, hash] of after) if (!isHidden(name) && before.get(name) !== hash) count += 1;
    for (const name of before.keys()) if (!isHidden(name) && !after.has(name)) count += 1;
    return count;
  }

  function reader(): SiteReader {
    return new SiteReader({ siteUrl, listing: { url: `${storageUrl}/${CONTAINER}`, token: () => token }, maxDurationMs: 600_000 });
  }

  /** Runs `scenario` with a reader polling throughout (and one whole sample after it); returns the reader's report. */
  async function observed(name: string, scenario: (reader: SiteReader) => Promise<void>): Promise<ReaderReport> {
    const polling = reader().start();
    try {
      await scenario(polling);
      await polling.nextSample();
    } finally {
      const report = await polling.stop();
      figures.push(`${name}: reader ${describeReport(report)}`);
      console.log(`publish-safety: ${name}: reader ${describeReport(report)}${report.unconfirmed.count ? `; unconfirmed: ${report.unconfirmed.first.join('; ')}` : ''}`);
    }
    const report = polling.report;
    expect(report.ended, 'the reader polled until the end of the scenario (not cut short by its own time limit)').toBe('stopped');
    return report;
  }

  async function expectPublished(result: RunResult, files: Map<string, string>): Promise<void> {
    expect(result.code, explain(result)).toBe(0);
    expect(await differences(files)).toEqual([]);
  }

  /** Puts this build live unless it already is (a test that failed may have left the other). */
  async function ensurePublished(dist: string, files: Map<string, string>): Promise<void> {
    if ((await differences(files)).length > 0) await expectPublished(await publish(dist), files);
  }

  beforeAll(async () => {
    cloud = readJson(testCloud!.cloudJson);
    seed = readJson(testCloud!.seedJson);
    const publisher = seed.users.publisher;
    token = await passwordToken(cloud.authUrl, publisher, publisher.projectId);
    storageUrl = `${cloud.swiftEndpoint}/v1/AUTH_${publisher.projectId}`;
    siteUrl = `${storageUrl}/${CONTAINER}/`;
    secrets.push(publisher.password, token, cloud.admin.password);

    first = await build(fixture);
    second = await build(changedSnapshot(tempDir('nectar-safety-snap-')), projectWithChangedGuide());
    firstFiles = md5s(first);
    secondFiles = md5s(second);
    // The two builds differ the way a nightly refresh does: pages come and go, hashed assets and the search index change.
    const gone = [...firstFiles.keys()].filter((path) => !secondFiles.has(path));
    expect(gone.some((path) => /^catalog\/[^/]+\/index\.html$/.test(path)), 'an image page goes').toBe(true);
    expect(gone.some((path) => path.startsWith('_astro/') && path.endsWith('.css')), 'a stylesheet is renamed').toBe(true);
    expect(gone.some((path) => path.startsWith('pagefind/fragment/')), 'a search fragment is renamed').toBe(true);
    expect([...secondFiles.keys()].some((path) => !firstFiles.has(path) && /^catalog\/[^/]+\/index\.html$/.test(path)), 'an image page comes').toBe(true);
    expect(readFileSync(join(second, 'sharing-images/index.html'), 'utf8'), 'the changed guide sentence').toContain('exactly right, tested and documented');

    const initial = await publish(first);
    await expectPublished(initial, firstFiles);
  });

  afterAll(async () => {
    await browser?.close();
    if (token) {
      for (const name of (await listing()).keys()) await fetch(`${storageUrl}/${CONTAINER}/${name.split('/').map(encodeURIComponent).join('/')}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
      await fetch(`${storageUrl}/${CONTAINER}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
    }
    if (figures.length > 0) console.log(`publish-safety figures:\n  ${figures.join('\n  ')}`);
    for (const output of outputs) for (const secret of secrets) expect(output.includes(secret)).toBe(false);
    rmSync(join(root, '.e2e/publish-safety'), { recursive: true, force: true });
    removeTempDirs();
  });

  it('a) ordinary publishes from one build to the other and back: no reader ever meets a missing reference', async () => {
    await ensurePublished(first, firstFiles);
    let publishes = 0;
    const report = await observed('ordinary publishes', async (polling) => {
      await polling.nextSample();
      for (const [dist, files] of [[second, secondFiles], [first, firstFiles], [second, secondFiles]] as const) {
        await expectPublished(await publish(dist), files);
        publishes += 1;
      }
    });
    expect(publishes).toBe(3);
    expect(report.samples).toBeGreaterThanOrEqual(3);
    expect(report.broken, describeBroken(report)).toEqual([]);
    expect(report.errors.first).toEqual([]);
  });

  it('b) publishes killed at several points, each completed by the next publish: no broken read', async () => {
    await ensurePublished(first, firstFiles);
    // Back and forth between the builds, each publish killed further in, then completed.
    const toSecond = [...secondFiles].filter(([path, md5]) => firstFiles.get(path) !== md5).length;
    const toFirst = [...firstFiles].filter(([path, md5]) => secondFiles.get(path) !== md5).length;
    const rounds: { dist: string; files: Map<string, string>; point: number }[] = [
      { dist: second, files: secondFiles, point: 1 },
      { dist: first, files: firstFiles, point: Math.floor(toFirst / 3) },
      { dist: second, files: secondFiles, point: Math.floor((2 * toSecond) / 3) },
    ];
    const kills: string[] = [];
    const report = await observed('killed publishes', async (polling) => {
      for (const { dist, files, point } of rounds) {
        const before = await listing();
        const child = spawn(node, ['scripts/publish.ts', '--container', CONTAINER, '--dist', dist, '--jobs', '2'], { cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
        let exitCode: number | null = null;
        let exited = false;
        const closed = new Promise<void>((resolve) => child.on('close', (code) => ((exitCode = code), (exited = true), resolve())));
        let killed = false;
        while (!exited && !killed) {
          if (changed(before, await listing()) >= point) killed = child.kill('SIGKILL');
          else await sleep(5);
        }
        await closed;
        outputs.push(output);
        const midway = changed(before, await listing());
        kills.push(`${killed ? 'killed' : `exited ${exitCode} before the kill`} after ${point} changes (${midway} objects changed)`);
        expect(killed, `the publish was killed after ${point} changed objects (it exited ${exitCode} first: ${output.trim()})`).toBe(true);
        // A whole sample of what the kill left, then the publish that completes it.
        await polling.nextSample();
        await expectPublished(await publish(dist), files);
      }
    });
    figures.push(`killed publishes: ${kills.join('; ')}`);
    expect(report.broken, describeBroken(report)).toEqual([]);
    expect(report.errors.first).toEqual([]);
  }, 600_000);

  it('c) publishes through a fault-injecting proxy end complete, or say the site is between versions and the next completes it; no broken read', async () => {
    const total: FaultCounts = { requests: 0, forwarded: 0, faulted: { unavailable: 0, drop: 0, lost: 0, slow: 0, expire: 0 }, overLimit: 0 };
    const outcomes: string[] = [];
    const mild: FaultProxyOptions['rates'] = { unavailable: 0.05, drop: 0.03, lost: 0.02, slow: 0.02, expire: 0.02 };
    const runs: { seed: number; rates: FaultProxyOptions['rates']; retries: string; spare?: FaultProxyOptions['spare'] }[] = [
      { seed: 1601, rates: mild, retries: '3' },
      { seed: 1602, rates: mild, retries: '3' },
      { seed: 1603, rates: { ...mild, unavailable: 0.1 }, retries: '3' },
      // Harsh: uploads fail one time in six with no retry, so the publish stops partway.
      { seed: 1604, rates: { unavailable: 0.16 }, retries: '0', spare: (method, path) => method !== 'PUT' || /\/\.[^/]*$/.test(path) },
    ];
    await ensurePublished(first, firstFiles);
    let dist = second;
    const report = await observed('faulted publishes', async () => {
      for (const { seed: faultSeed, rates, retries, spare } of runs) {
        const files = dist === second ? secondFiles : firstFiles;
        const before = await listing();
        // A late answer comes after the client's time limit (CATALOG_TIMEOUT_MS, which Keystone on a busy machine needs a few seconds of).
        const proxy = await startFaultProxy({ target: cloud.swiftEndpoint, seed: faultSeed, rates, slowMs: 4500, maxFaults: { expire: 1, slow: 2 }, spare });
        let result: RunResult;
        try {
          result = await publish(dist, {
            env: {
              OS_OBJECT_STORE_ENDPOINT_OVERRIDE: `${proxy.origin}${new URL(storageUrl).pathname}`,
              CATALOG_TIMEOUT_MS: '4000',
              CATALOG_RETRIES: retries,
              CATALOG_RETRY_DELAY_MS: '20',
              CATALOG_RETRY_MAX_DELAY_MS: '200',
            },
            args: ['--public-url', siteUrl],
          });
        } finally {
          await proxy.close();
        }
        for (const kind of FAULT_KINDS) total.faulted[kind] += proxy.counts.faulted[kind];
        total.requests += proxy.counts.requests;
        total.forwarded += proxy.counts.forwarded;
        const line = `seed ${faultSeed}: exit ${result.code}, ${describeCounts(proxy.counts)}`;
        expect(proxy.counts.requests, `the publish went through the proxy (OS_OBJECT_STORE_ENDPOINT_OVERRIDE)\n${line}\n${explain(result)}`).toBeGreaterThan(0);
        if (result.code === 0) {
          expect(await differences(files), line).toEqual([]);
          outcomes.push(`${line}: complete`);
          console.log(`publish-safety: ${outcomes.at(-1)}`);
        } else {
          const errors = result.stderr.split('\n').filter((text) => /^publish: error: /.test(text));
          expect(errors, `${line}\n${explain(result)}`).toHaveLength(1);
          const untouched = changed(before, await listing()) === 0;
          if (!untouched) expect(errors[0], `${line}: a publish that changed the container says the site is between versions\n${explain(result)}`).toContain('between versions');
          outcomes.push(`${line}: failed (${untouched ? 'nothing changed' : 'between versions'}), then a clean publish`);
          console.log(`publish-safety: ${outcomes.at(-1)}`);
          await expectPublished(await publish(dist), files);
        }
        dist = dist === second ? first : second;
      }
    });
    const kinds = FAULT_KINDS.map((kind) => `${kind} ${total.faulted[kind]}`).join(', ');
    const summary =
      `faults: ${runs.length} publishes under faults (${outcomes.filter((o) => o.endsWith('complete')).length} complete, ` +
      `${outcomes.filter((o) => !o.endsWith('complete')).length} failed and completed by the next); ` +
      `${total.requests} requests to Swift, faulted by kind: ${kinds}; reader: ${report.reads} reads, ${report.broken.length} broken reads`;
    console.log(`publish-safety: ${summary}\n  ${outcomes.join('\n  ')}`);
    figures.push(summary);
    for (const kind of FAULT_KINDS) expect(total.faulted[kind], `the proxy made ${kind} faults`).toBeGreaterThan(0);
    expect(report.broken, describeBroken(report)).toEqual([]);
    expect(report.errors.first).toEqual([]);
  }, 600_000);

  describe('d) a reader who opened the site before a publish', () => {
    /** Every response the page got for this site, by URL → status. */
    function watch(page: Page): Map<string, number> {
      const seen = new Map<string, number>();
      page.on('response', (response: Response) => {
        if (response.url().startsWith(siteUrl)) seen.set(response.url(), response.status());
      });
      page.on('requestfailed', (request) => {
        if (request.url().startsWith(siteUrl)) seen.set(request.url(), 0);
      });
      return seen;
    }

    async function search(page: Page, query: string): Promise<string[]> {
      const input = page.locator('dialog[open] input.pagefind-ui__search-input');
      await input.fill(query);
      await page.locator('.pagefind-ui__message', { hasText: query }).waitFor({ timeout: 15_000 });
      const links = page.locator('dialog[open] .pagefind-ui__result-link');
      await links.first().waitFor({ timeout: 15_000 });
      return links.evaluateAll((elements) => elements.map((element) => (element as HTMLAnchorElement).href));
    }

    it('keeps working search results and page assets after a publish that changes content', async () => {
      await ensurePublished(first, firstFiles);
      browser ??= await launchBrowser();
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const responses = watch(page);
      await page.goto(`${siteUrl}sharing-images/`);
      await page.locator('site-search button[data-open-modal]').click();
      const before = await search(page, 'accept');
      expect(before.length).toBeGreaterThan(0);
      const oldCss = [...firstFiles.keys()].filter((path) => path.startsWith('_astro/') && path.endsWith('.css') && !secondFiles.has(path));
      expect(oldCss.length).toBeGreaterThan(0);

      let afterPublish = new Map<string, number>();
      let results: string[] = [];
      let assets: { url: string; status: number }[] = [];
      const report = await observed('Chromium reader', async () => {
        await expectPublished(await publish(second), secondFiles);
        responses.clear();
        // Another search in the same page: its index chunks and fragments are the old build's.
        results = await search(page, 'snapshot');
        // Every asset the page loaded, fetched again as a reload or a lazy load would.
        assets = await page.evaluate(async (site) => {
          const urls = new Set<string>();
          for (const entry of performance.getEntriesByType('resource')) if (entry.name.startsWith(site)) urls.add(entry.name);
          for (const element of document.querySelectorAll<HTMLLinkElement | HTMLScriptElement>('link[rel="stylesheet"], script[src]')) {
            const url = 'href' in element ? element.href : element.src;
            if (url.startsWith(site)) urls.add(url);
          }
          return Promise.all([...urls].map(async (url) => ({ url, status: (await fetch(url, { cache: 'no-store' })).status })));
        }, siteUrl);
        afterPublish = new Map(responses);
      });
      expect(results.length, 'search results after the publish').toBeGreaterThan(0);
      expect([...afterPublish].filter(([, status]) => status !== 200 && status !== 304), 'what the search loaded after the publish').toEqual([]);
      expect(assets.filter((asset) => asset.status !== 200), "the page's assets after the publish").toEqual([]);
      expect(assets.some((asset) => oldCss.some((css) => asset.url.endsWith(css))), 'the page uses a stylesheet the new build renamed').toBe(true);
      // A result opens its page.
      const opened = await page.goto(results[0]!);
      expect(opened?.status(), results[0]).toBe(200);
      expect(errors).toEqual([]);
      expect(report.broken, describeBroken(report)).toEqual([]);
      await context.close();

      // The old stylesheet is kept for the default grace period (24 hours) by Swift's own expiry.
      const kept = await objectHeaders(oldCss[0]!);
      expect(kept.status).toBe(200);
      expect(kept.deleteAt, `${oldCss[0]} has X-Delete-At`).not.toBeNull();
      const hours = (kept.deleteAt! - Date.now() / 1000) / 3600;
      expect(hours).toBeGreaterThan(23);
      expect(hours).toBeLessThanOrEqual(24.1);
    });

    it('an old asset that comes back loses its expiry; one left behind expires after the grace period', async () => {
      const comesBack = [...firstFiles.keys()].find((path) => path.startsWith('_astro/') && path.endsWith('.css') && !secondFiles.has(path))!;
      const leftBehind = [...secondFiles.keys()].find((path) => path.startsWith('_astro/') && path.endsWith('.css') && !firstFiles.has(path))!;
      expect((await objectHeaders(comesBack)).deleteAt, `${comesBack} expires before the publish`).not.toBeNull();
      const report = await observed('grace period', async () => {
        await expectPublished(await publish(first, { args: ['--keep-old-assets', '15s'] }), firstFiles);
        expect(await objectHeaders(comesBack)).toEqual({ status: 200, deleteAt: null });
        const expiry = await objectHeaders(leftBehind);
        expect(expiry.status).toBe(200);
        expect(expiry.deleteAt).not.toBeNull();
        expect(expiry.deleteAt! - Date.now() / 1000).toBeLessThanOrEqual(15);
        await sleep(Math.max(0, expiry.deleteAt! * 1000 - Date.now()) + 1500);
        expect((await fetch(`${siteUrl}${leftBehind}`)).status, `${leftBehind} after its grace period`).toBe(404);
      });
      expect(report.broken, describeBroken(report)).toEqual([]);
    });
  });
});
