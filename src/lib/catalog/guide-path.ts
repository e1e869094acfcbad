/** A guide address from cloud.config.yaml (`guide:`) read and checked against the guide's pages: pure, for src/lib/catalog/guide-links.ts. */

/** `/categories/#official` → the docs entry id and the anchor: `{ page: 'categories', anchor: 'official' }`. */
export function splitGuidePath(path: string): { page: string; anchor: string | null } {
  const [pathname = '/', anchor] = path.split('#');
  const page = pathname.replace(/^\/+|\/+$/g, '') || 'index';
  return { page, anchor: anchor || null };
}

/** Why `path` is not an address in the guide (pages by id, each with its heading ids), or null when it is. */
export function guidePathProblem(path: string, pages: ReadonlyMap<string, readonly string[]>): string | null {
  const { page, anchor } = splitGuidePath(path);
  const headings = pages.get(page);
  if (!headings) return `the guide has no page ${page === 'index' ? '/' : `/${page}/`} (content/docs)`;
  if (anchor && !headings.includes(anchor)) return `the guide page /${page === 'index' ? '' : `${page}/`} has no heading with the id "${anchor}"`;
  return null;
}
