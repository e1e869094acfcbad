/**
 * What kind of image beyond its operating system: an NVIDIA vGPU image, a
 * Docker host, or one with an application installed (R-Studio, a desktop…).
 * Read from the image's properties (the cloud's GPU properties name a GPU
 * image: its `ImageConventions`) and, for older images, the name. Pure;
 * everything read is untrusted Glance data and only ever shown as text.
 */
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';

export type VariantKey = 'gpu' | 'docker' | 'app';

export interface Variant {
  key: VariantKey;
  /** What the catalog shows: "NVIDIA vGPU", "Docker", or the application's name. */
  label: string;
}

/** The filter's choices, in the order the control lists them. */
export const VARIANT_CHOICES: readonly { key: VariantKey; label: string }[] = [
  { key: 'gpu', label: 'GPU (NVIDIA vGPU)' },
  { key: 'docker', label: 'Docker' },
  { key: 'app', label: 'With an application' },
];

/** Properties naming an installed application's version, and the name to show for it. */
const APP_PROPERTIES: readonly [property: string, label: string][] = [
  ['r_version', 'R'],
  ['rstudio_version', 'R-Studio'],
  ['jupyter_version', 'Jupyter'],
  ['matlab_version', 'MATLAB'],
];

/** Application names as images spell them (longest first, so "R-Studio" wins over "R"). */
const APP_NAMES: readonly [pattern: RegExp, label: string][] = [
  [/\bR-?Studio\b/i, 'R-Studio'],
  [/\bJupyter(?:Hub|Lab)?\b/i, 'Jupyter'],
  [/\bMATLAB\b/i, 'MATLAB'],
  [/\bDesktop\b/i, 'Desktop'],
];

function yes(value: string | undefined): boolean {
  if (typeof value !== 'string') return false;
  const text = value.trim().toLowerCase();
  return text !== '' && text !== 'false' && text !== 'no' && text !== '0' && text !== 'none';
}

/** The image's variant, or `null` for a plain operating-system image. */
export function imageVariant(
  image: Pick<CatalogImage, 'name' | 'properties'>,
  conventions: Pick<ImageConventions, 'gpuProperties'> = STANDARD_CONVENTIONS,
): Variant | null {
  const { properties, name } = image;
  const own = (key: string) => (Object.hasOwn(properties, key) ? properties[key] : undefined);
  if (conventions.gpuProperties.some((key) => yes(own(key))) || /\b(?:vGPU|GPU)\b/.test(name)) return { key: 'gpu', label: 'NVIDIA vGPU' };
  if (/\bDocker\b/i.test(name) || yes(own('docker_version'))) return { key: 'docker', label: 'Docker' };
  for (const [pattern, label] of APP_NAMES) if (pattern.test(name)) return { key: 'app', label };
  for (const [property, label] of APP_PROPERTIES) if (yes(own(property))) return { key: 'app', label };
  return null;
}
