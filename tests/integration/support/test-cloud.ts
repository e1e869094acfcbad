import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';

export const root = resolve(import.meta.dirname, '../../..');

/** What scripts/test-cloud/seed.py wrote to seed.json (the parts the tests read). */
export interface SeedUser {
  username: string;
  password: string;
  userId: string;
  projectId: string;
  projectName: string;
  applicationCredential?: { id: string; secret: string; name: string };
}

export interface SeededImage {
  id: string;
  name: string;
  kind: 'nectar' | 'legacy';
  /** The image's string properties as seeded (none on legacy images). */
  properties: Record<string, string>;
  /** Legacy images: what the name says. */
  nameFacts?: { distro: string; version: string; codename: string | null; architecture: string };
}

export interface ExcludedImage {
  id: string;
  name: string;
  kind: 'private' | 'shared' | 'community' | 'hidden' | 'queued' | 'deactivated' | 'foreign';
  owner: string;
}

export interface Seed {
  authUrl: string;
  imageEndpoint: string;
  region: string;
  official: { id: string; name: string };
  projects: Record<'official' | 'foreign' | 'alice', { id: string; name: string }>;
  users: Record<'publisher' | 'member' | 'alice', SeedUser>;
  images: { official: SeededImage[]; excluded: ExcludedImage[] };
  /** The archive project: earlier builds, and traps that must never be published. */
  archive: {
    project: { id: string; name: string };
    archived: { id: string; name: string; nectarName: string; build: number; hasCurrent: boolean }[];
    traps: { id: string; name: string; kind: 'foreign-community' | 'archive-private'; owner: string }[];
  };
  files: { cloudsYaml: string; openrc: Record<string, string>; env: Record<string, Record<string, string>> };
}

export interface Cloud {
  stateDir: string;
  authUrl: string;
  imageEndpoint: string;
  region: string;
  admin: { username: string; password: string };
  logs: string;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export interface Distribution {
  id: string;
  osDistro?: string[];
  loginUser: string | null;
}

export function distributions(): Distribution[] {
  return parse(readFileSync(join(root, 'content/data/distributions.yaml'), 'utf8')) as Distribution[];
}

const tempDirs: string[] = [];

/** A fresh temporary directory, removed by `removeTempDirs()`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An environment with nothing from ours but PATH, and HOME in a fresh empty directory. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const home = tempDir('nectar-it-home-');
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TZ: 'UTC', ...extra };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function run(command: string, args: string[], env: Record<string, string>, timeoutMs = 240_000): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

export interface FetchRun extends RunResult {
  outPath: string;
  historyPath: string;
  /** The snapshot file's text ('' when none was written). */
  snapshotText: string;
  historyText: string;
  /** The one JSON line printed on stdout under --json, when it parses. */
  result: Record<string, unknown> | null;
}

const node = join(root, 'node_modules/.bin/node');

/** Runs `node scripts/catalog-fetch.ts --out <fresh tmp file> --owner <owner> --json [extra]` with only `env`. */
export async function runFetch(owner: string, env: Record<string, string>, outPath?: string, extraArgs: string[] = []): Promise<FetchRun> {
  const out = outPath ?? join(tempDir('nectar-it-out-'), 'snapshot.json');
  mkdirSync(resolve(out, '..'), { recursive: true });
  const result = await run(node, ['scripts/catalog-fetch.ts', '--out', out, '--owner', owner, '--json', ...extraArgs], env);
  const historyPath = join(resolve(out, '..'), 'history.json');
  const text = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
  } catch {
    parsed = null;
  }
  return { ...result, outPath: out, historyPath, snapshotText: text(out), historyText: text(historyPath), result: parsed };
}

/** A readable account of a failed run, for assertion messages. */
export function explain(run: RunResult): string {
  return `exit ${run.code}\n--- stdout ---\n${run.stdout.slice(0, 4000)}\n--- stderr ---\n${run.stderr.slice(0, 4000)}`;
}

/** Keystone password token (scoped to a project id), from the test itself. */
export async function passwordToken(authUrl: string, user: { username: string; password: string }, projectId: string): Promise<string> {
  const response = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user.username, domain: { name: 'Default' }, password: user.password } },
        },
        scope: { project: { id: projectId } },
      },
    }),
  });
  if (response.status !== 201) throw new Error(`token request: HTTP ${response.status} ${await response.text()}`);
  const token = response.headers.get('x-subject-token');
  if (!token) throw new Error('no X-Subject-Token');
  return token;
}

export async function glanceGet(imageEndpoint: string, path: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${imageEndpoint}${path}`, { headers: { 'x-auth-token': token, accept: 'application/json' } });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Reads what a log file gained since `from` bytes. */
export function logSize(path: string): number {
  return statSync(path).size;
}

export function logSince(path: string, from: number): string {
  const size = statSync(path).size;
  if (size <= from) return '';
  const buffer = Buffer.alloc(size - from);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

/** path → md5 of every file of a built site. */
export function md5s(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out.set(relative(dir, file).split(sep).join('/'), createHash('md5').update(readFileSync(file)).digest('hex'));
  }
  return out;
}
