/**
 * One run at a time on a checkout: `refresh`, `catalog:fetch`, `build` and
 * `publish` each take a lock file beside what they write (the snapshot, the
 * built site) before they touch it. The file is created exclusively (O_EXCL)
 * and names its holder: host, pid, command, since when. A second run refuses
 * at once naming the first; a lock left by a run that died (same host, pid no
 * longer alive) is taken over, saying so. Child steps of a refresh inherit its
 * locks through CATALOG_LOCK_HOLDER. No library: the few lockfile packages
 * are either callback-era or use mtime polling rather than naming the holder.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { BusyError } from './errors.ts';

export interface LockHolder {
  id: string;
  host: string;
  pid: number;
  command: string;
  since: string;
}

export const HOLDER_ENV = 'CATALOG_LOCK_HOLDER';

/** The lock file guarding `path` (a file or a folder): `.<name>.lock` beside it. */
export function lockPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.lock`);
}

/** Whether a process with this pid is running on this machine. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function parseHolder(text: string): LockHolder | null {
  try {
    const data = JSON.parse(text) as Partial<LockHolder>;
    if (typeof data.pid !== 'number' || typeof data.host !== 'string') return null;
    return { id: String(data.id ?? ''), host: data.host, pid: data.pid, command: String(data.command ?? 'a run'), since: String(data.since ?? '') };
  } catch {
    return null;
  }
}

/** Whether a holder is a run that died: on this host, with its pid gone. A holder elsewhere is never judged from here. */
export function isStale(holder: LockHolder, here: { host: string; alive: (pid: number) => boolean }): boolean {
  return holder.host === here.host && !here.alive(holder.pid);
}

export function describeHolder(holder: LockHolder): string {
  return `${holder.command} (pid ${holder.pid} on ${holder.host}, since ${holder.since || 'an unknown time'})`;
}

export interface HeldLock {
  path: string;
  holder: LockHolder;
  release(): void;
}

/**
 * Takes the lock for `paths` (sorted, so two runs never deadlock), or throws
 * a BusyError naming the holder. `notice` hears about a stale lock taken over.
 */
export function acquireLocks(paths: readonly string[], command: string, env: NodeJS.ProcessEnv, notice: (line: string) => void): HeldLock[] {
  const inherited = env[HOLDER_ENV] ?? '';
  const id = inherited || randomUUID();
  const holder: LockHolder = { id, host: hostname(), pid: process.pid, command, since: new Date().toISOString() };
  const held: HeldLock[] = [];
  try {
    for (const path of [...new Set(paths.map(lockPathFor))].sort()) {
      const lock = takeOne(path, holder, inherited, notice);
      if (lock) held.push(lock);
    }
  } catch (error) {
    for (const lock of held) lock.release();
    throw error;
  }
  const releaseAll = () => held.forEach((lock) => lock.release());
  process.once('exit', releaseAll);
  return held;
}

function takeOne(path: string, holder: LockHolder, inherited: string, notice: (line: string) => void): HeldLock | null {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${JSON.stringify(holder)}\n`);
      closeSync(fd);
      let released = false;
      return {
        path,
        holder,
        release: () => {
          if (released) return;
          released = true;
          // Only our own lock: a run that took over a stale one of ours wrote its own holder.
          try {
            if (parseHolder(readFileSync(path, 'utf8'))?.id === holder.id) rmSync(path, { force: true });
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null; // nothing to guard yet: the folder does not exist
      if (code !== 'EEXIST') throw error;
    }
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // released meanwhile: try again
    }
    const other = parseHolder(text);
    if (other === null && attempt < 2) {
      // Perhaps being written this very moment by another run: look again shortly.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    if (other && inherited !== '' && other.id === inherited) return null; // our parent's (a refresh's step)
    if (other && !isStale(other, { host: holder.host, alive: isAlive })) {
      throw new BusyError(
        `another run holds the lock ${path}: ${describeHolder(other)}`,
        'wait for it to finish and run again (exit 6 means try later)',
      );
    }
    notice(`took over the lock ${path} left by ${other ? describeHolder(other) : 'an unreadable lock file'}, which is no longer running`);
    rmSync(path, { force: true });
  }
  throw new BusyError(`could not take the lock ${path}: other runs keep taking it`, 'wait for them to finish and run again');
}
