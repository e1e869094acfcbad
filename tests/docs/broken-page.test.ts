import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { extractBlocks } from './lib/extract.ts';
import { docsDir, readDocsCloud } from './lib/guide.ts';
import { runPage, summaryLine, type RunContext } from './lib/runner.ts';

const docsCloud = inject('docsCloud');

/**
 * The run must fail, naming the page, when a command in the guide breaks. These run
 * the runner on altered copies of real guide pages (only listing commands, so the
 * cloud's state is left as the guide test expects it).
 */
describe.skipIf(!docsCloud)('a broken guide page fails the run and names the page', () => {
  let ctx: RunContext;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nectar-docs-broken-'));
    ctx = { cloud: readDocsCloud(docsCloud!.stateDir), workDir: join(dir, 'work') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function copyOf(page: string, change: (text: string) => string): string {
    const original = readFileSync(join(docsDir, page), 'utf8');
    const changed = change(original);
    expect(changed).not.toBe(original);
    const path = join(dir, page);
    writeFileSync(path, changed);
    return path;
  }

  it('a misspelt flag: the page, the line, the command, its exit code and the client\'s complaint', async () => {
    const path = copyOf('official-images.mdx', (text) => text.replace('openstack image list --property owner=', 'openstack image list --proprety owner='));
    const line = extractBlocks(readFileSync(path, 'utf8'), 'official-images.mdx').find((b) => b.code.includes('--proprety'))!.line;
    const result = await runPage(path, {}, ctx);
    expect(result.failure).toContain(`content/docs/official-images.mdx:${line}: the command failed`);
    expect(result.failure).toContain('$ openstack image list --proprety owner=28eadf5ad64b42a4929b2fb7df99275c');
    expect(result.failure).toMatch(/exit code 2; the last lines of its output:/);
    expect(result.failure).toMatch(/unrecognized arguments: --proprety|error: argument/);
    expect(summaryLine([result])).toMatch(/^docs: \d+ blocks run, \d+ not run \(.*\), 0 outputs checked; FAILED on official-images\.mdx/);
  });

  it('an unmarked block that cannot run here fails instead of being skipped', async () => {
    const path = copyOf('official-images.mdx', (text) => text.replace('```sh norun="ssh into an instance"\nssh <user>', '```sh\nssh <user>'));
    const result = await runPage(path, {}, ctx);
    expect(result.failure).toMatch(/content\/docs\/official-images\.mdx:\d+: no value for <user>, <instance IP>/);
    expect(result.failure).toContain('$ ssh <user>@<instance IP>');
  });

  it('a reason-less norun mark is an error, not a silent skip', async () => {
    const path = copyOf('official-images.mdx', (text) => text.replace('```sh norun="ssh into an instance"\nssh <user>', '```sh norun\nssh <user>'));
    const result = await runPage(path, {}, ctx);
    expect(result.failure).toMatch(/official-images\.mdx:\d+: norun needs a reason/);
  });

  it('a block whose output lacks what its page map expects fails, naming the map', async () => {
    // seed_docs.py leaves this snapshot offered to the collaborator (one pending member).
    const path = join(dir, 'member-list.mdx');
    writeFileSync(path, '---\ntitle: Members\n---\n\n```sh\nopenstack image member list 936ccc3f-6bdf-fd28-98e9-78d00618c13f\n```\n');
    const result = await runPage(path, { blocks: [{ match: 'member list', expect: /\bno-such-status\b/ }] }, ctx);
    expect(result.failure).toContain('content/docs/member-list.mdx:5: its output does not match /\\bno-such-status\\b/ (tests/docs/pages/member-list.ts)');
    expect(result.failure).toContain('exit code 0; the last lines of its output:');
    expect(result.failure).toMatch(/\| Member ID +\| Status +\|/);
  });

  it('an example output whose columns drifted fails, naming the output block', async () => {
    // command-line.mdx's example table and the command before it, with one header changed.
    const blocks = extractBlocks(readFileSync(join(docsDir, 'advanced-image-management/command-line.mdx'), 'utf8'), 'command-line.mdx');
    const index = blocks.findIndex((block) => block.kind === 'output');
    const output = blocks[index]!;
    const command = blocks.slice(0, index).reverse().find((block) => block.kind === 'shell')!;
    const path = join(dir, 'stale-output.mdx');
    writeFileSync(path, `---\ntitle: Stale\n---\n\n\`\`\`sh\n${command.code}\n\`\`\`\n\n\`\`\`console\n${output.code.replace('| Status |', '| State  |')}\n\`\`\`\n`);
    const result = await runPage(path, {}, ctx);
    expect(result.failure).toMatch(/^content\/docs\/stale-output\.mdx:9: example output \(the output of the block at line 5\): the example shows columns ID \| Name \| State but the command printed ID \| Name \| Status$/);
  });
});
