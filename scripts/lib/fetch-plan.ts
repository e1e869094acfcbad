/**
 * Which sources a fetch lists: every (member cloud, region) the configuration names, each with its own
 * credentials, Keystone login and Glance endpoint. One cloud of one region is one source, chosen exactly as
 * before (OS_REGION_NAME, clouds.yaml's region_name, or the only region); `cloud.regions`, a member's
 * `regions` or a clouds.yaml `regions:` list make several. Each Keystone is logged in to once, however many
 * of its regions are listed.
 */
import type { CloudConfig as SiteConfig, MemberConfig } from '../../src/lib/cloud-config.ts';
import { SOURCE_PART } from '../../src/schemas/sources.ts';
import { CatalogError, ConfigError } from './errors.ts';
import { safeUrl } from './redact.ts';
import type { FetchOptions } from './cli-args.ts';
import type { SourceImages } from './fetch-source.ts';
import { cloudsYamlRegions, loadCloudConfig, memberEnv, readCaBundle, type CloudConfig, type ConfigLocations } from './openstack/config.ts';
import { HttpClient } from './openstack/http.ts';
import { authenticate, chooseRegions, findImageEndpoint, imageRegions, type Session } from './openstack/keystone.ts';

const USER_AGENT = 'image-catalog-fetch/1';

/** One member as the fetch reads it: its credentials' environment, the regions it asks for and whose images. */
export interface MemberPlan {
  member: MemberConfig;
  env: NodeJS.ProcessEnv;
  /** `all`, the named regions, or null: one region, chosen as without the key. */
  regions: 'all' | readonly string[] | null;
  /** The member's settings without a region chosen from a list. */
  config: CloudConfig;
  images: SourceImages;
}

/** One source, ready to list. */
export interface PlannedSource {
  member: MemberConfig;
  region: string | null;
  /** Names it in messages: "region RegionTwo", "member Beta, region RegionTwo"; '' for a site of one source. */
  label: string;
  config: CloudConfig;
  endpoint: string;
  images: SourceImages;
  http: HttpClient;
  auth: { token: () => string; renew: () => Promise<boolean> };
}

/** The words that name a source in messages. */
export function sourceLabel(member: Pick<MemberConfig, 'shortName'>, region: string | null, federation: boolean): string {
  const parts = [federation ? `member ${member.shortName}` : null, region !== null ? `region ${region}` : null].filter((part) => part !== null);
  return parts.length ? parts.join(', ') : 'the cloud';
}

/** A source's error with its label in front, keeping its kind (and so its exit code). */
export function inSource(label: string, error: unknown): unknown {
  if (!(error instanceof CatalogError) || label === '') return error;
  const labelled = new CatalogError(error.kind, `${label}: ${error.reason}`, error.fix);
  labelled.name = error.name;
  return labelled;
}

/** Whose images a member's sources list: the command line's choices for one cloud, the member's own in a federation. */
export function memberImages(member: MemberConfig, options: FetchOptions, federation: boolean): SourceImages {
  if (!federation) return { owner: options.owner, archiveOwner: options.archiveOwner, hiddenBuilds: options.hiddenBuilds, conventions: member.conventions };
  return {
    owner: member.owner,
    archiveOwner: options.noArchive ? null : member.archiveOwner,
    hiddenBuilds: options.forceHiddenBuilds || member.hiddenBuilds,
    conventions: member.conventions,
  };
}

/**
 * Every member's plan, before any traffic: a broken clouds.yaml entry, a member with no credentials or
 * regions asked of a cloud without Keystone is one line here.
 */
export function planMembers(site: Pick<SiteConfig, 'members' | 'federation'>, options: FetchOptions, env: NodeJS.ProcessEnv, where?: Partial<ConfigLocations>): MemberPlan[] {
  return site.members.map((member) => {
    const label = site.federation ? `member ${member.shortName}` : '';
    try {
      const memberVariables = member.osCloud !== null ? memberEnv(env, member.osCloud) : env;
      const config = loadCloudConfig(memberVariables, where);
      const regions = member.regions ?? cloudsYamlRegions(memberVariables, where);
      if (regions !== null && config.authUrl === null) {
        throw new ConfigError('several regions need Keystone, and these credentials are a bare token with an image endpoint', 'set OS_AUTH_URL, or leave the regions out');
      }
      return { member, env: memberVariables, regions, config, images: memberImages(member, options, site.federation) };
    } catch (error) {
      throw inSource(label, error);
    }
  });
}

/** Whether the plans make more than one source (known before any login when no member asks for `all`). */
export function mayBeSeveral(plans: readonly MemberPlan[]): boolean {
  return plans.length > 1 || plans.some((plan) => plan.regions !== null);
}

/** An identity's one login, shared by every source that logs in as it; a token renewal is shared too. */
export class Logins {
  #sessions = new Map<string, { session: Promise<Session>; token: string | null }>();

  static keyOf(config: CloudConfig): string {
    const { authUrl, authMethod, username, userId, userDomainName, userDomainId, projectId, projectName, projectDomainName, projectDomainId } = config;
    return JSON.stringify([authUrl, authMethod, username, userId, userDomainName, userDomainId, projectId, projectName, projectDomainName, projectDomainId, config.applicationCredentialId, config.applicationCredentialName, config.password, config.applicationCredentialSecret, config.token]);
  }

  login(http: HttpClient, config: CloudConfig): Promise<Session> {
    const key = Logins.keyOf(config);
    let entry = this.#sessions.get(key);
    if (!entry) {
      const created: { session: Promise<Session>; token: string | null } = { session: authenticate(http, config), token: null };
      created.session.then((session) => (created.token = session.token)).catch(() => {});
      this.#sessions.set(key, created);
      entry = created;
    }
    return entry.session;
  }

