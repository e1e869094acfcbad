import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BusyError, EXIT_CODES } from '../../../scripts/lib/errors.ts';
import { HOLDER_ENV, acquireLocks, isStale, lockPathFor } from '../../../scripts/lib/run-lock.ts';

const dir = mkdtempSync(join(tmpdir(), 'nectar-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that is not running: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the run lock', () => {
  it('is a file beside what it guards, naming its holder, removed on release', () => {
    const target = join(dir, 'dist');
    const [lock] = acquireLocks([target], 'publish', {}, () => {});
    expect(lock!.path).toBe(join(dir, '.dist.lock'));
    expect(JSON.parse(readFileSync(lock!.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname(), command: 'publish' });
    lock!.release();
    expect(existsSync(lock!.path)).toBe(false);
  });

  it('refuses a second run at once, naming the first: command, pid, host, since when; exit 6', () => {
    const target = join(dir, 'snapshot.json');
    const [first] = acquireLocks([target], 'refresh', {}, () => {});
    let error: unknown;
    try {
      acquireLocks([target], 'catalog:fetch', {}, () => {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BusyError);
    expect((error as BusyError).exitCode).toBe(EXIT_CODES.busy);
    expect((error as Error).message).toMatch(new RegExp(`another run holds the lock .*: refresh \\(pid ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT`));
    first!.release();
  });

  it("lets a refresh's steps share its lock", () => {
    const target = join(dir, 'shared');
    const [parent] = acquireLocks([target], 'refresh', {}, () => {});
    expect(acquireLocks([target], 'build', { [HOLDER_ENV]: parent!.holder.id }, () => {})).toEqual([]);
    parent!.release();
  });

  it('takes over a lock left by a run that died, saying so', () => {
    const target = join(dir, 'stale');
    const pid = deadPid();
    writeFileSync(lockPathFor(target), JSON.stringify({ id: 'old', host: hostname(), pid, command: 'publish', since: '2020-01-01T00:00:00Z' }));
    const notices: string[] = [];
    const [lock] = acquireLocks([target], 'publish', {}, (line) => notices.push(line));
    expect(notices).toEqual([expect.stringMatching(new RegExp(`took over the lock .* left by publish \\(pid ${pid} on .*since 2020-01-01T00:00:00Z\\), which is no longer running`))]);
    lock!.release();
  });

  it('never judges a holder on another host stale', () => {
    expect(isStale({ id: 'x', host: 'elsewhere', pid: 1, command: 'publish', since: '' }, { host: 'here', alive: () => false })).toBe(false);
    expect(isStale({ id: 'x', host: 'here', pid: 1, command: 'publish', since: '' }, { host: 'here', alive: () => false })).toBe(true);
  });
});
