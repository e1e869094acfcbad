/**
 * Credentials and connection settings, read the way OpenStack users already
 * have them: an openrc file's OS_* variables, or OS_CLOUD naming a cloud in
 * clouds.yaml (with secure.yaml merged over it).
 *
 * With OS_CLOUD, clouds.yaml gives the values and any OS_* variable that is
 * also set overrides it, as the openstack CLI does (its --os-* options default
 * to the OS_* variables and win over clouds.yaml).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.ts';
import { describeYamlError } from '../../../src/lib/yaml-file.ts';
import { registerSecret } from '../redact.ts';

export type AuthMethod = 'password' | 'applicationCredential' | 'token';

export interface CloudConfig {
  /** Where the settings came from, for messages ("the OS_* environment", `cloud "x" in /path/clouds.yaml`). */
  origin: string;
  authMethod: AuthMethod;
  /** Keystone URL as given; null only for a bare token with an image endpoint override. */
  authUrl: string | null;
  username: string | null;
  userId: string | null;
  password: string | null;
  userDomainName: string | null;
  userDomainId: string | null;
  projectId: string | null;
  projectName: string | null;
  projectDomainName: string | null;
  projectDomainId: string | null;
  applicationCredentialId: string | null;
  applicationCredentialName: string | null;
  applicationCredentialSecret: string | null;
  token: string | null;
  regionName: string | null;
  /** public, internal or admin. */
  interface: string;
  /** Path of a CA bundle to trust. */
  cacert: string | null;
  /** Skip TLS verification. */
  insecure: boolean;
  imageEndpointOverride: string | null;
  /** The object-store URL to use instead of the catalog's (`https://host/v1/AUTH_<project>`), as openstacksdk's `object_store_endpoint_override`. */
  objectStoreEndpointOverride?: string | null;
}

export interface ConfigLocations {
  cwd: string;
  home: string;
  /** /etc/openstack unless a test says otherwise. */
  systemDir: string;
}

type Flat = Record<string, string | undefined>;

/** Settings by their clouds.yaml names, flattened (`auth.username` -> `username`). */
const ENV_KEYS: ReadonlyArray<[string, string]> = [
  ['OS_AUTH_URL', 'auth_url'],
  ['OS_USERNAME', 'username'],
  ['OS_USER_ID', 'user_id'],
  ['OS_PASSWORD', 'password'],
  ['OS_TENANT_ID', 'project_id'],
  ['OS_PROJECT_ID', 'project_id'],
  ['OS_TENANT_NAME', 'project_name'],
  ['OS_PROJECT_NAME', 'project_name'],
  ['OS_USER_DOMAIN_NAME', 'user_domain_name'],
  ['OS_USER_DOMAIN_ID', 'user_domain_id'],
  ['OS_PROJECT_DOMAIN_NAME', 'project_domain_name'],
  ['OS_PROJECT_DOMAIN_ID', 'project_domain_id'],
  ['OS_DEFAULT_DOMAIN_NAME', 'default_domain_name'],
  ['OS_DEFAULT_DOMAIN_ID', 'default_domain_id'],
  ['OS_DEFAULT_DOMAIN', 'default_domain_id'],
  ['OS_APPLICATION_CREDENTIAL_ID', 'application_credential_id'],
  ['OS_APPLICATION_CREDENTIAL_NAME', 'application_credential_name'],
  ['OS_APPLICATION_CREDENTIAL_SECRET', 'application_credential_secret'],
  ['OS_TOKEN', 'token'],
  ['OS_AUTH_TYPE', 'auth_type'],
  ['OS_REGION_NAME', 'region_name'],
  ['OS_ENDPOINT_TYPE', 'interface'],
  ['OS_INTERFACE', 'interface'],
  ['OS_CACERT', 'cacert'],
  ['OS_INSECURE', 'insecure'],
  ['OS_IMAGE_ENDPOINT_OVERRIDE', 'image_endpoint_override'],
  ['OS_OBJECT_STORE_ENDPOINT_OVERRIDE', 'object_store_endpoint_override'],
];

const SECRET_KEYS = ['password', 'token', 'application_credential_secret'] as const;

/** Whether any OpenStack credentials are in the environment at all. */
export function hasCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.OS_CLOUD || env.OS_AUTH_URL || env.OS_TOKEN || env.OS_APPLICATION_CREDENTIAL_ID);
}

