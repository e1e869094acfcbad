/**
 * The fault proxy of the publish-safety suite, against a small loopback
 * server standing in for Swift: each kind of fault does what it says, the
 * rest passes through unchanged, a seed fixes the choices, and it is bounded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultProxy, chooseFault, describeCounts, seededRandom, startFaultProxy, type FaultProxyOptions } from '../../integration/support/fault-proxy.ts';

interface Seen {
  method: string;
  path: string;
  token: string;
  body: string;
}

let upstream: http.Server | null = null;
let proxy: FaultProxy | null = null;
const seen: Seen[] = [];

async function startUpstream(): Promise<string> {
  seen.length = 0;
  upstream = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method!, path: request.url!, token: String(request.headers['x-auth-token'] ?? ''), body: Buffer.concat(chunks).toString() });
      response.writeHead(request.method === 'PUT' ? 201 : 200, { 'content-type': 'text/plain', etag: 'abc', 'x-upstream': 'yes' });
      response.end(request.method === 'PUT' ? '' : `hello ${request.url}`);
    });
  });
  await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}

async function withProxy(options: Omit<FaultProxyOptions, 'target'>): Promise<string> {
  const target = await startUpstream();
  proxy = await startFaultProxy({ target, ...options });
  return proxy.origin;
}

afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  upstream = null;
});

/** A request with node:http (fetch would retry or hide the connection errors this test is about). */
function send(url: string, options: { method?: string; token?: string; body?: string; timeoutMs?: number } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: options.method ?? 'GET',
      headers: { ...(options.token ? { 'x-auth-token': options.token } : {}), ...(options.body !== undefined ? { 'content-length': Buffer.byteLength(options.body) } : {}) },
      agent: false,
    });
    const timer = options.timeoutMs ? setTimeout(() => request.destroy(new Error('client timeout')), options.timeoutMs) : null;
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        if (timer) clearTimeout(timer);
        resolve({ status: response.statusCode!, headers: response.headers, body });
      });
    });
    request.on('error', (error) => {
      if (timer) clearTimeout(timer);
      resolve({ error: error.message });
    });
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

describe('seeded choice of faults', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const first = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('faults at about the rate asked for', () => {
    const random = seededRandom(1);
    let faults = 0;
    for (let i = 0; i < 10_000; i++) if (chooseFault(random(), { unavailable: 0.1, slow: 0.05 }, () => true)) faults += 1;
    expect(faults).toBeGreaterThan(1300);
    expect(faults).toBeLessThan(1700);
  });

  it('gives each kind its own slice of [0, 1) and skips a kind that does not apply', () => {
    const rates = { unavailable: 0.1, drop: 0.1, expire: 0.1 };
    expect(chooseFault(0.05, rates, () => true)).toBe('unavailable');
    expect(chooseFault(0.15, rates, () => true)).toBe('drop');
    expect(chooseFault(0.15, rates, (kind) => kind !== 'drop')).toBeNull();
    expect(chooseFault(0.25, rates, () => true)).toBe('expire');
    expect(chooseFault(0.35, rates, () => true)).toBeNull();
  });

  it('refuses rates outside 0..1 or adding up to more than 1, and a target off loopback', () => {
    expect(() => new FaultProxy({ target: 'http://127.0.0.1:1', seed: 1, rates: { unavailable: 0.7, slow: 0.6 } })).toThrow(/add up to at most 1/);
    expect(() => new FaultProxy({ target: 'http://127.0.0.1:1', seed: 1, rates: { slow: -0.1 } })).toThrow(/0\.\.1/);
    expect(() => new FaultProxy({ target: 'http://example.org', seed: 1 })).toThrow(/loopback/);
    expect(() => new FaultProxy({ target: 'https://127.0.0.1:1', seed: 1 })).toThrow(/loopback http/);
  });
});

