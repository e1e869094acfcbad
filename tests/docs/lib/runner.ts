import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename, join } from 'node:path';
import { extractBlocks, type DocBlock } from './extract.ts';
import { guidePageName } from './guide.ts';
import { compareShapes, shapeOf } from './shape.ts';
import type { BlockRule, DocsCloud, PageMap, PartyName } from './types.ts';

export interface BlockResult {
  block: DocBlock;
  /** ran: exit 0 (and its expectation met); norun: marked; failed; unreached: after a failure on its page. */
  status: 'ran' | 'norun' | 'failed' | 'unreached';
  party: PartyName;
  /** The text that ran: the block with its placeholders filled in. */
  command: string;
  exitCode?: number | null;
  stdout?: string;
  /** Why it failed, in one sentence, and the last lines of what it printed. */
  message?: string;
  tail?: string;
}

export interface OutputCheck {
  block: DocBlock;
  /** The command block the output follows. */
  after: DocBlock | null;
  status: 'checked' | 'failed' | 'unchecked';
  /** unchecked: why (its command is not run, or the block is marked). failed: how the shapes differ. */
  message?: string;
}

export interface PageResult {
  page: string;
  path: string;
  blocks: BlockResult[];
  outputs: OutputCheck[];
  /** The first problem on the page, as a report a guide writer can act on; null when the page passed. */
  failure: string | null;
}

export interface RunContext {
  cloud: DocsCloud;
  /** A fresh directory for this run's homes, working directories and block scripts. */
  workDir: string;
  /** Base URL of the local download server (see `startDownloads`). */
  downloadBase?: string;
  /** A small qcow2 image made with qemu-img. */
  qcow2?: string;
  /**
   * Base URL of this repository's catalog site, built from the test snapshot and
   * served on loopback: it stands for `https://<catalog site>` in the guide.
   */
  catalogSite?: string;
  /** Seconds a block may take before it is killed (default 180). */
  timeoutSeconds?: number;
}

const TAIL_LINES = 15;
const TTY_STDIN = join(import.meta.dirname, 'tty-stdin.py');
const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _.-]*[A-Za-z0-9]>/g;

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** One party's shell "session": exported variables and working directory carried from block to block. */
interface Session {
  party: PartyName;
  dir: string;
  state: string;
  counter: number;
}

function newSession(party: PartyName, pageDir: string, ctx: RunContext, map: PageMap): Session {
  const dir = join(pageDir, party);
  const home = join(dir, 'home');
  const work = join(dir, 'work');
  mkdirSync(join(home, '.config/openstack'), { recursive: true });
  mkdirSync(work, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
  if (party === 'reader') {
    // What the reader downloaded from the dashboard's API Access page, where the guide says to put it.
    copyFileSync(ctx.cloud.files.openrc, join(work, 'myproject-openrc.sh'));
    copyFileSync(ctx.cloud.files.cloudsYaml, join(home, '.config/openstack/clouds.yaml'));
    for (const name of map.qcow2Files ?? []) {
      if (!ctx.qcow2) throw new Error('qcow2Files needs a qcow2 (startDownloads)');
      copyFileSync(ctx.qcow2, join(work, name));
    }
  }
  if (party !== 'reader' || map.connected !== false) Object.assign(env, ctx.cloud.env[party]);
  const state = join(dir, 'state.sh');
  writeFileSync(state, [...Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`), `cd -- ${shellQuote(work)}`, ''].join('\n'));
  return { party, dir, state, counter: 0 };
}

interface ShellRun {
  exitCode: number | null;
  stdout: string;
  combined: string;
  timedOut: boolean;
}

/**
 * Runs `code` in the session the way a reader's terminal would, in bash with the
 * session's exported variables and working directory, and keeps what it exports and
 * where it `cd`s for the next block. `set -e -o pipefail`: any failing command fails
 * the block, including the left side of a pipe.
 */
function runInSession(session: Session, code: string, label: string, stdin: string | undefined, timeoutMs: number): Promise<ShellRun> {
  session.counter += 1;
  const script = join(session.dir, `block-${session.counter}.sh`);
  const next = join(session.dir, `state-${session.counter}.sh`);
  writeFileSync(script, [
    `# ${label}`,
    '__docs_state=$1 __docs_next=$2; shift 2',
    'source "$__docs_state" || exit 97',
    `trap '__docs_rc=$?; { export -p; printf "cd -- %q\\n" "$PWD"; } > "$__docs_next"; exit $__docs_rc' EXIT`,
    'set -e -o pipefail',
    code,
    '',
  ].join('\n'));
  return new Promise((resolvePromise, reject) => {
    // stdin is a terminal, as in a reader's shell (see tty-stdin.py); stdout and stderr are captured.
    const child = spawn('python3', [TTY_STDIN, 'bash', '--noprofile', '--norc', script, session.state, next], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      cwd: session.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let combined = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      combined += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (combined += chunk));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (exitCode === 0) renameSync(next, session.state);
      resolvePromise({ exitCode, stdout, combined, timedOut });
    });
  });
}

