import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { historySchema, snapshotSchema } from '../../../src/schemas/snapshot.ts';
import { glanceImage } from './support/fake-cloud.ts';
import { scenarioPerTest, secretsOf } from './support/scenario.ts';

// Each test spawns the CLI (a fresh Node) once or more: allow for a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const setup = scenarioPerTest();

function withoutFetchedAt(text: string): string {
  return text.replace(/"fetchedAt": "[^"]+"/, '"fetchedAt": "X"');
}

describe('catalog:fetch against a fake Keystone + Glance', () => {
  it('writes only official, public, active, visible images, normalised and sorted', async () => {
    const s = await setup({ oldSnapshot: false });
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Wrote 5 official images to .*snapshot\.json \(5 added, 0 removed, 0 updated\) in \d+\.\ds\n$/);
    expect(run.stderr).toBe('');
    const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(s.out, 'utf8')));
    expect(snapshot.images.map((image) => image.id)).toEqual(['a4', 'a2', 'a3', 'a1', 'a5']);
    expect(snapshot.source).toEqual({ imageEndpoint: `${s.cloud.origin}/image`, owner: '28eadf5ad64b42a4929b2fb7df99275c', region: 'Melbourne' });
    const centos = snapshot.images.find((image) => image.id === 'a4')!;
    // Glance's own default_user is kept as given; the login user is the build's to decide (loginUserOf).
    expect(centos).toMatchObject({ distro: 'centos', version: '7', architecture: 'x86_64', defaultUser: null });
    const rocky = snapshot.images.find((image) => image.id === 'a3')!;
    expect(rocky.defaultUser).toBeNull();
    expect(snapshot.images.find((image) => image.id === 'a1')!.defaultUser).toBe('ubuntu');
    const ubuntu = snapshot.images.find((image) => image.id === 'a1')!;
    expect(ubuntu).toMatchObject({ codename: 'Noble', hashAlgo: 'sha512', hashValue: 'def', minDisk: 10, size: 1234 });
    expect(Object.keys(ubuntu.properties)).toEqual(['architecture', 'default_user', 'nectar_build', 'nectar_name', 'os_distro', 'os_version']);
    const text = readFileSync(s.out, 'utf8');
    expect(text).not.toMatch(/rbd:|direct_url|os_hidden|"self"|"file"/);
    const history = historySchema.parse(JSON.parse(readFileSync(s.history, 'utf8')));
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]!.added.map((image) => image.id)).toEqual(['a4', 'a2', 'a3', 'a1', 'a5']);
  });

  it('pages by marker only, rebuilding each request from its own base URL and filters', async () => {
    const s = await setup();
    s.cloud.serverFilters = true;
    const run = await s.run([], { CATALOG_PAGE_SIZE: '2' });
    expect(run.code, run.stderr).toBe(0);
    // The official listing (the archive's is its own listing, after it).
    const pages = s.cloud.requests.filter((request) => request.method === 'GET' && request.url.searchParams.get('visibility') === 'public');
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page.path).toBe('/image/v2/images');
      expect(page.url.searchParams.get('visibility')).toBe('public');
      expect(page.url.searchParams.get('status')).toBe('active');
      expect(page.url.searchParams.get('owner')).toBe('28eadf5ad64b42a4929b2fb7df99275c');
      expect(page.url.searchParams.get('limit')).toBe('2');
    }
    expect(pages.map((page) => page.url.searchParams.get('marker'))).toEqual([null, 'a2', 'a4']);
    expect(run.stdout).toMatch(/Wrote 5 official images .*\(5 added, 1 removed, 0 updated\)/);
  });

  it('gives byte-identical files for an unchanged cloud (bar fetchedAt) and records no history entry', async () => {
    const s = await setup({ oldSnapshot: false });
    expect((await s.run()).code).toBe(0);
    const first = readFileSync(s.out, 'utf8');
    const history = readFileSync(s.history, 'utf8');
    s.cloud.images.reverse();
    const again = await s.run();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^No change in the 5 official images; refreshed the fetch time of .*snapshot\.json in \d+\.\ds\n$/);
    const second = readFileSync(s.out, 'utf8');
    expect(withoutFetchedAt(second)).toBe(withoutFetchedAt(first));
    expect(JSON.parse(second).fetchedAt).not.toBe(JSON.parse(first).fetchedAt);
    expect(readFileSync(s.history, 'utf8')).toBe(history);
  });

  it('records added, removed and updated images (with the changed field names) newest first', async () => {
    const s = await setup({ oldSnapshot: false });
    expect((await s.run()).code).toBe(0);
    s.cloud.images = s.cloud.images.filter((image) => image.id !== 'a2');
    s.cloud.images.push(glanceImage({ id: 'a6', name: 'NeCTAR AlmaLinux 9 x86_64', os_distro: 'almalinux', os_version: '9', default_user: undefined }));
    const ubuntu = s.cloud.images.find((image) => image.id === 'a1')!;
    ubuntu.nectar_build = '43';
    ubuntu.updated_at = '2024-06-01T00:00:00Z';
    const run = await s.run(['--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: true, images: 5, added: 1, removed: 1, updated: 1, changed: true, region: 'Melbourne' });
    expect(run.stderr).toMatch(/^Wrote 5 official images .*\(1 added, 1 removed, 1 updated\)/);
    const history = historySchema.parse(JSON.parse(readFileSync(s.history, 'utf8')));
    expect(history.entries).toHaveLength(2);
    const [latest] = history.entries;
    expect(latest!.added).toEqual([{ id: 'a6', name: 'NeCTAR AlmaLinux 9 x86_64', createdAt: '2024-05-01T00:00:00Z' }]);
    expect(latest!.removed).toEqual([
      {
        id: 'a2',
        name: 'NeCTAR Debian 12 (Bookworm) amd64',
        distro: 'debian',
        version: '12',
        architecture: 'x86_64',
        line: 'debian-12-bookworm-amd64',
        createdAt: '2024-05-01T00:00:00Z',
        loginUser: 'debian',
      },
    ]);
    expect(latest!.updated).toEqual([
      { id: 'a1', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', updatedAt: '2024-06-01T00:00:00Z', fields: ['properties.nectar_build', 'updatedAt'] },
    ]);
    expect(JSON.parse(readFileSync(s.out, 'utf8')).images.find((image: { id: string }) => image.id === 'a6')).toMatchObject({ distro: 'almalinux', defaultUser: null });
  });

  it('sends no scope with an application credential', async () => {
    const s = await setup();
    const run = await s.run([], {
      OS_USERNAME: undefined,
      OS_PASSWORD: undefined,
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_ID: 'ac-id-1',
      OS_APPLICATION_CREDENTIAL_SECRET: s.cloud.appCredentialSecret,
    });
    expect(run.code, run.stderr).toBe(0);
    const auth = JSON.parse(s.cloud.requests[0]!.body) as { auth: Record<string, unknown> };
    expect(auth.auth.scope).toBeUndefined();
    expect(auth.auth.identity).toEqual({ methods: ['application_credential'], application_credential: { id: 'ac-id-1', secret: s.cloud.appCredentialSecret } });
  });

  it('scopes a password login to the project, by name in the default domain', async () => {
    const s = await setup();
    const run = await s.run([], { OS_USER_DOMAIN_NAME: undefined, OS_PROJECT_DOMAIN_NAME: undefined, OS_AUTH_URL: `${s.cloud.origin}/identity/` });
    expect(run.code, run.stderr).toBe(0);
    const auth = JSON.parse(s.cloud.requests[0]!.body) as { auth: { scope: unknown; identity: { password: { user: unknown } } } };
    expect(s.cloud.requests[0]!.path).toBe('/identity/v3/auth/tokens');
    expect(auth.auth.scope).toEqual({ project: { name: 'staff', domain: { name: 'Default' } } });
    expect(auth.auth.identity.password.user).toEqual({ name: 'someone', domain: { name: 'Default' }, password: s.cloud.password });
  });

  it('accepts token auth (OS_TOKEN) and the old OS_TENANT_ID', async () => {
    const s = await setup();
    const run = await s.run([], { OS_PASSWORD: undefined, OS_USERNAME: undefined, OS_PROJECT_NAME: undefined, OS_TOKEN: s.cloud.initialToken, OS_TENANT_ID: 'p1' });
    expect(run.code, run.stderr).toBe(0);
    const auth = JSON.parse(s.cloud.requests[0]!.body) as { auth: unknown };
    expect(auth.auth).toEqual({ identity: { methods: ['token'], token: { id: s.cloud.initialToken } }, scope: { project: { id: 'p1' } } });
  });

  it('lets OS_IMAGE_ENDPOINT_OVERRIDE win over the catalog, versioned or not', async () => {
    const s = await setup();
    s.cloud.catalog = [{ type: 'image', endpoints: [{ interface: 'public', region_id: 'Melbourne', url: 'http://192.0.2.1:9292' }] }];
    const run = await s.run([], { OS_IMAGE_ENDPOINT_OVERRIDE: `${s.cloud.origin}/image/v2/` });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(s.out, 'utf8')).source.imageEndpoint).toBe(`${s.cloud.origin}/image`);
  });

  it('uses a bare token with an endpoint override and no Keystone', async () => {
    const s = await setup();
    const run = await s.run([], { OS_AUTH_URL: undefined, OS_PASSWORD: undefined, OS_TOKEN: s.cloud.initialToken, OS_IMAGE_ENDPOINT_OVERRIDE: `${s.cloud.origin}/image` });
    expect(run.code, run.stderr).toBe(0);
    expect(s.cloud.count('/identity/v3/auth/tokens')).toBe(0);
  });

  it('reads OS_CLOUD from clouds.yaml with secure.yaml merged over it', async () => {
    const s = await setup();
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const clouds = join(s.dir, 'clouds.yaml');
    writeFileSync(
      clouds,
      `clouds:\n  nectar:\n    auth:\n      auth_url: ${s.cloud.origin}/identity\n      username: someone\n      project_id: p1\n      user_domain_name: Default\n    region_name: Melbourne\n    interface: public\n`,
    );
    writeFileSync(join(s.dir, 'secure.yaml'), `clouds:\n  nectar:\n    auth:\n      password: ${s.cloud.password}\n`);
    const run = await s.run([], {
      OS_AUTH_URL: undefined,
      OS_USERNAME: undefined,
      OS_PASSWORD: undefined,
      OS_PROJECT_NAME: undefined,
      OS_USER_DOMAIN_NAME: undefined,
      OS_PROJECT_DOMAIN_NAME: undefined,
      OS_REGION_NAME: undefined,
      OS_CLOUD: 'nectar',
      OS_CLIENT_CONFIG_FILE: clouds,
      OS_CLIENT_SECURE_FILE: join(s.dir, 'secure.yaml'),
    });
    expect(run.code, run.stderr).toBe(0);
    const auth = JSON.parse(s.cloud.requests[0]!.body) as { auth: { scope: unknown } };
    expect(auth.auth.scope).toEqual({ project: { id: 'p1' } });
  });

  it('prints --help with the exit codes', async () => {
    const s = await setup();
    const run = await s.run(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Exit codes:/);
    expect(run.stdout).toMatch(/OS_CLOUD/);
  });

  it('--owner picks another project and never publishes the default owner then', async () => {
    const s = await setup();
    s.cloud.images.push(glanceImage({ id: 'b1', name: 'Other official', owner: 'abc123' }));
    // The owner guard: the last good snapshot is the default owner's, so another owner is refused...
    const before = readFileSync(s.out, 'utf8');
    const refused = await s.run(['--owner', 'abc123', '--json']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/lists the images of project 28eadf5ad64b42a4929b2fb7df99275c, but this fetch is for project abc123 .*--owner-change/);
    expect(readFileSync(s.out, 'utf8')).toBe(before);
    // ...unless the operator says the official project really changed.
    const run = await s.run(['--owner', 'abc123', '--owner-change', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const snapshot = JSON.parse(readFileSync(s.out, 'utf8'));
    expect(snapshot.images.map((image: { id: string }) => image.id)).toEqual(['b1']);
    expect(snapshot.source.owner).toBe('abc123');
    for (const secret of secretsOf(s.cloud)) expect(run.stdout + run.stderr).not.toContain(secret);
  });
});
