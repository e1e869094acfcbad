/**
 * The one HTTP client of the fetch: per-request time limit, a cap on response
 * size, the CA bundle (OS_CACERT) or no verification (OS_INSECURE), and
 * bounded retries with back-off for network failures and 5xx/429 answers
 * (honouring Retry-After). Redirects are never followed.
 *
 * Why the retries are by hand, not undici's `interceptors.retry` / `RetryAgent`
 * (checked against undici 8.13, the npm package Astro brings; Node 24 bundles
 * 7.29 behind its global fetch but exports none of it): its default policy
 * (`RetryHandler`'s private static retry function) does the Retry-After
 * parsing, the cap (`maxTimeout`) and the exponential back-off this does, but
 * it (1) calls nobody between attempts, and the fetch and the publish print a
 * notice per retry with its reason and delay (`onRetry`): a custom `retry`
 * function to get one is this same policy written again; (2) drops the failed
 * answer's body, which both the notice and the final error quote (Keystone's
 * and Swift's one-line reasons, `describeBody`); (3) has no jitter, which
 * keeps 16 parallel uploads from retrying in step. The transport itself stays
 * node:http for the same reason: the per-request time limit, the size cap and
 * the error classification (which failures are worth a retry, and the one-line
 * messages the fault tests pin) are written against node:http's errors, and
 * undici's (`UND_ERR_*`) would change every message without removing code.
 */
import { cleanText } from '../../../src/lib/catalog/safe-text.ts';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataError, NetworkError, ConfigError, oneLine } from '../errors.ts';
import { originOf, safeUrl } from '../redact.ts';

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  maxBytes: number;
  /** PEM bundle to trust instead of the system roots. */
  ca: Buffer | null;
  insecure: boolean;
  userAgent: string;
  /** Parallel connections per host (default 4). */
  maxSockets?: number;
}

/** Who we are talking to, for messages. */
export interface Target {
  /** "Keystone" or "Glance". */
  service: string;
  /** What to check when it cannot be reached, e.g. "check OS_AUTH_URL". */
  fix: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  url: URL;
}

export interface RetryNotice {
  target: Target;
  attempt: number;
  attempts: number;
  delayMs: number;
  reason: string;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

class Timeout extends Error {}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** Milliseconds a Retry-After header asks for, or null. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  if (/^\s*\d+\s*$/.test(text)) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export class HttpClient {
  readonly settings: HttpSettings;
  onRetry: ((notice: RetryNotice) => void) | null = null;
  #httpAgent: http.Agent;
  #httpsAgent: https.Agent;