function tailOf(text: string): string {
  return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}

function rulesFor(block: DocBlock, rules: BlockRule[]): BlockRule[] {
  return rules.filter((rule) => block.code.includes(rule.match));
}

/** The report for a failed block: page, line, party, command, exit code and the end of its output. */
export function formatBlockFailure(result: BlockResult): string {
  const { block } = result;
  const command = result.command.trimEnd().split('\n').map((line, i) => `${i === 0 ? '    $ ' : '      '}${line}`).join('\n');
  const lines = [
    `content/docs/${block.page}:${block.line}: ${result.message} (block under "${block.section || 'the top of the page'}", run as the ${result.party})`,
    command,
  ];
  if (result.exitCode !== undefined) lines.push(`  exit code ${result.exitCode ?? 'none (killed)'}; the last lines of its output:`);
  lines.push(result.tail ? result.tail.split('\n').map((line) => `    | ${line}`).join('\n') : '    | (no output)');
  return lines.join('\n');
}

export function formatOutputFailure(check: OutputCheck): string {
  const after = check.after ? ` (the output of the block at line ${check.after.line})` : '';
  return `content/docs/${check.block.page}:${check.block.line}: example output${after}: ${check.message}`;
}

/** Runs one page's blocks in order against the cloud; stops at the page's first failure. */
export async function runPage(path: string, map: PageMap, ctx: RunContext): Promise<PageResult> {
  const page = guidePageName(path);
  const result: PageResult = { page, path, blocks: [], outputs: [], failure: null };
  let blocks: DocBlock[];
  try {
    blocks = extractBlocks(readFileSync(path, 'utf8'), page);
  } catch (error) {
    result.failure = error instanceof Error ? error.message : String(error);
    return result;
  }
  const rules = map.blocks ?? [];
  const unused = rules.filter((rule) => !blocks.some((block) => block.kind === 'shell' && block.code.includes(rule.match)));
  if (unused.length) {
    result.failure = `content/docs/${page}: tests/docs/pages map rule(s) match no block: ${unused.map((r) => JSON.stringify(r.match)).join(', ')}`;
    return result;
  }
  const pageDir = join(ctx.workDir, page.replace(/\.mdx?$/, ''));
  mkdirSync(pageDir, { recursive: true });
  const sessions = new Map<PartyName, Session>();
  const session = (party: PartyName) => {
    let found = sessions.get(party);
    if (!found) sessions.set(party, (found = newSession(party, pageDir, ctx, map)));
    return found;
  };
  const timeoutMs = (ctx.timeoutSeconds ?? 180) * 1000;

  let lastShell: BlockResult | null = null;
  for (const block of blocks) {
    if (block.kind === 'output') {
      const check: OutputCheck = { block, after: lastShell?.block ?? null, status: 'unchecked' };
      result.outputs.push(check);
      if (result.failure) check.message = 'not reached';
      else if (block.norun) check.message = block.norun;
      else if (!lastShell) check.message = 'follows no command block';
      else if (lastShell.status !== 'ran') check.message = `its command is not run (${lastShell.block.norun ?? lastShell.status})`;
      else {
        const difference = compareShapes(shapeOf(block.code), shapeOf(lastShell.stdout ?? ''));
        check.status = difference ? 'failed' : 'checked';
        if (difference) {
          check.message = difference;
          result.failure = formatOutputFailure(check);
        }
      }
      continue;
    }
    const blockRules = rulesFor(block, rules);
    const party = blockRules.find((rule) => rule.as)?.as ?? 'reader';
    const entry: BlockResult = { block, status: 'unreached', party, command: block.code };
    result.blocks.push(entry);
    lastShell = entry;
    if (result.failure) continue;
    if (block.norun) {
      entry.status = 'norun';
      continue;
    }
    try {
      entry.command = await fillIn(block, map, ctx, session(party), timeoutMs);
    } catch (error) {
      entry.status = 'failed';
      entry.message = error instanceof Error ? error.message : String(error);
      result.failure = formatBlockFailure(entry);
      continue;
    }
    const stdinRule = blockRules.find((rule) => rule.stdin);
    const run = await runInSession(session(party), entry.command, `${page}:${block.line}`, stdinRule?.stdin?.(ctx.cloud), timeoutMs);
    entry.exitCode = run.exitCode;
    entry.stdout = run.stdout;
    entry.tail = tailOf(run.combined);
    if (run.exitCode !== 0) {
      entry.status = 'failed';
      entry.message = run.timedOut ? `the command did not finish in ${timeoutMs / 1000}s` : `the command failed`;
      result.failure = formatBlockFailure(entry);
      continue;
    }
    const expectation = blockRules.find((rule) => rule.expect)?.expect;
    if (expectation && !expectation.test(run.stdout)) {
      entry.status = 'failed';
      entry.message = `its output does not match ${expectation} (tests/docs/pages/${basename(page).replace(/\.mdx?$/, '')}.ts)`;
      result.failure = formatBlockFailure(entry);
      continue;
    }
    const check = blockRules.find((rule) => rule.check)?.check;
    if (check) {
      const after = await runInSession(session(party), check.run, `${page}:${block.line} check`, undefined, timeoutMs);
      if (after.exitCode !== 0 || !check.expect.test(after.stdout)) {
        entry.status = 'failed';
        entry.message = `the block ran, but then \`${check.run}\` printed ${JSON.stringify(after.stdout.trim())} (exit ${after.exitCode}), not ${check.expect}`;
        result.failure = formatBlockFailure(entry);
        continue;
      }
    }
    entry.status = 'ran';
  }
  return result;
}

