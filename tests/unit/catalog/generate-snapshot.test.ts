/** The benchmark snapshot generator: valid, deterministic, realistic spread (scripts/bench/generate-snapshot.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateSnapshot } from '../../../scripts/bench/generate-snapshot.ts';
import { snapshotSchema } from '../../../src/schemas/snapshot.ts';
import { buildCatalog } from '../../../src/lib/catalog/model.ts';
import { distributionsSchema } from '../../../src/schemas/distributions.ts';
import { NECTAR_CONVENTIONS } from './helpers.ts';

const distributions = distributionsSchema.parse(parse(readFileSync('content/data/distributions.yaml', 'utf8')));

describe('generateSnapshot', () => {
  it('is a valid snapshot of exactly N images with unique IDs', () => {
    const snapshot = generateSnapshot({ count: 1000, seed: 3 });
    expect(() => snapshotSchema.parse(snapshot)).not.toThrow();
    expect(snapshot.images).toHaveLength(1000);
    expect(new Set(snapshot.images.map((i) => i.id)).size).toBe(1000);
  });

  it('is deterministic for a seed, and differs between seeds', () => {
    const a = JSON.stringify(generateSnapshot({ count: 200, seed: 7 }));
    expect(JSON.stringify(generateSnapshot({ count: 200, seed: 7 }))).toBe(a);
    expect(JSON.stringify(generateSnapshot({ count: 200, seed: 8 }))).not.toBe(a);
  });

  it('covers every listed distribution even when small, plus unlisted ones, and gives every image a page', () => {
    const snapshot = generateSnapshot({ count: 100, seed: 1 });
    const distros = new Set(snapshot.images.map((i) => i.distro));
    for (const d of distributions) expect(distros, d.id).toContain(d.id);
    expect([...distros].some((d) => !distributions.some((x) => x.id === d))).toBe(true);
    const catalog = buildCatalog(snapshot, distributions, [], new Date('2026-11-25T00:00:00Z'));
    expect(new Set(catalog.images.map((v) => v.slug)).size).toBe(100);
  });

  it('with archive, keeps only each line\'s newest build current and archives the rest, renamed', () => {
    const snapshot = generateSnapshot({ count: 1000, seed: 1, archive: true });
    expect(snapshot.images.length + snapshot.archived.length).toBe(1000);
    expect(snapshot.archived.length).toBeGreaterThan(500);
    expect(snapshot.archived.every((image) => / \[v\d+\]$/.test(image.name) && image.visibility === 'community')).toBe(true);
    // The generator makes Nectar-style lines (`nectar_name`, `nectar_build`, `[v<build>]`).
    const catalog = buildCatalog(snapshot, distributions, [], new Date('2026-11-25T00:00:00Z'), [], NECTAR_CONVENTIONS);
    for (const line of catalog.lifecycle.lines) {
      expect(line.current, line.key).not.toBeNull();
      for (const build of line.archived) expect(Number(build.image.properties.nectar_build)).toBeLessThan(Number(line.current!.image.properties.nectar_build ?? Infinity));
    }
  });
});
