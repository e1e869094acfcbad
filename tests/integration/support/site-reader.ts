/**
 * A reader that keeps reading a live site anonymously while it is being
 * published, and records every broken read: a document that answered 200 and
 * references an object of the same site that did not.
 *
 * Each sample starts from the site's root, its sitemap and (when given a
 * listing URL and a token) every page and data file of the container, and
 * follows what each document references: links, scripts, stylesheets, images
 * and icons of the pages; `url()` and `@import` of stylesheets; the imports of
 * scripts; the URLs in JSON, the feed and the sitemap; and what a search
 * loads: Pagefind's entry, its metadata, every index chunk, filter and
 * fragment the metadata names, and the page each fragment's result opens.
 *
 * A sample is not an instant, so a candidate is confirmed before it counts:
 * document (200, references R), then R (not 200) asked after the document's
 * answer came, then the document again (200, still references R). A document
 * is written at most once per publish, so it was live and referencing R at
 * the moment R was missing.
 * Candidates that do not confirm are counted apart (`unconfirmed`).
 *
 * Bounded: samples, total time, documents per sample and each read's time.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import type { Element } from 'hast';

export type DocumentKind = 'html' | 'css' | 'js' | 'json' | 'xml' | 'pagefind-entry' | 'pagefind-meta' | 'pagefind-fragment' | 'leaf';

export interface SiteReaderOptions {
  /** The site's root as readers reach it, e.g. `http://127.0.0.1:8080/v1/AUTH_p/site/`. */
  siteUrl: string;
  /** The container's listing (`<storage URL>/<container>`), read with `token` to find every page; optional. */
  listing?: { url: string; prefix?: string; token: () => string };
  /** Stop after this many samples (default 1000). */
  maxSamples?: number;
  /** Stop after this long, in ms (default 10 minutes). */
  maxDurationMs?: number;
  /** At most this many documents read in one sample (default 5000). */
  maxDocuments?: number;
  /** Pause between samples, in ms (default 0). */
  pauseMs?: number;
  /** Reads at once (default 8). */
  concurrency?: number;
  /** Time limit of one read, in ms (default 10000). */
  timeoutMs?: number;
}

export interface BrokenRead {
  sample: number;
  /** Milliseconds since the reader started, when the reference was found missing. */
  atMs: number;
  /** The referring document and the reference, relative to the site root (`''` is the root). */
  page: string;
  reference: string;
  status: number;
}

export interface ReaderReport {
  samples: number;
  /** Every GET made, confirmations included. */
  reads: number;
  /** Documents read in the smallest and the largest sample. */
  documents: { min: number; max: number };
  broken: BrokenRead[];
  /** Candidates that did not confirm (the document changed or went between the reads), with the first few. */
  unconfirmed: { count: number; first: string[] };
  /** Reads that failed without an answer (time limit, refused); the first few, with a count. */
  errors: { count: number; first: string[] };
  /** Samples that reached maxDocuments. */
  truncated: number;
  /** Why background sampling ended: stop(), maxSamples or maxDurationMs; null while it runs or when never started. */
  ended: 'stopped' | 'sample limit' | 'time limit' | null;
}

interface Read {
  url: string;
  status: number;
  kind: DocumentKind;
  /** Same-site references, absolute, without fragment; empty unless the read answered 200. */
  references: string[];
  error: string | null;
  /** performance.now() when the request went out and when its answer was in. */
  startedAt: number;
  endedAt: number;
}

// ---------------------------------------------------------------------------
// Pure: what a document references.

/** The kind of document at `url`, by its path (Content-Type is the publish's to get right, not the reader's to trust). */
export function kindOf(url: string): DocumentKind {
  const path = new URL(url).pathname;
  if (/\/pagefind\/pagefind-entry\.json$/.test(path)) return 'pagefind-entry';
  if (/\/pagefind\/pagefind\.[^/]+\.pf_meta$/.test(path)) return 'pagefind-meta';
  if (/\/pagefind\/fragment\/[^/]+\.pf_fragment$/.test(path)) return 'pagefind-fragment';
  if (path.endsWith('/') || path.endsWith('.html')) return 'html';
  if (path.endsWith('.css')) return 'css';
  if (/\.m?js$/.test(path) && !/\/pagefind\/[^/]+\.js$/.test(path)) return 'js';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.xml')) return 'xml';
  return 'leaf';
}

