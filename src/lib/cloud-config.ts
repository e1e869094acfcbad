/**
 * The one reader of cloud.config.yaml, the file that knows the cloud. The
 * build (astro.config.mjs, pages, content collections) and every script read
 * it through `cloudConfig()`: `CATALOG_CONFIG` when set (relative to the
 * working directory), else cloud.config.yaml at the repository root. It is
 * read and checked once per process; any fault is one `CloudConfigError` line
 * naming the file, the key and the fix.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { z } from 'astro/zod';
import { CLOUD_CONFIG_FIXES, cloudConfigSchema, knownKeysAt, memberKeyOf } from '../schemas/cloud-config.ts';
import type { ImageConventions } from './catalog/conventions.ts';
import { describeYamlError } from './yaml-file.ts';

export const CONFIG_FILE_NAME = 'cloud.config.yaml';

/**
 * The repository root. Resolved from this module's own path (not from `new
 * URL(…, import.meta.url)`, which Vite would treat as an asset); inside a
 * bundled Astro build the module moves, so astro.config.mjs sets
 * CATALOG_CONFIG to the absolute path it read and the pages follow it.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CloudConfig {
  /** The file this was read from (absolute). */
  file: string;
  site: {
    title: string;
    description: string;
  };
  cloud: {
    name: string;
    /** `short_name`, else `name`. */
    shortName: string;
    /** Without a trailing slash; null: no dashboard links. */
    dashboard: string | null;
  };
  /**
   * The official images' keys. For a federation: the first member's (what the guide's %images.owner%
   * placeholders name); code that serves every source reads `members`.
   */
  images: MemberImages;
  /** A federation (`members:` in the file) rather than one cloud. */
  federation: boolean;
  /**
   * Every cloud whose images the site lists, in the file's order: a federation's members, or the one cloud
   * (from `cloud:` and `images:`, with `osCloud: null`). Each (member, region) is one source of the catalog.
   */
  members: MemberConfig[];
  /** Absolute paths of the data files. */
  data: {
    distributions: string;
    eol: string;
    /** The "Start here" list; may not exist when cloud.config.yaml does not name it (the list is then derived). */
    recommended: string;
  };
  /** Where catalog pages link into the guide, from the site root; null: no such link. */
  guide: {
    official: string | null;
    officialImages: string | null;
  };
}

export interface MemberImages {
  owner: string;
  archiveOwner: string | null;
  hiddenBuilds: boolean;
  conventions: ImageConventions;
}

/** One cloud of the site: a federation's member, or the one cloud. */
export interface MemberConfig extends MemberImages {
  /** Names it in URLs (`?member=`), folders and source keys: `memberKeyOf(short name)`. */
  key: string;
  name: string;
  /** `short_name`, else `name`. */
  shortName: string;
  /** Its clouds.yaml entry; null: the environment's credentials (OS_CLOUD, OS_* variables), as for one cloud. */
  osCloud: string | null;
  /** Without a trailing slash; null: no dashboard links. */
  dashboard: string | null;
  /** `all`, the named regions, or null: one region, chosen as without the key (OS_REGION_NAME, clouds.yaml, the only one). */
  regions: 'all' | readonly string[] | null;
}

