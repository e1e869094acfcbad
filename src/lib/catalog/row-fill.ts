import type { CatalogRowData } from './row.ts';

/**
 * `{field}` in `template` replaced by the row's values: the one rule by which
 * CatalogRow.astro and the filter script fill a row's attributes (`href`,
 * `datetime`, `title`). No imports beyond types, so it stays small in the browser.
 */
export function fillTemplate(template: string, row: CatalogRowData): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(row[key as keyof CatalogRowData] ?? ''));
}