  constructor(settings: HttpSettings) {
    this.settings = settings;
    const maxSockets = settings.maxSockets ?? 4;
    this.#httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.#httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets,
      rejectUnauthorized: !settings.insecure,
      ...(settings.ca ? { ca: settings.ca } : {}),
    });
  }

  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  /** Sends a request, retrying network failures and 5xx/429 answers; returns any other answer. */
  async send(
    method: string,
    url: URL,
    target: Target,
    options: { headers?: Record<string, string>; body?: string | Buffer; returnRedirects?: boolean } = {},
  ): Promise<HttpResponse> {
    const attempts = this.settings.retries + 1;
    for (let attempt = 1; ; attempt += 1) {
      let response: HttpResponse;
      try {
        response = await this.#once(method, url, target, options);
      } catch (error) {
        if (error instanceof NetworkError && error.retryable && attempt < attempts) {
          await this.#wait(target, attempt, attempts, null, error.reason);
          continue;
        }
        if (error instanceof NetworkError && error.retryable && attempts > 1) {
          throw new NetworkError(`${error.reason} (tried ${attempts} times)`, error.fix);
        }
        throw error;
      }
      if (RETRY_STATUSES.has(response.status)) {
        const reason = `${target.service} at ${originOf(url)} answered HTTP ${response.status}${describeBody(response)}`;
        if (attempt < attempts) {
          await this.#wait(target, attempt, attempts, parseRetryAfter(response.headers['retry-after']), reason);
          continue;
        }
        throw new NetworkError(
          `${reason}${attempts > 1 ? ` (tried ${attempts} times)` : ''}`,
          'the service is having trouble: try again later, and tell the cloud operators if it persists',
        );
      }
      if (response.status >= 300 && response.status < 400 && !options.returnRedirects) {
        const location = response.headers.location;
        throw new ConfigError(
          `${target.service} at ${safeUrl(url)} redirected (HTTP ${response.status})${location ? ` to ${safeUrl(new URL(location, url))}` : ''}`,
          `redirects are not followed: ${target.fix} and use the final URL`,
        );
      }
      return response;
    }
  }

  async #wait(target: Target, attempt: number, attempts: number, retryAfterMs: number | null, reason: string): Promise<void> {
    const { retryDelayMs, maxRetryDelayMs } = this.settings;
    const backoff = retryDelayMs * 2 ** (attempt - 1);
    const jitter = Math.floor(Math.random() * (retryDelayMs / 2));
    const delayMs = Math.min(retryAfterMs ?? backoff + jitter, maxRetryDelayMs);
    this.onRetry?.({ target, attempt, attempts, delayMs, reason });
    if (delayMs > 0) await sleep(delayMs);
  }

  #once(method: string, url: URL, target: Target, options: { headers?: Record<string, string>; body?: string | Buffer }): Promise<HttpResponse> {
    const { timeoutMs, maxBytes, userAgent } = this.settings;
    return new Promise<HttpResponse>((resolvePromise, rejectPromise) => {
      let settled = false;
      const finish = (error: Error | null, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) rejectPromise(error);
        else resolvePromise(response!);
      };
      const isHttps = url.protocol === 'https:';
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: 'application/json',
        ...options.headers,
      };
      if (options.body !== undefined) {
        // JSON unless the caller says otherwise (Swift object uploads carry their own type).
        if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(options.body));
      }
      const request = (isHttps ? https : http).request(url, {
        method,
        headers,
        agent: isHttps ? this.#httpsAgent : this.#httpAgent,
      });
      const timer = setTimeout(() => request.destroy(new Timeout()), timeoutMs);
      request.on('error', (error) => finish(this.#classify(error, url, target)));
      request.on('response', (response) => {
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          request.destroy();
          finish(tooBig(target, url, maxBytes));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        response.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > maxBytes) {
            request.destroy();
            finish(tooBig(target, url, maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (!response.complete) {
            finish(new NetworkError(`${target.service} at ${originOf(url)} closed the connection in the middle of a response`, 'try again later', true));
            return;
          }
          finish(null, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), url });
        });
        response.on('aborted', () =>
          finish(new NetworkError(`${target.service} at ${originOf(url)} closed the connection in the middle of a response`, 'try again later', true)),
        );
        response.on('error', (error) => finish(this.#classify(error, url, target)));
      });
      if (options.body !== undefined) request.write(options.body);
      request.end();
    });
  }

  #classify(error: Error, url: URL, target: Target): Error {
    if (error instanceof DataError || error instanceof NetworkError) return error;
    const where = `${target.service} at ${originOf(url)}`;
    if (error instanceof Timeout) {
      return new NetworkError(
        `${where} did not answer within ${seconds(this.settings.timeoutMs)}`,
        `the service may be down or slow: try again later, or allow longer with --timeout (CATALOG_TIMEOUT_MS)`,
        true,
      );
    }
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (TLS_VERIFY_CODES.has(code)) {
      const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'its certificate is for another host name' : `its certificate is not trusted (${code})`;
      return new NetworkError(
        `TLS failure talking to ${where}: ${detail}`,
        this.settings.ca
          ? 'check that OS_CACERT (or cacert in clouds.yaml) is the CA that signed this certificate'
          : "set OS_CACERT (or cacert in clouds.yaml) to your cloud's CA certificate, or OS_INSECURE=true to skip verification (not recommended)",
      );
    }
    if (code.startsWith('ERR_SSL') || code === 'EPROTO' || code.startsWith('ERR_TLS')) {
      return new NetworkError(`TLS handshake with ${where} failed (${code})`, `check that the URL's scheme (http or https) and port are right: ${target.fix}`);
    }
    switch (code) {
      case 'ECONNREFUSED':
        return new NetworkError(`${where} refused the connection`, `the service is down or the URL is wrong: ${target.fix}`, true);
      case 'ENOTFOUND':
        return new NetworkError(`cannot resolve the host name of ${where}`, `check the URL and your DNS: ${target.fix}`);
      case 'EAI_AGAIN':
        return new NetworkError(`cannot resolve the host name of ${where} (DNS is not answering)`, 'check your network and try again', true);
      case 'ECONNRESET':
      case 'EPIPE':
        return new NetworkError(`${where} reset the connection`, 'try again later', true);
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'ETIMEDOUT':
        return new NetworkError(`cannot reach ${where} (${code})`, `check your network (VPN?) and ${target.fix}`, true);
      default:
        return new NetworkError(`cannot talk to ${where} (${oneLine(error.message).slice(0, 120) || code})`, target.fix, true);
    }
  }
}

function tooBig(target: Target, url: URL, maxBytes: number): DataError {
  return new DataError(
    `${target.service} at ${originOf(url)} sent a response larger than the ${maxBytes}-byte cap`,
    'raise CATALOG_MAX_BYTES if the catalog really is that big, else check the endpoint',
  );
}

/** A short, one-line excerpt of an error body (Keystone/Glance JSON message or an HTML title), for messages. */
export function describeBody(response: HttpResponse): string {
  const text = response.body.toString('utf8');
  let message: string | undefined;
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    const error = data.error as Record<string, unknown> | undefined;
    const candidate = error?.message ?? data.message ?? data.title ?? data.detail;
    if (typeof candidate === 'string') message = candidate;
  } catch {
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1] ?? /<h1>([^<]*)<\/h1>/i.exec(text)?.[1];
    if (title) message = title;
    // Swift gives its reason for a 4xx as plain text ("Object name length of 1100 longer than 1024").
    else if (/^text\/plain/i.test(String(response.headers['content-type'] ?? '')) && text.trim() !== '') message = text.split('\n').find((line) => line.trim() !== '');
  }
  if (!message) return '';
  // A server's words are untrusted text: no control or bidi characters reach the terminal.
  const line = cleanText(oneLine(message)).slice(0, 160);
  return line ? ` ("${line}")` : '';
}

/** Parses a JSON body, turning HTML pages and malformed or truncated JSON into one-line DataErrors. */
export function parseJson(response: HttpResponse, target: Target): unknown {
  const text = response.body.toString('utf8');
  const type = String(response.headers['content-type'] ?? '');
  const where = `${target.service} at ${safeUrl(response.url)}`;
  if (/html/i.test(type) || /^\s*</.test(text)) {
    throw new DataError(
      `${where} sent an HTML page (HTTP ${response.status}${describeBody(response)}) instead of JSON`,
      `a proxy or login page is in the way, or this is not the API endpoint: ${target.fix}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(
      `${where} sent malformed or truncated JSON (HTTP ${response.status}, ${response.body.length} bytes: ${oneLine((error as Error).message).slice(0, 100)})`,
      'try again; if it persists, tell the cloud operators',
    );
  }
}
