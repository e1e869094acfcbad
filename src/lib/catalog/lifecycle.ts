/**
 * The catalog's lines, archived builds' successors and removed images' pages,
 * at the level of the pages' view models. Pure: `buildCatalog` calls it.
 */
import type { CatalogImage, HistoryEntry } from '../../schemas/snapshot.ts';
import { buildLines, lineKeyOf, successorOf, type Successor } from './lineage.ts';
import { STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { assignSlugs, RESERVED_SLUGS, slugify } from './slug.ts';
import { tombstonesFrom, type NameReader, type Tombstone } from './tombstones.ts';
import { sitePath } from '../site-path.ts';

/** The view fields lifecycle needs (a subset of `ImageView`). */
export interface LifecycleImageView {
  image: CatalogImage;
  slug: string;
  path: string;
}

export interface LineView<V extends LifecycleImageView> {
  key: string;
  name: string;
  architecture: string | null;
  current: V | null;
  /** Archived builds, newest first. */
  archived: V[];
}

export interface TombstoneView<V extends LifecycleImageView> {
  tombstone: Tombstone;
  slug: string;
  path: string;
  successor: Successor<V>;
}

/** A URL a now-archived build had while it was current, when nothing else took it since. */
export interface MovedView<V extends LifecycleImageView> {
  slug: string;
  path: string;
  /** The name it had then. */
  name: string;
  /** Its page now. */
  target: V;
}

export interface Lifecycle<V extends LifecycleImageView> {
  lines: LineView<V>[];
  /** Every current and archived image's line, by image ID. */
  lineOfImage: Map<string, LineView<V>>;
  /** Each archived build's successor, by image ID. */
  successors: Map<string, Successor<V>>;
  tombstones: TombstoneView<V>[];
  moved: MovedView<V>[];
}

/**
 * The newer build a reader should take instead of `view`: its line's current
 * build when that is another image (an archived build's, or a listed
 * `oldgeneric` one's, SCS-0102 v2), else `null`.
 */
export function newerBuildOf<V extends LifecycleImageView>(view: V, lifecycle: Pick<Lifecycle<V>, 'lineOfImage'>): V | null {
  const current = lifecycle.lineOfImage.get(view.image.id)?.current ?? null;
  return current && current.image.id !== view.image.id ? current : null;
}

/**
 * Lines, successors and the pages that outlive an image. `taken` holds every
 * slug already given to a current or archived image's page: tombstones and
 * moved pages never shadow one.
 */
export function buildLifecycle<V extends LifecycleImageView>(
  current: readonly V[],
  archived: readonly V[],
  history: readonly HistoryEntry[],
  readName: NameReader,
  conventions: ImageConventions = STANDARD_CONVENTIONS,
  alreadyTaken: Set<string> = new Set(),
  slugName: (name: string) => string = (name) => name,
): Lifecycle<V> {
  const viewOf = new Map<string, V>([...current, ...archived].map((view) => [view.image.id, view]));
  const lines = buildLines(
    current.map((view) => view.image),
    archived.map((view) => view.image),
    conventions,
  ).map(
    (line): LineView<V> => ({
      key: line.key,
      name: line.name,
      architecture: line.architecture,
      current: line.current ? viewOf.get(line.current.id)! : null,
      archived: line.archived.map((image) => viewOf.get(image.id)!),
    }),
  );
  const lineByKey = new Map(lines.map((line) => [line.key, line]));
  const lineOfImage = new Map<string, LineView<V>>();
  for (const view of [...current, ...archived]) lineOfImage.set(view.image.id, lineByKey.get(lineKeyOf(view.image, conventions))!);

  const currentImages = current.map((view) => view.image);
  const imageLines = new Map(lines.map((line) => [line.key, { current: line.current?.image ?? null }]));
  const toView = (found: Successor<CatalogImage>): Successor<V> => (found.kind === 'none' ? found : { kind: found.kind, image: viewOf.get(found.image.id)! });
  const successors = new Map<string, Successor<V>>();
  for (const view of archived) {
    const { image } = view;
    successors.set(
      image.id,
      toView(successorOf({ line: lineKeyOf(image, conventions), distro: image.distro, architecture: image.architecture }, imageLines, currentImages, conventions)),
    );
  }

  // Shared with the sources built before and after this one (src/lib/catalog/sources.ts): no page shadows another source's.
  const taken = alreadyTaken;
  for (const view of [...current, ...archived]) taken.add(view.slug);
  const stones = tombstonesFrom(history, new Set(viewOf.keys()), readName, conventions);
  const stoneSlugs = assignSlugs(stones.map((stone) => ({ id: stone.id, name: slugName(stone.name), createdAt: stone.createdAt })), taken);
  const tombstones = stones.map((stone): TombstoneView<V> => {
    const slug = stoneSlugs.get(stone.id)!;
    taken.add(slug);
    return { tombstone: stone, slug, path: sitePath(`/catalog/${slug}/`), successor: toView(successorOf(stone, imageLines, currentImages, conventions)) };
  });

  // A build archived since it was current had a page named after its old name: keep that URL answering.
  const moved: MovedView<V>[] = [];
  const archivedIds = new Set(archived.map((view) => view.image.id));
  const newestFirst = [...history].sort((a, b) => Date.parse(b.fetchedAt) - Date.parse(a.fetchedAt));
  for (const entry of newestFirst) {
    // Recorded as "archived" since the history kept that apart; older entries listed such a build as removed.
    for (const removed of [...(entry.archived ?? []), ...entry.removed.filter((item) => !item.archived)]) {
      if (!archivedIds.has(removed.id)) continue;
      const slug = slugify(slugName(removed.name));
      if (!slug || RESERVED_SLUGS.has(slug) || taken.has(slug)) continue;
      taken.add(slug);
      moved.push({ slug, path: sitePath(`/catalog/${slug}/`), name: removed.name, target: viewOf.get(removed.id)! });
    }
  }
  return { lines, lineOfImage, successors, tombstones, moved };
}
