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
      })
      .strict(),
    images: z
      .object({
        owner: projectId,
        archive_owner: projectId.optional(),
        hidden_builds: z.boolean().default(false),
        name_prefix: z.string().min(1, 'must not be empty (leave the key out for none)').optional(),
        properties: z
          .object({
            login_user: propertyList,
            line: propertyList,
            build: propertyList,
            gpu: propertyList,
          })
          .strict()
          .default({ login_user: [], line: [], build: [], gpu: [] }),
      })
      .strict()
      .refine((images) => images.archive_owner === undefined || images.archive_owner !== images.owner, {
        message: 'the same project as images.owner; give the project holding earlier builds, or leave archive_owner out',
        path: ['archive_owner'],
      }),
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
  .strict();

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
  images: 'add an images: section with an owner',
  'images.owner': 'set it to the project ID that owns the official images',
  'images.archive_owner': 'set it to the project ID that holds earlier builds, or leave it out',
  'images.hidden_builds': 'set it to true or false',
  'images.name_prefix': 'set it to the text to strip from the start of image names, in quotes',
  'images.properties': 'give lists of property names under login_user, line, build and gpu',
  'images.properties.login_user': 'give a list of property names, e.g. [default_user]',
  'images.properties.line': 'give a list of property names',
  'images.properties.build': 'give a list of property names',
  'images.properties.gpu': 'give a list of property names',
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