function fromEnv(env: NodeJS.ProcessEnv): Flat {
  const flat: Flat = {};
  for (const [name, key] of ENV_KEYS) {
    const value = env[name];
    if (value !== undefined && value !== '') flat[key] = value;
  }
  return flat;
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function falsy(value: string | undefined): boolean {
  return value !== undefined && /^(0|false|no|off)$/i.test(value.trim());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = out[key];
    out[key] = isRecord(existing) && isRecord(value) ? deepMerge(existing, value) : value;
  }
  return out;
}

function configDirs(env: NodeJS.ProcessEnv, where: ConfigLocations): string[] {
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(where.home, '.config');
  return [where.cwd, join(xdg, 'openstack'), where.systemDir];
}

function candidates(env: NodeJS.ProcessEnv, where: ConfigLocations, base: 'clouds' | 'secure'): string[] {
  return configDirs(env, where).flatMap((dir) => [join(dir, `${base}.yaml`), join(dir, `${base}.yml`)]);
}

function readYamlFile(path: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, `check the file's permissions`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    // Never the parser's message: it quotes the line, which may hold the password.
    throw new ConfigError(`${what} ${path}: ${describeYamlError(error)}`, 'fix the file at that place');
  }
  if (data === null || data === undefined) return {};
  if (!isRecord(data)) throw new ConfigError(`${what} ${path} is not a mapping`, 'it must start with "clouds:"');
  return data;
}

function cloudsOf(data: Record<string, unknown>, path: string, what: string): Record<string, unknown> {
  const clouds = data.clouds;
  if (clouds === undefined || clouds === null) return {};
  if (!isRecord(clouds)) throw new ConfigError(`${what} ${path} has a "clouds" key that is not a mapping`, 'list clouds by name under "clouds:"');
  return clouds;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** One cloud entry flattened to the names ENV_KEYS uses. */
function flattenCloud(entry: Record<string, unknown>, path: string, name: string): Flat {
  const normalised = (record: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key.replace(/-/g, '_'), value]));
  const top = normalised(entry);
  const flat: Flat = {};
  const auth = top.auth;
  if (auth !== undefined && !isRecord(auth)) {
    throw new ConfigError(`cloud "${name}" in ${path} has an "auth" that is not a mapping`, 'put auth_url, username, … under "auth:"');
  }
  for (const [key, value] of Object.entries(normalised(isRecord(auth) ? auth : {}))) {
    const text = scalar(value);
    if (text === undefined) continue;
    const mapped = key === 'tenant_id' ? 'project_id' : key === 'tenant_name' ? 'project_name' : key;
    flat[mapped] = text;
  }
  for (const key of ['auth_type', 'region_name', 'interface', 'cacert', 'image_endpoint_override', 'object_store_endpoint_override', 'default_domain']) {
    const text = scalar(top[key]);
    if (text !== undefined) flat[key === 'default_domain' ? 'default_domain_id' : key] = text;
  }
  if (flat.interface === undefined) {
    const endpointType = scalar(top.endpoint_type);
    if (endpointType !== undefined) flat.interface = endpointType;
  }
  if (top.verify === false || falsy(scalar(top.verify))) flat.insecure = 'true';
  if (top.insecure === true || truthy(scalar(top.insecure))) flat.insecure = 'true';
  if (flat.region_name === undefined && Array.isArray(top.regions) && top.regions.length === 1) {
    const only = top.regions[0];
    const region = isRecord(only) ? scalar(only.name) : scalar(only);
    if (region !== undefined) flat.region_name = region;
  }
  return flat;
}

/** A clouds.yaml `regions:` item, as openstacksdk reads it: a name, or `{name, values}` whose values override the cloud's. */
export interface CloudRegion {
  name: string;
  values: Record<string, unknown>;
}

/** The `regions:` list of a clouds.yaml entry (names or `{name, values}` dicts); [] when it has none. */
function regionsOf(entry: Record<string, unknown>, path: string, cloud: string): CloudRegion[] {
  const raw = entry.regions;
  if (raw === undefined || raw === null) return [];
  const bad = (): never => {
    throw new ConfigError(`cloud "${cloud}" in ${path} has a "regions" that is not a list of names or {name, values}`, 'write regions: [RegionOne, RegionTwo] or regions: [{name: RegionOne, values: {…}}]');
  };
  if (!Array.isArray(raw)) return bad();
  return raw.map((item) => {
    if (typeof item === 'string' && item.trim() !== '') return { name: item.trim(), values: {} };
    if (isRecord(item) && typeof item.name === 'string' && item.name.trim() !== '') {
      if (item.values !== undefined && !isRecord(item.values)) return bad();
      return { name: item.name.trim(), values: isRecord(item.values) ? item.values : {} };
    }
    return bad();
  });
}

