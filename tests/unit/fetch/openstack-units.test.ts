/** Direct tests of the small OpenStack modules: URLs, the catalog, Retry-After, history, arguments. */
import { describe, expect, it } from 'vitest';
import { identityUrl, findImageEndpoint, authRequestBody, type CatalogService } from '../../../scripts/lib/openstack/keystone.ts';
import { imagesUrl, pageUrl, publicEndpoint } from '../../../scripts/lib/openstack/glance.ts';
import { parseRetryAfter } from '../../../scripts/lib/openstack/http.ts';
import { changedFields, diffImages } from '../../../scripts/lib/history.ts';
import { parseFetchArgs } from '../../../scripts/lib/cli-args.ts';
import { redact, registerSecret, safeUrl } from '../../../scripts/lib/redact.ts';
import type { CatalogImage } from '../../../src/schemas/snapshot.ts';
import type { CloudConfig } from '../../../scripts/lib/openstack/config.ts';

describe('identityUrl', () => {
  it.each([
    ['https://keystone.example.org:5000', 'https://keystone.example.org:5000/v3'],
    ['https://keystone.example.org:5000/', 'https://keystone.example.org:5000/v3'],
    ['https://keystone.example.org:5000/v3', 'https://keystone.example.org:5000/v3'],
    ['https://keystone.example.org:5000/v3/', 'https://keystone.example.org:5000/v3'],
    ['https://keystone.example.org:5000/v3//', 'https://keystone.example.org:5000/v3'],
    ['https://keystone.rc.nectar.org.au:5000/v2.0/', 'https://keystone.rc.nectar.org.au:5000/v3'],
    ['http://host/identity', 'http://host/identity/v3'],
    ['http://host/identity/v3', 'http://host/identity/v3'],
  ])('%s -> %s', (input, expected) => {
    expect(identityUrl(input).toString()).toBe(expected);
  });
});

describe('imagesUrl', () => {
  it.each([
    ['https://image.example.org:9292', 'https://image.example.org:9292/v2/images'],
    ['https://image.example.org:9292/', 'https://image.example.org:9292/v2/images'],
    ['https://image.example.org:9292/v2', 'https://image.example.org:9292/v2/images'],
    ['https://image.example.org:9292/v2/', 'https://image.example.org:9292/v2/images'],
    ['https://image.example.org:9292/v2.1', 'https://image.example.org:9292/v2/images'],
    ['https://host/image/', 'https://host/image/v2/images'],
    ['https://host/image/v2', 'https://host/image/v2/images'],
    ['https://user:pw@host/image?x=1', 'https://host/image/v2/images'],
  ])('%s -> %s', (input, expected) => {
    expect(imagesUrl(input).toString()).toBe(expected);
  });

  it('records the endpoint without version, user info or query', () => {
    expect(publicEndpoint('https://user:pw@host:9292/image/v2/?token=abc')).toBe('https://host:9292/image');
    expect(publicEndpoint('https://host:9292/v2')).toBe('https://host:9292');
  });

  it('builds every page from its own filters and the marker', () => {
    const url = pageUrl(new URL('https://host/image/v2/images'), 'own', 1000, 'm1');
    expect(url.toString()).toBe('https://host/image/v2/images?visibility=public&status=active&owner=own&limit=1000&marker=m1');
  });

  it('asks for hidden images only when told to (Glance then lists only them)', () => {
    const url = pageUrl(new URL('https://host/image/v2/images'), 'own', 1000, null, 'public', true);
    expect(url.toString()).toBe('https://host/image/v2/images?visibility=public&os_hidden=true&status=active&owner=own&limit=1000');
    expect(pageUrl(new URL('https://host/image/v2/images'), 'own', 1000, null).searchParams.has('os_hidden')).toBe(false);
  });
});

describe('findImageEndpoint', () => {
  const catalog: CatalogService[] = [
    {
      type: 'image',
      endpoints: [
        { interface: 'public', region: 'Melbourne', url: 'https://mel/image' },
        { interface: 'internal', region: 'Melbourne', url: 'http://mel-internal' },
        { interface: 'public', region: 'Queensland', url: 'https://qld/image' },
      ],
    },
    { type: 'identity', endpoints: [{ interface: 'public', region: 'Melbourne', url: 'https://keystone' }] },
  ];

  it('picks by interface and region', () => {
    expect(findImageEndpoint(catalog, { interface: 'public', region: 'Queensland' })).toEqual({ url: 'https://qld/image', region: 'Queensland' });
    expect(findImageEndpoint(catalog, { interface: 'internal', region: null })).toEqual({ url: 'http://mel-internal', region: 'Melbourne' });
  });

  it('refuses to guess among several regions', () => {
    expect(() => findImageEndpoint(catalog, { interface: 'public', region: null })).toThrow(/several regions \(Melbourne, Queensland\)/);
  });

  it('names an unknown region and a missing service', () => {
    expect(() => findImageEndpoint(catalog, { interface: 'public', region: 'Tasmania' })).toThrow(/region "Tasmania" \(its regions: Melbourne, Queensland\)/);
    expect(() => findImageEndpoint(catalog, { interface: 'admin', region: null })).toThrow(/no admin endpoint \(it has internal, public\)/);
    expect(() => findImageEndpoint([catalog[1]!], { interface: 'public', region: null })).toThrow(/no image service \(it has identity\)/);
  });
});

