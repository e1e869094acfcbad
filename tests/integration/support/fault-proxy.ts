/**
 * A fault-injecting HTTP proxy for the integration tests: it sits between a
 * publish and the real test Swift and, on a fixed seed, fails some requests
 * the way a cloud does on a bad night:
 *
 * - `unavailable`: answers 503 without asking Swift (with `Retry-After: 0` on
 *   some of them, as a loaded proxy does);
 * - `drop`: reads part of a PUT's body, then closes the connection without
 *   answering (nothing reaches Swift);
 * - `lost`: forwards the request (Swift does the work) and closes the
 *   connection instead of passing the answer on, so the client cannot know
 *   the write happened;
 * - `slow`: forwards the request, then holds the answer for `slowMs`, past the
 *   client's time limit (the work is done; the answer comes too late);
 * - `expire`: answers 401 as Swift does for an expired token, and from then on
 *   refuses that token every time, so only a client that authenticates again
 *   gets through.
 *
 * Every other request is passed through unchanged. `counts` says how many
 * requests came and how many were faulted, by kind.
 *
 * Bounded: it listens on 127.0.0.1 only and forwards only to a loopback
 * target; after `maxRequests` it answers 503 to everything (counted apart);
 * each forwarded request has a time limit; `close()` (or `lifetimeMs`) ends
 * every open connection and pending answer. Its timers never keep the process
 * alive.
 *
 * Hand-written on node:http rather than a proxy library: the faults need the
 * request in the middle of its body and the answer held back, which general
 * proxies do not expose, and the project adds no dependency for tests.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultKind = 'unavailable' | 'drop' | 'lost' | 'slow' | 'expire';
export const FAULT_KINDS: readonly FaultKind[] = ['unavailable', 'drop', 'lost', 'slow', 'expire'];

export interface FaultProxyOptions {
  /** The real service, e.g. `http://127.0.0.1:8080` (loopback only). Paths are passed on unchanged. */
  target: string;
  /** Seed of the pseudo-random choice of faults: the same seed gives the same sequence of choices. */
  seed: number;
  /** Probability (0..1) per request of each kind of fault; the sum must be at most 1. */
  rates?: Partial<Record<FaultKind, number>>;
  /** How long a `slow` answer is held, in ms (default 2000): set it above the client's time limit. */
  slowMs?: number;
  /** At most this many faults of a kind (e.g. `{ expire: 1 }` for one expired token); no cap by default. */
  maxFaults?: Partial<Record<FaultKind, number>>;
  /** The share of `unavailable` answers that carry `Retry-After: 0` (default 0.5). */
  retryAfterShare?: number;
  /** After this many requests every request is answered 503 (default 5000). */
  maxRequests?: number;
  /** Time limit of a forwarded request, in ms (default 60000). */
  forwardTimeoutMs?: number;
  /** The proxy closes itself after this long, in ms (default 10 minutes). */
  lifetimeMs?: number;
  /** Requests that are never faulted (e.g. the first listing), by method and path. */
  spare?: (method: string, path: string) => boolean;
}

export interface FaultCounts {
  /** Every request that reached the proxy. */
  requests: number;
  /** Passed to the target unchanged (includes `lost` and `slow`, which reach it). */
  forwarded: number;
  /** Faulted, by kind. */
  faulted: Record<FaultKind, number>;
  /** Answered 503 because `maxRequests` was reached. */
  overLimit: number;
}

export interface FaultEvent {
  index: number;
  method: string;
  path: string;
  kind: FaultKind;
}

