/**
 * Keystone v3: get a project-scoped token (password, application credential
 * or token auth) and find the image endpoint in its service catalog.
 */
import { AuthError, ConfigError, DataError } from '../errors.ts';
import { originOf, registerSecret, safeUrl } from '../redact.ts';
import type { CloudConfig } from './config.ts';
import { describeBody, parseJson, type HttpClient, type Target } from './http.ts';

export interface CatalogEndpoint {
  url: string;
  interface: string;
  region: string | null;
}

export interface CatalogService {
  type: string;
  endpoints: CatalogEndpoint[];
}

export interface Session {
  token: string;
  projectId: string | null;
  catalog: CatalogService[];
}

export const KEYSTONE: Target = { service: 'Keystone', fix: 'check OS_AUTH_URL (or auth_url in clouds.yaml)' };

/** The v3 identity URL for an auth URL given with or without `/v3` (or the old `/v2.0`), with or without trailing slashes. */
export function identityUrl(authUrl: string): URL {
  const url = new URL(authUrl);
  url.search = '';
  url.hash = '';
  let path = url.pathname.replace(/\/+$/, '');
  if (/\/v2\.0$/.test(path)) path = path.replace(/\/v2\.0$/, '/v3');
  else if (!/\/v3$/.test(path)) path = `${path}/v3`;
  url.pathname = path;
  return url;
}

type Json = Record<string, unknown>;

function domainOf(id: string | null, name: string | null): Json {
  return id ? { id } : { name: name ?? 'Default' };
}

function projectScope(config: CloudConfig): Json | undefined {
  if (config.projectId) return { project: { id: config.projectId } };
  if (config.projectName) {
    return { project: { name: config.projectName, domain: domainOf(config.projectDomainId, config.projectDomainName) } };
  }
  return undefined;
}

function userOf(config: CloudConfig): Json {
  return config.userId ? { id: config.userId } : { name: config.username, domain: domainOf(config.userDomainId, config.userDomainName) };
}

/** The body of POST /v3/auth/tokens for the configured method. Application credentials carry their own scope and must not send one. */
export function authRequestBody(config: CloudConfig): Json {
  switch (config.authMethod) {
    case 'password': {
      const scope = projectScope(config);
      return {
        auth: {
          identity: { methods: ['password'], password: { user: { ...userOf(config), password: config.password } } },
          ...(scope ? { scope } : {}),
        },
      };
    }
    case 'applicationCredential': {
      const credential: Json = config.applicationCredentialId
        ? { id: config.applicationCredentialId, secret: config.applicationCredentialSecret }
        : { name: config.applicationCredentialName, secret: config.applicationCredentialSecret, user: userOf(config) };
      return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
    }
    case 'token': {
      const scope = projectScope(config);
      return { auth: { identity: { methods: ['token'], token: { id: config.token } }, ...(scope ? { scope } : {}) } };
    }
  }
}

function credentialHint(config: CloudConfig): string {
  switch (config.authMethod) {
    case 'password':
      return `check OS_USERNAME/OS_USER_ID, OS_PASSWORD and OS_USER_DOMAIN_NAME (from ${config.origin})`;
    case 'applicationCredential':
      return `check OS_APPLICATION_CREDENTIAL_ID and _SECRET (from ${config.origin}); the credential may have expired or been deleted`;
    case 'token':
      return `the token (OS_TOKEN from ${config.origin}) is invalid or expired: get a new one`;
  }
}

