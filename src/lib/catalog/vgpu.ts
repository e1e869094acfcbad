/**
 * An NVIDIA vGPU image's facts: the driver, GRID and CUDA versions (NVIDIA's
 * own property names), and the cloud's GPU flag (its `ImageConventions`
 * GPU properties other than those, e.g. a cloud's own `<cloud>_vgpu`). Pure.
 */
import type { CatalogImage } from '../../schemas/snapshot.ts';
import { STANDARD_CONVENTIONS, type ImageConventions } from './conventions.ts';
import { firstProperty } from './read-properties.ts';

export interface VgpuFacts {
  /** The cloud's GPU flag as given ("true" is shown as nothing extra). */
  vgpu: string | null;
  driver: string | null;
  grid: string | null;
  /** CUDA versions, from `nvidia_cuda_versions` ("12.2, 12.4" or "12.2 12.4"). */
  cuda: string[];
}

/** NVIDIA's properties, shown as facts of their own rather than as the flag. */
const NVIDIA_DETAILS: ReadonlySet<string> = new Set(['nvidia_driver_version', 'nvidia_grid_version', 'nvidia_cuda_versions']);

/** The vGPU facts of an image, or null when it is not a vGPU image. Pure. */
export function vgpuFacts(image: Pick<CatalogImage, 'properties'>, conventions: Pick<ImageConventions, 'gpuProperties'> = STANDARD_CONVENTIONS): VgpuFacts | null {
  const p = image.properties;
  const driver = firstProperty(p, ['nvidia_driver_version']);
  const grid = firstProperty(p, ['nvidia_grid_version']);
  const cuda = (firstProperty(p, ['nvidia_cuda_versions']) ?? '')
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const flag = firstProperty(p, conventions.gpuProperties.filter((name) => !NVIDIA_DETAILS.has(name)));
  if (!driver && !grid && cuda.length === 0 && (!flag || /^(false|no|0)$/i.test(flag))) return null;
  return { vgpu: flag && !/^(true|yes|1)$/i.test(flag) ? flag : null, driver, grid, cuda };
}
