import { describe, expect, it } from 'vitest';
import { shrinkGuard } from '../../../scripts/lib/guards.ts';

const live = (count: number) => ({
  source: { imageEndpoint: 'https://image.example:9292', owner: 'abc', region: null },
  images: Array.from({ length: count }, (_, i) => ({ id: `id-${i}` })) as never[],
});
const sample = (count: number) => ({ ...live(count), source: { ...live(0).source, note: 'A sample from 2016.' } });

describe('shrinkGuard', () => {
  it('lets a listing lose up to a quarter of the last good snapshot', () => {
    expect(shrinkGuard(live(100), 75, false)).toBeNull();
    expect(shrinkGuard(live(100), 100, false)).toBeNull();
    expect(shrinkGuard(live(100), 140, false)).toBeNull();
  });

  it('refuses a listing that lost more than a quarter, naming both counts and the way out', () => {
    const refusal = shrinkGuard(live(100), 74, false);
    expect(refusal?.reason).toContain('74 official images, 26 fewer than the last good snapshot\'s 100');
    expect(refusal?.reason).toContain('not replaced');
    expect(refusal?.fix).toContain('--allow-shrink');
    expect(shrinkGuard(live(8), 0, false)).not.toBeNull();
  });

  it('lets --allow-shrink, a first fetch and a sample snapshot through', () => {
    expect(shrinkGuard(live(100), 3, true)).toBeNull();
    expect(shrinkGuard(null, 3, false)).toBeNull();
    expect(shrinkGuard(sample(100), 3, false)).toBeNull();
  });
});
