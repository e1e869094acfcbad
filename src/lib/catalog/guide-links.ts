/**
 * Where catalog pages link into the guide: `guide:` in cloud.config.yaml. Each
 * address is checked against the guide itself (content/docs, the docs
 * collection) the first time a page asks: a page the guide lacks, or an anchor
 * that is none of that page's heading ids, fails the build in one line naming
 * the key. A key the config leaves out means no such link.
 */
import { getCollection, render } from 'astro:content';
import { cloudConfig, shownPath } from '../cloud-config.ts';
import { sitePath } from '../site-path.ts';
import { guidePathProblem, splitGuidePath } from './guide-path.ts';

export interface GuideLinks {
  /** "What “official” means" (`guide.official`), under the site's base; null: no link. */
  official: string | null;
  /** "The guide to official images" (`guide.official_images`); null: no link. */
  officialImages: string | null;
}

async function checked(): Promise<GuideLinks> {
  const config = cloudConfig();
  const wanted = [
    ['guide.official', config.guide.official],
    ['guide.official_images', config.guide.officialImages],
  ] as const;
  const docs = await getCollection('docs');
  const pages = new Map<string, string[]>();
  for (const [key, path] of wanted) {
    if (!path) continue;
    const { page } = splitGuidePath(path);
    const entry = docs.find((doc) => doc.id === page);
    if (entry && !pages.has(page)) pages.set(page, (await render(entry)).headings.map((heading) => heading.slug));
    const problem = guidePathProblem(path, pages);
    if (problem) throw new Error(`${shownPath(config.file)}: ${key}: ${path}: ${problem}; link to a page and heading the guide has, or leave ${key} out`);
  }
  return {
    official: config.guide.official ? sitePath(config.guide.official) : null,
    officialImages: config.guide.officialImages ? sitePath(config.guide.officialImages) : null,
  };
}

let linksPromise: Promise<GuideLinks> | undefined;

/** The catalog's links into the guide, checked once per build. */
export function guideLinks(): Promise<GuideLinks> {
  linksPromise ??= checked();
  return linksPromise;
}
