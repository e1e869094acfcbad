/**
 * Performance budgets over a built site (pure: files in, verdicts out), for
 * scripts/check-budgets.ts, which `npm run build` runs after `astro build`.
 *
 * What a page "ships" in JavaScript: its inline `<script>`s, the scripts it
 * loads with `<script src>`, and every module those import statically,
 * transitively (dynamic `import()`s load on demand and are not counted). Each
 * file or inline script counts once per page, at its gzipped size (gzip -6, as
 * static hosts serve it).
 *
 * "Starlight's own" JavaScript is what every HTML page of the build ships: the
 * intersection over all pages. Every page is a Starlight page, so that is what
 * the plainest one (the 404 page, a text-only guide page) carries: theme
 * picker, search, sidebar and header scripts. A page's own JavaScript is what
 * it ships beyond that.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const KB = 1000;

export interface BudgetLimits {
  /** Gzipped JS a guide page ships beyond Starlight's own. */
  guideExtraJs: number;
  /** Gzipped JS the catalog page ships beyond Starlight's own (its filter script). */
  catalogOwnJs: number;
  /** Gzipped HTML of the largest page (a catalog that outgrew its inline limit shows here first). */
  pageHtml: number;
}

export const DEFAULT_BUDGETS: Readonly<BudgetLimits> = Object.freeze({
  guideExtraJs: 5 * KB,
  catalogOwnJs: 10 * KB,
  pageHtml: 150 * KB,
});

export function gzipSize(text: string | Uint8Array): number {
  return gzipSync(text, { level: 6 }).length;
}

export interface PageScripts {
  /** `src` paths of external scripts, as written (site-absolute, e.g. `/_astro/page.js`). */
  src: string[];
  /** Contents of inline scripts (JSON and other non-JavaScript types left out). */
  inline: string[];
}

