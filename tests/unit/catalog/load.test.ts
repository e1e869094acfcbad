import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { root } from './helpers.ts';

let dir: string;
const saved = process.env.CATALOG_SNAPSHOT;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-load-'));
  vi.resetModules();
});
afterEach(async () => {
  if (saved === undefined) delete process.env.CATALOG_SNAPSHOT;
  else process.env.CATALOG_SNAPSHOT = saved;
  await rm(dir, { recursive: true, force: true });
});

/** A fresh copy of load.ts, so its once-per-build memory starts empty. */
const freshLoad = () => import('../../../src/lib/catalog/load.ts');

describe('load', () => {
  it('reads the snapshot named by CATALOG_SNAPSHOT once, and its history beside it', async () => {
    process.env.CATALOG_SNAPSHOT = resolve(root, 'tests/fixtures/catalog/snapshot.json');
    const { loadSnapshot, loadHistory } = await freshLoad();
    const first = loadSnapshot();
    expect(loadSnapshot()).toBe(first);
    expect((await first).images.length).toBeGreaterThan(10);
    expect((await loadHistory()).entries.length).toBeGreaterThan(0);
  });

  it('treats a missing history as no entries', async () => {
    const path = join(dir, 'snapshot.json');
    await writeFile(path, JSON.stringify({ schemaVersion: 1, fetchedAt: '2026-01-01T00:00:00Z', source: { imageEndpoint: 'x', owner: 'o', region: null }, images: [] }));
    process.env.CATALOG_SNAPSHOT = path;
    const { loadSnapshot, loadHistory } = await freshLoad();
    await expect(loadSnapshot()).resolves.toMatchObject({ images: [] });
    await expect(loadHistory()).resolves.toEqual({ schemaVersion: 1, entries: [] });
  });

  it('fails on a bad snapshot with one line naming the file and the fault', async () => {
    const path = join(dir, 'snapshot.json');
    await writeFile(path, JSON.stringify({ schemaVersion: 1, fetchedAt: 'yesterday', source: {}, images: [] }));
    process.env.CATALOG_SNAPSHOT = path;
    const { loadSnapshot } = await freshLoad();
    const error = await loadSnapshot().catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('fetchedAt');
    expect((error as Error).message).not.toContain('\n');
  });

  it('fails on a missing snapshot with one line saying how to fix it', async () => {
    process.env.CATALOG_SNAPSHOT = join(dir, 'nope.json');
    const { loadSnapshot } = await freshLoad();
    await expect(loadSnapshot()).rejects.toThrow(/nope\.json: no such file; run `npm run catalog:fetch`/);
  });

  it('parses eol.yaml whole for its content collection, list-wide checks included, in one line', async () => {
    const { parseDataFile } = await freshLoad();
    const EOL_FILE = 'content/data/eol.yaml';
    const { eolFileSchema } = await import('../../../src/schemas/eol.ts');
    const { readFileSync } = await import('node:fs');
    const eol = parseDataFile(readFileSync(resolve(root, EOL_FILE), 'utf8'), EOL_FILE, eolFileSchema);
    expect(eol.find((d) => d.distro === 'ubuntu')?.releases.length).toBeGreaterThan(10);
    const twice = `- { distro: ubuntu, meaning: m, source: "https://x.test", releases: [{ version: "1", eol: "2020-01-01" }] }\n`.repeat(2);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => parseDataFile(twice, EOL_FILE, eolFileSchema)).toThrow(/^content\/data\/eol\.yaml: entry 2 \("ubuntu"\) distro: "ubuntu" is listed twice; fix the file/);
    expect(quiet).toHaveBeenCalledWith(expect.stringMatching(/listed twice/));
    quiet.mockRestore();
  });

  it('reads a missing history as empty and a broken one as a one-line error (the one reader for build and fetch)', async () => {
    const { readHistory, historyPathFor } = await freshLoad();
    const path = historyPathFor(join(dir, 'snapshot.json'));
    expect(path).toBe(join(dir, 'history.json'));
    await expect(readHistory(path)).resolves.toEqual({ schemaVersion: 1, entries: [] });
    await writeFile(path, '{"schemaVersion": 1, "entries": [{}]}');
    await expect(readHistory(path)).rejects.toThrow(/history\.json: entries\.0\.fetchedAt: .*; fix it or restore it from git/);
  });
});
