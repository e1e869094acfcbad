import { z } from 'astro/zod';

/**
 * cloud.config.yaml: everything the site knows about its cloud. Every object
 * is strict, so a misspelt key is an error rather than a silent default.
 * The committed file documents each key; src/lib/cloud-config.ts reads it.
 */

const PROJECT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A Glance property name: what `openstack image set --property NAME=…` accepts, kept to plain characters. */
const PROPERTY_NAME = /^[A-Za-z0-9_.:-]{1,255}$/;

const text = z.string().trim().min(1, 'must not be empty');
const projectId = z.string().trim().regex(PROJECT_ID, 'not a project ID (letters, digits, _ or -)');
const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'not an http(s) URL');
const propertyList = z.array(z.string().trim().regex(PROPERTY_NAME, 'not an image property name')).default([]);
/** A guide address from the site root: a page (`/official-images/`) and perhaps an anchor (`/categories/#official`). */
const guidePath = z
  .string()
  .trim()
  .regex(/^\/(?:[a-z0-9][a-z0-9._-]*\/)*(?:#[A-Za-z0-9_-]+)?$/, 'not a guide address from the site root, such as /official-images/ or /categories/#official');
/** A data file, relative to the config file. */
const dataPath = z.string().trim().min(1, 'must not be empty').regex(/\.ya?ml$/, 'not a .yaml file');
/** A Keystone region name (its `region_id`), kept to plain characters so it can name a folder and a URL parameter. */
const regionName = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'not a region name (letters, digits, _, . or -)');
/**
 * Which regions' image services to list: `all` (every region whose Keystone catalog has an image endpoint for the
 * chosen interface) or a list of names. Left out: one region, chosen as today (OS_REGION_NAME, the clouds.yaml
 * entry's region_name or regions, or the only one).
 */
const regions = z.union([z.literal('all'), z.array(regionName).min(1, 'list at least one region, or write all').refine((list) => new Set(list).size === list.length, 'a region is listed twice')]);
const imageProperties = z
  .object({
    login_user: propertyList,
    line: propertyList,
    build: propertyList,
    gpu: propertyList,
    /** Properties naming the image's purpose in SCS-0102 v2's words, tried before `os_purpose`. */
    purpose: propertyList,
  })
  .strict()
  .default({ login_user: [], line: [], build: [], gpu: [], purpose: [] });
/** The keys of `images:` that a federation's member gives for itself. */
const imageKeys = {
  owner: projectId,
  archive_owner: projectId.optional(),
  hidden_builds: z.boolean().default(false),
  name_prefix: z.string().min(1, 'must not be empty (leave the key out for none)').optional(),
  properties: imageProperties,
};
const archiveNotOwner = {
  message: 'the same project as owner; give the project holding earlier builds, or leave archive_owner out',
  path: ['archive_owner'],
};
/** A clouds.yaml / secure.yaml entry name (what OS_CLOUD takes). */
const osCloud = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'not a clouds.yaml entry name (letters, digits, _, . or -)');

/** One cloud of a federation: its own Keystone (its clouds.yaml entry), official project, regions and spellings. */
export const memberSchema = z
  .object({
    name: text,
    short_name: text.optional(),
    os_cloud: osCloud,
    dashboard: httpUrl.optional(),
    regions: regions.optional(),
    ...imageKeys,
  })
  .strict()
  .refine((member) => member.archive_owner === undefined || member.archive_owner !== member.owner, archiveNotOwner);

export const cloudConfigSchema = z
  .object({
    site: z
      .object({
        title: text,
        description: text.optional(),
      })
      .strict(),
    cloud: z
      .object({
        name: text,
        short_name: text.optional(),
        dashboard: httpUrl.optional(),
        regions: regions.optional(),
      })
      .strict(),
    images: z
      .object(imageKeys)
      .strict()
      .refine((images) => images.archive_owner === undefined || images.archive_owner !== images.owner, {
        message: 'the same project as images.owner; give the project holding earlier builds, or leave archive_owner out',
        path: ['archive_owner'],
      })
      .optional(),
    /** A federation: several clouds, each with its own Keystone and credentials, in one site. Instead of `images:`. */
    members: z.array(memberSchema).min(1, 'list at least one member cloud, or leave members out').optional(),
    data: z
      .object({
        distributions: dataPath.default('content/data/distributions.yaml'),
        eol: dataPath.default('content/data/eol.yaml'),
        // Optional: the "Start here" list. Without the key, content/data/recommended.yaml if it exists; without a file, derived.
        recommended: dataPath.optional(),
      })
      .strict()
      .default({ distributions: 'content/data/distributions.yaml', eol: 'content/data/eol.yaml' }),
    guide: z
      .object({
        official: guidePath.optional(),
        official_images: guidePath.optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.members === undefined) {
      if (config.images === undefined) ctx.addIssue({ code: 'custom', path: ['images'], message: 'required' });
      return;
    }
    if (config.images !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['images'], message: 'not with members (each member gives its own owner and image keys)' });
    }
    if (config.cloud.regions !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cloud', 'regions'], message: 'not with members (each member gives its own regions)' });
    }
    if (config.cloud.dashboard !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cloud', 'dashboard'], message: 'not with members (each member gives its own dashboard)' });
    }
    const seen = new Map<string, number>();
    config.members.forEach((member, index) => {
      const key = memberKeyOf(member.short_name ?? member.name);
      if (key === '') ctx.addIssue({ code: 'custom', path: ['members', index, 'name'], message: 'has no letters or digits to name the member in URLs' });
      else if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['members', index, 'name'], message: `names the same member as members.${seen.get(key)} (${key})` });
      seen.set(key, index);
    });
  });

