import { describe, expect, it } from 'vitest';
import { imageVariant } from '../../../src/lib/catalog/variant.ts';
import { fixtureSnapshot, NECTAR_CONVENTIONS as NECTAR } from './helpers.ts';

const of = (name: string, properties: Record<string, string> = {}) => imageVariant({ name, properties }, NECTAR);

describe('imageVariant', () => {
  it('is null for a plain operating-system image', () => {
    expect(of('NeCTAR Ubuntu 24.04 LTS (Noble) amd64', { os_distro: 'ubuntu', default_user: 'ubuntu' })).toBeNull();
    expect(of('NeCTAR Debian 12 (Bookworm) amd64')).toBeNull();
  });

  it('finds NVIDIA vGPU images by their Nectar properties or name', () => {
    const gpu = { key: 'gpu', label: 'NVIDIA vGPU' };
    expect(of('NeCTAR Ubuntu 22.04', { nectar_vgpu: 'true' })).toEqual(gpu);
    expect(of('NeCTAR Ubuntu 22.04', { nvidia_driver_version: '550.90.07' })).toEqual(gpu);
    expect(of('NeCTAR Ubuntu 22.04', { nvidia_cuda_versions: '12.4,12.6' })).toEqual(gpu);
    expect(of('NeCTAR Ubuntu 22.04 vGPU')).toEqual(gpu);
    expect(of('NeCTAR Ubuntu 22.04', { nectar_vgpu: 'false' })).toBeNull();
    expect(of('NeCTAR Ubuntu 22.04', { nvidia_driver_version: '' })).toBeNull();
  });

  it('finds Docker images by name', () => {
    expect(of('NeCTAR Ubuntu 22.04 Docker')).toEqual({ key: 'docker', label: 'Docker' });
    expect(of('NeCTAR Dockerfile builder')).toBeNull();
  });

  it('names the application of an application image', () => {
    expect(of('NeCTAR R-Studio (Ubuntu 22.04)')).toEqual({ key: 'app', label: 'R-Studio' });
    expect(of('NeCTAR RStudio Server')).toEqual({ key: 'app', label: 'R-Studio' });
    expect(of('NeCTAR Ubuntu 22.04 Desktop')).toEqual({ key: 'app', label: 'Desktop' });
    expect(of('NeCTAR Ubuntu 22.04', { r_version: '4.4.1' })).toEqual({ key: 'app', label: 'R' });
    expect(of('NeCTAR Ubuntu 22.04', { jupyter_version: '4.2' })).toEqual({ key: 'app', label: 'Jupyter' });
  });

  it('prefers GPU over Docker over an application when an image is several', () => {
    expect(of('NeCTAR Docker vGPU')).toMatchObject({ key: 'gpu' });
    expect(of('NeCTAR Docker Desktop')).toMatchObject({ key: 'docker' });
  });

  it('treats hostile names as plain text (no variant invented)', () => {
    expect(of('<img src=x onerror=alert(1)>')).toBeNull();
  });

  it('finds the fixture snapshot’s GPU and R-Studio images, and only those', () => {
    const found = fixtureSnapshot()
      .images.map((image) => [image.name, imageVariant(image, NECTAR)?.key] as const)
      .filter(([, key]) => key);
    expect(found).toEqual(
      expect.arrayContaining([
        ['NeCTAR Ubuntu 22.04 LTS (Jammy) amd64 vGPU', 'gpu'],
        ['NeCTAR vGPU Ubuntu 24.04 amd64', 'gpu'],
        ['NeCTAR R-Studio (Ubuntu 22.04)', 'app'],
      ]),
    );
    expect(found).toHaveLength(3);
  });
});