describe('authRequestBody', () => {
  const base: CloudConfig = {
    origin: 'test',
    authMethod: 'password',
    authUrl: 'http://k/v3',
    username: 'u',
    userId: null,
    password: 'pw',
    userDomainName: 'Default',
    userDomainId: null,
    projectId: null,
    projectName: 'p',
    projectDomainName: null,
    projectDomainId: 'default',
    applicationCredentialId: 'ac',
    applicationCredentialName: null,
    applicationCredentialSecret: 's',
    token: 't',
    regionName: null,
    interface: 'public',
    cacert: null,
    insecure: false,
    imageEndpointOverride: null,
  };

  it('scopes password auth to the project', () => {
    expect(authRequestBody(base)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'u', domain: { name: 'Default' }, password: 'pw' } } },
        scope: { project: { name: 'p', domain: { id: 'default' } } },
      },
    });
  });

  it('never scopes application-credential auth', () => {
    expect(authRequestBody({ ...base, authMethod: 'applicationCredential' })).toEqual({
      auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac', secret: 's' } } },
    });
  });

  it('uses the user id when given', () => {
    const body = authRequestBody({ ...base, userId: 'uid', projectId: 'pid' }) as { auth: { identity: { password: { user: unknown } }; scope: unknown } };
    expect(body.auth.identity.password.user).toEqual({ id: 'uid', password: 'pw' });
    expect(body.auth.scope).toEqual({ project: { id: 'pid' } });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5000)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe('redact and safeUrl', () => {
  it('masks registered secrets, plain and URL-encoded', () => {
    registerSecret('p@ss word!');
    expect(redact('a p@ss word! b p%40ss%20word! c')).toBe('a *** b *** c');
  });

  it('drops user info and queries', () => {
    expect(safeUrl('https://u:p@host:1/x?token=abc#f')).toBe('https://host:1/x');
  });
});

describe('history diff', () => {
  const image = (overrides: Partial<CatalogImage>): CatalogImage => ({
    id: 'i',
    name: 'n',
    distro: null,
    version: null,
    codename: null,
    architecture: null,
    defaultUser: null,
    status: 'active',
    visibility: 'public',
    owner: 'o',
    createdAt: null,
    updatedAt: null,
    size: null,
    diskFormat: null,
    containerFormat: null,
    minDisk: null,
    minRam: null,
    checksum: null,
    hashAlgo: null,
    hashValue: null,
    tags: [],
    properties: {},
    ...overrides,
  });

  it('lists everything as added without a previous snapshot', () => {
    const entry = diffImages(null, [image({ id: 'b', name: 'B' }), image({ id: 'a', name: 'A' })], '2024-01-01T00:00:00Z');
    expect(entry.added.map((item) => item.id)).toEqual(['a', 'b']);
    expect(entry.removed).toEqual([]);
  });

  it('names changed fields, properties one by one', () => {
    expect(changedFields(image({ properties: { a: '1', b: '2' } }), image({ properties: { a: '1', c: '3' }, size: 5, tags: ['x'] }))).toEqual([
      'properties.b',
      'properties.c',
      'size',
      'tags',
    ]);
  });
});

describe('parseFetchArgs', () => {
  it('defaults, environment and options', () => {
    const options = parseFetchArgs([], {});
    // The committed cloud.config.yaml's owner and archive project are the defaults.
    expect(options).toMatchObject({ owner: '28eadf5ad64b42a4929b2fb7df99275c', archiveOwner: 'c9217cb583f24c7f96567a4d6530e405', hiddenBuilds: false, out: null, json: false, timeoutMs: 30_000, retries: 3, pageSize: 1000, maxPages: 1000 });
    expect(parseFetchArgs(['--owner', 'abc', '--timeout', '50', '-o', 'x.json', '--json'], { CATALOG_OWNER: 'zzz' })).toMatchObject({
      owner: 'abc',
      timeoutMs: 50,
      out: 'x.json',
      json: true,
    });
    expect(parseFetchArgs([], { CATALOG_OWNER: 'zzz', CATALOG_TIMEOUT_MS: '99' })).toMatchObject({ owner: 'zzz', timeoutMs: 99 });
  });

  it('rejects nonsense with a usage error', () => {
    expect(() => parseFetchArgs(['--timeout', 'soon'], {})).toThrow(/--timeout must be a whole number/);
    expect(() => parseFetchArgs(['--owner', 'a b'], {})).toThrow(/not a project id/);
    expect(() => parseFetchArgs(['extra'], {})).toThrow();
  });
});