describe('the fault proxy', () => {
  it('passes requests through unchanged when no fault is chosen', async () => {
    const origin = await withProxy({ seed: 1 });
    const got = await send(`${origin}/v1/AUTH_p/c?format=json`, { token: 'tok' });
    expect(got).toMatchObject({ status: 200, body: 'hello /v1/AUTH_p/c?format=json' });
    expect((got as { headers: http.IncomingHttpHeaders }).headers['x-upstream']).toBe('yes');
    const put = await send(`${origin}/v1/AUTH_p/c/a.html`, { method: 'PUT', token: 'tok', body: 'page' });
    expect(put).toMatchObject({ status: 201 });
    expect(seen).toEqual([
      { method: 'GET', path: '/v1/AUTH_p/c?format=json', token: 'tok', body: '' },
      { method: 'PUT', path: '/v1/AUTH_p/c/a.html', token: 'tok', body: 'page' },
    ]);
    expect(proxy!.counts).toMatchObject({ requests: 2, forwarded: 2 });
    expect(proxy!.faults).toBe(0);
  });

  it('answers 503 without asking the target, some with Retry-After', async () => {
    const origin = await withProxy({ seed: 3, rates: { unavailable: 1 } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => send(`${origin}/x`, { method: 'PUT', body: 'data' })));
    expect(answers.every((answer) => 'status' in answer && answer.status === 503)).toBe(true);
    const withRetryAfter = answers.filter((answer) => 'headers' in answer && answer.headers['retry-after'] === '0').length;
    expect(withRetryAfter).toBeGreaterThan(0);
    expect(withRetryAfter).toBeLessThan(12);
    expect(seen).toEqual([]);
    expect(proxy!.counts.faulted.unavailable).toBe(12);
  });

  it('drops an upload mid-body: the client gets no answer and nothing reaches the target', async () => {
    const origin = await withProxy({ seed: 1, rates: { drop: 1 } });
    const got = await send(`${origin}/v1/AUTH_p/c/big.js`, { method: 'PUT', body: 'x'.repeat(200_000) });
    expect(got).toHaveProperty('error');
    // A GET has no body to cut: it passes.
    expect(await send(`${origin}/v1/AUTH_p/c/big.js`)).toMatchObject({ status: 200 });
    expect(seen.map((request) => request.method)).toEqual(['GET']);
    expect(proxy!.counts.faulted.drop).toBe(1);
  });

  it('loses the answer of a request the target carried out', async () => {
    const origin = await withProxy({ seed: 1, rates: { lost: 1 } });
    const got = await send(`${origin}/v1/AUTH_p/c/lock`, { method: 'PUT', body: 'mine' });
    expect(got).toHaveProperty('error');
    expect(seen).toEqual([{ method: 'PUT', path: '/v1/AUTH_p/c/lock', token: '', body: 'mine' }]);
  });

  it('holds an answer past the client time limit after the target carried it out', async () => {
    const origin = await withProxy({ seed: 1, rates: { slow: 1 }, slowMs: 600 });
    const started = performance.now();
    const impatient = await send(`${origin}/a`, { method: 'PUT', body: 'a', timeoutMs: 200 });
    expect(impatient).toEqual({ error: 'client timeout' });
    expect(seen.map((request) => request.path)).toEqual(['/a']);
    const patient = await send(`${origin}/b`);
    expect(patient).toMatchObject({ status: 200, body: 'hello /b' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
    expect(proxy!.counts.faulted.slow).toBe(2);
  });

  it('expires a token: 401 for it from then on, while a new token gets through', async () => {
    const origin = await withProxy({ seed: 1, rates: { expire: 1 }, maxFaults: { expire: 1 } });
    expect(await send(`${origin}/a`, { token: 'old' })).toMatchObject({ status: 401 });
    expect(await send(`${origin}/a`, { token: 'old' })).toMatchObject({ status: 401 });
    expect(await send(`${origin}/a`, { token: 'new' })).toMatchObject({ status: 200 });
    expect(seen.map((request) => request.token)).toEqual(['new']);
    expect(proxy!.counts.faulted.expire).toBe(1);
  });

  it('spares the requests it is told to', async () => {
    const origin = await withProxy({ seed: 1, rates: { unavailable: 1 }, spare: (method) => method === 'GET' });
    expect(await send(`${origin}/a`)).toMatchObject({ status: 200 });
    expect(await send(`${origin}/a`, { method: 'DELETE' })).toMatchObject({ status: 503 });
  });

  it('makes the same choices for the same seed', async () => {
    const run = async (seed: number) => {
      const origin = await withProxy({ seed, rates: { unavailable: 0.3, expire: 0.2 } });
      for (let i = 0; i < 30; i++) await send(`${origin}/r${i}`, { token: `t${i}` });
      const kinds = proxy!.events.map((event) => `${event.index}:${event.kind}`);
      await proxy!.close();
      await new Promise<void>((resolve) => upstream!.close(() => resolve()));
      proxy = null;
      upstream = null;
      return kinds;
    };
    const first = await run(42);
    expect(first.length).toBeGreaterThan(5);
    expect(await run(42)).toEqual(first);
    expect(await run(43)).not.toEqual(first);
  });

  it('answers 503 to everything past its request limit', async () => {
    const origin = await withProxy({ seed: 1, maxRequests: 2 });
    expect(await send(`${origin}/1`)).toMatchObject({ status: 200 });
    expect(await send(`${origin}/2`)).toMatchObject({ status: 200 });
    expect(await send(`${origin}/3`)).toMatchObject({ status: 503 });
    expect(proxy!.counts.overLimit).toBe(1);
    expect(describeCounts(proxy!.counts)).toBe('3 requests, 2 forwarded, faulted: unavailable 0, drop 0, lost 0, slow 0, expire 0, over the limit 1');
  });

  it('ends held answers and stops listening when closed, and closes itself after its lifetime', async () => {
    const origin = await withProxy({ seed: 1, rates: { slow: 1 }, slowMs: 60_000 });
    const pending = send(`${origin}/held`);
    await expect.poll(() => seen.length).toBe(1);
    await proxy!.close();
    expect(await pending).toHaveProperty('error');
    expect(await send(`${origin}/after`)).toHaveProperty('error');

    const target = `http://127.0.0.1:${(upstream!.address() as AddressInfo).port}`;
    const shortLived = await startFaultProxy({ target, seed: 1, lifetimeMs: 100 });
    const shortOrigin = shortLived.origin;
    expect(await send(`${shortOrigin}/x`)).toMatchObject({ status: 200 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await send(`${shortOrigin}/x`)).toHaveProperty('error');
  });
});
