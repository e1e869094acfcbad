/**
 * A fault-injecting Keystone + Glance on 127.0.0.1 for the fetch tests.
 *
 * Keystone answers POST <origin>/identity/v3/auth/tokens; Glance lists
 * <origin>/image/v2/images (a path-prefixed endpoint, as devstack has it) with
 * marker paging, and its `next` link is relative to the host root and drops the
 * path prefix and filters, like Glance behind a proxy. Tests change behaviour
 * through the public fields and the `intercept` hook, and read `requests`.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export type Json = Record<string, unknown>;

export interface SeenRequest {
  method: string;
  path: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What `intercept` may return: an answer, a hang (never answers), or a dropped connection. */
export type Intercepted =
  | { status: number; headers?: Record<string, string>; body?: string | Json }
  | 'hang'
  | 'destroy'
  /** A 200 announcing more bytes than it sends, then a closed connection. */
  | { cut: string }
  | undefined;

export const OFFICIAL = '28eadf5ad64b42a4929b2fb7df99275c';

export const ARCHIVE = 'c9217cb583f24c7f96567a4d6530e405';

/** A Glance record as Nectar publishes it; `nectar_name` is the name without `NeCTAR ` unless given. */
export function glanceImage(overrides: Json = {}): Json {
  const name = typeof overrides.name === 'string' ? overrides.name : 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64';
  return {
    id: 'ffffffff-0000-0000-0000-000000000000',
    name,
    status: 'active',
    visibility: 'public',
    owner: OFFICIAL,
    os_hidden: false,
    created_at: '2024-05-01T00:00:00Z',
    updated_at: '2024-05-02T00:00:00Z',
    size: 1234,
    virtual_size: 5678,
    disk_format: 'qcow2',
    container_format: 'bare',
    min_disk: 10,
    min_ram: 0,
    checksum: 'abc',
    os_hash_algo: 'sha512',
    os_hash_value: 'def',
    tags: [],
    protected: true,
    os_distro: 'ubuntu',
    os_version: '24.04',
    architecture: 'x86_64',
    default_user: 'ubuntu',
    nectar_name: name.replace(/^NeCTAR /, ''),
    nectar_build: '42',
    self: '/v2/images/x',
    file: '/v2/images/x/file',
    schema: '/v2/schemas/image',
    direct_url: 'rbd://secret-backend/pool/x',
    ...overrides,
  };
}