/** Absolute, fragment-less URLs of `values` (resolved against `from`) that lie inside the site. */
export function sameSite(values: Iterable<string>, from: string, siteUrl: string): string[] {
  const site = new URL(siteUrl);
  const out = new Set<string>();
  for (const raw of values) {
    const value = raw.trim();
    if (value === '' || value.startsWith('#') || /^(mailto|tel|javascript|data|blob):/i.test(value) || value.includes('{')) continue;
    let target: URL;
    try {
      target = new URL(value, from);
    } catch {
      continue;
    }
    target.hash = '';
    if (target.origin !== site.origin || !target.pathname.startsWith(site.pathname)) continue;
    out.add(target.href);
  }
  return [...out];
}

/** The site's search: a page with Starlight's search box loads these when a reader searches. */
export function searchEntryPoints(siteUrl: string): string[] {
  return [new URL('pagefind/pagefind.js', siteUrl).href, new URL('pagefind/pagefind-entry.json', siteUrl).href];
}

/** What a page references: every href, src and srcset but the canonical link, and the search's entry points when it has the search box. */
export function htmlReferences(html: string, url: string, siteUrl: string): string[] {
  const tree = fromHtml(html);
  const values: string[] = [];
  // hast keeps a <template>'s content outside `children`, so its placeholders ({path}) are not selected.
  for (const element of selectAll('[href], [src], [srcset]', tree) as Element[]) {
    const { href, src, srcSet, rel } = element.properties;
    // A canonical link names the page's address for search engines; no reader loads it (the 404 page's names `404/`).
    if (element.tagName === 'link' && Array.isArray(rel) && rel.includes('canonical')) continue;
    if (typeof href === 'string') values.push(href);
    if (typeof src === 'string') values.push(src);
    const set = Array.isArray(srcSet) ? srcSet.join(',') : typeof srcSet === 'string' ? srcSet : '';
    for (const candidate of set.split(',')) values.push(candidate.trim().split(/\s+/)[0] ?? '');
  }
  const references = sameSite(values, url, siteUrl);
  if (selectAll('site-search', tree).length > 0) references.push(...searchEntryPoints(siteUrl).filter((entry) => !references.includes(entry)));
  return references;
}