/** Attributes of a start tag's source (`type="module" src=x`), names lowercased. */
function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of source.matchAll(/([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attrs.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

/**
 * The scripts an HTML page runs. A small tokenizer rather than a regex over
 * the whole page: `<script>` inside a quoted attribute value or a comment (an
 * image named `<script>…`, as text) is not a script.
 */
export function extractScripts(html: string): PageScripts {
  const result: PageScripts = { src: [], inline: [] };
  let i = 0;
  while ((i = html.indexOf('<', i)) !== -1) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    const name = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(i, i + 40));
    if (!name) {
      i++;
      continue;
    }
    // Find the end of the start tag, skipping quoted attribute values.
    let j = i + name[0].length;
    let quote = '';
    for (; j < html.length; j++) {
      const c = html[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    const tag = name[1]!.toLowerCase();
    const attrs = parseAttributes(html.slice(i + name[0].length, j));
    i = j + 1;
    if (tag !== 'script' && tag !== 'style' && tag !== 'textarea' && tag !== 'title') continue;
    // Raw text elements: their content runs to the matching end tag.
    const close = html.toLowerCase().indexOf(`</${tag}`, i);
    const content = html.slice(i, close === -1 ? html.length : close);
    i = close === -1 ? html.length : close;
    if (tag !== 'script') continue;
    const type = (attrs.get('type') ?? '').toLowerCase();
    if (type && type !== 'module' && type !== 'text/javascript' && type !== 'application/javascript') continue;
    const src = attrs.get('src');
    if (src) result.src.push(src);
    else if (content.trim()) result.inline.push(content);
  }
  return result;
}

/** Static `import … from "x"`, `import "x"` and `export … from "x"` specifiers of a (minified) module. */
export function staticImports(js: string): string[] {
  const out: string[] = [];
  const pattern = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"'\n]+)["']/g;
  for (const match of js.matchAll(pattern)) out.push(match[1]!);
  return out;
}

/** Resolves a module specifier against the importing file's site path; `null` for bare or remote ones. */
export function resolveSpecifier(specifier: string, from: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) || specifier.startsWith('//')) return null;
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return null;
  return new URL(specifier, `http://site${from}`).pathname;
}

export interface JsResource {
  /** `/_astro/x.js`, or `inline:<sha1>` for an inline script. */
  key: string;
  gzip: number;
}

/**
 * Every JavaScript resource a page ships, with its gzipped size. `readAsset`
 * returns a site path's file contents, or `null` when there is no such file
 * (counted as 0 bytes; the link check reports missing files).
 */
export function pageJs(html: string, readAsset: (sitePath: string) => string | null, cache = new Map<string, { gzip: number; imports: string[] }>()): JsResource[] {
  const scripts = extractScripts(html);
  const seen = new Map<string, number>();
  for (const text of scripts.inline) {
    const key = `inline:${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    let entry = cache.get(key);
    if (!entry) cache.set(key, (entry = { gzip: gzipSize(text), imports: [] }));
    seen.set(key, entry.gzip);
  }
  const visit = (path: string) => {
    if (seen.has(path)) return;
    let entry = cache.get(path);
    if (!entry) {
      const text = readAsset(path);
      entry = {
        gzip: text === null ? 0 : gzipSize(text),
        imports: text === null ? [] : staticImports(text).map((specifier) => resolveSpecifier(specifier, path)).filter((p): p is string => p !== null),
      };
      cache.set(path, entry);
    }
    seen.set(path, entry.gzip);
    for (const target of entry.imports) visit(target);
  };
  for (const src of scripts.src) {
    const path = resolveSpecifier(src, '/');
    if (path) visit(path);
  }
  return [...seen].map(([key, gzip]) => ({ key, gzip }));
}

/** The resources every page ships: Starlight's own. */
export function sharedJs(pages: readonly JsResource[][]): Set<string> {
  if (pages.length === 0) return new Set();
  const shared = new Set(pages[0]!.map((r) => r.key));
  for (const page of pages.slice(1)) {
    const keys = new Set(page.map((r) => r.key));
    for (const key of shared) if (!keys.has(key)) shared.delete(key);
  }
  return shared;
}

/** Gzipped bytes of a page's resources outside `baseline`. */
export function extraBytes(page: readonly JsResource[], baseline: ReadonlySet<string>): { bytes: number; keys: string[] } {
  const extra = page.filter((r) => !baseline.has(r.key));
  return { bytes: extra.reduce((sum, r) => sum + r.gzip, 0), keys: extra.map((r) => r.key) };
}

export interface BuiltPage {
  /** URL path: `/`, `/catalog/`. */
  path: string;
  html: string;
}

export type PageKind = 'guide' | 'catalog-index' | 'catalog' | 'other';

/** Guide pages are the site's pages outside `/catalog/` (the 404 page aside). */
export function pageKind(path: string): PageKind {
  if (path === '/catalog/') return 'catalog-index';
  if (path.startsWith('/catalog/')) return 'catalog';
  if (path === '/404.html' || path === '/404/') return 'other';
  return 'guide';
}

export interface BudgetResult {
  name: string;
  ok: boolean;
  /** Measured figure, bytes. */
  figure: number;
  limit: number;
  /** Which page the figure is from, and what made it up. */
  where: string;
  fix: string;
}

export interface BudgetReport {
  results: BudgetResult[];
  /** Starlight's own JS: keys and gzipped total. */
  baseline: { keys: string[]; bytes: number };
  pages: number;
}

/** `4.3 kB` (1 kB = 1000 bytes). */
export function formatKb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} kB`;
}

/**
 * Checks the budgets over a built site's pages. `readAsset` as for `pageJs`.
 * Pages are sampled for the shared baseline all the same: every page counts.
 */
export function checkBudgets(pages: readonly BuiltPage[], readAsset: (sitePath: string) => string | null, limits: BudgetLimits = DEFAULT_BUDGETS): BudgetReport {
  const cache = new Map<string, { gzip: number; imports: string[] }>();
  const js = pages.map((page) => pageJs(page.html, readAsset, cache));
  const baseline = sharedJs(js);
  const all = js[0] ?? [];
  const baselineBytes = all.filter((r) => baseline.has(r.key)).reduce((sum, r) => sum + r.gzip, 0);
  const results: BudgetResult[] = [];

  let worstGuide = { bytes: 0, keys: [] as string[], path: '(no guide page)' };
  let catalog: { bytes: number; keys: string[]; path: string } | null = null;
  let largestHtml = { bytes: 0, path: '(no page)' };
  pages.forEach((page, i) => {
    const kind = pageKind(page.path);
    const extra = extraBytes(js[i]!, baseline);
    if (kind === 'guide' && extra.bytes >= worstGuide.bytes) worstGuide = { ...extra, path: page.path };
    if (kind === 'catalog-index') catalog = { ...extra, path: page.path };
  });
  // Gzip only the biggest pages: gzipping thousands of image pages would take seconds for nothing.
  const bySize = pages.map((page) => ({ page, raw: page.html.length })).sort((a, b) => b.raw - a.raw).slice(0, 20);
  for (const { page } of bySize) {
    const html = gzipSize(page.html);
    if (html > largestHtml.bytes) largestHtml = { bytes: html, path: page.path };
  }

  const list = (keys: string[]) => (keys.length ? keys.map((k) => k.replace(/^\/_astro\//, '')).join(', ') : 'nothing');
  results.push({
    name: 'guide page JS beyond Starlight’s own',
    ok: worstGuide.bytes < limits.guideExtraJs,
    figure: worstGuide.bytes,
    limit: limits.guideExtraJs,
    where: `${worstGuide.path}: ${list(worstGuide.keys)}`,
    fix: 'drop the client script or island a guide page (or a component it uses) added, or load it on interaction',
  });
  const cat = catalog as { bytes: number; keys: string[]; path: string } | null;
  results.push({
    name: 'catalog page’s own JS',
    ok: cat !== null && cat.bytes < limits.catalogOwnJs,
    figure: cat?.bytes ?? 0,
    limit: limits.catalogOwnJs,
    where: cat ? `${cat.path}: ${list(cat.keys)}` : 'no /catalog/ page was built',
    fix: 'shrink src/scripts/catalog-filter.ts and what it imports (keep browser imports to src/lib/catalog/filter.ts and sort.ts)',
  });
  results.push({
    name: 'largest page HTML',
    ok: largestHtml.bytes < limits.pageHtml,
    figure: largestHtml.bytes,
    limit: limits.pageHtml,
    where: largestHtml.path,
    fix: htmlFix(largestHtml.path),
  });
  return { results, baseline: { keys: [...baseline], bytes: baselineBytes }, pages: pages.length };
}

/**
 * What makes a page's HTML big, by the kind of page, so the advice names the
 * real cause. One image's data cannot be it: normalising shortens every Glance
 * value and an image page lists at most MAX_LISTED_TEXT characters of
 * properties and tags (src/lib/catalog/safe-text.ts), the rest in /catalog.json; what
 * is left is the site's code (templates, rows per page).
 */
export function htmlFix(path: string): string {
  if (path === '/catalog/' || path.startsWith('/catalog/distro/')) {
    return 'render fewer rows on that page: lower CATALOG_INLINE_MAX / CATALOG_PREVIEW_ROWS / CATALOG_PAGE_SIZE (src/lib/catalog/scale.ts)';
  }
  if (path === '/catalog/changes/') return 'the change history page lists every entry: show fewer entries (src/pages/catalog/changes.astro) and link to the feed for the rest';
  if (/^\/catalog\/[^/]+\/$/.test(path)) {
    return 'an image page outgrew its template: slim src/pages/catalog/[slug].astro, or lower the per-image display limits MAX_LISTED_TEXT / MAX_PROPERTY_TEXT (src/lib/catalog/safe-text.ts)';
  }
  return 'split the content of that page, or drop what a component adds to it';
}

/** One line per budget: `budget ok|FAILED: name: figure (limit …) at where[; fix: …]`. */
export function formatResult(result: BudgetResult): string {
  const head = `budget ${result.ok ? 'ok' : 'FAILED'}: ${result.name}: ${formatKb(result.figure)} gzipped (limit ${formatKb(result.limit)}) at ${result.where}`;
  return result.ok ? head : `${head}; to fix: ${result.fix}`;
}