/**
 * A member's key: its short name (else name) in lower case, runs of other characters as `-`. It names the
 * member in URLs (`?member=<key>`) and folders (content/catalog/sources/<key>/); the one place it is derived.
 */
export function memberKeyOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export type CloudConfigFile = z.infer<typeof cloudConfigSchema>;

/** How to fix a key that is missing or wrong, by its path. */
export const CLOUD_CONFIG_FIXES: Readonly<Record<string, string>> = {
  site: 'add a site: section with a title',
  'site.title': 'set it to the site title, e.g. "Example Cloud Image Catalog"',
  'site.description': 'set it to one sentence describing the site, or leave it out',
  cloud: 'add a cloud: section with a name',
  'cloud.name': 'set it to the name of the cloud as sentences should say it',
  'cloud.short_name': 'set it to the short name of the cloud, or leave it out',
  'cloud.dashboard': 'set it to the https:// address of the cloud dashboard, or leave it out',
  'cloud.regions': 'give a list of region names, e.g. [RegionOne, RegionTwo], or all, or leave it out for one region (with members, give each member its regions)',
  members: 'give a list of member clouds, each with name, os_cloud and owner, or leave members out for one cloud',
  'members.name': 'set it to the member cloud\'s name as pages should say it; each member needs its own',
  'members.short_name': 'set it to the member\'s short name, or leave it out',
  'members.os_cloud': 'set it to the member\'s entry in clouds.yaml (what OS_CLOUD would take)',
  'members.owner': 'set it to the project ID that owns the member\'s official images',
  'members.dashboard': 'set it to the https:// address of the member\'s dashboard, or leave it out',
  'members.regions': 'give a list of the member\'s region names, or all, or leave it out for one region',
  'members.archive_owner': 'set it to the project ID that holds the member\'s earlier builds, or leave it out',
  'members.hidden_builds': 'set it to true or false',
  'members.name_prefix': 'set it to the text to strip from the start of image names, in quotes',
  'members.properties': 'give lists of property names under login_user, line, build, gpu and purpose',
  'members.properties.login_user': 'give a list of property names, e.g. [default_user]',
  'members.properties.line': 'give a list of property names',
  'members.properties.build': 'give a list of property names',
  'members.properties.gpu': 'give a list of property names',
  'members.properties.purpose': 'give a list of property names, e.g. [image_purpose]',
  images: 'add an images: section with an owner (or, for a federation, members: and no images:)',
  'images.owner': 'set it to the project ID that owns the official images',
  'images.archive_owner': 'set it to the project ID that holds earlier builds, or leave it out',
  'images.hidden_builds': 'set it to true or false',
  'images.name_prefix': 'set it to the text to strip from the start of image names, in quotes',
  'images.properties': 'give lists of property names under login_user, line, build, gpu and purpose',
  'images.properties.login_user': 'give a list of property names, e.g. [default_user]',
  'images.properties.line': 'give a list of property names',
  'images.properties.build': 'give a list of property names',
  'images.properties.gpu': 'give a list of property names',
  'images.properties.purpose': 'give a list of property names, e.g. [image_purpose]',
  data: 'give the paths of the distributions, eol and recommended files',
  'data.distributions': 'give the path of distributions.yaml, relative to this file',
  'data.eol': 'give the path of eol.yaml, relative to this file',
  'data.recommended': 'give the path of recommended.yaml, relative to this file, or leave it out',
  guide: 'give guide addresses under official and official_images, or leave it out',
  'guide.official': 'give the guide page and anchor that explains official images, e.g. /categories/#official, or leave it out',
  'guide.official_images': 'give the guide page about official images, e.g. /official-images/, or leave it out',
};

/** The keys an object of the schema allows at `path` (for "did you mean"), or [] when `path` is not an object. */
export function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = cloudConfigSchema;
  for (const key of path) {
    if (typeof key === 'number') {
      // A list's item (members.0): the element's schema.
      const element = arrayElement(schema);
      if (!element) return [];
      schema = element;
      continue;
    }
    const shape = objectShape(schema);
    if (!shape || typeof key !== 'string' || !(key in shape)) return [];
    schema = shape[key]!;
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let current: unknown = schema;
  // Looks through .optional() and .default() wrappers to the object inside.
  for (let i = 0; i < 5 && current; i++) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    const def = (current as { def?: { innerType?: unknown } }).def;
    current = def?.innerType;
  }
  return null;
}

function arrayElement(schema: z.ZodType): z.ZodType | null {
  let current: unknown = schema;
  for (let i = 0; i < 5 && current; i++) {
    if (current instanceof z.ZodArray) return current.element as z.ZodType;
    const def = (current as { def?: { innerType?: unknown } }).def;
    current = def?.innerType;
  }
  return null;
}
