/**
 * Glance v2 paged listing of the official images.
 *
 * Each request is rebuilt from our own base URL, our own filters and the
 * marker of the `next` link: Glance's `next` drops repeated parameters and is
 * relative to the host root (so it loses a path prefix such as /image), and a
 * `next` pointing at another host is never followed (the token never leaves
 * the image endpoint).
 */
import { AuthError, ConfigError, DataError } from '../errors.ts';
import { originOf, safeUrl } from '../redact.ts';
import { describeBody, parseJson, type HttpClient, type Target } from './http.ts';

export const GLANCE: Target = {
  service: 'Glance',
  fix: "check the image endpoint (the catalog's image service, or OS_IMAGE_ENDPOINT_OVERRIDE)",
};

/** `<base>/v2/images` for an endpoint given versioned (`…/v2`), unversioned or with a path prefix (`https://host/image/`). */
export function imagesUrl(endpoint: string): URL {
  const url = new URL(endpoint);
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v\d+(?:\.\d+)?$/, '');
  url.pathname = `${path}/v2/images`;
  return url;
}

/** The endpoint as recorded in the snapshot: no user info, query or version suffix. */
export function publicEndpoint(endpoint: string): string {
  const url = imagesUrl(endpoint);
  url.pathname = url.pathname.replace(/\/v2\/images$/, '') || '/';
  return url.toString().replace(/\/$/, '');
}

/** Which images a listing asks for: the official ones (`public`) or the archived builds (`community`). */
export type ListedVisibility = 'public' | 'community';

/**
 * One page's URL. `hidden` asks for the images hidden with `os_hidden=true`
 * (Glance lists them only when asked, and then only them).
 */
export function pageUrl(base: URL, owner: string, limit: number, marker: string | null, visibility: ListedVisibility = 'public', hidden = false): URL {
  const url = new URL(base);
  url.search = '';
  url.searchParams.set('visibility', visibility);
  if (hidden) url.searchParams.set('os_hidden', 'true');
  url.searchParams.set('status', 'active');
  url.searchParams.set('owner', owner);
  url.searchParams.set('limit', String(limit));
  if (marker !== null) url.searchParams.set('marker', marker);
  return url;
}

/** Supplies the token, and a fresh one once when Glance says it has expired. */
export interface TokenSource {
  token(): string;
  /** Re-authenticates; false when that is not possible (a bare token). */
  renew(): Promise<boolean>;
}

export interface ListOptions {
  http: HttpClient;
  endpoint: string;
  owner: string;
  /** `public` (default) lists official images; `community` the archive project's builds. */
  visibility?: ListedVisibility;
  /** List the images hidden with `os_hidden=true` (SCS-0102's earlier builds) instead of the visible ones. */
  hidden?: boolean;
  pageSize: number;
  maxPages: number;
  auth: TokenSource;
  onPage?: (pages: number, images: number) => void;
  onNotice?: (message: string) => void;
}

export interface Listing {
  images: Record<string, unknown>[];
  pages: number;
}

export async function listImages(options: ListOptions): Promise<Listing> {
  const { http, owner, pageSize, maxPages, auth } = options;
  const base = imagesUrl(options.endpoint);
  let renewed = false;
  let restarted = false;

  walk: for (;;) {
    const images: Record<string, unknown>[] = [];
    const markers = new Set<string>();
    let marker: string | null = null;
    let pages = 0;
    for (;;) {
      if (pages >= maxPages) {
        throw new DataError(`Glance's listing went on for more than ${maxPages} pages`, 'this looks like a paging loop: tell the cloud operators, or raise CATALOG_MAX_PAGES if the catalog really is that big');
      }
      const url = pageUrl(base, owner, pageSize, marker, options.visibility, options.hidden);
      const response = await http.send('GET', url, GLANCE, { headers: { 'x-auth-token': auth.token() } });
      if (response.status === 401) {
        if (!renewed && (await auth.renew())) {
          renewed = true;
          options.onNotice?.('the token expired during the listing; authenticated again');
          continue;
        }
        throw new AuthError(
          `Glance at ${originOf(url)} rejected the token (HTTP 401${describeBody(response)})${renewed ? ' even after authenticating again' : ''}`,
          'check your credentials and that the image service trusts this Keystone',
        );
      }
      if (response.status === 403) {
        throw new AuthError(`Glance at ${originOf(url)} refused the listing (HTTP 403${describeBody(response)})`, 'your project may lack a role for the image service: ask the cloud operators');
      }
      if (response.status === 400 && marker !== null) {
        if (!restarted) {
          restarted = true;
          options.onNotice?.('the page marker vanished (an image was deleted during the listing); starting the listing again');
          continue walk;
        }
        throw new DataError(`Glance at ${originOf(url)} rejected the page marker twice (HTTP 400${describeBody(response)})`, 'images are changing fast: try again in a minute');
      }
      if (response.status === 400) {
        throw new ConfigError(`Glance at ${originOf(url)} rejected the listing query (HTTP 400${describeBody(response)})`, 'check --owner (CATALOG_OWNER)');
      }
      if (response.status === 404) {
        throw new ConfigError(`${safeUrl(url)} does not exist (HTTP 404): that is not a Glance v2 endpoint`, GLANCE.fix);
      }
      if (response.status !== 200) {
        throw new DataError(`Glance at ${originOf(url)} answered HTTP ${response.status}${describeBody(response)} to the listing`, GLANCE.fix);
      }
      const data = parseJson(response, GLANCE);
      if (typeof data !== 'object' || data === null || !Array.isArray((data as Record<string, unknown>).images)) {
        throw new DataError(`Glance at ${originOf(url)} answered without an "images" list`, GLANCE.fix);
      }
      const page = (data as { images: unknown[] }).images;
      pages += 1;
      if (page.length === 0) return { images, pages };
      for (const record of page) {
        if (typeof record !== 'object' || record === null || Array.isArray(record)) {
          throw new DataError(`Glance at ${originOf(url)} listed something that is not an image record`, 'tell the cloud operators');
        }
        images.push(record as Record<string, unknown>);
      }
      options.onPage?.(pages, images.length);
      const next = (data as Record<string, unknown>).next;
      if (next === undefined || next === null || next === '') return { images, pages };
      if (typeof next !== 'string') throw new DataError(`Glance at ${originOf(url)} sent a "next" link that is not a string`, 'tell the cloud operators');
      let nextUrl: URL;
      try {
        nextUrl = new URL(next, base);
      } catch {
        throw new DataError(`Glance at ${originOf(url)} sent a "next" link that is not a URL`, 'tell the cloud operators');
      }
      if (nextUrl.origin !== base.origin) {
        throw new DataError(
          `Glance's "next" link points at another host (${originOf(nextUrl)}); it was not followed and the token was not sent there`,
          'tell the cloud operators: the image service (or a proxy) is misconfigured',
        );
      }
      const nextMarker = nextUrl.searchParams.get('marker');
      if (!nextMarker) throw new DataError(`Glance's "next" link has no marker`, 'tell the cloud operators');
      if (markers.has(nextMarker) || nextMarker === marker) {
        throw new DataError(`Glance's listing repeats the page marker ${nextMarker} (a paging loop)`, 'tell the cloud operators; try again later');
      }
      markers.add(nextMarker);
      marker = nextMarker;
    }
  }
}
