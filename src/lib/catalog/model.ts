import type { CatalogImage, Snapshot } from '../../schemas/snapshot.ts';
import type { Distribution } from '../../schemas/distributions.ts';
import type { EolDistribution } from '../../schemas/eol.ts';
import { findDistribution } from './distro.ts';
import { eolStatus, type EolStatus } from './eol.ts';
import { groupImages, groupKeyOf, type ImageGroup } from './group.ts';
import { loginNote, type LoginNote } from './login-note.ts';
import { assignSlugs } from './slug.ts';
import { lastUpdated } from './sort.ts';
import { sitePath } from '../site-path.ts';

/** One image with everything the pages show about it. */
export interface ImageView {
  image: CatalogImage;
  slug: string;
  /** Site path, `/catalog/<slug>/` under the base path. */
  path: string;
  groupKey: string;
  distribution: Distribution | undefined;
  eol: EolStatus;
  login: LoginNote;
  /** `updatedAt`, else `createdAt`. */
  updated: string | null;
}

export interface CatalogView {
  snapshot: Snapshot;
  images: ImageView[];
  byId: Map<string, ImageView>;
  groups: (ImageGroup & { views: ImageView[] })[];
}

/** Builds the catalog's pages' data from the snapshot and the two data files; pure. */
export function buildCatalog(
  snapshot: Snapshot,
  distributions: readonly Distribution[],
  eolData: readonly EolDistribution[],
  now: Date,
): CatalogView {
  const slugs = assignSlugs(snapshot.images);
  const byId = new Map<string, ImageView>();
  const images = snapshot.images.map((image) => {
    const distribution = findDistribution(image.distro, distributions);
    const slug = slugs.get(image.id)!;
    const view: ImageView = {
      image,
      slug,
      path: sitePath(`/catalog/${slug}/`),
      groupKey: groupKeyOf(image, distributions),
      distribution,
      eol: eolStatus(image, distribution?.id ?? null, eolData, now),
      login: loginNote(distribution, image.loginUser),
      updated: lastUpdated(image),
    };
    byId.set(image.id, view);
    return view;
  });
  const groups = groupImages(snapshot.images, distributions).map((group) => ({
    ...group,
    views: group.images.map((image) => byId.get(image.id)!),
  }));
  return { snapshot, images, byId, groups };
}
