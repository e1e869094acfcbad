/**
 * Archived builds and tombstones against the real Keystone and Glance: the
 * archive project's community builds are fetched apart from the current ones
 * (the traps never), an archived build deleted from Glance keeps a page after
 * a second fetch, and the built site maps every line to its current build.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { historySchema, snapshotSchema, type Snapshot } from '../../src/schemas/snapshot.ts';
import { cleanEnv, explain, passwordToken, readJson, removeTempDirs, root, run, runFetch, tempDir, type FetchRun, type Seed } from './support/test-cloud.ts';

const testCloud = inject('testCloud');
const skipReason = inject('testCloudSkipReason');

if (!testCloud) {
  describe('archived builds against a real Keystone and Glance', () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}

async function glance(method: string, url: string, token: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(url, {
    method,
    headers: { 'x-auth-token': token, 'content-type': contentType, connection: 'close' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe.skipIf(!testCloud)('archived builds against a real Keystone and Glance', () => {
  let seed: Seed;
  let archiveOwner: string;
  let token: string;
  let outDir: string;
  let first: FetchRun;
  let second: FetchRun;
  let doomed: { id: string; name: string };
  const snapshotOf = (fetched: FetchRun): Snapshot => snapshotSchema.parse(JSON.parse(fetched.snapshotText));
  const fetchWithArchive = async (out: string) => {
    const fetched = await runFetch(seed.official.id, cleanEnv(seed.files.env.publisher!), out, ['--archive-owner', archiveOwner]);
    expect(fetched.code, explain(fetched)).toBe(0);
    return fetched;
  };

  beforeAll(async () => {
    seed = readJson<Seed>(testCloud!.seedJson);
    archiveOwner = seed.archive.project.id;
    token = await passwordToken(seed.authUrl, seed.users.publisher, archiveOwner);
    // An archived build of our own, deleted between two fetches.
    const line = seed.archive.archived.find((build) => build.hasCurrent)!;
    const name = `${line.name.replace(/ \[v\d+\]$/, '')} [v1]`;
    const created = await glance('POST', `${seed.imageEndpoint}/v2/images`, token, {
      name,
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'community',
      nectar_name: line.nectarName,
      nectar_build: '1',
      os_distro: 'ubuntu',
    });
    expect(created.status).toBe(201);
    doomed = { id: ((await created.json()) as { id: string }).id, name };
    const upload = await glance('PUT', `${seed.imageEndpoint}/v2/images/${doomed.id}/file`, token, 'doomed build\n', 'application/octet-stream');
    expect(upload.status).toBe(204);

    outDir = tempDir('nectar-it-lifecycle-');
    first = await fetchWithArchive(join(outDir, 'snapshot.json'));
    const deleted = await glance('DELETE', `${seed.imageEndpoint}/v2/images/${doomed.id}`, token);
    expect(deleted.status).toBe(204);
    second = await fetchWithArchive(join(outDir, 'snapshot.json'));
  });

  afterAll(() => {
    if (process.env.TEST_CLOUD_KEEP !== '1') removeTempDirs();
  });

  it("keeps the archive project's community builds apart from the current images, and no trap", () => {
    const snapshot = snapshotOf(first);
    const archivedIds = new Set(snapshot.archived.map((image) => image.id));
    for (const build of seed.archive.archived) expect(archivedIds.has(build.id), build.name).toBe(true);
    expect(archivedIds.has(doomed.id)).toBe(true);
    expect(snapshot.archived.every((image) => image.owner === archiveOwner && image.visibility === 'community')).toBe(true);
    const currentIds = new Set(snapshot.images.map((image) => image.id));
    expect([...archivedIds].filter((id) => currentIds.has(id))).toEqual([]);
    for (const trap of seed.archive.traps) expect(first.snapshotText, trap.kind).not.toContain(trap.id);
    expect(first.result).toMatchObject({ archived: seed.archive.archived.length + 1, archiveOwner });
  });

  it('records the deleted archived build as removed in the second fetch', () => {
    expect(snapshotOf(second).archived.map((image) => image.id)).not.toContain(doomed.id);
    const history = historySchema.parse(JSON.parse(second.historyText));
    expect(history.entries[0]!.removed).toEqual([expect.objectContaining({ id: doomed.id, name: doomed.name, archived: true })]);
  });

  it('builds a site where every archived build leads to its successor, latest.json maps every line, and the deleted build has a tombstone', async () => {
    const dist = join(outDir, 'dist');
    const built = await run(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist],
      { ...cleanEnv({}), NODE_ENV: 'production', CATALOG_SNAPSHOT: join(outDir, 'snapshot.json') },
      600_000,
    );
    expect(built.code, explain(built)).toBe(0);
    const snapshot = snapshotOf(second);

    const latest = JSON.parse(readFileSync(join(dist, 'catalog/latest.json'), 'utf8')) as {
      lineages: { key: string; current: { id: string; url: string } | null; archived: { id: string; url: string }[] }[];
    };
    const currentIds = new Set(snapshot.images.map((image) => image.id));
    const lines = new Map(latest.lineages.map((line) => [line.key, line]));
    for (const line of latest.lineages) if (line.current) expect(currentIds.has(line.current.id)).toBe(true);
    // Every current image belongs to a line; a line with a current build says which.
    const inLines = new Set(latest.lineages.flatMap((line) => [line.current?.id, ...line.archived.map((build) => build.id)]));
    expect(snapshot.archived.every((image) => inLines.has(image.id))).toBe(true);

    for (const build of seed.archive.archived) {
      const line = latest.lineages.find((entry) => entry.archived.some((archived) => archived.id === build.id))!;
      expect(line.current !== null, build.name).toBe(build.hasCurrent);
      const url = line.archived.find((archived) => archived.id === build.id)!.url;
      const html = readFileSync(join(dist, url, 'index.html'), 'utf8');
      expect(html).toContain('data-catalog-lifecycle="archived"');
      const successor = /<a href="([^"]+)" data-catalog-successor/.exec(html)?.[1];
      expect(successor, build.name).toBeDefined();
      expect(existsSync(join(dist, successor!, 'index.html'))).toBe(true);
      if (line.current) expect(successor).toBe(line.current.url);
      // The per-line file gives today's ID.
      const one = JSON.parse(readFileSync(join(dist, `catalog/latest/${line.key}.json`), 'utf8')) as { id: string | null };
      expect(one.id).toBe(line.current?.id ?? null);
    }
    expect(lines.size).toBeGreaterThan(10);

    const tombstone = allFiles(dist)
      .filter((file) => file.endsWith('.html'))
      .map((file) => readFileSync(file, 'utf8'))
      .find((html) => html.includes('data-catalog-lifecycle="removed"') && html.includes(doomed.id));
    expect(tombstone).toMatch(/Removed from the catalog on/);

    // The traps appear nowhere in the built site.
    for (const file of allFiles(dist)) {
      const text = readFileSync(file);
      for (const trap of seed.archive.traps) expect(text.includes(trap.id), `${trap.kind} in ${file}`).toBe(false);
    }
  });
});
