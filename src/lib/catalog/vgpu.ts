import type { CatalogImage } from '../../schemas/snapshot.ts';

export interface VgpuFacts {
  /** `nectar_vgpu` as given ("true" is shown as nothing extra). */
  vgpu: string | null;
  driver: string | null;
  grid: string | null;
  /** CUDA versions, from `nvidia_cuda_versions` ("12.2, 12.4" or "12.2 12.4"). */
  cuda: string[];
}

/** The vGPU facts of an image, or null when it is not a vGPU image. Pure. */
export function vgpuFacts(image: Pick<CatalogImage, 'properties'>): VgpuFacts | null {
  const p = image.properties;
  const driver = p.nvidia_driver_version?.trim() || null;
  const grid = p.nvidia_grid_version?.trim() || null;
  const cuda = (p.nvidia_cuda_versions ?? '')
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  const flag = p.nectar_vgpu?.trim() || null;
  if (!driver && !grid && cuda.length === 0 && (!flag || /^(false|no|0)$/i.test(flag))) return null;
  return { vgpu: flag && !/^(true|yes|1)$/i.test(flag) ? flag : null, driver, grid, cuda };
}