export function cssReferences(css: string, url: string, siteUrl: string): string[] {
  const values = [...css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
  return sameSite(values, url, siteUrl);
}

/** A bundle's imports (static, dynamic, and Vite's preload list, which names files from the site root). */
export function jsReferences(js: string, url: string, siteUrl: string): string[] {
  const relative = [...js.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'`](\.{1,2}\/[^"'`$]+)["'`]/g)].map((m) => m[1]!);
  const fromRoot = [...js.matchAll(/["'`](_astro\/[^"'`$]+\.(?:m?js|css))["'`]/g)].map((m) => new URL(m[1]!, siteUrl).href);
  return sameSite([...relative, ...fromRoot], url, siteUrl);
}

/** Every string in a JSON document that is a URL or root-absolute path inside the site. */
export function jsonReferences(text: string, url: string, siteUrl: string): string[] {
  const values: string[] = [];
  const site = new URL(siteUrl);
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith(siteUrl) || value.startsWith(site.pathname)) values.push(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(text));
  return sameSite(values, url, siteUrl);
}

/** Sitemaps' `<loc>` and feeds' `href`s. */
export function xmlReferences(xml: string, url: string, siteUrl: string): string[] {
  const values = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>|\bhref="([^"]+)"/g)].map((m) => (m[1] ?? m[2] ?? '').replace(/&amp;/g, '&'));
  return sameSite(values, url, siteUrl);
}

/** Pagefind's entry names each language's metadata file and WebAssembly. */
export function pagefindEntryReferences(text: string, url: string): string[] {
  const entry = JSON.parse(text) as { languages?: Record<string, { hash?: string; wasm?: string | null }> };
  const out: string[] = [];
  for (const language of Object.values(entry.languages ?? {})) {
    if (typeof language.hash === 'string') out.push(new URL(`pagefind.${language.hash}.pf_meta`, url).href);
    out.push(new URL(`wasm.${language.wasm || 'unknown'}.pagefind`, url).href);
  }
  return out;
}

/**
 * Decodes the CBOR subset Pagefind writes (unsigned and negative integers,
 * byte and text strings, arrays, maps, tags, simple values and floats).
 * Hand-written: no CBOR library is among the project's dependencies, and the
 * reader needs only the few fields below.
 */
export function decodeCbor(data: Uint8Array): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > data.length) throw new Error('truncated CBOR');
  };
  const length = (info: number): number => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new Error(`unsupported CBOR length ${info}`);
    need(size);
    const value = size === 1 ? view.getUint8(pos) : size === 2 ? view.getUint16(pos) : size === 4 ? view.getUint32(pos) : Number(view.getBigUint64(pos));
    pos += size;
    return value;
  };
  const item = (): unknown => {
    need(1);
    const head = data[pos++]!;
    const major = head >> 5;
    const info = head & 31;
    if (major === 7) {
      if (info === 20) return false;
      if (info === 21) return true;
      if (info === 22 || info === 23) return null;
      const size = info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
      if (size === 0) throw new Error(`unsupported CBOR simple value ${info}`);
      need(size);
      const value = size === 2 ? 0 : size === 4 ? view.getFloat32(pos) : view.getFloat64(pos);
      pos += size;
      return value;
    }
    const n = length(info);
    switch (major) {
      case 0:
        return n;
      case 1:
        return -1 - n;
      case 2:
      case 3: {
        need(n);
        const bytes = data.subarray(pos, pos + n);
        pos += n;
        return major === 2 ? bytes : new TextDecoder().decode(bytes);
      }
      case 4:
        return Array.from({ length: n }, item);
      case 5: {
        const map: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = item();
          map[String(key)] = item();
        }
        return map;
      }
      default:
        return item(); // 6: a tag; the tagged value is what matters
    }
  };
  return item();
}

/** Pagefind's files are gzipped and start with `pagefind_dcd`. */
export function pagefindPayload(file: Uint8Array): Uint8Array {
  let data = file;
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  const signature = new TextDecoder().decode(data.subarray(0, 12));
  if (signature !== 'pagefind_dcd') throw new Error('not a Pagefind file (no pagefind_dcd signature)');
  return data.subarray(12);
}

/**
 * The files a search can load, from Pagefind's metadata
 * `[version, pages [[hash, words, group]], chunks [[from, to, hash]], filters [[name, hash]], …]`:
 * every index chunk, filter and fragment (a page's group file when it has one).
 */
export function pagefindMetaReferences(file: Uint8Array, url: string): string[] {
  const meta = decodeCbor(pagefindPayload(file));
  const shape = 'Pagefind metadata is not [version, pages, chunks, filters, …] (has its format changed?)';
  if (!Array.isArray(meta) || !Array.isArray(meta[1]) || !Array.isArray(meta[2]) || !Array.isArray(meta[3])) throw new Error(shape);
  const out = new Set<string>();
  for (const page of meta[1] as unknown[][]) {
    const [hash, , group] = page;
    if (typeof hash !== 'string') throw new Error(shape);
    out.add(new URL(`fragment/${typeof group === 'string' && group !== '' ? group : hash}.pf_fragment`, url).href);
  }
  for (const chunk of meta[2] as unknown[][]) if (typeof chunk[2] === 'string') out.add(new URL(`index/${chunk[2]}.pf_index`, url).href);
  for (const filter of meta[3] as unknown[][]) if (typeof filter[1] === 'string') out.add(new URL(`filter/${filter[1]}.pf_filter`, url).href);
  return [...out];
}

/** The page a fragment's search result opens (its `url` is relative to the site root). */
export function pagefindFragmentReferences(file: Uint8Array, siteUrl: string): string[] {
  const fragment = JSON.parse(new TextDecoder().decode(pagefindPayload(file))) as { url?: unknown };
  if (typeof fragment.url !== 'string') return [];
  return sameSite([new URL(fragment.url.replace(/^\//, ''), siteUrl).href], siteUrl, siteUrl);
}

export function referencesOf(kind: DocumentKind, body: Uint8Array, url: string, siteUrl: string): string[] {
  const text = () => new TextDecoder().decode(body);
  switch (kind) {
    case 'html':
      return htmlReferences(text(), url, siteUrl);
    case 'css':
      return cssReferences(text(), url, siteUrl);
    case 'js':
      return jsReferences(text(), url, siteUrl);
    case 'json':
      return jsonReferences(text(), url, siteUrl);
    case 'xml':
      return xmlReferences(text(), url, siteUrl);
    case 'pagefind-entry':
      return pagefindEntryReferences(text(), url);
    case 'pagefind-meta':
      return pagefindMetaReferences(body, url);
    case 'pagefind-fragment':
      return pagefindFragmentReferences(body, siteUrl);
    default:
      return [];
  }
}

/** The URL a reader uses for a listed object: `a/index.html` is `a/`. */
export function objectUrl(name: string, prefix: string, siteUrl: string): string {
  const inside = name.slice(prefix.length).replace(/(^|\/)index\.html$/, '$1');
  return new URL(inside.split('/').map(encodeURIComponent).join('/'), siteUrl).href;
}

/**
 * Objects a reader opens by address rather than by following a link: pages,
 * data, the feed, the sitemap. Not Pagefind's files (a search finds those),
 * nor hidden objects (`.name`: a publish's own bookkeeping, not the site's).
 */
export function isEntryObject(name: string): boolean {
  return /\.(html|json|xml|txt)$/.test(name) && !/(^|\/)pagefind\//.test(name) && !/(^|\/)\./.test(name);
}

export function relativeToSite(url: string, siteUrl: string): string {
  return url.startsWith(siteUrl) ? decodeURI(url.slice(siteUrl.length)) : url;
}

/** One line per broken page → reference, with how often and when first seen, for assertion messages. */
export function describeBroken(report: ReaderReport, limit = 20): string {
  const seen = new Map<string, { count: number; first: BrokenRead }>();
  for (const read of report.broken) {
    const key = `${read.page || '/'} → ${read.reference} (HTTP ${read.status})`;
    const entry = seen.get(key);
    if (entry) entry.count += 1;
    else seen.set(key, { count: 1, first: read });
  }
  const lines = [...seen].slice(0, limit).map(([key, { count, first }]) => `${key}: ${count}× from sample ${first.sample} at ${(first.atMs / 1000).toFixed(1)}s`);
  if (seen.size > limit) lines.push(`… and ${seen.size - limit} more`);
  return lines.join('\n');
}

export function describeReport(report: ReaderReport): string {
  return (
    `${report.samples} samples, ${report.reads} reads (${report.documents.min}–${report.documents.max} documents a sample), ` +
    `${report.broken.length} broken reads, ${report.unconfirmed.count} unconfirmed, ${report.errors.count} failed reads`
  );
}

// ---------------------------------------------------------------------------
// I/O: the reader.

export class SiteReader {
  readonly #options: Required<Omit<SiteReaderOptions, 'listing'>> & Pick<SiteReaderOptions, 'listing'>;
  readonly #report: ReaderReport = { samples: 0, reads: 0, documents: { min: Infinity, max: 0 }, broken: [], unconfirmed: { count: 0, first: [] }, errors: { count: 0, first: [] }, truncated: 0, ended: null };
  #started = 0;
  #running: Promise<void> | null = null;
  #stopping = false;
  #sampleWaiters: { after: number; resolve: () => void }[] = [];
  #samplesStarted = 0;
  readonly #parsed = new Map<string, string[]>();

  constructor(options: SiteReaderOptions) {
    const siteUrl = options.siteUrl.endsWith('/') ? options.siteUrl : `${options.siteUrl}/`;
    this.#options = {
      siteUrl,
      listing: options.listing,
      maxSamples: options.maxSamples ?? 1000,
      maxDurationMs: options.maxDurationMs ?? 600_000,
      maxDocuments: options.maxDocuments ?? 5000,
      pauseMs: options.pauseMs ?? 0,
      concurrency: options.concurrency ?? 8,
      timeoutMs: options.timeoutMs ?? 10_000,
    };
  }

  get report(): ReaderReport {
    const { documents } = this.#report;
    return { ...this.#report, unconfirmed: { ...this.#report.unconfirmed, first: [...this.#report.unconfirmed.first] }, documents: { min: documents.min === Infinity ? 0 : documents.min, max: documents.max }, broken: [...this.#report.broken] };
  }

  /** Starts sampling in the background until stop(), maxSamples or maxDurationMs. */
  start(): this {
    if (this.#running) throw new Error('the reader is already running');
    this.#started = performance.now();
    this.#stopping = false;
    this.#report.ended = null;
    this.#running = (async () => {
      for (;;) {
        if (this.#stopping) this.#report.ended = 'stopped';
        else if (this.#report.samples >= this.#options.maxSamples) this.#report.ended = 'sample limit';
        else if (performance.now() - this.#started >= this.#options.maxDurationMs) this.#report.ended = 'time limit';
        if (this.#report.ended !== null) break;
        await this.sample();
        if (this.#options.pauseMs > 0 && !this.#stopping) await new Promise((resolve) => setTimeout(resolve, this.#options.pauseMs));
      }
      // Nobody waits for a sample that will not come.
      for (const waiter of this.#sampleWaiters.splice(0)) waiter.resolve();
    })();
    return this;
  }

  /** Resolves once a sample that started after this call has finished (at once when the reader is not sampling). */
  nextSample(): Promise<void> {
    if (!this.#running || this.#stopping || this.#report.ended !== null) return Promise.resolve();
    return new Promise((resolve) => this.#sampleWaiters.push({ after: this.#samplesStarted, resolve }));
  }

  /** Lets the sample under way finish, stops, and returns the report. */
  async stop(): Promise<ReaderReport> {
    this.#stopping = true;
    await this.#running;
    this.#running = null;
    return this.report;
  }

  /** One sample: every document reachable from the entry points, and every reference each makes. */
  async sample(): Promise<void> {
    if (this.#started === 0) this.#started = performance.now();
    const number = ++this.#samplesStarted;
    const { siteUrl, maxDocuments, concurrency } = this.#options;
    const reads = new Map<string, Read | null>();
    const queue: string[] = [];
    const edges: { from: string; to: string }[] = [];
    let truncated = false;
    const schedule = (url: string) => {
      if (reads.has(url)) return;
      if (reads.size >= maxDocuments) {
        truncated = true;
        return;
      }
      reads.set(url, null);
      queue.push(url);
    };

    for (const entry of await this.#entryPoints()) schedule(entry);
    // At most `concurrency` reads at once; each read adds what it references to the queue.
    let active = 0;
    await new Promise<void>((done) => {
      const pump = () => {
        while (active < concurrency && queue.length > 0) {
          const url = queue.shift()!;
          active += 1;
          void this.#read(url).then((read) => {
            reads.set(url, read);
            for (const reference of read.references) {
              edges.push({ from: url, to: reference });
              schedule(reference);
            }
            active -= 1;
            pump();
          });
        }
        if (active === 0 && queue.length === 0) done();
      };
      pump();
    });

    for (const { from, to } of edges) {
      const target = reads.get(to);
      if (!target || target.error !== null || target.status === 200) continue;
      if (await this.#confirm(reads.get(from)!, target)) {
        this.#report.broken.push({
          sample: number,
          atMs: Math.round(performance.now() - this.#started),
          page: relativeToSite(from, siteUrl),
          reference: relativeToSite(to, siteUrl),
          status: target.status,
        });
      } else {
        this.#report.unconfirmed.count += 1;
        if (this.#report.unconfirmed.first.length < 10) this.#report.unconfirmed.first.push(`${relativeToSite(from, siteUrl) || '/'} → ${relativeToSite(to, siteUrl)} (HTTP ${target.status})`);
      }
    }
    this.#report.samples += 1;
    if (truncated) this.#report.truncated += 1;
    this.#report.documents.min = Math.min(this.#report.documents.min, reads.size);
    this.#report.documents.max = Math.max(this.#report.documents.max, reads.size);
    for (const waiter of this.#sampleWaiters.filter((w) => w.after < number)) waiter.resolve();
    this.#sampleWaiters = this.#sampleWaiters.filter((w) => w.after >= number);
  }

  /**
   * Document D (200, references R), then R (not 200) asked after D's answer
   * came, then D again (200, still references R): D was live, referencing R,
   * at the moment R was missing. The sample's own read of R counts when it
   * went out after D's answer; otherwise R is read again.
   */
  async #confirm(page: Read, target: Read): Promise<boolean> {
    if (target.startedAt < page.endedAt) {
      const again = await this.#read(target.url);
      if (again.error !== null || again.status === 200) return false;
    }
    const after = await this.#read(page.url);
    return after.status === 200 && after.references.includes(target.url);
  }

  async #entryPoints(): Promise<string[]> {
    const { siteUrl, listing } = this.#options;
    const entries = [siteUrl, new URL('sitemap-index.xml', siteUrl).href];
    if (!listing) return entries;
    const prefix = listing.prefix ?? '';
    let marker = '';
    for (let page = 0; page < 100; page++) {
      const url = new URL(listing.url);
      url.searchParams.set('format', 'json');
      if (prefix) url.searchParams.set('prefix', prefix);
      if (marker) url.searchParams.set('marker', marker);
      let names: string[];
      try {
        const response = await fetch(url, { headers: { 'x-auth-token': listing.token() }, signal: AbortSignal.timeout(this.#options.timeoutMs) });
        this.#report.reads += 1;
        if (response.status === 404 || response.status === 204) return entries;
        if (response.status !== 200) throw new Error(`the listing answered HTTP ${response.status}`);
        names = ((await response.json()) as { name: string }[]).map((object) => object.name);
      } catch (error) {
        this.#error(`listing ${listing.url}: ${(error as Error).message}`);
        return entries;
      }
      for (const name of names) if (isEntryObject(name.slice(prefix.length))) entries.push(objectUrl(name, prefix, siteUrl));
      if (names.length === 0) break;
      marker = names.at(-1)!;
    }
    return [...new Set(entries)];
  }

  #error(message: string): void {
    this.#report.errors.count += 1;
    if (this.#report.errors.first.length < 10) this.#report.errors.first.push(message);
  }

  /**
   * A document's references, parsed once per content: parsing every page with
   * hast on every sample would take most of a sample's time, and a page's
   * content changes only when a publish writes it.
   */
  #referencesOf(url: string, kind: DocumentKind, body: Uint8Array): string[] {
    const key = `${url}\n${createHash('md5').update(body).digest('hex')}`;
    const known = this.#parsed.get(key);
    if (known) return known;
    let references: string[] = [];
    try {
      references = referencesOf(kind, body, url, this.#options.siteUrl).filter((reference) => reference !== url);
    } catch (error) {
      this.#error(`${relativeToSite(url, this.#options.siteUrl)}: cannot read its references (${(error as Error).message})`);
    }
    if (this.#parsed.size >= 20_000) this.#parsed.clear();
    this.#parsed.set(key, references);
    return references;
  }

  async #read(url: string): Promise<Read> {
    const kind = kindOf(url);
    this.#report.reads += 1;
    const startedAt = performance.now();
    const answer = (status: number, references: string[], error: string | null): Read => ({ url, status, kind, references, error, startedAt, endedAt: performance.now() });
    try {
      // Anonymous, uncached, following the redirect staticweb sends for a folder without its slash.
      const response = await fetch(url, { cache: 'no-store', redirect: 'follow', signal: AbortSignal.timeout(this.#options.timeoutMs) });
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200) return answer(response.status, [], null);
      return answer(200, this.#referencesOf(url, kind, body), null);
    } catch (error) {
      const message = `${relativeToSite(url, this.#options.siteUrl)}: ${(error as Error).message}`;
      this.#error(message);
      return answer(0, [], message);
    }
  }
}
