import { createServer, type Server } from 'node:http';
import { createReadStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
};

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

/**
 * Serves a built site the way a static host does: `/a/` is `a/index.html`,
 * `/a` redirects to `/a/`, anything else missing is `404.html` with a 404.
 * With `gzip`, text is sent gzipped to clients that accept it (the benchmarks
 * and Lighthouse, which should see what a real host sends). With `base`
 * (`/support/images/`) the site is served under that path only, as a site
 * built with SITE_BASE is; everything outside it is a 404.
 */
export async function serveStatic(root: string, options: { gzip?: boolean; base?: string } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const base = (options.base ?? '/').replace(/\/?$/, '/');
  const server: Server = createServer(async (request, response) => {
    const { pathname: fullPath } = new URL(request.url ?? '/', 'http://localhost');
    if (base !== '/' && fullPath === base.slice(0, -1)) {
      response.writeHead(301, { location: base }).end();
      return;
    }
    // Outside the base nothing is served: a path no build has, so the 404 page answers.
    const pathname = fullPath.startsWith(base) ? `/${fullPath.slice(base.length)}` : '/-outside-the-base-path-/';
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    const target = join(root, relative);
    if (target !== root && !target.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    let file: string | undefined;
    if (pathname.endsWith('/')) {
      if (await isFile(join(target, 'index.html'))) file = join(target, 'index.html');
    } else if (await isFile(target)) {
      file = target;
    } else if (await isFile(join(target, 'index.html'))) {
      response.writeHead(301, { location: `${fullPath}/` }).end();
      return;
    }
    const status = file ? 200 : 404;
    file ??= join(root, '404.html');
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    const gzip = options.gzip && /gzip/.test(String(request.headers['accept-encoding'] ?? '')) && /text|javascript|json|xml|svg|wasm/.test(type);
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    });
    if (request.method === 'HEAD') return response.end();
    const stream = createReadStream(file).on('error', () => response.destroy());
    if (gzip) stream.pipe(createGzip()).pipe(response);
    else stream.pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
