import type { CatalogImage, HistoryEntry, Snapshot } from '../../schemas/snapshot.ts';
import type { Distribution } from '../../schemas/distributions.ts';
import type { EolDistribution } from '../../schemas/eol.ts';
import { findDistribution } from './distro.ts';
import { eolStatus, type EolStatus } from './eol.ts';
import { groupImages, groupKeyOf, type ImageGroup } from './group.ts';
import { loginNote, type LoginNote } from './login-note.ts';
import { loginUserOf } from './login.ts';
import { imageVariant, type Variant } from './variant.ts';
import { assignSlugs } from './slug.ts';
import { buildLifecycle, type Lifecycle } from './lifecycle.ts';
import { parseImageName } from './normalise.ts';
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
  /** How to log in; `login.user` is the one login user (`loginUserOf`). */
  login: LoginNote;
  /** The image's login user differs from its distribution's (the group note's). */
  loginDiffersFromGroup: boolean;
  /** GPU, Docker or application image, or `null`. */
  variant: Variant | null;
  /** `updatedAt`, else `createdAt`. */
  updated: string | null;
}

export interface CatalogView {
  snapshot: Snapshot;
  /** The current images (the official listing). */
  images: ImageView[];
  /** Earlier builds from the archive project: pages of their own, never in the table. */
  archived: ImageView[];
  /** Current and archived images by ID. */
  byId: Map<string, ImageView>;
  /** Lines, successors, removed images' and moved builds' pages. */
  lifecycle: Lifecycle<ImageView>;
  groups: (ImageGroup & { views: ImageView[] })[];
}

/** An image page's site path, `/catalog/<slug>/`: the one place it is written. */
export function imagePath(slug: string): string {
  return sitePath(`/catalog/${slug}/`);
}

/** Builds the catalog's pages' data from the snapshot and the two data files; pure. */
export function buildCatalog(
  snapshot: Snapshot,
  distributions: readonly Distribution[],
  eolData: readonly EolDistribution[],
  now: Date,
  history: readonly HistoryEntry[] = [],
): CatalogView {
  const slugs = assignSlugs(snapshot.images);
  // Archived builds never take a slug from a current image.
  for (const [id, slug] of assignSlugs(snapshot.archived, slugs.values())) slugs.set(id, slug);
  const byId = new Map<string, ImageView>();
  const viewOf = (image: CatalogImage) => {
    const distribution = findDistribution(image.distro, distributions);
    const slug = slugs.get(image.id)!;
    const user = loginUserOf(image, distribution);
    const view: ImageView = {
      image,
      slug,
      path: imagePath(slug),
      groupKey: groupKeyOf(image, distributions),
      distribution,
      eol: eolStatus(image, distribution?.id ?? null, eolData, now),
      login: loginNote(distribution, user.user),
      loginDiffersFromGroup: user.differsFromGroup,
      variant: imageVariant(image),
      updated: lastUpdated(image),
    };
    byId.set(image.id, view);
    return view;
  };
  const images = snapshot.images.map(viewOf);
  const archived = snapshot.archived.map(viewOf);
  const lifecycle = buildLifecycle(images, archived, history, (name) => parseImageName(name, distributions));
  const groups = groupImages(snapshot.images, distributions).map((group) => ({
    ...group,
    views: group.images.map((image) => byId.get(image.id)!),
  }));
  return { snapshot, images, archived, byId, lifecycle, groups };
}
