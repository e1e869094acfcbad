/**
 * The guide's placeholders for what cloud.config.yaml knows: a page writes
 * `%cloud.name%` and the built page names the cloud cloud.config.yaml
 * describes. One function, `substituteTokens`, serves the
 * Markdown (src/plugins/remark-cloud-tokens.ts), the frontmatter, sidebar and
 * head (src/route-middleware.ts) and the tested-docs suite (tests/docs), so
 * the commands the suite runs are the commands the reader sees.
 */
import type { CloudConfig } from './cloud-config.ts';

/** Token name (the config key, as written in the file) → its value; null: the file leaves that key out. */
export type GuideTokens = Readonly<Record<string, string | null>>;

/** The values a guide page can use. */
export function guideTokens(config: CloudConfig): GuideTokens {
  return {
    'site.title': config.site.title,
    'cloud.name': config.cloud.name,
    'cloud.short_name': config.cloud.shortName,
    'cloud.dashboard': config.cloud.dashboard,
    'images.owner': config.images.owner,
    'images.archive_owner': config.images.archiveOwner,
  };
}

/** `%key.path%`: keys are lower-case words joined by dots, so `%s`, `100%` and URL escapes (`%2F`) never match. */
const TOKEN = /%([a-z][a-z_]*(?:\.[a-z][a-z_]*)+)%/g;

/** The one-line fault of a page's placeholder; `where` names the page. */
export class GuideTokenError extends Error {
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = 'GuideTokenError';
  }
}

/**
 * `text` with every `%key%` replaced by its value. An unknown key, or a key
 * the config leaves out, is an error naming `where` and the fix, never an
 * empty string on the page.
 */
export function substituteTokens(text: string, tokens: GuideTokens, where: string): string {
  if (!text.includes('%')) return text;
  return text.replace(TOKEN, (_, key: string) => {
    if (!Object.hasOwn(tokens, key)) {
      throw new GuideTokenError(where, `%${key}% is not a cloud.config.yaml value; use one of ${Object.keys(tokens).map((k) => `%${k}%`).join(', ')}`);
    }
    const value = tokens[key];
    if (value === null || value === undefined) {
      throw new GuideTokenError(where, `%${key}% is used but cloud.config.yaml sets no ${key}; set it there, or reword the page`);
    }
    return value;
  });
}

/** Whether `text` uses a placeholder whose key the config leaves out (e.g. `%cloud.dashboard%` with no dashboard). */
export function usesMissingToken(text: string, tokens: GuideTokens): boolean {
  for (const match of text.matchAll(TOKEN)) {
    if (Object.hasOwn(tokens, match[1]!) && tokens[match[1]!] == null) return true;
  }
  return false;
}

/** Every string inside `value` (plain objects and arrays, as in frontmatter or route data) substituted; other values kept. */
export function substituteDeep<T>(value: T, tokens: GuideTokens, where: string): T {
  if (typeof value === 'string') return substituteTokens(value, tokens, where) as T;
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, tokens, where)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteDeep(item, tokens, where)])) as T;
  }
  return value;
}
