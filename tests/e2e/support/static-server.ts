/**
 * Serves a built site the way a static host does, for the browser suites and
 * the benchmarks: sirv finds the file (`/a/` is `a/index.html`, types from
 * its extension, HEAD, ranges) and compression gzips text for clients that
 * accept it when asked (the benchmarks and Lighthouse, which should see what a
 * real host sends). What stays here is what a host adds around them: `/a`
 * redirects to `/a/` when `a/index.html` exists (sirv would serve it at `/a`,
 * where a relative link reads differently), anything else missing is the
 * site's `404.html` with status 404, and with `base` (`/support/images/`) the
 * site is served under that path only, as a site built with SITE_BASE is.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import sirv from 'sirv';

type Next = (error?: unknown) => void;
type Handler = (request: IncomingMessage, response: ServerResponse, next: Next) => void;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function serveStatic(root: string, options: { gzip?: boolean; base?: string } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const base = (options.base ?? '/').replace(/\/?$/, '/');
  // `dev`: read the disk on every request (a suite may rebuild into the same folder); no caching headers.
  const files = sirv(root, { dev: true, dotfiles: false, extensions: ['html'] });
  const gzip: Handler = options.gzip ? (compression({ threshold: 0 }) as unknown as Handler) : (_request, _response, next) => next();

  const notFound = (request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(join(root, '404.html')).on('error', () => response.destroy()).pipe(response);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const fullPath = url.pathname;
    if (base !== '/' && fullPath === base.slice(0, -1)) {
      response.writeHead(301, { location: base }).end();
      return;
    }
    // Outside the base nothing is served: the 404 page answers.
    if (!fullPath.startsWith(base)) return gzip(request, response, () => notFound(request, response));
    const inner = `/${fullPath.slice(base.length)}`;
    let relative: string;
    try {
      relative = decodeURIComponent(inner);
    } catch {
      return gzip(request, response, () => notFound(request, response));
    }
    if (!inner.endsWith('/') && !relative.includes('\0') && !isFile(join(root, relative)) && isFile(join(root, relative, 'index.html'))) {
      response.writeHead(301, { location: `${fullPath}/` }).end();
      return;
    }
    request.url = `${inner}${url.search}`;
    response.setHeader('cache-control', 'no-store');
    gzip(request, response, () => files(request, response, () => notFound(request, response)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