function scopeHint(config: CloudConfig): string {
  return config.authMethod === 'applicationCredential'
    ? 'the application credential has no project or no role on it: create one in the project'
    : `set OS_PROJECT_ID or OS_PROJECT_NAME (from ${config.origin}) to a project you are a member of`;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parseCatalog(raw: unknown): CatalogService[] {
  if (!Array.isArray(raw)) return [];
  const services: CatalogService[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const service = entry as Json;
    const type = asString(service.type);
    if (!type) continue;
    const endpoints: CatalogEndpoint[] = [];
    for (const item of Array.isArray(service.endpoints) ? service.endpoints : []) {
      if (typeof item !== 'object' || item === null) continue;
      const endpoint = item as Json;
      const url = asString(endpoint.url);
      const iface = asString(endpoint.interface);
      if (!url || !iface) continue;
      endpoints.push({ url, interface: iface.toLowerCase(), region: asString(endpoint.region_id) ?? asString(endpoint.region) });
    }
    services.push({ type, endpoints });
  }
  return services;
}

/**
 * Keystone's own "Could not find …" message when a 404 body is a Keystone
 * error (`{"error": {"code": 404, "title": "Not Found", "message": …}}`);
 * null for any other 404 (a web server's page: the URL is wrong).
 */
export function keystoneNotFound(body: string): string | null {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return error && error.code === 404 && typeof error.message === 'string' ? error.message : null;
  } catch {
    return null;
  }
}

/** Authenticates against Keystone v3 and returns a project-scoped token with its catalog. */
export async function authenticate(http: HttpClient, config: CloudConfig): Promise<Session> {
  if (!config.authUrl) throw new ConfigError('no auth URL', 'set OS_AUTH_URL');
  const base = identityUrl(config.authUrl);
  const url = new URL(`${base.pathname}/auth/tokens`, base);
  const response = await http.send('POST', url, KEYSTONE, { body: JSON.stringify(authRequestBody(config)) });
  const where = `Keystone at ${originOf(url)}`;
  if (response.status === 401) {
    throw new AuthError(`${where} rejected the credentials (HTTP 401${describeBody(response)})`, credentialHint(config));
  }
  if (response.status === 403) {
    throw new AuthError(`${where} refused to issue a token (HTTP 403${describeBody(response)})`, `${scopeHint(config)}; or ask the cloud operators`);
  }
  if (response.status === 404) {
    const missing = keystoneNotFound(response.body.toString('utf8'));
    if (missing !== null) {
      // Keystone itself answered: the URL is right, something named in the request does not exist.
      const what = /application.credential/i.test(missing) ? 'the application credential' : /project/i.test(missing) ? 'the project' : /domain/i.test(missing) ? 'the domain' : /user/i.test(missing) ? 'the user' : 'something the credentials name';
      throw new AuthError(`${where} says ${what} does not exist (HTTP 404${describeBody(response)})`, what === 'the project' || what === 'the domain' ? scopeHint(config) : credentialHint(config));
    }
    throw new ConfigError(`${safeUrl(url)} does not exist (HTTP 404): that is not a Keystone v3 URL`, KEYSTONE.fix);
  }
  if (response.status >= 400) {
    throw new ConfigError(`${where} turned down the request (HTTP ${response.status}${describeBody(response)})`, credentialHint(config));
  }
  if (response.status !== 200 && response.status !== 201) {
    throw new DataError(`${where} answered HTTP ${response.status} to a token request`, KEYSTONE.fix);
  }
  const headerToken = response.headers['x-subject-token'];
  const token = Array.isArray(headerToken) ? headerToken[0] : headerToken;
  if (!token) throw new DataError(`${where} issued no token (no X-Subject-Token header)`, `${KEYSTONE.fix}: it must be the Keystone v3 API`);
  registerSecret(token);
  const data = parseJson(response, KEYSTONE) as Json | null;
  const body = data && typeof data === 'object' ? (data.token as Json | undefined) : undefined;
  if (!body || typeof body !== 'object') throw new DataError(`${where} answered without a "token" object`, KEYSTONE.fix);
  const project = body.project as Json | undefined;
  const projectId = project && typeof project === 'object' ? asString(project.id) : null;
  const catalog = parseCatalog(body.catalog);
  if (!projectId) {
    throw new AuthError(`the token from ${where} has no project scope (so no service catalog)`, scopeHint(config));
  }
  if (catalog.length === 0) {
    throw new AuthError(`the token from ${where} has an empty service catalog`, `${scopeHint(config)}; you may have no role on the project`);
  }
  return { token, projectId, catalog };
}