function fromCloudsYaml(
  cloud: string,
  env: NodeJS.ProcessEnv,
  where: ConfigLocations,
  region: string | null = null,
): { flat: Flat; origin: string; dir: string; regions: CloudRegion[] } {
  let path: string | undefined;
  if (env.OS_CLIENT_CONFIG_FILE) {
    path = resolve(where.cwd, env.OS_CLIENT_CONFIG_FILE);
    if (!existsSync(path)) {
      throw new ConfigError(`OS_CLIENT_CONFIG_FILE names ${path}, which does not exist`, 'point it at your clouds.yaml or unset it');
    }
  } else {
    path = candidates(env, where, 'clouds').find((candidate) => existsSync(candidate));
    if (!path) {
      throw new ConfigError(
        `OS_CLOUD is "${cloud}" but there is no clouds.yaml (looked in ./clouds.yaml, ~/.config/openstack/clouds.yaml, ${join(where.systemDir, 'clouds.yaml')})`,
        'create one, set OS_CLIENT_CONFIG_FILE, or unset OS_CLOUD and source your openrc file',
      );
    }
  }
  const clouds = cloudsOf(readYamlFile(path, 'clouds.yaml'), path, 'clouds.yaml');
  const entry = clouds[cloud];
  if (!isRecord(entry)) {
    const known = Object.keys(clouds);
    throw new ConfigError(
      `cloud "${cloud}" is not in ${path} (${known.length ? `it has ${known.map((name) => `"${name}"`).join(', ')}` : 'it lists no clouds'})`,
      'set OS_CLOUD to one of the clouds there, or add it',
    );
  }
  let merged: Record<string, unknown> = entry;
  const securePath = env.OS_CLIENT_SECURE_FILE
    ? resolve(where.cwd, env.OS_CLIENT_SECURE_FILE)
    : candidates(env, where, 'secure').find((candidate) => existsSync(candidate));
  if (securePath && existsSync(securePath)) {
    const secureEntry = cloudsOf(readYamlFile(securePath, 'secure.yaml'), securePath, 'secure.yaml')[cloud];
    if (isRecord(secureEntry)) merged = deepMerge(entry, secureEntry);
  }
  const regions = regionsOf(merged, path, cloud);
  // One region of several: its `values` override the cloud's (openstacksdk's rule), even `auth.auth_url`.
  const chosen = region === null ? undefined : regions.find((item) => item.name === region);
  if (chosen) merged = deepMerge(merged, chosen.values);
  const dirOfPath = resolve(path, '..');
  return { flat: flattenCloud(merged, path, cloud), origin: `cloud "${cloud}" in ${path}`, dir: dirOfPath, regions };
}

function locationsOf(env: NodeJS.ProcessEnv, where?: Partial<ConfigLocations>): ConfigLocations {
  return {
    cwd: where?.cwd ?? process.cwd(),
    home: where?.home ?? (env.HOME || homedir()),
    systemDir: where?.systemDir ?? '/etc/openstack',
  };
}

/**
 * The region names of OS_CLOUD's clouds.yaml entry when it lists several (`regions:`), as openstacksdk and the
 * openstack CLI read them; null when OS_CLOUD is not set or the entry lists one region or none (one region,
 * chosen as before). OS_REGION_NAME, when set, chooses one of them as it always did: null then too.
 */
export function cloudsYamlRegions(env: NodeJS.ProcessEnv, where?: Partial<ConfigLocations>): string[] | null {
  if (!env.OS_CLOUD || env.OS_REGION_NAME) return null;
  const { regions } = fromCloudsYaml(env.OS_CLOUD, env, locationsOf(env, where));
  return regions.length > 1 ? regions.map((region) => region.name) : null;
}

/** Whether a clouds.yaml is there to name a federation's members in (OS_CLIENT_CONFIG_FILE or the usual places). */
export function hasCloudsYaml(env: NodeJS.ProcessEnv, where?: Partial<ConfigLocations>): boolean {
  if (env.OS_CLIENT_CONFIG_FILE) return true;
  return candidates(env, locationsOf(env, where), 'clouds').some((candidate) => existsSync(candidate));
}

