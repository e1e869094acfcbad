/**
 * The catalog's words that name the cloud, from cloud.config.yaml: one place
 * for each, shared by the pages, the head entries and the feed.
 */
import { cloudConfig } from '../cloud-config.ts';

/** The site title (`site.title`): the end of every page's `<title>`, the feed's author. */
export function siteTitle(): string {
  return cloudConfig().site.title;
}

/** The cloud's name in sentences (`cloud.name`). */
export function cloudName(): string {
  return cloudConfig().cloud.name;
}

/** The feed's title, also the title of its `<link rel="alternate">`. */
export function feedTitle(): string {
  return `${cloudConfig().cloud.shortName} official images: what changed`;
}

export function feedSubtitle(): string {
  return `Official images added to, removed from and updated in the ${cloudName()} catalog.`;
}

/** The image's page in the cloud's dashboard (or its member cloud's), or null when the config names no dashboard. */
export function dashboardImageUrl(imageId: string, dashboard: string | null = cloudConfig().cloud.dashboard): string | null {
  return dashboard ? `${dashboard}/project/images/${encodeURIComponent(imageId)}/` : null;
}
