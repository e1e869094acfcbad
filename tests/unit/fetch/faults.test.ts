/**
 * Every fault leaves the old snapshot byte-identical, prints one line naming
 * the cause and the fix, exits with the documented code, and prints no secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { glanceImage, type SeenRequest } from './support/fake-cloud.ts';
import { expectFault, OLD_SNAPSHOT, scenario, type Scenario } from './support/scenario.ts';

// Each test spawns the CLI (a fresh Node) once or more: allow for a loaded machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let current: Scenario | null = null;
const extraServers: http.Server[] = [];
afterEach(async () => {
  await current?.cloud.stop();
  current = null;
  for (const server of extraServers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function setup(): Promise<Scenario> {
  current = await scenario();
  return current;
}

const isList = (request: SeenRequest): boolean => request.method === 'GET' && request.path === '/image/v2/images';

describe('faults: authentication (exit 3)', () => {
  it('wrong password (401)', async () => {
    const s = await setup();
    const run = await s.run([], { OS_PASSWORD: 'wrong-password-XYZZY' });
    expectFault(s, run, 3, /rejected the credentials \(HTTP 401.*OS_PASSWORD/);
    expect(run.stderr).not.toContain('wrong-password-XYZZY');
  });

  it('a token without a project scope', async () => {
    const s = await setup();
    s.cloud.projectScoped = false;
    expectFault(s, await s.run(), 3, /no project scope.*OS_PROJECT_ID or OS_PROJECT_NAME/);
  });

  it('a scoped token with an empty catalog', async () => {
    const s = await setup();
    s.cloud.catalog = [];
    expectFault(s, await s.run(), 3, /empty service catalog/);
  });

  it('403 from Keystone', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (request.method === 'POST' ? { status: 403, body: { error: { message: 'You are not authorized' } } } : undefined);
    expectFault(s, await s.run(), 3, /refused to issue a token \(HTTP 403/);
  });

  it('403 from Glance', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 403, body: { message: 'Forbidden' } } : undefined);
    expectFault(s, await s.run(), 3, /refused the listing \(HTTP 403/);
  });

  it('401 that persists after re-authenticating once', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 401, body: { message: 'expired' } } : undefined);
    expectFault(s, await s.run(), 3, /rejected the token \(HTTP 401.*even after authenticating again/);
    expect(s.cloud.count('/identity/v3/auth/tokens')).toBe(2);
  });
});

describe('faults: configuration (exit 2)', () => {
  it('no credentials at all', async () => {
    const s = await setup();
    const run = await s.run([], { OS_AUTH_URL: undefined, OS_USERNAME: undefined, OS_PASSWORD: undefined, OS_PROJECT_NAME: undefined });
    expectFault(s, run, 2, /no OpenStack credentials.*openrc.*OS_CLOUD/);
    expect(s.cloud.requests).toHaveLength(0);
  });

  it('an unknown region', async () => {
    const s = await setup();
    expectFault(s, await s.run([], { OS_REGION_NAME: 'Atlantis' }), 2, /no public endpoint in region "Atlantis" \(its regions: Melbourne\).*OS_REGION_NAME/);
  });

  it('several regions and none chosen', async () => {
    const s = await setup();
    s.cloud.catalog = [
      {
        type: 'image',
        endpoints: [
          { interface: 'public', region_id: 'Melbourne', url: `${s.cloud.origin}/image` },
          { interface: 'public', region_id: 'Queensland', url: `${s.cloud.origin}/image` },
        ],
      },
    ];
    expectFault(s, await s.run([], { OS_REGION_NAME: undefined }), 2, /several regions \(Melbourne, Queensland\) and none was chosen.*OS_REGION_NAME/);
  });

  it('no image service in the catalog', async () => {
    const s = await setup();
    s.cloud.catalog = [{ type: 'compute', endpoints: [{ interface: 'public', region_id: 'Melbourne', url: 'http://192.0.2.1' }] }];
    expectFault(s, await s.run(), 2, /no image service \(it has compute\).*OS_IMAGE_ENDPOINT_OVERRIDE/);
  });

  it('a clouds.yaml that is not YAML', async () => {
    const s = await setup();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${s.dir}/clouds.yaml`, 'clouds:\n  nectar: [unclosed\n');
    const run = await s.run([], { OS_AUTH_URL: undefined, OS_CLOUD: 'nectar', OS_CLIENT_CONFIG_FILE: `${s.dir}/clouds.yaml` });
    expectFault(s, run, 2, /clouds\.yaml: line \d+, column \d+: not valid YAML/);
  });

  it('an OS_CLOUD that clouds.yaml does not have', async () => {
    const s = await setup();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${s.dir}/clouds.yaml`, 'clouds:\n  other:\n    auth: {auth_url: "http://x"}\n');
    const run = await s.run([], { OS_AUTH_URL: undefined, OS_CLOUD: 'nectar', OS_CLIENT_CONFIG_FILE: `${s.dir}/clouds.yaml` });
    expectFault(s, run, 2, /cloud "nectar" is not in .*"other"/);
  });

  it('a bad option', async () => {
    const s = await setup();
    expectFault(s, await s.run(['--frobnicate']), 2, /Unknown option '--frobnicate'; see --help/);
  });
});

describe('faults: network (exit 4)', () => {
  it('the endpoint is down (connection refused)', async () => {
    const s = await setup();
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const run = await s.run([], { OS_AUTH_URL: `http://127.0.0.1:${port}/v3` });
    expectFault(s, run, 4, /Keystone at http:\/\/127\.0\.0\.1:\d+ refused the connection \(tried 4 times\); .*OS_AUTH_URL/);
  });

  it('a hung server (time limit per request)', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? 'hang' : undefined);
    const run = await s.run(['--timeout', '200'], { CATALOG_RETRIES: '1' });
    expectFault(s, run, 4, /Glance at .* did not answer within 0\.2s \(tried 2 times\).*--timeout/);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('a persistent 500 after bounded retries', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 500, body: { message: 'Internal Server Error' } } : undefined);
    expectFault(s, await s.run(), 4, /answered HTTP 500.*\(tried 4 times\); .*try again later/);
    expect(s.cloud.requests.filter(isList)).toHaveLength(4);
  });

  it('a persistent 502 from Keystone', async () => {
    const s = await setup();
    s.cloud.intercept = () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><title>502 Bad Gateway</title></html>' });
    expectFault(s, await s.run([], { CATALOG_RETRIES: '2' }), 4, /Keystone .* answered HTTP 502 \("502 Bad Gateway"\) \(tried 3 times\)/);
  });
  it('a body cut short by a closed connection is retried, then reported as a network fault (exit 4)', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => {
      if (!isList(request)) return undefined;
      return { cut: '{"images": [' };
    };
    const run = await s.run([], { CATALOG_RETRIES: '1' });
    expectFault(s, run, 4, /closed the connection in the middle of a response \(tried 2 times\)/);
    expect(s.cloud.requests.filter(isList)).toHaveLength(2);
  });
});

describe('faults: data (exit 5)', () => {
  it('malformed JSON', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"images": [ {"id": ' } : undefined);
    expectFault(s, await s.run(), 5, /sent malformed or truncated JSON/);
  });

  it('an HTML error page with status 200', async () => {
    const s = await setup();
    s.cloud.intercept = (request) =>
      isList(request) ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><head><title>Sign in</title></head></html>' } : undefined;
    expectFault(s, await s.run(), 5, /sent an HTML page \(HTTP 200 \("Sign in"\)\) instead of JSON/);
  });

  it('an answer without an images list', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 200, body: { items: [] } } : undefined);
    expectFault(s, await s.run(), 5, /without an "images" list/);
  });

  it('a marker that repeats', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 200, body: { images: [glanceImage({ id: 'a1' })], next: '/v2/images?marker=a1' } } : undefined);
    expectFault(s, await s.run(), 5, /repeats the page marker a1 \(a paging loop\)/);
  });

  it('more pages than the cap', async () => {
    const s = await setup();
    let n = 0;
    s.cloud.intercept = (request) => {
      if (!isList(request)) return undefined;
      n += 1;
      return { status: 200, body: { images: [glanceImage({ id: `p${n}` })], next: `/v2/images?marker=p${n}` } };
    };
    expectFault(s, await s.run([], { CATALOG_MAX_PAGES: '5' }), 5, /more than 5 pages/);
  });

  it('an oversized response', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 200, body: { images: [glanceImage({ description: 'x'.repeat(50_000) })] } } : undefined);
    expectFault(s, await s.run([], { CATALOG_MAX_BYTES: '10000' }), 5, /larger than the 10000-byte cap.*CATALOG_MAX_BYTES/);
  });

  it('an oversized streamed response (no content-length)', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) ? { status: 200, headers: { 'transfer-encoding': 'chunked' }, body: { images: [glanceImage({ description: 'y'.repeat(50_000) })] } } : undefined);
    expectFault(s, await s.run([], { CATALOG_MAX_BYTES: '10000' }), 5, /larger than the 10000-byte cap/);
  });

  it('a "next" link to another host: not followed, no token sent there', async () => {
    const s = await setup();
    const other: SeenRequest[] = [];
    const server = http.createServer((request, response) => {
      other.push({ method: request.method ?? '', path: request.url ?? '', url: new URL('http://x'), headers: request.headers, body: '' });
      response.end('{"images": []}');
    });
    extraServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    s.cloud.intercept = (request) =>
      isList(request) ? { status: 200, body: { images: [glanceImage({ id: 'a1' })], next: `http://127.0.0.1:${port}/v2/images?marker=a1` } } : undefined;
    expectFault(s, await s.run(), 5, /"next" link points at another host \(http:\/\/127\.0\.0\.1:\d+\); it was not followed/);
    expect(other).toHaveLength(0);
  });

  it('no official image at all (nothing is replaced by an empty catalog)', async () => {
    const s = await setup();
    s.cloud.images = [glanceImage({ id: 'z', owner: 'someoneelse' })];
    expectFault(s, await s.run(), 5, /listed no public, active images owned by .*--owner/);
  });

  it('a broken history file is never overwritten', async () => {
    const s = await setup();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(s.history, '{"broken": ');
    const run = await s.run();
    expect(run.code).toBe(5);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/history\.json: not valid JSON/);
    expect(readFileSync(s.out, 'utf8')).toBe(OLD_SNAPSHOT);
    expect(readFileSync(s.history, 'utf8')).toBe('{"broken": ');
  });
});

describe('recoveries', () => {
  it('retries 503 with Retry-After, then succeeds', async () => {
    const s = await setup();
    let failures = 0;
    s.cloud.intercept = (request) => {
      if (isList(request) && failures < 2) {
        failures += 1;
        return { status: 503, headers: { 'retry-after': '1' }, body: { message: 'busy' } };
      }
      return undefined;
    };
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(run.ms).toBeGreaterThanOrEqual(1900);
    // Two 503s and the official listing's page, then the archive's listing.
    expect(s.cloud.requests.filter((request) => isList(request) && request.url.searchParams.get('visibility') === 'public')).toHaveLength(3);
  });

  it('re-authenticates once when the token expires mid-walk, then continues', async () => {
    const s = await setup();
    let expired = false;
    s.cloud.intercept = (request) => {
      if (isList(request) && request.url.searchParams.get('marker') === 'a2' && !expired) {
        expired = true;
        s.cloud.validTokens.clear();
      }
      return undefined;
    };
    const run = await s.run(['--verbose'], { CATALOG_PAGE_SIZE: '2' });
    expect(run.code, run.stderr).toBe(0);
    expect(s.cloud.count('/identity/v3/auth/tokens')).toBe(2);
    expect(run.stderr).toMatch(/token expired during the listing; authenticated again/);
    const markers = s.cloud.requests.filter(isList).map((request) => request.url.searchParams.get('marker'));
    expect(markers.slice(0, 4)).toEqual([null, 'a2', 'a2', 'a4']);
    expect(JSON.parse(readFileSync(s.out, 'utf8')).images).toHaveLength(5);
  });

  it('restarts the walk once when a marker vanishes (400)', async () => {
    const s = await setup();
    let vanished = false;
    s.cloud.intercept = (request) => {
      if (isList(request) && request.url.searchParams.get('marker') === 'a4' && !vanished) {
        vanished = true;
        return { status: 400, body: { message: 'marker not found' } };
      }
      return undefined;
    };
    const run = await s.run([], { CATALOG_PAGE_SIZE: '2' });
    expect(run.code, run.stderr).toBe(0);
    const markers = s.cloud.requests.filter(isList).map((request) => request.url.searchParams.get('marker'));
    expect(markers.slice(0, 4)).toEqual([null, 'a2', 'a4', null]);
    expect(JSON.parse(readFileSync(s.out, 'utf8')).images).toHaveLength(5);
  });

  it('gives up when the marker vanishes twice', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (isList(request) && request.url.searchParams.get('marker') ? { status: 400, body: { message: 'marker not found' } } : undefined);
    expectFault(s, await s.run([], { CATALOG_PAGE_SIZE: '2' }), 5, /rejected the page marker twice/);
  });

  it('recovers from a dropped connection', async () => {
    const s = await setup();
    let dropped = false;
    s.cloud.intercept = (request) => {
      if (isList(request) && !dropped) {
        dropped = true;
        return 'destroy';
      }
      return undefined;
    };
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
  });
});
