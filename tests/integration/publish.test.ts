/**
 * npm run publish and npm run refresh against the test cloud's real Swift
 * (keystoneauth + staticweb): what an anonymous reader gets, what a republish
 * uploads, a publish killed midway, and the failures that must publish nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/support/browser.ts';
import { cleanEnv, explain, md5s, passwordToken, readJson, removeTempDirs, root, run, tempDir, type Cloud, type Seed } from './support/test-cloud.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');
const node = join(root, 'node_modules/.bin/node');
const astro = join(root, 'node_modules/astro/bin/astro.mjs');
const fixture = join(root, 'tests/fixtures/catalog/snapshot.json');

if (!testCloud) {
  describe('publishing to a real Swift', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

const isHashed = (path: string) => /^_astro\/|^pagefind\/(fragment|index|filter)\/|^pagefind\/pagefind\.[^/]+\.pf_meta$/.test(path);

function summaryOf(stdout: string): { uploaded: number; unchanged: number; deleted: number } | null {
  const match = /uploaded (\d+) files \/ [\d.]+ MB, unchanged (\d+), deleted (\d+)/.exec(stdout);
  return match ? { uploaded: Number(match[1]), unchanged: Number(match[2]), deleted: Number(match[3]) } : null;
}

describe.skipIf(!testCloud)('publishing to a real Swift', () => {
  let cloud: Cloud & { swiftEndpoint: string };
  let seed: Seed;
  let storageUrl: string;
  let token: string;
  let browser: Browser;
  const secrets: string[] = [];
  const outputs: string[] = [];

  const env = (extra: Record<string, string> = {}) => cleanEnv({ ...seed.files.env.publisher!, ...extra });
  const siteEnv = (container: string) => ({ SITE_URL: new URL(storageUrl).origin, SITE_BASE: `${new URL(storageUrl).pathname}/${container}/` });
  const containerUrl = (container: string) => `${storageUrl}/${container}/`;

  async function build(container: string, snapshot: string): Promise<string> {
    const dir = tempDir('nectar-publish-dist-');
    const built = await run(node, [astro, 'build', '--outDir', dir], cleanEnv({ NODE_ENV: 'production', CATALOG_SNAPSHOT: snapshot, ...siteEnv(container) }));
    expect(built.code, explain(built)).toBe(0);
    return dir;
  }

  async function publish(container: string, dist: string, extraEnv: Record<string, string> = {}, args: string[] = []) {
    const result = await run(node, ['scripts/publish.ts', '--container', container, '--dist', dist, ...args], env(extraEnv));
    outputs.push(result.stdout, result.stderr);
    return result;
  }

  /** The container's objects (name → ETag), read with the publisher's token; without the publish's manifest and lease unless `all`. */
  async function listing(container: string, all = false): Promise<Map<string, string>> {
    const response = await fetch(`${storageUrl}/${container}?format=json&limit=10000`, { headers: { 'x-auth-token': token } });
    if (response.status === 404) return new Map();
    const body = (await response.json()) as { name: string; hash: string }[];
    return new Map(body.filter((object) => all || !/(^|\/)\.site-publish\./.test(object.name)).map((object) => [object.name, object.hash]));
  }

  /** The manifest's ETag and Last-Modified, as Swift lists them: any write to it changes the second. */
  async function manifestStamp(container: string): Promise<{ hash: string; lastModified: string }> {
    const response = await fetch(`${storageUrl}/${container}?format=json&prefix=.site-publish.json`, { headers: { 'x-auth-token': token } });
    const [entry] = (await response.json()) as { name: string; hash: string; last_modified: string }[];
    expect(entry?.name).toBe('.site-publish.json');
    return { hash: entry!.hash, lastModified: entry!.last_modified };
  }

  /** Every object's Last-Modified but the lease's (the run's own object): what a publish that writes nothing leaves as it was. */
  async function stamps(container: string): Promise<Map<string, string>> {
    const response = await fetch(`${storageUrl}/${container}?format=json&limit=10000`, { headers: { 'x-auth-token': token } });
    const body = (await response.json()) as { name: string; hash: string; last_modified: string }[];
    return new Map(body.filter((object) => object.name !== '.site-publish.lease').map((object) => [object.name, `${object.hash} ${object.last_modified}`]));
  }

  /** The objects a reader can load now (an expired asset may stay listed until Swift's expirer runs). */
  async function served(container: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const [name, hash] of await listing(container)) {
      if ((await fetch(`${containerUrl(container)}${name}`, { method: 'HEAD' })).status === 200) out.set(name, hash);
    }
    return out;
  }

  /** What an anonymous reader gets. */
  async function anonymous(url: string): Promise<{ status: number; type: string; cache: string; body: string }> {
    const response = await fetch(url, { redirect: 'manual' });
    return { status: response.status, type: response.headers.get('content-type') ?? '', cache: response.headers.get('cache-control') ?? '', body: await response.text() };
  }

  /** Every page in the container loads anonymously with every stylesheet and script it uses. */
  async function everyPageComplete(container: string): Promise<string[]> {
    const problems: string[] = [];
    const names = [...(await listing(container)).keys()].filter((name) => name.endsWith('.html'));
    for (const name of names) {
      const page = await anonymous(`${containerUrl(container)}${name}`);
      if (page.status !== 200) problems.push(`${name}: HTTP ${page.status}`);
      const assets = [...page.body.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
      for (const asset of new Set(assets)) {
        const target = new URL(asset, `${containerUrl(container)}${name}`);
        if (target.origin !== new URL(storageUrl).origin) continue;
        const response = await fetch(target, { method: 'HEAD' });
        if (response.status !== 200) problems.push(`${name} -> ${target.pathname}: HTTP ${response.status}`);
      }
    }
    return problems;
  }

  beforeAll(async () => {
    cloud = readJson(testCloud!.cloudJson);
    seed = readJson(testCloud!.seedJson);
    const publisher = seed.users.publisher;
    token = await passwordToken(cloud.authUrl, publisher, publisher.projectId);
    storageUrl = `${cloud.swiftEndpoint}/v1/AUTH_${publisher.projectId}`;
    secrets.push(publisher.password, token, cloud.admin.password);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    for (const output of outputs) for (const secret of secrets) expect(output.includes(secret)).toBe(false);
    removeTempDirs();
  });

  describe('a build published to a new container', () => {
    const container = 'site-a';
    let first: string;
    let changed: string;
    let firstRun: Awaited<ReturnType<typeof publish>>;

    beforeAll(async () => {
      first = await build(container, fixture);
      // The same catalog with one image renamed: its page moves to a new address. The image is one the history
      // never names, so no archived build's or removed image's page takes over its old address.
      const snapshot = JSON.parse(readFileSync(fixture, 'utf8'));
      const history = readFileSync(join(root, 'tests/fixtures/catalog/history.json'), 'utf8');
      const renamed = snapshot.images.find((image: { name: string }) => !history.includes(JSON.stringify(image.name)));
      renamed.name = `${renamed.name} (rebuilt)`;
      const changedSnapshot = join(tempDir('nectar-publish-snap-'), 'snapshot.json');
      writeFileSync(changedSnapshot, JSON.stringify(snapshot));
      cpSync(join(root, 'tests/fixtures/catalog/history.json'), join(changedSnapshot, '../history.json'));
      changed = await build(container, changedSnapshot);
      firstRun = await publish(container, first);
    });

    it('uploads every file and says so in one summary line', () => {
      expect(firstRun.code, explain(firstRun)).toBe(0);
      expect(summaryOf(firstRun.stdout)).toEqual({ uploaded: md5s(first).size, unchanged: 0, deleted: 0 });
      expect(firstRun.stdout.trim().split('\n')).toHaveLength(1);
    });

    it('serves the root, a guide page, /catalog/ and an image page to anonymous readers, with the right types', async () => {
      const url = containerUrl(container);
      const imagePage = [...md5s(first).keys()].find((path) => /^catalog\/[^/]+\/index\.html$/.test(path) && !path.startsWith('catalog/changes/') && !path.startsWith('catalog/distro/'))!;
      for (const path of ['', 'official-images/', 'catalog/', imagePage.replace(/index\.html$/, '')]) {
        const page = await anonymous(`${url}${path}`);
        expect(page.status, path).toBe(200);
        expect(page.type, path).toBe('text/html; charset=utf-8');
        expect(page.cache, path).toBe('public, max-age=300');
        expect(page.body, path).toContain('<link rel="canonical" href="' + url + path + '"');
      }
      const files = [...md5s(first).keys()];
      const expectType = async (path: string, type: string) => expect((await anonymous(`${url}${path}`)).type, path).toBe(type);
      await expectType('catalog.json', 'application/json; charset=utf-8');
      await expectType('catalog/feed.xml', 'application/atom+xml; charset=utf-8');
      await expectType('favicon.svg', 'image/svg+xml');
      await expectType(files.find((f) => f.endsWith('.css'))!, 'text/css; charset=utf-8');
      await expectType(files.find((f) => f.endsWith('.pf_meta'))!, 'application/octet-stream');
      const script = files.find((f) => f.startsWith('_astro/') && f.endsWith('.js'))!;
      expect(await anonymous(`${url}${script}`)).toMatchObject({ type: 'text/javascript; charset=utf-8', cache: 'public, max-age=31536000, immutable' });
    });

    it("answers a missing page with the site's 404 page and status 404", async () => {
      const page = await anonymous(`${containerUrl(container)}no-such-page/`);
      expect(page.status).toBe(404);
      expect(page.body).toContain('Page not found');
    });

    it('finds a guide page with the search box in Chromium, read from Swift', async () => {
      const page = await browser.newPage();
      await page.goto(containerUrl(container));
      await page.locator('site-search button[data-open-modal]').click();
      await page.locator('dialog[open] input').fill('accept');
      const result = page.locator('dialog[open] .pagefind-ui__result-link').first();
      await result.waitFor();
      const href = (await result.getAttribute('href')) ?? '';
      expect(href.startsWith(new URL(containerUrl(container)).pathname)).toBe(true);
      const [response] = await Promise.all([page.waitForEvent('response', (r) => r.request().isNavigationRequest()), result.click()]);
      expect(response.status()).toBe(200);
      await page.close();
    });

    it('filters the catalog in Chromium, read from Swift, and a filtered row opens its image page', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${containerUrl(container)}catalog/`);
      const search = page.locator('#catalog-q');
      await expect.poll(() => search.isDisabled()).toBe(false);
      const rows = page.locator('[data-catalog] tbody tr[data-id]:visible');
      const all = await rows.count();
      await search.fill('noble');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      const shown = await rows.count();
      expect(shown).toBeLessThan(all);
      expect(new URL(page.url()).searchParams.get('q')).toBe('noble');
      const link = rows.first().locator('a').first();
      const href = (await link.getAttribute('href')) ?? '';
      expect(href.startsWith(`${new URL(containerUrl(container)).pathname}catalog/`)).toBe(true);
      const [response] = await Promise.all([page.waitForEvent('response', (r) => r.request().isNavigationRequest()), link.click()]);
      expect(response.status()).toBe(200);
      expect(errors).toEqual([]);
      await page.close();
    });

    it('writes nothing, not even the manifest, when republished unchanged', async () => {
      const before = await stamps(container);
      const manifest = await manifestStamp(container);
      // Swift's Last-Modified has a resolution of a second: a rewrite in the same second would not show.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const again = await publish(container, first);
      expect(again.code, explain(again)).toBe(0);
      expect(summaryOf(again.stdout)).toEqual({ uploaded: 0, unchanged: md5s(first).size, deleted: 0 });
      expect(again.stdout).toContain(', 0 objects written, read back 6 addresses');
      expect(await manifestStamp(container)).toEqual(manifest);
      expect(await stamps(container)).toEqual(before);
    });

    it('uploads only what changed and deletes the page the site no longer has', async () => {
      const before = md5s(first);
      const after = md5s(changed);
      const changedFiles = [...after].filter(([path, md5]) => before.get(path) !== md5).map(([path]) => path);
      const goneFiles = [...before.keys()].filter((path) => !after.has(path));
      expect(goneFiles.some((path) => /^catalog\/[^/]+\/index\.html$/.test(path))).toBe(true);
      expect(changedFiles.length).toBeLessThan(after.size / 2);

      const republished = await publish(container, changed);
      expect(republished.code, explain(republished)).toBe(0);
      const goneHashed = goneFiles.filter(isHashed);
      expect(summaryOf(republished.stdout)).toEqual({ uploaded: changedFiles.length, unchanged: after.size - changedFiles.length, deleted: goneFiles.length - goneHashed.length });
      expect(republished.stdout).toContain(goneHashed.length > 0 ? `${goneHashed.length} old assets left to expire` : 'deleted');
      expect(republished.stdout).toMatch(/read back 6 addresses/);
      const objects = await listing(container);
      // The old hashed assets stay (expiring) for readers who still have an old page open.
      expect([...objects.keys()].sort()).toEqual([...new Set([...after.keys(), ...goneHashed])].sort());
      for (const [path, md5] of after) expect(objects.get(path), path).toBe(md5);
      const gone = goneFiles.find((path) => path.endsWith('/index.html'))!;
      expect((await anonymous(`${containerUrl(container)}${gone.replace(/index\.html$/, '')}`)).status).toBe(404);
    });

    it('leaves every page complete when a publish is killed midway', async () => {
      // From the changed site back to the first one, one upload at a time, killed after the first upload lands.
      const before = await listing(container);
      const child = spawn(node, ['scripts/publish.ts', '--container', container, '--dist', first, '--jobs', '1'], { cwd: root, env: env(), stdio: 'ignore' });
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      let killed = false;
      for (let i = 0; i < 400 && !killed; i++) {
        const now = await listing(container);
        if ([...now].some(([name, hash]) => before.get(name) !== hash)) {
          child.kill('SIGKILL');
          killed = true;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      await closed;
      expect(killed).toBe(true);
      const midway = await listing(container);
      const firstSite = md5s(first);
      expect([...midway].some(([name, hash]) => firstSite.get(name) !== hash), 'the kill left the publish unfinished').toBe(true);
      expect(await everyPageComplete(container)).toEqual([]);

      const finished = await publish(container, first);
      expect(finished.code, explain(finished)).toBe(0);
      // The killed run's lease (this host, its pid gone) is taken over, saying so.
      expect(finished.stderr).toMatch(/took over the lease on container "site-a" left by publish \(pid \d+ on .*\), which is no longer running/);
      expect(await everyPageComplete(container)).toEqual([]);
      const now = await listing(container);
      for (const [path, md5] of firstSite) expect(now.get(path), path).toBe(md5);
      expect([...now.keys()].filter((name) => !firstSite.has(name) && !isHashed(name))).toEqual([]);
    });

    it('publishes nothing with a wrong password: one line, exit 3, no secret', async () => {
      const before = await listing(container);
      const failed = await publish(container, changed, { OS_PASSWORD: 'not-the-password' });
      expect(failed.code, explain(failed)).toBe(3);
      expect(failed.stderr.trim().split('\n')).toHaveLength(1);
      expect(failed.stderr).toMatch(/^publish: error: Keystone .* rejected the credentials/);
      expect(failed.stderr).not.toContain('not-the-password');
      expect(await listing(container)).toEqual(before);
    });

    it('refuses a site built for another address, naming both and the fix', async () => {
      const failed = await publish('site-b', first);
      expect(failed.code, explain(failed)).toBe(2);
      expect(failed.stderr).toContain(containerUrl('site-a'));
      expect(failed.stderr).toContain(containerUrl('site-b'));
      expect(failed.stderr).toContain(`SITE_BASE=${new URL(storageUrl).pathname}/site-b/`);
      expect((await listing('site-b')).size).toBe(0);
    });

    it('lists what it would do with --dry-run and changes nothing', async () => {
      const before = await listing(container);
      const dry = await publish(container, changed, {}, ['--dry-run']);
      expect(dry.code, explain(dry)).toBe(0);
      expect(dry.stdout).toMatch(/^upload catalog\//m);
      expect(dry.stdout).toMatch(/^delete catalog\//m);
      expect(dry.stdout).toContain('nothing was changed');
      expect(await listing(container)).toEqual(before);
    });

    it('lets a member (an operator role for keystoneauth) publish', async () => {
      const member = seed.users.member;
      const asMember = await run(node, ['scripts/publish.ts', '--container', container, '--dist', first], cleanEnv(seed.files.env.member!));
      outputs.push(asMember.stdout, asMember.stderr);
      secrets.push(member.password);
      expect(asMember.code, explain(asMember)).toBe(0);
      expect(summaryOf(asMember.stdout)?.uploaded).toBe(0);
    });
  });

  describe('a publish that keeps readers and the operator safe', () => {
    let v1: string;
    let v2: string;

    /** A copy of a built site, moved to another container's address (every link rewritten; gzipped Pagefind data keeps its old links). */
    function retarget(dist: string, from: string, to: string): string {
      const dir = tempDir('nectar-publish-copy-');
      cpSync(dist, dir, { recursive: true });
      const fromPath = `${new URL(storageUrl).pathname}/${from}/`;
      const toPath = `${new URL(storageUrl).pathname}/${to}/`;
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(html|json|xml|css|js|txt)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const text = readFileSync(file, 'utf8');
        if (text.includes(fromPath)) writeFileSync(file, text.split(fromPath).join(toPath));
      }
      return dir;
    }

    /** A site's files whose names carry their content's hash and that `other` lacks. */
    const hashedOnlyIn = (dist: string, other: string) => [...md5s(dist).keys()].filter((path) => isHashed(path) && !md5s(other).has(path));

    async function head(url: string) {
      const response = await fetch(url, { method: 'HEAD', headers: { 'x-auth-token': token } });
      return { status: response.status, deleteAt: response.headers.get('x-delete-at') };
    }

    /** An HTTP proxy in front of Swift that breaks what `fault` says; returns its object-store URL. */
    async function proxy(fault: (request: http.IncomingMessage, count: { puts: number }) => { status: number; body?: string } | 'text/plain' | null) {
      const target = new URL(storageUrl);
      const count = { puts: 0 };
      const server = http.createServer((request, response) => {
        if (request.method === 'PUT') count.puts += 1;
        const broken = fault(request, count);
        if (broken !== null && broken !== 'text/plain') {
          request.resume();
          response.writeHead(broken.status, { 'content-type': 'text/plain' }).end(broken.body ?? '');
          return;
        }
        const upstream = http.request({ host: target.hostname, port: target.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
          const headers = { ...answer.headers };
          if (broken === 'text/plain') headers['content-type'] = 'text/plain';
          response.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(response);
        });
        upstream.on('error', () => response.destroy());
        request.pipe(upstream);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      const port = (server.address() as AddressInfo).port;
      return { storage: `http://127.0.0.1:${port}${target.pathname}`, origin: `http://127.0.0.1:${port}`, count };
    }
    const servers: http.Server[] = [];
    afterAll(() => servers.forEach((server) => server.close()));

    beforeAll(async () => {
      v1 = await build('safe-grace', fixture);
      // The same catalog with one image renamed: new Pagefind fragments, one page moved.
      const snapshot = JSON.parse(readFileSync(fixture, 'utf8'));
      snapshot.images[1].name = `${snapshot.images[1].name} (v2)`;
      const changedSnapshot = join(tempDir('nectar-publish-snap-'), 'snapshot.json');
      writeFileSync(changedSnapshot, JSON.stringify(snapshot));
      cpSync(join(root, 'tests/fixtures/catalog/history.json'), join(changedSnapshot, '../history.json'));
      v2 = await build('safe-grace', changedSnapshot);
    });

    it('keeps old hashed assets for the grace period, then they expire; one that comes back loses its expiry', async () => {
      const container = 'safe-grace';
      const oldAssets = hashedOnlyIn(v1, v2);
      expect(oldAssets.some((path) => path.startsWith('pagefind/fragment/'))).toBe(true);
      expect((await publish(container, v1)).code).toBe(0);
      // A short grace (the publish itself takes seconds on a busy machine: long enough to look before it ends).
      const second = await publish(container, v2, {}, ['--keep-old-assets', '12s']);
      expect(second.code, explain(second)).toBe(0);
      expect(second.stdout).toContain(`${oldAssets.length} old assets left to expire`);
      // A reader who loaded v1 still gets its fragments and CSS, each with its expiry.
      const expiries: number[] = [];
      for (const path of oldAssets) {
        const answer = await head(`${containerUrl(container)}${path}`);
        expect(answer.status, path).toBe(200);
        expect(answer.deleteAt, path).toMatch(/^\d+$/);
        expiries.push(Number(answer.deleteAt));
      }
      expect((await anonymous(`${containerUrl(container)}${oldAssets[0]}`)).type).toBe('application/octet-stream');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.max(...expiries) * 1000 - Date.now()) + 1500));
      for (const path of oldAssets) expect((await anonymous(`${containerUrl(container)}${path}`)).status, path).toBe(404);

      // Back to v1: its assets come back, without an expiry, and v2's are left to expire.
      const back = await publish(container, v1, {}, ['--keep-old-assets', '1h']);
      expect(back.code, explain(back)).toBe(0);
      for (const path of oldAssets) {
        expect(await head(`${containerUrl(container)}${path}`), path).toEqual({ status: 200, deleteAt: null });
      }
      for (const path of hashedOnlyIn(v2, v1)) expect((await head(`${containerUrl(container)}${path}`)).deleteAt, path).toMatch(/^\d+$/);
      expect(await everyPageComplete(container)).toEqual([]);
    });

    it('refuses the shrink of more than a quarter of the site, changing nothing, unless --allow-shrink', async () => {
      const container = 'safe-grace';
      const small = tempDir('nectar-publish-small-');
      cpSync(v1, small, { recursive: true });
      for (const path of md5s(small).keys()) if (/^catalog\/[^/]+\/index\.html$|^catalog\/latest\//.test(path)) rmSync(join(small, path));
      const before = await listing(container);
      const refused = await publish(container, small);
      expect(refused.code, explain(refused)).toBe(5);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/^publish: error: this publish would remove \d+ of the site's \d+ objects \(more than 25%\); nothing was changed; .*--allow-shrink/);
      expect(await listing(container)).toEqual(before);
      const dry = await publish(container, small, {}, ['--allow-shrink', '--dry-run']);
      expect(dry.code, explain(dry)).toBe(0);
    });

    it("leaves the operator's objects alone and refuses a private container without --take-over", async () => {
      const container = 'safe-shared';
      const site = retarget(v1, 'safe-grace', container);
      const auth = { 'x-auth-token': token };
      expect((await fetch(`${storageUrl}/${container}`, { method: 'PUT', headers: auth })).status).toBe(201);
      expect((await fetch(`${storageUrl}/${container}/backup.sql`, { method: 'PUT', headers: auth, body: 'secret rows' })).status).toBe(201);

      const refused = await publish(container, site);
      expect(refused.code, explain(refused)).toBe(2);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused.stderr).toMatch(/container "safe-shared" holds 1 object this site did not publish \("backup\.sql"\) and no read ACL \(it is private\).*--take-over/);
      expect((await anonymous(`${containerUrl(container)}backup.sql`)).status).not.toBe(200);
      expect([...(await listing(container, true)).keys()]).toEqual(['backup.sql']);

      const taken = await publish(container, site, {}, ['--take-over']);
      expect(taken.code, explain(taken)).toBe(0);
      expect(taken.stdout).toMatch(/^take-over: now public backup\.sql$/m);
      expect((await anonymous(`${containerUrl(container)}backup.sql`)).body).toBe('secret rows');
      // Acknowledged once: later publishes leave it alone and do not refuse.
      const again = await publish(container, site);
      expect(again.code, explain(again)).toBe(0);
      expect((await listing(container)).get('backup.sql')).toBeDefined();
    });

    it('refuses a public container holding objects it did not publish, and deletes none of them', async () => {
      const container = 'safe-public';
      const site = retarget(v1, 'safe-grace', container);
      const auth = { 'x-auth-token': token };
      await fetch(`${storageUrl}/${container}`, { method: 'PUT', headers: { ...auth, 'x-container-read': '.r:*,.rlistings' } });
      for (const name of ['report.pdf', 'data/2024.csv', 'index.html']) await fetch(`${storageUrl}/${container}/${name}`, { method: 'PUT', headers: auth, body: name });
      const refused = await publish(container, site);
      expect(refused.code, explain(refused)).toBe(2);
      expect(refused.stderr).toMatch(/holds 3 objects this site did not publish \("data\/2024\.csv", "index\.html", "report\.pdf"\); publishing would overwrite or delete them/);
      expect((await anonymous(`${containerUrl(container)}index.html`)).body).toBe('index.html');
    });

    it('lets one of two publishes at once run, the other refusing at once with the lease line and exit 6', async () => {
      const container = 'safe-race';
      const a = retarget(v1, 'safe-grace', container);
      const b = retarget(v1, 'safe-grace', container);
      const [one, two] = await Promise.all([publish(container, a), publish(container, b)]);
      const codes = [one.code, two.code].sort();
      expect(codes, explain(one) + explain(two)).toEqual([0, 6]);
      const loser = one.code === 6 ? one : two;
      expect(loser.stderr.trim().split('\n')).toHaveLength(1);
      expect(loser.stderr).toMatch(/^publish: error: container "safe-race" is being published by another run: publish \(pid \d+ on [^,]+, since \d{4}-\d\d-\d\dT[\d:.]+Z\) holds its lease/);
      expect(await everyPageComplete(container)).toEqual([]);
      expect((await listing(container, true)).has('.site-publish.lease')).toBe(false);
    });

    it('takes over a lease left by a run that died, saying so', async () => {
      const container = 'safe-race';
      const dead = spawnSync(node, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      const lease = { id: 'dead', host: hostname(), pid: Number(dead), command: 'publish', since: '2024-05-01T03:17:00.000Z' };
      const put = await fetch(`${storageUrl}/${container}/.site-publish.lease`, { method: 'PUT', headers: { 'x-auth-token': token, 'x-delete-after': '600' }, body: JSON.stringify(lease) });
      expect(put.status).toBe(201);
      const result = await publish(container, retarget(v1, 'safe-grace', container));
      expect(result.code, explain(result)).toBe(0);
      expect(result.stderr).toContain(`took over the lease on container "safe-race" left by publish (pid ${dead} on ${hostname()}, since 2024-05-01T03:17:00.000Z), which is no longer running`);
    });

    it('fails the read-back on a wrong Content-Type or a missing 404 page, and --no-verify skips it', async () => {
      const container = 'safe-verify';
      const css = await proxy((request) => (request.method === 'GET' && !request.headers['x-auth-token'] && /\/_astro\//.test(request.url ?? '') ? 'text/plain' : null));
      const site = retarget(v1, 'safe-grace', container);
      // Built for the proxy's address: the canonical links name the origin readers use.
      for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(html|json|xml)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        writeFileSync(file, readFileSync(file, 'utf8').split(new URL(storageUrl).origin).join(css.origin));
      }
      const publicUrl = `${css.storage}/${container}/`;
      const wrongType = await publish(container, site, {}, ['--public-url', publicUrl]);
      expect(wrongType.code, explain(wrongType)).toBe(5);
      expect(wrongType.stderr.trim().split('\n')).toHaveLength(1);
      expect(wrongType.stderr).toMatch(/^publish: error: read-back: an anonymous GET of .*\.css answered with Content-Type "text\/plain", not HTTP 200 with text\/(css|javascript); charset=utf-8; .*--no-verify/);

      const no404 = await proxy((request) => (/no-such-page/.test(request.url ?? '') ? { status: 200, body: 'welcome' } : null));
      const rebuilt = retarget(site, container, container);
      for (const entry of readdirSync(rebuilt, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(html|json|xml)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        writeFileSync(file, readFileSync(file, 'utf8').split(css.origin).join(no404.origin));
      }
      const wrong404 = await publish(container, rebuilt, {}, ['--public-url', `${no404.storage}/${container}/`]);
      expect(wrong404.code, explain(wrong404)).toBe(5);
      expect(wrong404.stderr).toMatch(/read-back: an anonymous GET of .*no-such-page-[0-9a-f]+\/ answered HTTP 200, not HTTP 404 with text\/html; charset=utf-8 and the site's 404 page/);
      const skipped = await publish(container, rebuilt, {}, ['--public-url', `${no404.storage}/${container}/`, '--no-verify']);
      expect(skipped.code, explain(skipped)).toBe(0);
      expect(skipped.stdout).toContain('not read back (--no-verify)');
    });

    it('says "between versions" in one line when Swift fails after some uploads, and the same command finishes it', async () => {
      const container = 'safe-partial';
      const first = retarget(v1, 'safe-grace', container);
      const second = retarget(v2, 'safe-grace', container);
      expect((await publish(container, first)).code).toBe(0);
      // Swift starts answering 503 to uploads after the first few (through OS_OBJECT_STORE_ENDPOINT_OVERRIDE).
      const failing = await proxy((request, count) => (request.method === 'PUT' && !/\.site-publish\./.test(request.url ?? '') && count.puts > 5 ? { status: 503, body: 'busy' } : null));
      const args = ['--public-url', containerUrl(container)];
      const partial = await publish(container, second, { OS_OBJECT_STORE_ENDPOINT_OVERRIDE: failing.storage, CATALOG_RETRIES: '0' }, args);
      expect(partial.code, explain(partial)).toBe(4);
      expect(partial.stderr.trim().split('\n')).toHaveLength(1);
      expect(partial.stderr).toMatch(
        new RegExp(`^publish: error: Swift at http://127\\.0\\.0\\.1:\\d+ answered HTTP 503.*; the site is between versions: \\d+ of \\d+ new or changed files are live, and every live page still works; run npm run publish -- --container ${container} --dist ${second} --public-url ${containerUrl(container).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} to finish it$`, 'm'),
      );
      expect(await everyPageComplete(container)).toEqual([]);

      const finished = await publish(container, second, {}, args);
      expect(finished.code, explain(finished)).toBe(0);
      const now = await served(container);
      for (const [path, md5] of md5s(second)) expect(now.get(path), path).toBe(md5);
      expect(await everyPageComplete(container)).toEqual([]);
    });
  });

  describe('npm run refresh', () => {
    const container = 'site-refresh';
    let work: string;
    let snapshotPath: string;
    let dist: string;
    const refresh = async (args: string[] = []) => {
      const result = await run(
        node,
        ['scripts/refresh.ts', '--publish', '--container', container, '--dist', dist, '--owner', seed.official.id, ...args],
        env({ ...siteEnv(container), CATALOG_SNAPSHOT: snapshotPath }),
        600_000,
      );
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    beforeAll(() => {
      work = tempDir('nectar-refresh-');
      snapshotPath = join(work, 'snapshot.json');
      dist = join(work, 'dist');
      // Start from the sample (a source note): the first refresh may replace it freely.
      cpSync(fixture, snapshotPath);
      cpSync(join(root, 'tests/fixtures/catalog/history.json'), join(work, 'history.json'));
    });

    it('fetches, builds, checks and publishes, printing what changed', async () => {
      const first = await refresh();
      expect(first.code, explain(first)).toBe(0);
      expect(first.stdout).toMatch(/^Catalog: \d+ added, \d+ removed/m);
      expect(first.stdout).toMatch(/Published .*uploaded \d+ files/);
      const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8'));
      expect(snapshot.source.note).toBeUndefined();
      expect(snapshot.images.length).toBe(seed.images.official.length);
      expect((await anonymous(containerUrl(container))).status).toBe(200);
      const catalog = await anonymous(`${containerUrl(container)}catalog.json`);
      expect(JSON.parse(catalog.body).images).toHaveLength(seed.images.official.length);
    }, 900_000);

    it('rebuilds the same bytes and writes nothing, not even the manifest, when nothing changed', async () => {
      const snapshotBefore = readFileSync(snapshotPath, 'utf8');
      const manifest = await manifestStamp(container);
      const before = await stamps(container);
      const again = await refresh();
      expect(again.code, explain(again)).toBe(0);
      expect(again.stdout).toContain('Catalog: no change');
      expect(summaryOf(again.stdout)).toMatchObject({ uploaded: 0, deleted: 0 });
      expect(again.stdout).toContain(', 0 objects written,');
      expect(await manifestStamp(container)).toEqual(manifest);
      expect(await stamps(container)).toEqual(before);
      expect(readFileSync(snapshotPath, 'utf8')).toBe(snapshotBefore);
    }, 900_000);

    it('publishes nothing and keeps the snapshot when the listing shrank by more than a quarter', async () => {
      // The last good snapshot had many more images than the cloud lists now.
      const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8'));
      const extra = snapshot.images.slice(0, Math.ceil(snapshot.images.length / 2)).map((image: { id: string; name: string }, i: number) => ({
        ...image,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `${image.name} (gone)`,
      }));
      snapshot.images = [...snapshot.images, ...extra];
      writeFileSync(snapshotPath, `${JSON.stringify(snapshot, null, 2)}\n`);
      const snapshotBefore = readFileSync(snapshotPath, 'utf8');
      const objectsBefore = await listing(container);

      const shrunk = await refresh();
      expect(shrunk.code, explain(shrunk)).toBe(5);
      expect(shrunk.stderr).toMatch(/fewer than the last good snapshot's/);
      expect(shrunk.stderr).toMatch(/^refresh: error: the fetch step failed/m);
      expect(readFileSync(snapshotPath, 'utf8')).toBe(snapshotBefore);
      expect(await listing(container)).toEqual(objectsBefore);
    });

    it('publishes nothing and keeps the snapshot with a wrong password', async () => {
      const snapshotBefore = readFileSync(snapshotPath, 'utf8');
      const objectsBefore = await listing(container);
      const result = await run(
        node,
        ['scripts/refresh.ts', '--publish', '--container', container, '--dist', dist, '--owner', seed.official.id],
        env({ ...siteEnv(container), CATALOG_SNAPSHOT: snapshotPath, OS_PASSWORD: 'wrong-password-here' }),
      );
      outputs.push(result.stdout, result.stderr);
      expect(result.code, explain(result)).toBe(3);
      expect(result.stderr).toMatch(/^refresh: error: the fetch step failed/m);
      expect(result.stderr).not.toContain('wrong-password-here');
      expect(readFileSync(snapshotPath, 'utf8')).toBe(snapshotBefore);
      expect(await listing(container)).toEqual(objectsBefore);
    });
  });
});
