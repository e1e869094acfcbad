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
import { STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { buildOf } from './lineage.ts';
import { idMayHaveExpired, lifecyclePromiseOf, type LifecyclePromise } from './promise.ts';
import { oneSourceOf, type CatalogSource } from './source.ts';
import { purposeOf, type Purpose } from './purpose.ts';
import { overdueOf, type Overdue } from './overdue.ts';
import { maintenanceOf, type Maintenance } from './maintenance.ts';

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
  /** The build number (the cloud's build property, else the name's ` [v<build>]`), or `null`. */
  build: number | null;
  /** What the image promises about its future (SCS-0102's `replace_frequency`, `provided_until`, `uuid_validity`). */
  promise: LifecyclePromise;
  /**
   * How an archived build is kept: `archive` (a community image of the archive
   * project) or `hidden` (the official project's own image, hidden: SCS-0102);
   * `null` for a current image.
   */
  archivedAs: 'archive' | 'hidden' | null;
  /** An archived build past its own `uuid_validity` (its date passed, more newer builds than `last-N`, or `none`): its ID may no longer work. */
  idMayHaveExpired: boolean;
  /** The (member cloud, region) it was listed from (src/lib/catalog/source.ts). */
  source: CatalogSource;
  /** SCS-0102 v2's `os_purpose` (or the cloud's property for it) in reader words, or `null`. */
  purpose: Purpose | null;
  /** Past its `replace_frequency` by SCS's rule (src/lib/catalog/overdue.ts) at the catalog's moment, or `null`. */
  overdue: Overdue | null;
  /** SCS-0102 v2's `hotfix_hours`, `patchlevel` and licence and subscription facts. */
  maintenance: Maintenance;
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
  /** How this cloud spells its image facts (cloud.config.yaml's `images:`), for components that read them. */
  conventions: ImageConventions;
  /** Every source, in config order (one for a one-region cloud); src/lib/catalog/sources.ts merges them. */
  sources: CatalogSource[];
  /** Each source's change history (its history.json), in source order. */
  histories: { source: CatalogSource; entries: readonly HistoryEntry[] }[];
}

/** How one source's pages are named among several: the first source keeps plain slugs; the others' carry `slugSuffix` and avoid `taken`. */
export interface SourcePlacement {
  source: CatalogSource;
  /** Words added to every image name before it is slugged (null: plain slugs, as a one-source site has). */
  slugSuffix: string | null;
  /** Slugs earlier sources gave out; this source's are added to it. */
  taken: Set<string>;
}

/** An image page's site path, `/catalog/<slug>/`: the one place it is written. */
export function imagePath(slug: string): string {
  return sitePath(`/catalog/${slug}/`);
}

/** Builds the catalog's pages' data from the snapshot, the two data files and the cloud's conventions; pure. */
export function buildCatalog(
  snapshot: Snapshot,
  distributions: readonly Distribution[],
  eolData: readonly EolDistribution[],
  now: Date,
  history: readonly HistoryEntry[] = [],
  conventions: ImageConventions = STANDARD_CONVENTIONS,
  placement: SourcePlacement = { source: oneSourceOf(snapshot), slugSuffix: null, taken: new Set() },
): CatalogView {
  const { source, slugSuffix, taken } = placement;
  const slugName = (name: string) => (slugSuffix === null ? name : `${name} ${slugSuffix}`);
  const named = (image: CatalogImage) => ({ ...image, name: slugName(image.name) });
  const slugs = assignSlugs(snapshot.images.map(named), taken);
  // Archived builds never take a slug from a current image.
  for (const [id, slug] of assignSlugs(snapshot.archived.map(named), [...taken, ...slugs.values()])) slugs.set(id, slug);
  for (const slug of slugs.values()) taken.add(slug);
  const byId = new Map<string, ImageView>();
  const viewOf = (image: CatalogImage, archivedAs: ImageView['archivedAs']) => {
    const distribution = findDistribution(image.distro, distributions);
    const slug = slugs.get(image.id)!;
    const user = loginUserOf(image, distribution, conventions);
    const view: ImageView = {
      image,
      slug,
      path: imagePath(slug),
      groupKey: groupKeyOf(image, distributions),
      distribution,
      eol: eolStatus(image, distribution?.id ?? null, eolData, now),
      login: loginNote(distribution, user),
      loginDiffersFromGroup: user.differsFromGroup,
      variant: imageVariant(image, conventions),
      updated: lastUpdated(image),
      build: buildOf(image, conventions),
      promise: lifecyclePromiseOf(image.properties, now),
      archivedAs,
      idMayHaveExpired: false,
      source,
      purpose: purposeOf(image.properties, conventions),
      overdue: overdueOf(image, now),
      maintenance: maintenanceOf(image.properties),
    };
    byId.set(image.id, view);
    return view;
  };
  const images = snapshot.images.map((image) => viewOf(image, null));
  // The official project's own archived builds are its hidden images (SCS-0102); any other project's are the archive project's.
  const archived = snapshot.archived.map((image) => viewOf(image, image.owner === snapshot.source.owner ? 'hidden' : 'archive'));
  const lifecycle = buildLifecycle(images, archived, history, (name) => parseImageName(name, distributions, conventions), conventions, taken, slugName);
  for (const line of lifecycle.lines) {
    // Newer builds of an archived build: the line's current build and the archived builds before it (newest first).
    const current = line.current ? 1 : 0;
    line.archived.forEach((view, index) => {
      view.idMayHaveExpired = idMayHaveExpired(view.promise.id, current + index, now);
    });
  }
  const groups = groupImages(snapshot.images, distributions).map((group) => ({
    ...group,
    views: group.images.map((image) => byId.get(image.id)!),
  }));
  return { snapshot, images, archived, byId, lifecycle, groups, conventions, sources: [source], histories: [{ source, entries: history }] };
}
