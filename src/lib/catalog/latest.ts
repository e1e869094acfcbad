/**
 * `/catalog/latest.json` and `/catalog/latest/<key>.json`: a stable address per
 * image line for scripts, so `curl …/latest/<key>.json | jq -r .id` gives
 * today's ID of a line whatever the rebuilds did. Pure.
 */
import type { ImageView } from './model.ts';
import { buildOf } from './lineage.ts';
import type { LineView } from './lifecycle.ts';

export interface LatestImage {
  id: string;
  name: string;
  url: string;
}

export interface LatestLine {
  key: string;
  name: string;
  architecture: string | null;
  current: LatestImage | null;
  archived: (LatestImage & { build: number | null })[];
}

export interface LatestFile {
  schemaVersion: 1;
  fetchedAt: string;
  lineages: LatestLine[];
}

/**
 * A site path with the site's base in front (`/docs/catalog/x/` when the site
 * is served under `/docs/`). The one place pages' URLs in JSON get their base.
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL ?? '/'): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** One line as published, with its pages' URLs under `base`. */
export function latestLine(line: LineView<ImageView>, base?: string): LatestLine {
  return {
    key: line.key,
    name: line.name,
    architecture: line.architecture,
    current: line.current ? { id: line.current.image.id, name: line.current.image.name, url: withBase(line.current.path, base) } : null,
    archived: line.archived.map((view) => ({ id: view.image.id, name: view.image.name, build: buildOf(view.image), url: withBase(view.path, base) })),
  };
}

export function latestFile(lines: readonly LineView<ImageView>[], fetchedAt: string, base?: string): LatestFile {
  return { schemaVersion: 1, fetchedAt, lineages: lines.map((line) => latestLine(line, base)) };
}
