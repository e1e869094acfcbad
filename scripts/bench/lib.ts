/** Shared helpers for the benchmarks: processes with peak tree RSS, statistics, formatting, a static server. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_DIR = join(ROOT, '.bench');
export const NODE = process.execPath;

/** Resident memory (bytes) of `pid` and all its descendants, from /proc. */
export function treeRss(pid: number): number {
  return treeRssByCommand(pid).total;
}

/** Resident memory (bytes) of `pid` and its descendants from /proc: the sum, and the sum per command name (node, pagefind, …). */
export function treeRssByCommand(pid: number): { total: number; byCommand: Map<string, number> } {
  const command = new Map<number, string>();
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command: state ppid ... rss is field 24 (1-based).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      command.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      const ppid = Number(rest[1]);
      const pages = Number(rest[21]);
      const p = Number(entry);
      rss.set(p, pages * 4096);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(p);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const byCommand = new Map<string, number>();
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    const bytes = rss.get(p) ?? 0;
    total += bytes;
    const name = command.get(p) ?? '?';
    byCommand.set(name, (byCommand.get(name) ?? 0) + bytes);
    stack.push(...(children.get(p) ?? []));
  }
  return { total, byCommand };
}

export interface Measured {
  code: number;
  ms: number;
  /** Peak of the summed RSS of the process tree, bytes (polled every 100 ms). */
  peakRss: number;
  /** Peak RSS of each command in the tree on its own (node, pagefind, …), bytes. */
  peakByCommand: Record<string, number>;
  /** Samples every 100 ms: time since start (ms), then the tree's RSS per command (bytes). */
  samples: { ms: number; byCommand: Record<string, number> }[];
  /** When each stdout line was seen, ms since start (for phase times). */
  lines: { ms: number; text: string }[];
  stdout: string;
  stderr: string;
}

/** Runs a command, timing it and polling its process tree's memory. */
export function measure(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const lines: { ms: number; text: string }[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stdout += text;
      const at = performance.now() - started;
      for (const line of text.split('\n')) if (line.trim()) lines.push({ ms: at, text: line });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let peakRss = 0;
    const peakByCommand: Record<string, number> = {};
    const samples: { ms: number; byCommand: Record<string, number> }[] = [];
    const poll = setInterval(() => {
      if (!child.pid) return;
      const { total, byCommand } = treeRssByCommand(child.pid);
      peakRss = Math.max(peakRss, total);
      const sample = Object.fromEntries(byCommand);
      for (const [name, bytes] of byCommand) peakByCommand[name] = Math.max(peakByCommand[name] ?? 0, bytes);
      samples.push({ ms: performance.now() - started, byCommand: sample });
    }, 100);
    child.on('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code: code ?? 1, ms: performance.now() - started, peakRss, peakByCommand, samples, lines, stdout, stderr });
    });
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
export const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const msText = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
export const n = (value: number) => value.toLocaleString('en');

/** Total size of the files under a directory. */
export function dirSize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      bytes += statSync(join(entry.parentPath, entry.name)).size;
      files++;
    }
  }
  return { bytes, files };
}

/** A Markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function machine(): string {
  const cpu = cpus()[0]?.model?.trim() || 'unknown CPU';
  return `${cpus().length} cores (nproc), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, ${cpu}, Node ${process.version}, ${process.platform}`;
}

export function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