/** How the guide writes the catalog site's address. */
export const CATALOG_SITE = 'https://<catalog site>';

/** The block's text with placeholders filled in and downloads pointed at the local server. */
async function fillIn(block: DocBlock, map: PageMap, ctx: RunContext, session: Session, timeoutMs: number): Promise<string> {
  let code = block.code;
  for (const url of map.downloads ?? []) {
    if (!code.includes(url)) continue;
    if (!ctx.downloadBase) throw new Error('the page downloads a file but no download server runs');
    code = code.replaceAll(url, `${ctx.downloadBase}${new URL(url).pathname}`);
  }
  // The published catalog is the site this repository builds: the reader's curl reads a local build of it.
  if (ctx.catalogSite && code.includes(CATALOG_SITE)) code = code.replaceAll(CATALOG_SITE, ctx.catalogSite.replace(/\/+$/, ''));
  for (const [name, value] of Object.entries(map.placeholders ?? {})) {
    if (!code.includes(name)) continue;
    let filled: string;
    if (typeof value === 'string') filled = value;
    else if (typeof value === 'function') filled = value(ctx.cloud);
    else {
      const run = await runInSession(session, value.run, `${block.page}:${block.line} placeholder ${name}`, undefined, timeoutMs);
      filled = run.stdout.trim();
      if (run.exitCode !== 0 || !filled || filled.includes('\n')) {
        throw new Error(`the placeholder ${name} could not be filled: \`${value.run}\` exited ${run.exitCode} and printed ${JSON.stringify(tailOf(run.combined))}`);
      }
    }
    code = code.replaceAll(name, filled);
  }
  const left = [...new Set(code.match(PLACEHOLDER) ?? [])];
  if (left.length) {
    throw new Error(`no value for ${left.join(', ')}: add it to the page's placeholders in tests/docs/pages/${basename(block.page).replace(/\.mdx?$/, '')}.ts, or mark the block norun="why"`);
  }
  return code;
}

