/**
 * What `npm run publish` says when Swift refuses it: the real CLI against a
 * local Keystone (tests/unit/fetch/support/fake-cloud.ts) whose catalog names
 * a small in-memory Swift on the same server. Each case checks the one stderr
 * line and the exit code.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeCloud, type Intercepted, type SeenRequest } from '../fetch/support/fake-cloud.ts';
import { ROOT, baseEnv, runCli, tempDir } from '../fetch/support/run-cli.ts';
import { passwordEnv } from '../fetch/support/scenario.ts';

const SWIFT_PATH = '/swift/v1/AUTH_p1';
const CONTAINER = 'site';

/** A container-per-name Swift that keeps objects in memory (with their MD5 and type); `refuse` answers a request in its place. */
class FakeSwift {
  containers = new Map<string, { headers: Record<string, string>; objects: Map<string, { body: string; type: string }> }>();
  refuse: ((request: SeenRequest, name: string) => Intercepted) | null = null;
  /** Every request that changed something (a PUT, POST or DELETE), as `METHOD name`. */
  writes: string[] = [];

  handle(request: SeenRequest): Intercepted {
    if (!request.path.startsWith(`${SWIFT_PATH}/`)) return undefined;
    const [container = '', ...rest] = decodeURIComponent(request.path.slice(SWIFT_PATH.length + 1)).split('/');
    const name = rest.join('/');
    const refused = this.refuse?.(request, name);
    if (refused) return refused;
    if (request.method !== 'GET' && request.method !== 'HEAD') this.writes.push(`${request.method} ${name || `container ${container}`}`);
    const box = this.containers.get(container);
    if (name === '') {
      if (request.method === 'PUT') {
        const headers = Object.fromEntries(Object.entries(request.headers).filter(([key]) => key.startsWith('x-container-')).map(([key, value]) => [key, String(value)]));
        this.containers.set(container, { headers, objects: box?.objects ?? new Map() });
        return { status: 201, body: '' };
      }
      if (!box) return { status: 404, body: '<html><h1>Not Found</h1></html>' };
      if (request.method === 'POST') return { status: 204, body: '' };
      const list = [...box.objects].map(([object, { body, type }]) => ({ name: object, hash: createHash('md5').update(body).digest('hex'), bytes: body.length, content_type: type }));
      return { status: 200, headers: { 'content-type': 'application/json', ...box.headers }, body: JSON.stringify(list) };
    }
    if (!box) return { status: 404, body: '' };
    if (request.method === 'PUT') {
      if (request.headers['if-none-match'] === '*' && box.objects.has(name)) return { status: 412, body: '' };
      box.objects.set(name, { body: request.body, type: String(request.headers['content-type'] ?? '') });
      return { status: 201, body: '' };
    }
    if (request.method === 'GET') return box.objects.has(name) ? { status: 200, body: box.objects.get(name)!.body } : { status: 404, body: '' };
    if (request.method === 'DELETE') return { status: box.objects.delete(name) ? 204 : 404, body: '' };
    return { status: box.objects.has(name) ? 202 : 404, body: '' };
  }
}

