/**
 * `--hidden-builds` (cloud.config.yaml's `images.hidden_builds`): the official
 * project's public, active images hidden with os_hidden=true are earlier
 * builds (SCS-0102), kept as archived builds. Without it hidden images stay
 * out (fail closed). Glance lists hidden images only when asked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { OFFICIAL, archiveImages, hiddenBuildImages } from './support/fake-cloud.ts';
import { readSnapshot, scenarioPerTest, type Scenario } from './support/scenario.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const setup = scenarioPerTest({ oldSnapshot: false, images: () => [...archiveImages(), ...hiddenBuildImages()] });
const hiddenRequests = (s: Scenario) => s.cloud.requests.filter((request) => request.url.searchParams.has('os_hidden'));
const TRAPS = ['z-other', 'z-private', 'z-community', 'z-queued', 'y-impostor', 'y-hidden', 'y-private'];

describe('catalog:fetch: hidden earlier builds', () => {
  it('leaves hidden images out by default, and never asks Glance for them', async () => {
    const s = await setup();
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(hiddenRequests(s)).toHaveLength(0);
    const text = readFileSync(s.out, 'utf8');
    for (const id of ['h1', 'h2', 'x-hidden', ...TRAPS]) expect(text, id).not.toContain(`"${id}"`);
  });

  it('with --hidden-builds, lists the official project’s hidden public images as archived builds, never as current, and nothing else', async () => {
    const s = await setup();
    const run = await s.run(['--hidden-builds', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [asked] = hiddenRequests(s);
    expect(asked!.url.searchParams.get('os_hidden')).toBe('true');
    expect(asked!.url.searchParams.get('owner')).toBe(OFFICIAL);
    expect(asked!.url.searchParams.get('visibility')).toBe('public');
    expect(asked!.url.searchParams.get('status')).toBe('active');
    const snapshot = readSnapshot(s);
    expect(snapshot.images.map((image) => image.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    // The fake ignores owner/visibility/status filters: every hidden image came back, and our own check kept only these.
    expect(snapshot.archived.map((image) => image.id).sort()).toEqual(['b1', 'b2', 'b3', 'h1', 'h2', 'x-hidden']);
    const text = readFileSync(s.out, 'utf8');
    for (const id of TRAPS) expect(text, id).not.toContain(`"${id}"`);
    expect(text).not.toContain('os_hidden');
    expect(JSON.parse(run.stdout)).toMatchObject({ images: 5, archived: 6, hiddenBuilds: 3 });
    // The SCS-0102 properties are kept as properties for the build to read.
    expect(snapshot.archived.find((image) => image.id === 'h1')!.properties).toMatchObject({ image_build_date: '2025-03-01', uuid_validity: 'last-3' });
  });

  it('with Glance filtering as asked, still keeps only the owner’s public, active hidden images', async () => {
    const s = await setup();
    s.cloud.serverFilters = true;
    expect((await s.run(['--hidden-builds'])).code).toBe(0);
    expect(readSnapshot(s).archived.map((image) => image.id).sort()).toEqual(['b1', 'b2', 'b3', 'h1', 'h2', 'x-hidden']);
  });

  it('counts an image listed both current and hidden (unhidden mid-fetch) as current', async () => {
    const s = await setup();
    const a1 = s.cloud.images.find((image) => image.id === 'a1')!;
    s.cloud.intercept = (request) => {
      // The hidden listing also returns a1, as if it were hidden between the two listings.
      if (request.url.searchParams.get('os_hidden') !== 'true') return undefined;
      return { status: 200, body: { images: [{ ...a1, os_hidden: true }, ...hiddenBuildImages()] } };
    };
    expect((await s.run(['--hidden-builds'])).code).toBe(0);
    const snapshot = readSnapshot(s);
    expect(snapshot.images.map((image) => image.id)).toContain('a1');
    expect(snapshot.archived.map((image) => image.id)).not.toContain('a1');
  });
});