/**
 * Serves a small qcow2 (made with `qemu-img create -f qcow2`) at every path, on
 * 127.0.0.1, for the pages that download an image. Returns its base URL and a closer.
 */
export async function startDownloads(dir: string): Promise<{ base: string; qcow2: string; close: () => Promise<void> }> {
  const qcow2 = join(dir, 'image.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', qcow2, '64M']);
  const data = readFileSync(qcow2);
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
    response.end(request.method === 'HEAD' ? undefined : data);
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('download server: no port');
  return {
    base: `http://127.0.0.1:${address.port}`,
    qcow2,
    close: () => new Promise<void>((resolvePromise) => server.close(() => resolvePromise())),
  };
}

export interface Totals {
  run: number;
  notRun: BlockResult[];
  failed: number;
  unreached: number;
  outputsChecked: number;
  outputsUnchecked: OutputCheck[];
  shellBlocks: number;
}

export function totals(pages: PageResult[]): Totals {
  const blocks = pages.flatMap((page) => page.blocks);
  const outputs = pages.flatMap((page) => page.outputs);
  return {
    run: blocks.filter((b) => b.status === 'ran').length,
    notRun: blocks.filter((b) => b.status === 'norun'),
    failed: blocks.filter((b) => b.status === 'failed').length + outputs.filter((o) => o.status === 'failed').length,
    unreached: blocks.filter((b) => b.status === 'unreached').length,
    outputsChecked: outputs.filter((o) => o.status === 'checked').length,
    outputsUnchecked: outputs.filter((o) => o.status === 'unchecked'),
    shellBlocks: blocks.length,
  };
}

/** `docs: N blocks run, M not run (reasons), K outputs checked`, plus the failures when there are any. */
export function summaryLine(pages: PageResult[]): string {
  const t = totals(pages);
  const reasons = new Map<string, number>();
  for (const b of t.notRun) reasons.set(b.block.norun ?? '', (reasons.get(b.block.norun ?? '') ?? 0) + 1);
  const why = [...reasons].map(([reason, n]) => (n > 1 ? `${reason} ×${n}` : reason)).join('; ');
  let line = `docs: ${t.run} blocks run, ${t.notRun.length} not run${why ? ` (${why})` : ''}, ${t.outputsChecked} outputs checked`;
  const failedPages = pages.filter((page) => page.failure).map((page) => page.page);
  if (failedPages.length) line += `; FAILED on ${failedPages.join(', ')}${t.unreached ? ` (${t.unreached} blocks not reached)` : ''}`;
  return line;
}

/** One line per block that was not run, and per output not compared, with where it is and why. */
export function notRunList(pages: PageResult[]): string[] {
  const t = totals(pages);
  return [
    ...t.notRun.map((b) => `  not run: content/docs/${b.block.page}:${b.block.line} ${firstLine(b.block.code)} (${b.block.norun})`),
    ...t.outputsUnchecked.map((o) => `  output not checked: content/docs/${o.block.page}:${o.block.line} (${o.message})`),
  ];
}

function firstLine(code: string): string {
  const lines = code.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  return `\`${lines[0]?.trim() ?? ''}${lines.length > 1 ? ' …' : ''}\``;
}
