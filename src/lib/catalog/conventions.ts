/**
 * How a cloud spells the facts of its images: the properties it uses beyond
 * the SCS-0102 image-metadata standard, and a name prefix. Standard properties
 * (`image_original_user`, `image_name`, `image_build_date`, `internal_version`,
 * …) are always understood; these are tried first. Everything that reads an
 * image's login user, line, build or GPU facts takes an `ImageConventions`.
 *
 * The values come from `images:` in cloud.config.yaml: `configuredConventions()`
 * in src/lib/cloud-config.ts. This module stays free of I/O, because the
 * catalog filter's browser bundle imports it (through variant.ts).
 */

export interface ImageConventions {
  /** Stripped from the start of image names (case-insensitive) before reading facts and lines; null: none. */
  namePrefix: string | null;
  /** Properties naming the login user, tried in order before SCS-0102's `image_original_user`. */
  loginUserProperties: readonly string[];
  /** Properties naming the image line (what stays the same across rebuilds), tried before SCS-0102's `image_name`. */
  lineProperties: readonly string[];
  /** Properties holding a whole build number, tried before SCS-0102's `image_build_date` and `internal_version`. */
  buildProperties: readonly string[];
  /** Properties that mark a GPU image when set to a true-ish value. */
  gpuProperties: readonly string[];
  /** Properties naming the image's purpose in SCS-0102 v2's words (`generic`, `minimal`, …), tried before SCS-0102 v2's `os_purpose`. */
  purposeProperties: readonly string[];
}

/** The SCS-0102 properties, understood on every cloud with no mapping. */
export const SCS_PROPERTIES = {
  loginUser: 'image_original_user',
  line: 'image_name',
  buildDate: 'image_build_date',
  internalVersion: 'internal_version',
  purpose: 'os_purpose',
} as const;

/** A cloud that follows SCS-0102 alone needs no mapping. */
export const STANDARD_CONVENTIONS: ImageConventions = {
  namePrefix: null,
  loginUserProperties: [],
  lineProperties: [],
  buildProperties: [],
  gpuProperties: [],
  purposeProperties: [],
};