/** The image endpoint for the chosen interface and region. */
export function findImageEndpoint(catalog: readonly CatalogService[], options: { interface: string; region: string | null }): { url: string; region: string | null } {
  return findServiceEndpoint(catalog, { type: 'image', name: 'image', missingFix: 'set OS_IMAGE_ENDPOINT_OVERRIDE to the Glance URL, or check that this is the right cloud' }, options);
}

/** A service's endpoint (image, object-store, …) for the chosen interface and region. */
export function findServiceEndpoint(
  catalog: readonly CatalogService[],
  service: { type: string; name: string; missingFix: string },
  options: { interface: string; region: string | null },
): { url: string; region: string | null } {
  const endpoints = catalog.filter((entry) => entry.type === service.type).flatMap((entry) => entry.endpoints);
  if (endpoints.length === 0) {
    const types = [...new Set(catalog.map((entry) => entry.type))].sort();
    throw new ConfigError(`the service catalog has no ${service.name} service (it has ${types.length ? types.join(', ') : 'nothing'})`, service.missingFix);
  }
  const byInterface = endpoints.filter((endpoint) => endpoint.interface === options.interface);
  if (byInterface.length === 0) {
    const interfaces = [...new Set(endpoints.map((endpoint) => endpoint.interface))].sort();
    throw new ConfigError(`the ${service.name} service has no ${options.interface} endpoint (it has ${interfaces.join(', ')})`, 'set OS_INTERFACE to one of those');
  }
  const regions = [...new Set(byInterface.map((endpoint) => (endpoint.region === null ? '(none)' : shownRegion(endpoint.region))))].sort();
  if (options.region) {
    const match = byInterface.find((endpoint) => endpoint.region === options.region);
    if (!match) {
      throw new ConfigError(
        `the ${service.name} service has no ${options.interface} endpoint in region "${options.region}" (its regions: ${regions.join(', ')})`,
        'set OS_REGION_NAME (or region_name in clouds.yaml) to one of those',
      );
    }
    return { url: match.url, region: match.region };
  }
  if (regions.length > 1) {
    throw new ConfigError(
      `the ${service.name} service has endpoints in several regions (${regions.join(', ')}) and none was chosen`,
      'set OS_REGION_NAME (or region_name in clouds.yaml) to one of them',
    );
  }
  const only = byInterface[0]!;
  return { url: only.url, region: only.region };
}

/** A region name from the service catalog, as a message may show it: no control characters, bounded. */
function shownRegion(region: string): string {
  return region.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?').slice(0, 64);
}

/** The regions with an image endpoint for the interface, in the catalog's order (null: an endpoint with no region). */
export function imageRegions(catalog: readonly CatalogService[], iface: string): (string | null)[] {
  const regions: (string | null)[] = [];
  for (const service of catalog) {
    if (service.type !== 'image') continue;
    for (const endpoint of service.endpoints) {
      if (endpoint.interface === iface && !regions.includes(endpoint.region)) regions.push(endpoint.region);
    }
  }
  return regions;
}

/**
 * The regions to list: every one the catalog has (`all`, in its order, those without a name left out) or the
 * named ones, each of which must be there. An unknown name is one line naming the regions there are.
 */
export function chooseRegions(wanted: 'all' | readonly string[], available: readonly (string | null)[], where: { iface: string; origin: string }): string[] {
  const named = available.filter((region): region is string => region !== null);
  const there = named.length ? named.map(shownRegion).join(', ') : 'none with a name';
  if (wanted === 'all') {
    if (named.length === 0) {
      throw new ConfigError(`the image service (from ${where.origin}) has no ${where.iface} endpoint in a named region`, 'leave cloud.regions out for a cloud of one region');
    }
    return named;
  }
  for (const region of wanted) {
    if (!named.includes(region)) {
      throw new ConfigError(
        `region "${shownRegion(region)}" has no ${where.iface} image endpoint (from ${where.origin}; the regions there are: ${there})`,
        'fix the region names in cloud.config.yaml (cloud.regions or the member\'s regions) or clouds.yaml',
      );
    }
  }
  return [...wanted];
}
