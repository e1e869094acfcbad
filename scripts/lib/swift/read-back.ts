/**
 * After a publish, read the site back as an anonymous reader does, through
 * its public address: the root, /catalog/, one image page, one hashed asset
 * the home page uses, Pagefind's entry, and a missing page (404 with the
 * site's own 404 page). A wrong status or Content-Type is one DataError line.
 */
import { randomUUID } from 'node:crypto';
import { DataError } from '../errors.ts';
import type { HttpClient, Target } from '../openstack/http.ts';
import { safeUrl } from '../redact.ts';
import { PAGEFIND_ENTRY } from './links.ts';
import { contentTypeOf, isContentHashed } from './objects.ts';
import type { SiteFile } from './site-files.ts';

export interface Probe {
  /** Site path as a reader asks for it (`catalog/`). */
  path: string;
  status: number;
  contentType: string;
  /** Text the body must contain (the 404 page's title). */
  contains?: string;
}

const PUBLIC_SITE: Target = { service: 'the published site', fix: "check the container's read ACL and staticweb settings, or the proxy at --public-url" };

function titleOf(html: string): string | undefined {
  return /<title>([^<]*)<\/title>/i.exec(html)?.[1]?.trim() || undefined;
}

/** What to ask for, from the built files. Pure. */
export function probesFor(files: readonly Pick<SiteFile, 'path' | 'refs' | 'data'>[]): Probe[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const html = 'text/html; charset=utf-8';
  const probes: Probe[] = [{ path: '', status: 200, contentType: html }];
  if (byPath.has('catalog/index.html')) probes.push({ path: 'catalog/', status: 200, contentType: html });
  const imagePage = files.find((file) => /^catalog\/[^/]+\/index\.html$/.test(file.path) && !/^catalog\/(changes|archived|distro|latest)[^/]*\//.test(file.path));
  if (imagePage) probes.push({ path: imagePage.path.replace(/index\.html$/, ''), status: 200, contentType: html });
  const asset = byPath.get('index.html')?.refs?.find((ref) => isContentHashed(ref));
  if (asset) probes.push({ path: asset, status: 200, contentType: contentTypeOf(asset) });
  if (byPath.has(PAGEFIND_ENTRY)) probes.push({ path: PAGEFIND_ENTRY, status: 200, contentType: contentTypeOf(PAGEFIND_ENTRY) });
  const notFound = byPath.get('404.html');
  if (notFound) probes.push({ path: `no-such-page-${randomUUID().slice(0, 8)}/`, status: 404, contentType: html, contains: titleOf(notFound.data.toString('utf8')) });
  return probes;
}

function sameType(a: string, b: string): boolean {
  const norm = (value: string) => value.toLowerCase().replace(/\s+/g, '');
  return norm(a) === norm(b);
}

/** Reads every probe anonymously; returns how many were read, or throws one line on the first wrong answer. */
export async function readBack(http: HttpClient, publicBase: string, files: readonly SiteFile[]): Promise<number> {
  const base = publicBase.endsWith('/') ? publicBase : `${publicBase}/`;
  const probes = probesFor(files);
  for (const probe of probes) {
    const url = new URL(probe.path.split('/').map(encodeURIComponent).join('/'), base);
    const response = await http.send('GET', url, PUBLIC_SITE, { headers: { accept: '*/*', 'cache-control': 'no-cache' }, returnRedirects: true });
    const type = String(response.headers['content-type'] ?? '');
    const body = probe.contains ? response.body.toString('utf8') : '';
    const wrong =
      response.status !== probe.status
        ? `answered HTTP ${response.status}`
        : !sameType(type, probe.contentType)
          ? `answered with Content-Type "${type}"`
          : probe.contains && !body.includes(probe.contains)
            ? `answered without the site's 404 page ("${probe.contains}")`
            : null;
    if (wrong) {
      throw new DataError(
        `read-back: an anonymous GET of ${safeUrl(url)} ${wrong}, not HTTP ${probe.status} with ${probe.contentType}${probe.status === 404 ? " and the site's 404 page" : ''}; every file was uploaded, but readers do not get the site`,
        `${PUBLIC_SITE.fix}; pass --no-verify if the site is not readable from where the publish runs`,
      );
    }
  }
  return probes.length;
}
