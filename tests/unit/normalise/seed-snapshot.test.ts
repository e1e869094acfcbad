/** The committed default snapshot and history are exactly what the seed generator makes from the article. */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSeedHistory, buildSeedSnapshot, SEED_LISTING } from '../../support/seed-snapshot.ts';
import { readDistributionsFileSync } from '../../../src/lib/catalog/distributions-file.ts';
import { writeSnapshot } from '../../../scripts/lib/snapshot-file.ts';
import { writeHistory } from '../../../scripts/lib/history.ts';
import { historySchema, snapshotSchema } from '../../../src/schemas/snapshot.ts';

describe('committed seed snapshot', () => {
  const distributions = readDistributionsFileSync('content/data/distributions.yaml');

  it('is valid and holds the 16 images of the article, fully normalised', () => {
    const snapshot = snapshotSchema.parse(JSON.parse(readFileSync('content/catalog/snapshot.json', 'utf8')));
    expect(snapshot.images).toHaveLength(16);
    expect(new Set(snapshot.images.map((image) => image.id))).toEqual(new Set(SEED_LISTING.map(([id]) => id)));
    expect(snapshot.fetchedAt).toBe('2016-04-02T00:00:00Z');
    expect(snapshot.source.note).toMatch(/NeCTAR Image Catalog/);
    for (const image of snapshot.images) {
      expect(image.distro, image.name).not.toBeNull();
      expect(image.version, image.name).not.toBeNull();
      expect(image.architecture, image.name).toBe('x86_64');
      // The article's login user is kept where it differs from distributions.yaml's, so the page shows what the article said.
      const listed = distributions.find((d) => d.id === image.distro)!.loginUser;
      const article = { ubuntu: 'ubuntu', debian: 'debian', fedora: 'ec2-user', opensuse: 'ec2-user', centos: 'ec2-user' }[image.distro!];
      expect(image.defaultUser, image.name).toBe(article && article !== listed ? article : null);
      expect(image).toMatchObject({ status: 'active', visibility: 'public', owner: '28eadf5ad64b42a4929b2fb7df99275c', size: null, createdAt: null });
    }
    const history = historySchema.parse(JSON.parse(readFileSync('content/catalog/history.json', 'utf8')));
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]!.added).toHaveLength(16);
  });

  it('is byte-identical to the generator output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-'));
    const snapshot = buildSeedSnapshot(distributions);
    await writeSnapshot(join(dir, 'snapshot.json'), snapshot);
    await writeHistory(join(dir, 'history.json'), buildSeedHistory(snapshot));
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe(readFileSync('content/catalog/snapshot.json', 'utf8'));
    expect(readFileSync(join(dir, 'history.json'), 'utf8')).toBe(readFileSync('content/catalog/history.json', 'utf8'));
  });
});
