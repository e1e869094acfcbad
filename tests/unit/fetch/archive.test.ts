/**
 * The archive listing: earlier builds of the archive project (community,
 * active) are kept apart from the current images; nothing else gets in.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { historySchema } from '../../../src/schemas/snapshot.ts';
import { ARCHIVE, archiveImages } from './support/fake-cloud.ts';
import { readSnapshot, scenarioPerTest, type Scenario } from './support/scenario.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const setup = scenarioPerTest({ oldSnapshot: false, images: archiveImages });
const archiveRequests = (s: Scenario) => s.cloud.requests.filter((request) => request.url.searchParams.get('visibility') === 'community');

describe('catalog:fetch: archived builds', () => {
  it("lists only the archive project's community, active images, apart from the current ones", async () => {
    const s = await setup();
    const run = await s.run();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Wrote 5 official images and 3 archived builds to /);
    const snapshot = readSnapshot(s);
    expect(snapshot.images.map((image) => image.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(snapshot.archived.map((image) => [image.id, image.name])).toEqual([
      ['b3', 'NeCTAR CentOS Stream 8 x86_64 [v17]'],
      ['b2', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v40]'],
      ['b1', 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v41]'],
    ]);
    const text = readFileSync(s.out, 'utf8');
    for (const decoy of ['y-impostor', 'y-private', 'y-hidden', 'y-public', 'y-queued', 'y-official-community']) expect(text).not.toContain(decoy);
    // Glance is asked for exactly that, and the answer is checked again on our side (the fake ignores filters).
    expect(archiveRequests(s)[0]!.url.searchParams.get('owner')).toBe(ARCHIVE);
    expect(archiveRequests(s)[0]!.url.searchParams.get('status')).toBe('active');
  });

  it('--no-archive skips the listing; --archive-owner and CATALOG_ARCHIVE_OWNER pick another project', async () => {
    const s = await setup();
    expect((await s.run(['--no-archive'])).code).toBe(0);
    expect(archiveRequests(s)).toHaveLength(0);
    expect(readSnapshot(s).archived).toEqual([]);

    s.cloud.requests = [];
    expect((await s.run([], { CATALOG_ARCHIVE_OWNER: 'someoneelse' })).code).toBe(0);
    expect(archiveRequests(s)[0]!.url.searchParams.get('owner')).toBe('someoneelse');
    expect(readSnapshot(s).archived.map((image) => image.id)).toEqual(['y-impostor']);

    const bad = await s.run(['--archive-owner', 'not a project!']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"not a project!" is not a project id; .*--no-archive/);
  });

  it('records a current build moved to the archive as archived, and an archived build that left the archive as removed, with what its tombstone needs', async () => {
    const s = await setup();
    expect((await s.run()).code).toBe(0);
    // The current Ubuntu build is archived (renamed, moved) and a new one published; build 40 is deleted.
    const official = s.cloud.images.find((image) => image.id === 'a1')!;
    Object.assign(official, { owner: ARCHIVE, visibility: 'community', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v42]' });
    s.cloud.images = s.cloud.images.filter((image) => image.id !== 'b2');
    s.cloud.images.push({ ...official, id: 'a9', owner: '28eadf5ad64b42a4929b2fb7df99275c', visibility: 'public', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', nectar_build: '43' });
    const run = await s.run(['--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ images: 5, archived: 3, added: 1, movedToArchive: 1, removed: 1 });
    const snapshot = readSnapshot(s);
    expect(snapshot.archived.map((image) => image.id).sort()).toEqual(['a1', 'b1', 'b3']);
    const [latest] = historySchema.parse(JSON.parse(readFileSync(s.history, 'utf8'))).entries;
    expect(latest!.archived).toEqual([
      { id: 'a1', name: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64', archivedName: 'NeCTAR Ubuntu 24.04 LTS (Noble) amd64 [v42]', line: 'ubuntu-24-04-lts-noble-amd64' },
    ]);
    expect(latest!.removed.map((removed) => [removed.id, removed.archived ?? false, removed.line, removed.loginUser])).toEqual([
      ['b2', true, 'ubuntu-24-04-lts-noble-amd64', 'ubuntu'],
    ]);
  });
});