  /** The identity's current token (after `login`). */
  token(config: CloudConfig): string {
    return this.#sessions.get(Logins.keyOf(config))?.token ?? '';
  }

  /** A new token for the identity, once however many sources ask at the same time. */
  renew(http: HttpClient, config: CloudConfig): Promise<Session> {
    const key = Logins.keyOf(config);
    const entry = this.#sessions.get(key)!;
    const stale = entry.token;
    const pending = entry.session;
    return pending.then((session) => {
      if (session.token !== stale) return session;
      const renewed = authenticate(http, config);
      entry.session = renewed;
      renewed.then((fresh) => (entry.token = fresh.token)).catch(() => {});
      return renewed;
    });
  }
}

/** An HTTP client for one source, with its CA and TLS settings; retries are announced with its label. */
export function httpClientFor(config: CloudConfig, options: FetchOptions, onNotice: (message: string) => void): HttpClient {
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs,
    maxBytes: options.maxBytes,
    ca: readCaBundle(config.cacert),
    insecure: config.insecure,
    userAgent: USER_AGENT,
  });
  http.onRetry = (notice) => onNotice(`${notice.reason}; trying again in ${(notice.delayMs / 1000).toFixed(1)}s (attempt ${notice.attempt + 1} of ${notice.attempts})`);
  return http;
}

export interface ResolveContext {
  federation: boolean;
  /** Whether the site has several sources: labels are '' for the one source of a one-source site. */
  several: boolean;
  options: FetchOptions;
  logins: Logins;
  where?: Partial<ConfigLocations>;
  /** Every client made, to close at the end. */
  clients: HttpClient[];
  onStep: (message: string) => void;
  onNotice: (label: string, message: string) => void;
  onWarn: (message: string) => void;
}

/**
 * One member's sources: logs in (once per identity), reads the image endpoints of its regions and checks
 * them. Throws (its label in front) when the member cannot be reached or its regions are wrong.
 */
export async function resolveMember(plan: MemberPlan, context: ResolveContext): Promise<PlannedSource[]> {
  const { federation, options, logins } = context;
  const memberLabel = federation ? `member ${plan.member.shortName}` : '';
  const labelOf = (region: string | null) => (context.several ? sourceLabel(plan.member, region, federation) : '');
  const source = (region: string | null, config: CloudConfig, endpoint: string, http: HttpClient): PlannedSource => ({
    member: plan.member,
    region,
    label: labelOf(region),
    config,
    endpoint,
    images: plan.images,
    http,
    auth:
      config.authUrl === null
        ? { token: () => config.token!, renew: async () => false }
        : {
            token: () => logins.token(config),
            renew: async () => {
              await logins.renew(http, config);
              return true;
            },
          },
  });
  const clientFor = (config: CloudConfig, label: string) => {
    const http = httpClientFor(config, options, (message) => context.onNotice(label, message));
    context.clients.push(http);
    return http;
  };
  try {
    if (plan.regions === null) {
      const { config } = plan;
      const http = clientFor(config, labelOf(config.regionName));
      if (config.authUrl === null) return [source(config.regionName, config, config.imageEndpointOverride!, http)];
      context.onStep(`Authenticating with Keystone at ${safeUrl(config.authUrl!)}`);
      const session = await logins.login(http, config);
      if (config.imageEndpointOverride) return [source(config.regionName, config, config.imageEndpointOverride, http)];
      const found = findImageEndpoint(session.catalog, { interface: config.interface, region: config.regionName });
      return [source(found.region, config, found.url, http)];
    }
    const base = plan.config;
    const baseHttp = clientFor(base, memberLabel);
    context.onStep(`Authenticating with Keystone at ${safeUrl(base.authUrl!)}`);
    const baseSession = await logins.login(baseHttp, base);
    let regions: string[];
    if (plan.regions === 'all') {
      regions = chooseRegions('all', imageRegions(baseSession.catalog, base.interface), { iface: base.interface, origin: base.origin }).filter((region) => {
        if (SOURCE_PART.test(region)) return true;
        context.onWarn(`${memberLabel ? `${memberLabel}: ` : ''}left out region ${JSON.stringify(region.slice(0, 64))} of the service catalog: its name cannot name a folder or a URL (letters, digits, . _ - only); list the regions in cloud.config.yaml to choose`);
        return false;
      });
    } else {
      regions = [...plan.regions];
    }
    const sources: PlannedSource[] = [];
    for (const region of regions) {
      const config = loadCloudConfig(plan.env, context.where, { region });
      const http = clientFor(config, labelOf(region));
      const session = Logins.keyOf(config) === Logins.keyOf(base) ? baseSession : await logins.login(http, config);
      chooseRegions([region], imageRegions(session.catalog, config.interface), { iface: config.interface, origin: config.origin });
      const endpoint = config.imageEndpointOverride ?? findImageEndpoint(session.catalog, { interface: config.interface, region }).url;
      const same = sources.find((other) => other.endpoint === endpoint);
      if (same) {
        throw new ConfigError(
          `regions ${same.region} and ${region} would list the same image endpoint${config.imageEndpointOverride ? ' (OS_IMAGE_ENDPOINT_OVERRIDE or image_endpoint_override)' : ''}`,
          'unset the override, or set it per region under regions: [{name, values: {image_endpoint_override: …}}] in clouds.yaml',
        );
      }
      sources.push(source(region, config, endpoint, http));
    }
    return sources;
  } catch (error) {
    throw inSource(memberLabel, error);
  }
}

/** Runs `work` over `items` with at most `limit` at once, results in the items' order (each settles on its own). */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index]!, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, runner));
  return results;
}
