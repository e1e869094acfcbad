/**
 * A small Swift (OpenStack object storage) client for publishing a site: one
 * paged container listing, container create/metadata, object PUT with its MD5
 * as ETag (Swift verifies it), object DELETE. Every request goes through the
 * fetch's HttpClient (time limits, retries with back-off, size cap, no
 * redirects) and carries the Keystone token, renewed once on a 401.
 */
import { AuthError, ConfigError, DataError } from '../errors.ts';
import { describeBody, parseJson, type HttpClient, type HttpResponse, type Target } from '../openstack/http.ts';
import type { TokenSource } from '../openstack/glance.ts';
import { originOf } from '../redact.ts';
import type { RemoteObject } from './plan.ts';

export const SWIFT: Target = {
  service: 'Swift',
  fix: "check the object-store endpoint in the service catalog (OS_REGION_NAME, OS_INTERFACE)",
};

/** Objects asked for per listing page (Swift's default cap is 10,000). */
export const LISTING_PAGE = 10_000;

export interface ContainerListing {
  exists: boolean;
  /** The container's headers (ACLs, metadata) from the first page; empty when it does not exist. */
  headers: Record<string, string>;
  objects: Map<string, RemoteObject>;
  pages: number;
}

function encodePath(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

/** What a 403 (or staticweb's redirect of a refused token) means for each request a publish makes. */
function missingPermission(method: string, isObject: boolean, container: string): string {
  const quoted = `container "${container}"`;
  if (!isObject) {
    if (method === 'GET' || method === 'HEAD') return `read access to ${quoted} (to list it)`;
    if (method === 'PUT') return `permission to create ${quoted} (an operator role such as member on the project)`;
    return `permission to change the read ACL and staticweb settings of ${quoted} (an operator role such as member on the project)`;
  }
  if (method === 'GET' || method === 'HEAD') return `read access to ${quoted}`;
  if (method === 'DELETE') return `permission to delete objects in ${quoted} (write access)`;
  if (method === 'POST') return `permission to set object metadata in ${quoted} (write access)`;
  return `write access to ${quoted}`;
}

export interface SwiftClientOptions {
  /** The credential is an application credential: a 403 may come from its access rules. */
  applicationCredential?: boolean;
}

export class SwiftClient {
  readonly http: HttpClient;
  /** `https://host/v1/AUTH_<project>` with no trailing slash. */
  readonly storageUrl: string;
  readonly auth: TokenSource;
  readonly options: SwiftClientOptions;

  constructor(http: HttpClient, storageUrl: string, auth: TokenSource, options: SwiftClientOptions = {}) {
    this.http = http;
    this.storageUrl = storageUrl.replace(/\/+$/, '');
    this.auth = auth;
    this.options = options;
  }

  containerUrl(container: string): URL {
    return new URL(`${this.storageUrl}/${encodeURIComponent(container)}`);
  }

  objectUrl(container: string, name: string): URL {
    return new URL(`${this.storageUrl}/${encodeURIComponent(container)}/${encodePath(name)}`);
  }

  #refused(method: string, url: URL, status: number): AuthError {
    // The container is the first segment after the storage URL's path, which may itself sit under a proxy's prefix (/swift/v1/AUTH_…).
    const storagePath = new URL(this.storageUrl).pathname.replace(/\/+$/, '');
    const [container = '', ...rest] = url.pathname.slice(storagePath.length + 1).split('/').map((segment) => decodeURIComponent(segment));
    const isObject = rest.length > 0;
    const needs = missingPermission(method, isObject, container);
    // An access rule's path is the one Swift sees, from its API version on (a fronting proxy's prefix is not part of it).
    const containerPath = this.containerUrl(container).pathname;
    const rulePath = `${containerPath.slice(Math.max(0, containerPath.indexOf('/v1/')))}${isObject ? '/**' : ''}`;
    const rules = this.options.applicationCredential
      ? `; with an application credential, also its access rules: one must allow service object-store, method ${method}, path ${rulePath}`
      : '';
    const how = status === 403 ? 'HTTP 403' : `HTTP ${status}: staticweb treats a token without access as an anonymous reader`;
    return new AuthError(`Swift at ${originOf(url)} refused ${method} ${url.pathname} (${how}): the user lacks ${needs}`, `grant it (a role Swift accepts as operator, such as member, or the container's ACLs)${rules}`);
  }

  /** Sends with the token; on a 401 renews it once and tries again. */
  async #send(method: string, url: URL, options: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<HttpResponse> {
    let renewed = false;
    for (;;) {
      const response = await this.http.send(method, url, SWIFT, { ...options, headers: { ...options.headers, 'x-auth-token': this.auth.token() }, returnRedirects: true });
      if (response.status === 401 && !renewed && (await this.auth.renew())) {
        renewed = true;
        continue;
      }
      if (response.status === 401) {
        throw new AuthError(`Swift at ${originOf(url)} rejected the token (HTTP 401${describeBody(response)})`, 'check the credentials; the token may have expired');
      }
      // A container listing refused to a token looks to staticweb like an anonymous reader's, which it redirects.
      if (response.status === 403 || (response.status >= 300 && response.status < 400)) throw this.#refused(method, url, response.status);
      return response;
    }
  }

  /** Every object under `prefix`, by name, from a paged listing (no request per object). */
  async list(container: string, prefix: string): Promise<ContainerListing> {
    const objects = new Map<string, RemoteObject>();
    let headers: Record<string, string> = {};
    let marker: string | null = null;
    let pages = 0;
    for (;;) {
      const url = this.containerUrl(container);
      url.searchParams.set('format', 'json');
      url.searchParams.set('limit', String(LISTING_PAGE));
      if (prefix) url.searchParams.set('prefix', prefix);
      if (marker !== null) url.searchParams.set('marker', marker);
      const response = await this.#send('GET', url);
      if (response.status === 404 && pages === 0) return { exists: false, headers: {}, objects, pages: 1 };
      if (response.status !== 200 && response.status !== 204) {
        throw new DataError(`Swift answered HTTP ${response.status}${describeBody(response)} to the listing of container "${container}"`, SWIFT.fix);
      }
      if (pages === 0) headers = headerMap(response.headers);
      pages += 1;
      const body = response.status === 204 || response.body.length === 0 ? [] : parseJson(response, SWIFT);
      if (!Array.isArray(body)) throw new DataError(`Swift's listing of container "${container}" is not a JSON list`, SWIFT.fix);
      let last: string | null = null;
      for (const entry of body as Record<string, unknown>[]) {
        if (typeof entry?.name !== 'string') continue; // `subdir` entries only appear with a delimiter
        last = entry.name;
        objects.set(entry.name, {
          name: entry.name,
          hash: typeof entry.hash === 'string' ? entry.hash : '',
          bytes: typeof entry.bytes === 'number' ? entry.bytes : 0,
          contentType: typeof entry.content_type === 'string' ? entry.content_type : '',
        });
      }
      if (body.length < LISTING_PAGE || last === null) return { exists: true, headers, objects, pages };
      if (last === marker) throw new DataError(`Swift's listing of container "${container}" repeats itself at "${last}"`, SWIFT.fix);
      marker = last;
    }
  }

  /** Creates the container with these headers, or sets them on an existing one. */
  async putContainer(container: string, headers: Record<string, string>): Promise<void> {
    const response = await this.#send('PUT', this.containerUrl(container), { headers });
    if (response.status !== 201 && response.status !== 202) {
      throw new ConfigError(`Swift would not create container "${container}" (HTTP ${response.status}${describeBody(response)})`, 'check the container name and your quota');
    }
  }

  async postContainer(container: string, headers: Record<string, string>): Promise<void> {
    const response = await this.#send('POST', this.containerUrl(container), { headers });
    if (response.status !== 204 && response.status !== 202) {
      throw new DataError(`Swift would not set the metadata of container "${container}" (HTTP ${response.status}${describeBody(response)})`, SWIFT.fix);
    }
  }

  /** Uploads one object; Swift checks the content against `etag` (the MD5) and refuses a mismatch. */
  async putObject(container: string, name: string, body: Buffer, headers: { etag: string; contentType: string; cacheControl: string }): Promise<void> {
    const response = await this.#send('PUT', this.objectUrl(container, name), {
      body,
      headers: { etag: headers.etag, 'content-type': headers.contentType, 'cache-control': headers.cacheControl },
    });
    this.#checkPut(name, response);
  }

  /** Creates an object only where none exists (`If-None-Match: *`): false when one already does (412). */
  async createObject(container: string, name: string, body: Buffer, headers: Record<string, string>): Promise<boolean> {
    const response = await this.#send('PUT', this.objectUrl(container, name), { body, headers: { ...headers, 'if-none-match': '*' } });
    // 409: a PUT with a newer timestamp landed first (Swift keeps the newest), so ours was not created either.
    if (response.status === 412 || response.status === 409) return false;
    if (response.status === 404) throw new DataError(`container "${container}" does not exist`, 'publish again (it is created when missing)');
    this.#checkPut(name, response);
    return true;
  }

  /** An object's content with the token, or null when there is none. */
  async getObject(container: string, name: string): Promise<Buffer | null> {
    const response = await this.#send('GET', this.objectUrl(container, name));
    if (response.status === 404) return null;
    if (response.status !== 200) throw new DataError(`Swift answered HTTP ${response.status}${describeBody(response)} to reading ${name}`, SWIFT.fix);
    return response.body;
  }

  /** Sets an object's metadata (Swift replaces all of it: pass Content-Type and Cache-Control again); false when it is gone. */
  async postObject(container: string, name: string, headers: Record<string, string>): Promise<boolean> {
    const response = await this.#send('POST', this.objectUrl(container, name), { headers });
    if (response.status === 404) return false;
    if (response.status !== 202 && response.status !== 204) {
      throw new DataError(`Swift answered HTTP ${response.status}${describeBody(response)} to setting the metadata of ${name}`, SWIFT.fix);
    }
    return true;
  }

  #checkPut(name: string, response: HttpResponse): void {
    if (response.status === 422) throw new DataError(`Swift received a corrupted copy of ${name} (its MD5 did not match)`, 'try again');
    if (response.status >= 400 && response.status < 500) {
      // Swift's own reason (a name over its length limit, a quota) says more than the status.
      throw new DataError(`Swift refused the upload of ${name} (HTTP ${response.status}${describeBody(response) || ' with no reason given'})`, 'fix what Swift names, then publish again');
    }
    if (response.status !== 201) {
      throw new DataError(`Swift answered HTTP ${response.status}${describeBody(response)} to the upload of ${name}`, SWIFT.fix);
    }
  }

  /** Deletes one object; one that is already gone counts as deleted. */
  async deleteObject(container: string, name: string): Promise<void> {
    const response = await this.#send('DELETE', this.objectUrl(container, name));
    if (response.status !== 204 && response.status !== 200 && response.status !== 404) {
      throw new DataError(`Swift answered HTTP ${response.status}${describeBody(response)} to deleting ${name}`, SWIFT.fix);
    }
  }
}

function headerMap(headers: HttpResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
