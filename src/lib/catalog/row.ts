/**
 * One catalog row: the one shape shared by the table component
 * (CatalogRow.astro), `/catalog/index.json` and the filter script. Every
 * value is display-ready text (empty when unknown), so the script only ever
 * fills text into the row the server rendered in a `<template>`.
 *
 * Adding a column: a field here (schema and `rowData`) and a cell in
 * CatalogRow.astro.
 */
import { z } from 'astro/zod';
import type { ImageView } from './model.ts';
import { formatDate, formatSize, isoDateTime } from './format.ts';

export const catalogRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    /** The image page's path. */
    path: z.string(),
    /** Group key: the distribution's id, its raw key, or `unknown`. */
    group: z.string(),
    version: z.string(),
    codename: z.string(),
    architecture: z.string(),
    /** The login user (`loginUserOf`), or `''` when not known or when there is none. */
    loginUser: z.string(),
    /** The image says it has no login user (SCS-0102's `none`): "No login user", not "not known". */
    loginNone: z.boolean(),
    /** The group's note names a different login user than this image's. */
    loginDiffers: z.boolean(),
    /** Day the release passed end of life (`25 Nov 2025`), or `''` when it has not. */
    eolSince: z.string(),
    /** ISO date-time of the last update, or `''`. */
    updated: z.string(),
    /** The same, as people read it (`25 Nov 2025`), or `''`. */
    updatedText: z.string(),
    size: z.string(),
    /** Variant key (`gpu`, `docker`, `app`) and its label, or `''`. */
    variant: z.string(),
    variantLabel: z.string(),
    /** Several sources only (absent for one, so a one-region index is unchanged): the row's region (`''`: none) and member key. */
    region: z.string().optional(),
    member: z.string().optional(),
    /**
     * A catalog with SCS-0102 v2 facts only (absent otherwise, so such a catalog's index is unchanged): the
     * purpose key (`generic`, `oldgeneric`, …, `other`; `''`: none stated) and its reader words, and the
     * "Overdue: built 2 Nov 2026, replaced monthly" of an image past its `replace_frequency` (`''`: not overdue).
     */
    purpose: z.string().optional(),
    purposeLabel: z.string().optional(),
    overdue: z.string().optional(),
  })
  .strict();

export type CatalogRowData = z.infer<typeof catalogRowSchema>;

export const catalogIndexSchema = z
  .object({
    schemaVersion: z.literal(2),
    total: z.number().int().nonnegative(),
    /** In page order: groups in order, each newest version first. */
    rows: z.array(catalogRowSchema),
  })
  .strict();

export type CatalogIndex = z.infer<typeof catalogIndexSchema>;

export interface RowOptions {
  /** The catalog has several sources: the row says its region and member. */
  several?: boolean;
  /** The catalog has SCS-0102 v2 facts (`hasScsFacts`): the row says its purpose and whether it is overdue. */
  scs?: boolean;
}

/** Whether any image of the catalog states a purpose or is overdue: then rows carry those fields (and the page a purpose filter). */
export function hasScsFacts(views: Iterable<Pick<ImageView, 'purpose' | 'overdue'>>): boolean {
  for (const view of views) if (view.purpose !== null || view.overdue !== null) return true;
  return false;
}

/**
 * The row for one image (see `RowOptions`).
 * An object, so `views.map(rowData)` (whose second argument is an index) stays a one-source row.
 */
export function rowData(view: ImageView, options?: RowOptions): CatalogRowData {
  const several = typeof options === 'object' && options?.several === true;
  const scs = typeof options === 'object' && options?.scs === true;
  const { image } = view;
  const updated = isoDateTime(view.updated) ?? '';
  return {
    id: image.id,
    name: image.name,
    path: view.path,
    group: view.groupKey,
    version: image.version ?? '',
    codename: image.codename ?? '',
    architecture: image.architecture ?? '',
    loginUser: view.login.user ?? '',
    loginNone: view.login.kind === 'none',
    loginDiffers: view.loginDiffersFromGroup,
    eolSince: view.eol.state === 'eol' ? formatDate(view.eol.date) : '',
    updated,
    updatedText: updated ? formatDate(updated) : '',
    size: image.size === null ? '' : formatSize(image.size),
    variant: view.variant?.key ?? '',
    variantLabel: view.variant?.label ?? '',
    ...(several ? { region: view.source.region ?? '', member: view.source.member.key } : {}),
    ...(scs ? { purpose: view.purpose?.key ?? '', purposeLabel: view.purpose?.label ?? '', overdue: view.overdue?.words ?? '' } : {}),
  };
}

/** A row with every field empty: what the `<template>` row is rendered from. */
export const EMPTY_ROW: CatalogRowData = Object.freeze({
  id: '',
  name: '',
  path: '',
  group: '',
  version: '',
  codename: '',
  architecture: '',
  loginUser: '',
  loginNone: false,
  loginDiffers: false,
  eolSince: '',
  updated: '',
  updatedText: '',
  size: '',
  variant: '',
  variantLabel: '',
});

/** The `<template>` row for a catalog with these options: every field empty, the optional ones present when the rows have them. */
export function templateRow(options: RowOptions): CatalogRowData {
  return {
    ...EMPTY_ROW,
    ...(options.several ? { region: '', member: '' } : {}),
    ...(options.scs ? { purpose: '', purposeLabel: '', overdue: '' } : {}),
  };
}
