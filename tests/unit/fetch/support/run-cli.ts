/** Runs the real CLI as a child process with a controlled environment. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const CLI = join(ROOT, 'scripts/catalog-fetch.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function tempDir(prefix = 'catalog-fetch-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Only PATH and a fresh HOME are inherited, so no real clouds.yaml or OS_* variable leaks in. */
export function baseEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    CATALOG_RETRY_DELAY_MS: '5',
    CATALOG_RETRY_MAX_DELAY_MS: '5000',
    CATALOG_TIMEOUT_MS: '10000',
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; script?: string } = {}): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [options.script ?? CLI, ...args], { env, cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