/** mulberry32: a small, fast, seeded 32-bit PRNG; returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault for one draw `r` in [0, 1), or null: the kinds take consecutive slices of [0, 1) by rate. */
export function chooseFault(r: number, rates: Partial<Record<FaultKind, number>>, applicable: (kind: FaultKind) => boolean): FaultKind | null {
  let edge = 0;
  for (const kind of FAULT_KINDS) {
    edge += rates[kind] ?? 0;
    if (r < edge) return applicable(kind) ? kind : null;
  }
  return null;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Hop-by-hop headers are the connection's, not the message's (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

export class FaultProxy {
  readonly counts: FaultCounts = { requests: 0, forwarded: 0, faulted: { unavailable: 0, drop: 0, lost: 0, slow: 0, expire: 0 }, overLimit: 0 };
  /** Every fault in the order it was made (bounded by maxRequests). */
  readonly events: FaultEvent[] = [];
  readonly #target: URL;
  readonly #random: () => number;
  readonly #rates: Partial<Record<FaultKind, number>>;
  readonly #options: Required<Omit<FaultProxyOptions, 'rates' | 'spare' | 'maxFaults'>> & Pick<FaultProxyOptions, 'spare' | 'maxFaults'>;
  readonly #server: http.Server;
  readonly #agent = new http.Agent({ keepAlive: false });
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #expiredTokens = new Set<string>();
  #closed = false;
  #lifetime: NodeJS.Timeout | null = null;

  constructor(options: FaultProxyOptions) {
    const target = new URL(options.target);
    if (target.protocol !== 'http:' || !isLoopback(target.hostname)) {
      throw new Error(`the fault proxy forwards only to a loopback http:// target, not ${target.origin}`);
    }
    const rates = options.rates ?? {};
    const total = Object.values(rates).reduce((sum, rate) => sum + (rate ?? 0), 0);
    if (Object.values(rates).some((rate) => rate !== undefined && (rate < 0 || rate > 1)) || total > 1) {
      throw new Error(`fault rates must each be in 0..1 and add up to at most 1 (they add up to ${total})`);
    }
    this.#target = target;
    this.#rates = rates;
    this.#random = seededRandom(options.seed);
    this.#options = {
      target: options.target,
      seed: options.seed,
      slowMs: options.slowMs ?? 2000,
      retryAfterShare: options.retryAfterShare ?? 0.5,
      maxRequests: options.maxRequests ?? 5000,
      forwardTimeoutMs: options.forwardTimeoutMs ?? 60_000,
      lifetimeMs: options.lifetimeMs ?? 600_000,
      spare: options.spare,
      maxFaults: options.maxFaults,
    };
    this.#server = http.createServer((request, response) => this.#handle(request, response));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts listening on a free loopback port; resolves with the proxy's origin (`http://127.0.0.1:PORT`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#lifetime = setTimeout(() => void this.close(), this.#options.lifetimeMs).unref();
    return this.origin;
  }

  get origin(): string {
    const address = this.#server.address() as AddressInfo | null;
    if (!address) throw new Error('the fault proxy is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Total faults of every kind. */
  get faults(): number {
    return Object.values(this.counts.faulted).reduce((sum, n) => sum + n, 0);
  }

  /** Stops listening and ends every connection and held answer. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#lifetime) clearTimeout(this.#lifetime);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    this.#agent.destroy();
    await closed;
  }

  #later(ms: number, task: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task();
    }, ms).unref();
    this.#timers.add(timer);
  }

  #handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const index = this.counts.requests;
    this.counts.requests += 1;
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    if (this.#closed) return void request.socket.destroy();
    if (index >= this.#options.maxRequests) {
      this.counts.overLimit += 1;
      return this.#answer(request, response, 503, 'the fault proxy reached its request limit');
    }
    const token = String(request.headers['x-auth-token'] ?? '');
    if (token !== '' && this.#expiredTokens.has(token)) {
      // Not a new fault: the token it expired earlier stays expired, as Keystone's would.
      return this.#answer(request, response, 401, 'token expired');
    }
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const spared = this.#options.spare?.(method, path) ?? false;
    // One draw per request whatever happens, so a seed fixes the sequence of choices.
    const draw = this.#random();
    const secondDraw = this.#random();
    const kind = spared
      ? null
      : chooseFault(draw, this.#rates, (candidate) => {
          if (this.counts.faulted[candidate] >= (this.#options.maxFaults?.[candidate] ?? Infinity)) return false;
          if (candidate === 'drop') return method === 'PUT' && hasBody;
          if (candidate === 'expire') return token !== '';
          return true;
        });
    if (kind) {
      this.counts.faulted[kind] += 1;
      this.events.push({ index, method, path, kind });
    }
    switch (kind) {
      case 'unavailable': {
        const headers: Record<string, string> = secondDraw < this.#options.retryAfterShare ? { 'retry-after': '0' } : {};
        return this.#answer(request, response, 503, 'Service Unavailable', headers);
      }
      case 'expire':
        this.#expiredTokens.add(token);
        return this.#answer(request, response, 401, 'token expired');
      case 'drop': {
        // Read some of the body (at least one chunk), then cut the connection with no answer.
        const expected = Number(request.headers['content-length'] ?? 0);
        const cutAfter = Math.max(1, Math.floor(expected * (0.2 + 0.6 * secondDraw)));
        let received = 0;
        request.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received >= cutAfter) request.socket.destroy();
        });
        request.on('end', () => request.socket.destroy());
        return;
      }
      default:
        return this.#forward(request, response, kind);
    }
  }

  #answer(request: http.IncomingMessage, response: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    // Drain the body first, so the client is not cut off mid-upload by an early answer.
    request.resume();
    request.on('end', () => {
      const body = `<html><h1>${text}</h1></html>`;
      response.writeHead(status, { 'content-type': 'text/html; charset=UTF-8', 'content-length': Buffer.byteLength(body), ...headers });
      response.end(body);
    });
  }

  #forward(request: http.IncomingMessage, response: http.ServerResponse, kind: 'lost' | 'slow' | null): void {
    this.counts.forwarded += 1;
    const upstream = http.request(
      {
        protocol: 'http:',
        hostname: this.#target.hostname,
        port: this.#target.port,
        method: request.method,
        path: request.url,
        headers: { ...endToEnd(request.headers), host: this.#target.host },
        agent: this.#agent,
        timeout: this.#options.forwardTimeoutMs,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const deliver = () => {
            if (kind === 'lost') return void request.socket.destroy();
            if (response.destroyed || request.socket.destroyed) return;
            const body = Buffer.concat(chunks);
            const headers = endToEnd(answer.headers);
            if (answer.headers['content-length'] === undefined && method(request) !== 'HEAD') headers['content-length'] = body.length;
            response.writeHead(answer.statusCode ?? 502, headers);
            response.end(body);
          };
          if (kind === 'slow') this.#later(this.#options.slowMs, deliver);
          else deliver();
        });
        answer.on('error', () => request.socket.destroy());
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
    upstream.on('error', () => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end('the fault proxy could not reach its target');
      }
    });
    request.on('aborted', () => upstream.destroy());
    request.pipe(upstream);
  }
}

function method(request: http.IncomingMessage): string {
  return request.method ?? 'GET';
}

/** Starts a proxy; the caller closes it. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const proxy = new FaultProxy(options);
  await proxy.start();
  return proxy;
}

/** One line of figures for a test's output. */
export function describeCounts(counts: FaultCounts): string {
  const kinds = FAULT_KINDS.map((kind) => `${kind} ${counts.faulted[kind]}`).join(', ');
  return `${counts.requests} requests, ${counts.forwarded} forwarded, faulted: ${kinds}${counts.overLimit ? `, over the limit ${counts.overLimit}` : ''}`;
}
