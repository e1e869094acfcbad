import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBlocks, FenceMetaError } from '../lib/extract.ts';
import { guidePages } from '../lib/guide.ts';

const page = [
  '---', 'title: T', '---', '', "import X from './x.astro';", '', '## One \\{#one\\}', '',
  '```sh', 'openstack image list', '```', '',
  '```console', '| ID |', '```', '',
  '- In a list:', '', '  ```sh', '  source ./rc.sh \\', '    --x', '  ```', '',
  ':::caution[Careful]', '```sh norun="ssh into an instance" title="x"', 'ssh me@host', '```', ':::', '',
  '```js', 'ignored()', '```', '',
].join('\n');

describe('extractBlocks', () => {
  it('finds shell and output blocks in page order, with their lines and sections, in lists and asides too', () => {
    const blocks = extractBlocks(page, 't.mdx');
    expect(blocks.map((b) => [b.line, b.kind, b.code, b.norun, b.section])).toEqual([
      [9, 'shell', 'openstack image list', null, 'One'],
      [13, 'output', '| ID |', null, 'One'],
      [19, 'shell', 'source ./rc.sh \\\n  --x', null, 'One'],
      [25, 'shell', 'ssh me@host', 'ssh into an instance', 'One'],
    ]);
  });

  it.each([
    ['```sh norun\nssh x\n```\n', /t\.mdx:1: norun needs a reason/],
    ['```sh norun=""\nssh x\n```\n', /t\.mdx:1: norun="" needs a reason/],
    ['```sh no-run="why"\nssh x\n```\n', /write the mark as norun="reason", not no-run/],
  ])('rejects a mark a writer got wrong: %j', (text, message) => {
    expect(() => extractBlocks(text, 't.mdx')).toThrow(FenceMetaError);
    expect(() => extractBlocks(text, 't.mdx')).toThrow(message);
  });

  it('reads every guide page, which has shell blocks', () => {
    const blocks = guidePages().flatMap((path) => extractBlocks(readFileSync(path, 'utf8'), basename(path)));
    expect(blocks.filter((b) => b.kind === 'shell').length).toBeGreaterThan(20);
    for (const block of blocks.filter((b) => b.norun)) expect(block.norun!.length).toBeGreaterThan(3);
  });
});
