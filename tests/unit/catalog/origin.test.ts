import { describe, expect, it } from 'vitest';
import { snapshotOrigin } from '../../../src/lib/catalog/origin.ts';

const text = (o: ReturnType<typeof snapshotOrigin>) => `${o.before}${o.when}${o.after}`;
const source = { imageEndpoint: '', owner: '28eadf5ad64b42a4929b2fb7df99275c', region: null };

describe('snapshotOrigin: where the catalog came from, in a reader’s words', () => {
  it('a live listing gives the day it was listed', () => {
    expect(text(snapshotOrigin({ fetchedAt: '2026-11-25T04:05:00Z', source: { ...source, imageEndpoint: 'https://image.example/v2' } }))).toBe(
      'Listed from the cloud on 25 Nov 2026.',
    );
  });

  it('a sample says so, without its maintainer note, endpoint or commands', () => {
    const note = 'Seeded from the article; imageEndpoint is empty and region null. Run npm run catalog:fetch to replace it.';
    const origin = snapshotOrigin({ fetchedAt: '2016-04-02T00:00:00Z', source: { ...source, note } });
    expect(origin.sample).toBe(true);
    expect(text(origin)).toMatch(/^A sample from Apr 2016, not a live listing/);
    expect(text(origin)).not.toMatch(/npm|null|imageEndpoint|\.json|\.yaml|article/);
  });
});