/** Variables that say where clouds.yaml and secure.yaml are: all a member keeps of the shell's OS_* settings. */
const FILE_VARIABLES = new Set(['OS_CLIENT_CONFIG_FILE', 'OS_CLIENT_SECURE_FILE']);

/**
 * The environment a federation's member is read from: OS_CLOUD is its clouds.yaml entry, and no other OS_*
 * variable of the shell applies (one member's openrc must never log in as another, or pick its region).
 */
export function memberEnv(env: NodeJS.ProcessEnv, osCloud: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('OS_') || FILE_VARIABLES.has(name)) out[name] = value;
  }
  out.OS_CLOUD = osCloud;
  return out;
}

function authMethodOf(flat: Flat, origin: string): AuthMethod {
  const type = flat.auth_type?.trim().toLowerCase().replace(/-/g, '_');
  switch (type) {
    case undefined:
      if (flat.application_credential_secret || flat.application_credential_id) return 'applicationCredential';
      if (flat.token && !flat.password) return 'token';
      return 'password';
    case 'password':
    case 'v3password':
      return 'password';
    case 'v3applicationcredential':
    case 'applicationcredential':
    case 'application_credential':
    case 'v3_application_credential':
      return 'applicationCredential';
    case 'token':
    case 'v3token':
    case 'admin_token':
    case 'token_endpoint':
    case 'none':
      return 'token';
    default:
      throw new ConfigError(
        `auth type "${flat.auth_type}" (from ${origin}) is not supported`,
        'use password, v3password, v3applicationcredential, token or v3token',
      );
  }
}

/**
 * Resolves the settings for this run, or throws a ConfigError saying what is
 * missing. Registers every secret it sees so no output can carry one.
 */
export function loadCloudConfig(env: NodeJS.ProcessEnv, where?: Partial<ConfigLocations>, choice: { region?: string } = {}): CloudConfig {
  const locations = locationsOf(env, where);
  const region = choice.region ?? null;
  const envFlat = fromEnv(env);
  for (const key of SECRET_KEYS) registerSecret(envFlat[key]);

  let flat: Flat;
  let origin: string;
  if (env.OS_CLOUD) {
    const cloud = fromCloudsYaml(env.OS_CLOUD, env, locations, region);
    for (const key of SECRET_KEYS) registerSecret(cloud.flat[key]);
    flat = { ...cloud.flat, ...envFlat };
    origin = cloud.origin;
  } else if (envFlat.auth_url || envFlat.token || envFlat.application_credential_id) {
    flat = envFlat;
    origin = 'the OS_* environment';
  } else {
    throw new ConfigError(
      'no OpenStack credentials are set',
      "source your project's openrc file (OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_ID) or set OS_CLOUD to a cloud in clouds.yaml",
    );
  }

  // A region chosen from a list (cloud.regions, clouds.yaml's regions) is that region, whatever OS_REGION_NAME says.
  if (region !== null) flat.region_name = region;
  const authMethod = authMethodOf(flat, origin);
  const get = (key: string): string | null => {
    const value = flat[key]?.trim();
    return value ? value : null;
  };
  const defaultDomainId = get('default_domain_id');
  const defaultDomainName = get('default_domain_name');

  const config: CloudConfig = {
    origin,
    authMethod,
    authUrl: get('auth_url'),
    username: get('username'),
    userId: get('user_id'),
    password: flat.password ?? null,
    userDomainName: get('user_domain_name'),
    userDomainId: get('user_domain_id'),
    projectId: get('project_id'),
    projectName: get('project_name'),
    projectDomainName: get('project_domain_name'),
    projectDomainId: get('project_domain_id'),
    applicationCredentialId: get('application_credential_id'),
    applicationCredentialName: get('application_credential_name'),
    applicationCredentialSecret: flat.application_credential_secret ?? null,
    token: flat.token?.trim() || null,
    regionName: get('region_name'),
    interface: normaliseInterface(get('interface')),
    cacert: get('cacert') ? resolve(locations.cwd, get('cacert')!) : null,
    insecure: truthy(flat.insecure),
    imageEndpointOverride: get('image_endpoint_override'),
    objectStoreEndpointOverride: get('object_store_endpoint_override'),
  };

  // Names without a domain mean the default domain, as with the openstack CLI.
  if (!config.userDomainId && !config.userDomainName && config.username && !config.userId) {
    if (defaultDomainId) config.userDomainId = defaultDomainId;
    else config.userDomainName = defaultDomainName ?? 'Default';
  }
  if (!config.projectDomainId && !config.projectDomainName && config.projectName && !config.projectId) {
    if (defaultDomainId) config.projectDomainId = defaultDomainId;
    else config.projectDomainName = defaultDomainName ?? 'Default';
  }

  validate(config);
  return config;
}