/** A broken cloud.config.yaml (or CATALOG_CONFIG), as one line: `cloud.config.yaml: images.owner: required; set it to …`. */
export class CloudConfigError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${shownPath(path)}: ${message}`.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' '));
    this.name = 'CloudConfigError';
    this.path = path;
  }
}

/** A path as people should read it: relative to the working directory when it is inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The config file this process uses: CATALOG_CONFIG (relative to the working directory), else the repository's. */
export function cloudConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.CATALOG_CONFIG?.trim();
  return named ? resolve(process.cwd(), named) : join(ROOT, CONFIG_FILE_NAME);
}

/** Edit distance, for "did you mean": small strings only (config keys). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The known key closest to `key`, when it is close enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

function typeName(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a section';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key as string];
  }
  return current;
}

/** One schema issue as `key.path: what is wrong; how to fix it`. */
export function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const keyPath = issue.path.map(String).join('.');
  const fixKey = issue.path.filter((key) => typeof key === 'string').join('.');
  const fix = CLOUD_CONFIG_FIXES[fixKey] ?? 'see the comments in the committed cloud.config.yaml';
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path.map(String);
    const key = issue.keys[0]!;
    const where = [...parent, key].join('.');
    const near = nearestKey(key, knownKeysAt(issue.path));
    const known = knownKeysAt(issue.path);
    if (near) return `${where}: unknown key; did you mean ${[...parent, near].join('.')}?`;
    return `${where}: unknown key; ${known.length ? `the keys here are ${known.join(', ')}` : 'remove it'}`;
  }
  const value = valueAt(data, issue.path);
  const where = keyPath || 'top level';
  if (issue.code === 'invalid_type') {
    if (value === undefined) return `${where}: required; ${fix}`;
    const expected = issue.expected === 'object' ? 'a section' : issue.expected === 'array' ? 'a list' : issue.expected === 'string' ? 'text' : `a ${issue.expected}`;
    return `${where}: expected ${expected}, not ${typeName(value)}; ${fix}`;
  }
  return `${where}: ${issue.message}; ${fix}`;
}

/** Checks parsed YAML against the schema and resolves it for the code; `file` is the config's absolute path. */
export function resolveCloudConfig(data: unknown, file: string): CloudConfig {
  if (data === null || data === undefined) throw new CloudConfigError(file, 'the file is empty; copy the committed cloud.config.yaml and set your cloud\'s values');
  const parsed = cloudConfigSchema.safeParse(data);
  if (!parsed.success) {
    // An unknown key first: a misspelt key is also the cause of the "required" issue for the key it meant.
    const issues = parsed.error.issues;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
    throw new CloudConfigError(file, describeIssue(issue, data));
  }
  const c = parsed.data;
  const dir = dirname(file);
  const dataFile = (path: string) => resolve(dir, path);
  const dashboardOf = (url: string | undefined) => (url ? url.replace(/\/+$/, '') : null);
  const imagesOf = (images: NonNullable<typeof c.images>): MemberImages => ({
    owner: images.owner,
    archiveOwner: images.archive_owner ?? null,
    hiddenBuilds: images.hidden_builds,
    conventions: {
      namePrefix: images.name_prefix ?? null,
      loginUserProperties: images.properties.login_user,
      lineProperties: images.properties.line,
      buildProperties: images.properties.build,
      gpuProperties: images.properties.gpu,
      purposeProperties: images.properties.purpose,
    },
  });
  const cloud = {
    name: c.cloud.name,
    shortName: c.cloud.short_name ?? c.cloud.name,
    dashboard: dashboardOf(c.cloud.dashboard),
  };
  const members: MemberConfig[] = c.members
    ? c.members.map((member) => ({
        key: memberKeyOf(member.short_name ?? member.name),
        name: member.name,
        shortName: member.short_name ?? member.name,
        osCloud: member.os_cloud,
        dashboard: dashboardOf(member.dashboard),
        regions: member.regions ?? null,
        ...imagesOf(member),
      }))
    : [
        {
          key: memberKeyOf(cloud.shortName) || 'cloud',
          name: cloud.name,
          shortName: cloud.shortName,
          osCloud: null,
          dashboard: cloud.dashboard,
          regions: c.cloud.regions ?? null,
          ...imagesOf(c.images!),
        },
      ];
  const first = members[0]!;
  return {
    file,
    site: {
      title: c.site.title,
      description: c.site.description ?? `How images work on ${c.cloud.name}, and a searchable catalog of its official images.`,
    },
    cloud,
    images: { owner: first.owner, archiveOwner: first.archiveOwner, hiddenBuilds: first.hiddenBuilds, conventions: first.conventions },
    federation: c.members !== undefined,
    members,
    data: {
      distributions: dataFile(c.data.distributions),
      eol: dataFile(c.data.eol),
      recommended: dataFile(c.data.recommended ?? 'content/data/recommended.yaml'),
    },
    guide: {
      official: c.guide.official ?? null,
      officialImages: c.guide.official_images ?? null,
    },
  };
}

/** Reads, checks and resolves a config file; any fault is one CloudConfigError line. */
export function readCloudConfig(file: string, fromEnv = false): CloudConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const fix = fromEnv
      ? 'point CATALOG_CONFIG at your cloud.config.yaml, or unset it to use the repository\'s'
      : 'restore it from git (git checkout cloud.config.yaml), or set CATALOG_CONFIG to your own';
    throw new CloudConfigError(file, `${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}; ${fix}`);
  }
  let data: unknown;
  try {
    data = parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new CloudConfigError(file, `${describeYamlError(error)}; fix the file`);
  }
  const config = resolveCloudConfig(data, file);
  const named = (data as { data?: { recommended?: unknown } } | null)?.data?.recommended !== undefined;
  const required = [['data.distributions', config.data.distributions], ['data.eol', config.data.eol], ...(named ? [['data.recommended', config.data.recommended]] : [])] as const;
  for (const [key, path] of required) {
    try {
      readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CloudConfigError(file, `${key}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`} ${shownPath(path)}; give a path relative to ${shownPath(file)}`);
    }
  }
  return config;
}

const loaded = new Map<string, CloudConfig>();

/** This process's cloud config, read once per file. Throws a CloudConfigError. */
export function cloudConfig(env: NodeJS.ProcessEnv = process.env): CloudConfig {
  const file = cloudConfigPath(env);
  let config = loaded.get(file);
  if (!config) {
    config = readCloudConfig(file, Boolean(env.CATALOG_CONFIG?.trim()));
    loaded.set(file, config);
  }
  return config;
}

/**
 * For scripts: the config, or its one error line on stderr and exit code 2.
 * `name` prefixes the line as the script's other errors are (`catalog:fetch: error: …`).
 */
export function cloudConfigOrExit(name: string): CloudConfig {
  try {
    return cloudConfig();
  } catch (error) {
    if (!(error instanceof CloudConfigError)) throw error;
    process.stderr.write(`${name}: error: ${error.message}\n`);
    process.exit(2);
  }
}

/** The conventions of the cloud this build is for: `images:` in cloud.config.yaml (or CATALOG_CONFIG's file). */
export function configuredConventions(): ImageConventions {
  return cloudConfig().images.conventions;
}