/** A small official catalog with decoys the client must filter out. */
export function sampleImages(): Json[] {
  return [
    glanceImage({ id: 'a1', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64' }),
    glanceImage({ id: 'a2', name: 'NeCTAR Debian 12 (Bookworm) amd64', os_distro: 'debian', os_version: '12', default_user: 'debian' }),
    glanceImage({ id: 'a3', name: 'NeCTAR Rocky Linux 9 x86_64', os_distro: 'rocky', os_version: '9', default_user: undefined }),
    glanceImage({ id: 'a4', name: 'NeCTAR CentOS 7 x86_64', os_distro: undefined, os_version: undefined, architecture: undefined, default_user: undefined, nectar_name: undefined }),
    glanceImage({ id: 'a5', name: 'NeCTAR Windows Server 2022', os_distro: 'windows', os_version: '2022', default_user: undefined }),
    // Decoys: none of these may reach the snapshot.
    glanceImage({ id: 'x-hidden', name: 'NeCTAR Hidden', os_hidden: true }),
    glanceImage({ id: 'x-private', name: 'Staff private', visibility: 'private' }),
    glanceImage({ id: 'x-shared', name: 'Staff shared', visibility: 'shared' }),
    glanceImage({ id: 'x-community', name: 'Community', visibility: 'community' }),
    glanceImage({ id: 'x-other', name: 'Other project public', owner: 'someoneelse' }),
    glanceImage({ id: 'x-queued', name: 'Queued', status: 'queued' }),
  ];
}

/**
 * The archive project's builds, as Nectar moves them there: renamed
 * `NeCTAR <nectar_name> [v<build>]`, community visibility. Includes a line with
 * no current build (CentOS Stream 8) and decoys that must never be published.
 */
export function archiveImages(): Json[] {
  const archived = (id: string, nectarName: string, build: string, extra: Json = {}): Json =>
    glanceImage({ id, name: `NeCTAR ${nectarName} [v${build}]`, nectar_name: nectarName, nectar_build: build, owner: ARCHIVE, visibility: 'community', protected: false, ...extra });
  return [
    archived('b1', 'Ubuntu 24.04 LTS (Noble) amd64', '41', { created_at: '2024-04-01T00:00:00Z' }),
    archived('b2', 'Ubuntu 24.04 LTS (Noble) amd64', '40', { created_at: '2024-03-01T00:00:00Z' }),
    archived('b3', 'CentOS Stream 8 x86_64', '17', { os_distro: 'centos', os_version: '8', default_user: 'cloud-user' }),
    // Decoys: a community image of another project posing as an archived build, and the archive's private and hidden images.
    archived('y-impostor', 'Ubuntu 24.04 LTS (Noble) amd64', '99', { owner: 'someoneelse' }),
    archived('y-private', 'Ubuntu 24.04 LTS (Noble) amd64', '39', { visibility: 'private' }),
    archived('y-hidden', 'Ubuntu 24.04 LTS (Noble) amd64', '38', { os_hidden: true }),
    archived('y-public', 'Ubuntu 24.04 LTS (Noble) amd64', '37', { visibility: 'public' }),
    archived('y-queued', 'Ubuntu 24.04 LTS (Noble) amd64', '36', { status: 'queued' }),
    // The official project's own community image is not an archived build either.
    glanceImage({ id: 'y-official-community', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v35]', visibility: 'community' }),
  ];
}

/**
 * Earlier builds as SCS-0102 keeps them: the official project's public images,
 * renamed with their build date and hidden (`os_hidden=true`). Decoys: hidden
 * images of another project, and the official project's hidden private,
 * community and queued ones.
 */
export function hiddenBuildImages(): Json[] {
  const hidden = (id: string, name: string, built: string, extra: Json = {}): Json =>
    glanceImage({ id, name, os_hidden: true, image_build_date: built, image_original_user: 'ubuntu', uuid_validity: 'last-3', ...extra });
  return [
    hidden('h1', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 20250301', '2025-03-01'),
    hidden('h2', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 (20250201)', '2025-02-01'),
    hidden('z-other', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 20250101', '2025-01-01', { owner: 'someoneelse' }),
    hidden('z-private', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 20241201', '2024-12-01', { visibility: 'private' }),
    hidden('z-community', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 20241101', '2024-11-01', { visibility: 'community' }),
    hidden('z-queued', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 20241001', '2024-10-01', { status: 'queued' }),
  ];
}

export class FakeCloud {
  readonly tls: { key: string; cert: string } | null;
  server: http.Server | https.Server | null = null;
  origin = '';
  requests: SeenRequest[] = [];

  password = 'correct-horse-battery-staple-PW';
  appCredentialSecret = 'app-cred-SECRET-value-123';
  initialToken = 'tok-GIVEN-abcdef-0123456789';
  tokensIssued = 0;
  validTokens = new Set<string>();
  /** Whether issued tokens carry a project (and so a catalog). */
  projectScoped = true;
  /** The service catalog (null: the default, image at <origin>/image in region Melbourne). */
  catalog: Json[] | null = null;
  images: Json[] = sampleImages();
  /** Whether Glance applies the visibility/status/owner filters itself (a staff token sees more when false). */
  serverFilters = false;
  /** Glance's page size cap (it also honours `limit`). */
  maxPage = 1000;
  intercept: ((request: SeenRequest) => Intercepted | Promise<Intercepted>) | null = null;

  constructor(tls: { key: string; cert: string } | null = null) {
    this.tls = tls;
  }

  get authUrl(): string {
    return `${this.origin}/identity/v3`;
  }

  count(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }

  defaultCatalog(): Json[] {
    return [
      { type: 'identity', endpoints: [{ interface: 'public', region_id: 'Melbourne', region: 'Melbourne', url: `${this.origin}/identity` }] },
      {
        type: 'image',
        endpoints: [
          { interface: 'public', region_id: 'Melbourne', region: 'Melbourne', url: `${this.origin}/image` },
          { interface: 'internal', region_id: 'Melbourne', region: 'Melbourne', url: 'http://192.0.2.1:9292' },
        ],
      },
    ];
  }

  async start(): Promise<this> {
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        void this.#handle(request, response, Buffer.concat(chunks).toString('utf8'));
      });
    };
    this.server = this.tls ? https.createServer({ key: this.tls.key, cert: this.tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `${this.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  async #handle(request: http.IncomingMessage, response: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const seen: SeenRequest = { method: request.method ?? 'GET', path: url.pathname, url, headers: request.headers, body };
    this.requests.push(seen);
    const custom = await this.intercept?.(seen);
    if (custom === 'hang') return;
    if (custom === 'destroy') {
      request.socket.destroy();
      return;
    }
    if (custom && 'cut' in custom) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(custom.cut.length + 5000) });
      response.write(custom.cut, () => setTimeout(() => request.socket.destroy(), 20));
      return;
    }
    const answer = custom ?? this.#route(seen);
    const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
      ...answer.headers,
    });
    response.end(text);
  }

  #route(request: SeenRequest): { status: number; headers?: Record<string, string>; body?: string | Json } {
    if (request.method === 'POST' && request.path === '/identity/v3/auth/tokens') return this.#auth(request);
    if (request.method === 'GET' && request.path === '/image/v2/images') return this.#list(request);
    return { status: 404, body: { error: { message: 'not found' } } };
  }

  #auth(request: SeenRequest): { status: number; headers?: Record<string, string>; body?: Json } {
    const data = JSON.parse(request.body) as Json;
    const identity = (data.auth as Json).identity as Json;
    const methods = identity.methods as string[];
    let ok = false;
    if (methods.includes('password')) ok = ((identity.password as Json).user as Json).password === this.password;
    if (methods.includes('application_credential')) ok = (identity.application_credential as Json).secret === this.appCredentialSecret;
    if (methods.includes('token')) ok = (identity.token as Json).id === this.initialToken || this.validTokens.has((identity.token as Json).id as string);
    if (!ok) return { status: 401, body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } } };
    this.tokensIssued += 1;
    const token = `gAAAA-issued-token-${this.tokensIssued}-XYZ`;
    this.validTokens.add(token);
    const tokenBody: Json = { methods, expires_at: '2099-01-01T00:00:00Z', user: { id: 'u1', name: 'someone' } };
    if (this.projectScoped) {
      tokenBody.project = { id: 'p1', name: 'staff', domain: { id: 'default', name: 'Default' } };
      tokenBody.catalog = this.catalog ?? this.defaultCatalog();
    }
    return { status: 201, headers: { 'x-subject-token': token }, body: { token: tokenBody } };
  }

  #list(request: SeenRequest): { status: number; body?: Json } {
    const token = request.headers['x-auth-token'];
    if (typeof token !== 'string' || !(this.validTokens.has(token) || token === this.initialToken)) {
      return { status: 401, body: { message: 'This server could not verify that you are authorized' } };
    }
    const params = request.url.searchParams;
    // Like Glance: hidden images (os_hidden=true) are listed only when asked for, and then only they are.
    const hiddenAsked = params.get('os_hidden') === 'true';
    let list = [...this.images].filter((image) => (image.os_hidden === true) === hiddenAsked);
    if (this.serverFilters) {
      list = list.filter(
        (image) =>
          image.visibility === params.get('visibility') && image.status === params.get('status') && image.owner === params.get('owner'),
      );
    }
    list.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const limit = Math.min(Number(params.get('limit') ?? 25), this.maxPage);
    const marker = params.get('marker');
    let start = 0;
    if (marker !== null) {
      const index = list.findIndex((image) => image.id === marker);
      if (index < 0) return { status: 400, body: { message: `marker ${marker} not found` } };
      start = index + 1;
    }
    const page = list.slice(start, start + limit);
    const body: Json = { images: page, first: '/v2/images', schema: '/v2/schemas/images' };
    if (start + limit < list.length && page.length) body.next = `/v2/images?limit=${limit}&marker=${String(page.at(-1)!.id)}`;
    return { status: 200, body };
  }
}