describe('what a publish says when Swift refuses it', () => {
  const cloud = new FakeCloud();
  const swift = new FakeSwift();
  let dist: string;
  let home: string;

  beforeAll(async () => {
    await cloud.start();
    cloud.intercept = (request) => swift.handle(request);
    cloud.catalog = [
      ...cloud.defaultCatalog(),
      { type: 'object-store', name: 'swift', endpoints: [{ interface: 'public', region_id: 'Melbourne', region: 'Melbourne', url: `${cloud.origin}${SWIFT_PATH}` }] },
    ];
    home = tempDir('nectar-publish-messages-');
    dist = join(home, 'dist');
    mkdirSync(join(dist, 'guide'), { recursive: true });
    const site = `${cloud.origin}${SWIFT_PATH}/${CONTAINER}/`;
    writeFileSync(join(dist, 'index.html'), `<!doctype html><link rel="canonical" href="${site}"><a href="${new URL(site).pathname}guide/">guide</a>`);
    writeFileSync(join(dist, 'guide/index.html'), `<!doctype html><link rel="canonical" href="${site}guide/"><p>guide</p>`);
  });
  afterAll(() => cloud.stop());
  beforeEach(() => {
    swift.containers.clear();
    swift.refuse = null;
    swift.writes = [];
  });

  const password = () => passwordEnv(cloud, home);
  const applicationCredential = () => ({
    ...baseEnv(home),
    OS_AUTH_URL: cloud.authUrl,
    OS_AUTH_TYPE: 'v3applicationcredential',
    OS_APPLICATION_CREDENTIAL_ID: 'ac-id-1',
    OS_APPLICATION_CREDENTIAL_SECRET: cloud.appCredentialSecret,
    OS_REGION_NAME: 'Melbourne',
  });
  const publish = (env: NodeJS.ProcessEnv, args: string[] = []) => runCli(['--container', CONTAINER, '--dist', dist, '--no-verify', ...args], env, { script: join(ROOT, 'scripts/publish.ts') });
  const oneLine = (stderr: string) => {
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    return lines[0]!;
  };
  const isPage = (name: string) => name.endsWith('index.html');

  it('publishes the two pages when Swift lets it (the fake is a working Swift)', async () => {
    const run = await publish(password());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Published .*: uploaded 2 files/);
    expect([...swift.containers.get(CONTAINER)!.objects.keys()].filter(isPage).sort()).toEqual(['guide/index.html', 'index.html']);
  });

  it('writes nothing, not even the manifest, when published again unchanged, and says "0 objects written"', async () => {
    const first = await publish(password());
    expect(first.code, first.stderr).toBe(0);
    // The container, its manifest (twice: before and after the uploads) and the two pages.
    expect(first.stdout).toContain(', 5 objects written,');
    const manifest = swift.containers.get(CONTAINER)!.objects.get('.site-publish.json')!.body;
    swift.writes = [];
    const again = await publish(password());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Published .*: uploaded 0 files \/ 0\.0 MB, unchanged 2, deleted 0, 0 objects written, /);
    // Only the lease, which is the run's own object (taken and released), not the site's.
    expect(swift.writes).toEqual(['PUT .site-publish.lease', 'DELETE .site-publish.lease']);
    expect(swift.containers.get(CONTAINER)!.objects.get('.site-publish.json')!.body).toBe(manifest);
  });

  it('writes the manifest and the page when one page changed, and counts them', async () => {
    expect((await publish(password())).code).toBe(0);
    writeFileSync(join(dist, 'guide/index.html'), `<!doctype html><link rel="canonical" href="${cloud.origin}${SWIFT_PATH}/${CONTAINER}/guide/"><p>guide, again</p>`);
    try {
      swift.writes = [];
      const again = await publish(password());
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('uploaded 1 files');
      expect(again.stdout).toContain(', 3 objects written,');
      expect(swift.writes.filter((write) => !write.endsWith('.site-publish.lease'))).toEqual(['PUT .site-publish.json', 'PUT guide/index.html', 'PUT .site-publish.json']);
    } finally {
      writeFileSync(join(dist, 'guide/index.html'), `<!doctype html><link rel="canonical" href="${cloud.origin}${SWIFT_PATH}/${CONTAINER}/guide/"><p>guide</p>`);
    }
  });

  it('names the missing write permission for a 403 on an upload (exit 3)', async () => {
    swift.refuse = (request, name) => (request.method === 'PUT' && isPage(name) ? { status: 403, body: '<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>' } : undefined);
    const run = await publish(password());
    expect(run.code).toBe(3);
    const line = oneLine(run.stderr);
    expect(line).toMatch(
      new RegExp(`^publish: error: Swift at ${cloud.origin.replace(/\./g, '\\.')} refused PUT ${SWIFT_PATH}/site/(guide/)?index\\.html \\(HTTP 403\\): the user lacks write access to container "site"; grant it \\(a role Swift accepts as operator, such as member, or the container's ACLs\\)$`),
    );
  });

  it("names the permission to create the container for a 403 on its creation", async () => {
    swift.refuse = (request, name) => (request.method === 'PUT' && name === '' ? { status: 403, body: '' } : undefined);
    const run = await publish(password());
    expect(run.code).toBe(3);
    expect(oneLine(run.stderr)).toMatch(/refused PUT \/swift\/v1\/AUTH_p1\/site \(HTTP 403\): the user lacks permission to create container "site" \(an operator role such as member on the project\)/);
  });

  it("adds the application credential's access rules to a 403 when the credentials are one", async () => {
    swift.refuse = (request, name) => (request.method === 'PUT' && isPage(name) ? { status: 403, body: '' } : undefined);
    const run = await publish(applicationCredential());
    expect(run.code).toBe(3);
    const line = oneLine(run.stderr);
    expect(line).toMatch(/refused PUT \/swift\/v1\/AUTH_p1\/site\/(guide\/)?index\.html \(HTTP 403\): the user lacks write access to container "site"; grant it/);
    // The access rule names the path as Swift sees it, from its API version on.
    expect(line).toMatch(/; with an application credential, also its access rules: one must allow service object-store, method PUT, path \/v1\/AUTH_p1\/site\/\*\*$/);
    expect(line).not.toContain(cloud.appCredentialSecret);
  });

  it("shows Swift's own plain-text reason for a 4xx (exit 5)", async () => {
    swift.refuse = (request, name) => (request.method === 'PUT' && isPage(name) ? { status: 400, body: 'Object name length of 1100 longer than 1024' } : undefined);
    const run = await publish(password());
    expect(run.code).toBe(5);
    const line = oneLine(run.stderr);
    expect(line).toMatch(/^publish: error: Swift refused the upload of (guide\/)?index\.html \(HTTP 400 \("Object name length of 1100 longer than 1024"\)\); fix what Swift names, then publish again$/);
  });

  it("shows Swift's reason for a 4xx on the container listing", async () => {
    swift.refuse = (request, name) => (request.method === 'GET' && name === '' ? { status: 400, body: 'Invalid container listing limit' } : undefined);
    const run = await publish(password(), ['--dry-run']);
    expect(run.code).toBe(5);
    expect(oneLine(run.stderr)).toMatch(/^publish: error: Swift answered HTTP 400 \("Invalid container listing limit"\) to the listing of container "site"/);
  });

  it('reports a redirect for a token without access as a missing permission, not a wrong endpoint (exit 3)', async () => {
    // staticweb answers a listing with no operator access as an anonymous reader's: a redirect to the container's "folder".
    swift.refuse = (request, name) =>
      request.method === 'GET' && name === '' ? { status: 301, headers: { location: `${SWIFT_PATH}/${CONTAINER}/` }, body: '<html><h1>Moved Permanently</h1></html>' } : undefined;
    const run = await publish(password(), ['--dry-run']);
    expect(run.code).toBe(3);
    const line = oneLine(run.stderr);
    expect(line).toMatch(
      /^publish: error: Swift at http:\/\/127\.0\.0\.1:\d+ refused GET \/swift\/v1\/AUTH_p1\/site \(HTTP 301: staticweb treats a token without access as an anonymous reader\): the user lacks read access to container "site" \(to list it\); grant it/,
    );
    expect(line).not.toMatch(/redirected|endpoint/);
  });
});