function normaliseInterface(value: string | null): string {
  const text = (value ?? 'public').toLowerCase();
  return text.endsWith('url') ? text.slice(0, -3) : text;
}

function validate(config: CloudConfig): void {
  const { origin } = config;
  if (config.cacert !== null && !existsSync(config.cacert)) {
    throw new ConfigError(`the CA bundle ${config.cacert} does not exist`, 'set OS_CACERT (or cacert in clouds.yaml) to your cloud\'s CA certificate file');
  }
  if (!['public', 'internal', 'admin'].includes(config.interface)) {
    throw new ConfigError(`interface "${config.interface}" (from ${origin}) is not public, internal or admin`, 'fix OS_INTERFACE or "interface" in clouds.yaml');
  }
  if (config.authUrl !== null) {
    let url: URL;
    try {
      url = new URL(config.authUrl);
    } catch {
      throw new ConfigError(`the auth URL (from ${origin}) is not a URL`, 'set OS_AUTH_URL (or auth_url in clouds.yaml) to the Keystone URL, e.g. https://keystone.example.org:5000/v3');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`the auth URL (from ${origin}) is not http or https`, 'set OS_AUTH_URL to the Keystone URL');
    }
  }
  if (config.imageEndpointOverride !== null) {
    try {
      const url = new URL(config.imageEndpointOverride);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new ConfigError('OS_IMAGE_ENDPOINT_OVERRIDE is not an http(s) URL', 'set it to the Glance endpoint, e.g. https://image.example.org:9292');
    }
  }
  if (config.objectStoreEndpointOverride) {
    try {
      const url = new URL(config.objectStoreEndpointOverride);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new ConfigError(
        'OS_OBJECT_STORE_ENDPOINT_OVERRIDE (object_store_endpoint_override) is not an http(s) URL',
        'set it to the object-store URL, e.g. https://swift.example.org/v1/AUTH_<project>',
      );
    }
  }
  if (config.authUrl === null) {
    if (config.authMethod === 'token' && config.token && config.imageEndpointOverride) return;
    throw new ConfigError(`no auth URL (from ${origin})`, 'set OS_AUTH_URL (or auth_url in clouds.yaml) to the Keystone URL');
  }
  switch (config.authMethod) {
    case 'password':
      if (!config.username && !config.userId) {
        throw new ConfigError(`no user name (from ${origin})`, 'set OS_USERNAME (or username in clouds.yaml), or use an application credential');
      }
      if (config.password === null || config.password === '') {
        throw new ConfigError(`no password (from ${origin})`, 'set OS_PASSWORD (or password in clouds.yaml or secure.yaml)');
      }
      break;
    case 'applicationCredential':
      if (!config.applicationCredentialSecret) {
        throw new ConfigError(`no application credential secret (from ${origin})`, 'set OS_APPLICATION_CREDENTIAL_SECRET (or application_credential_secret in clouds.yaml)');
      }
      if (!config.applicationCredentialId && !(config.applicationCredentialName && (config.userId || config.username))) {
        throw new ConfigError(
          `no application credential id (from ${origin})`,
          'set OS_APPLICATION_CREDENTIAL_ID (or its name with OS_USERNAME/OS_USER_ID)',
        );
      }
      break;
    case 'token':
      if (!config.token) throw new ConfigError(`auth type is token but there is no token (from ${origin})`, 'set OS_TOKEN, or use password auth');
      break;
  }
}

/** The CA bundle OS_CACERT (or clouds.yaml's `cacert`) names, or null; an unreadable file is one ConfigError line. */
export function readCaBundle(path: string | null | undefined): Buffer | null {
  if (!path) return null;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(`cannot read the CA bundle ${path} (${(error as NodeJS.ErrnoException).code})`, 'check OS_CACERT');
  }
}
