/** A cloud's own guide: the sidebar follows the pages, placeholders name the configured cloud, catalog links must exist in the guide. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createProcessor } from '@mdx-js/mdx';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';

/** The plugin reads only the file's path. */
const fileAt = (path: string) => ({ path }) as VFile;
import { describe, expect, it } from 'vitest';
import { buildSidebar, CATALOG_GROUP, folderLabel } from '../../../src/sidebar.ts';
import { guideTokens, substituteDeep, substituteTokens } from '../../../src/lib/guide-tokens.ts';
import { remarkCloudTokens } from '../../../src/plugins/remark-cloud-tokens.ts';
import { readCloudConfig } from '../../../src/lib/cloud-config.ts';
import { guidePathProblem, splitGuidePath } from '../../../src/lib/catalog/guide-path.ts';
import { extractBlocks } from '../../docs/lib/extract.ts';
import { ROOT } from '../fetch/support/run-cli.ts';

function guide(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'guide-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const page = (title: string, extra = '') => `---\ntitle: ${title}\n${extra}---\n\nText.\n`;

describe('the generated sidebar', () => {
  it('is the guide the site had before, then the catalog', () => {
    expect(buildSidebar()).toEqual([
      { slug: 'index' },
      { slug: 'categories' },
      { slug: 'official-images' },
      {
        label: 'Advanced image management',
        items: [{ slug: 'command-line' }, { slug: 'creating-images' }, { slug: 'sharing-images' }],
      },
      CATALOG_GROUP,
    ]);
  });

  it('follows another guide: sidebar.order, then address; folders as groups placed by their first page; labels; hidden pages and 404 left out', () => {
    const dir = guide({
      'index.md': page('Welcome', 'sidebar:\n  order: 1\n'),
      'zebra.mdx': page('Zebra'),
      'apple.mdx': page('Apple'),
      '404.md': page('Not found'),
      'secret.mdx': page('Secret', 'sidebar:\n  hidden: true\n'),
      'getting-started/launch.mdx': page('Launch an instance', 'sidebar:\n  order: 3\n  label: Launch\n'),
      'getting-started/keys.mdx': page('SSH keys', 'slug: keys\nsidebar:\n  order: 2\n'),
      'getting-started/more/deep.mdx': page('Deep'),
      '_draft.mdx': page('Draft'),
    });
    expect(buildSidebar(dir)).toEqual([
      { slug: 'index' },
      {
        label: 'Getting started',
        items: [{ slug: 'keys' }, { slug: 'getting-started/launch', label: 'Launch' }, { label: 'More', items: [{ slug: 'getting-started/more/deep' }] }],
      },
      { slug: 'apple' },
      { slug: 'zebra' },
      CATALOG_GROUP,
    ]);
  });

  it('names a page whose frontmatter does not parse', () => {
    const dir = guide({ 'broken.mdx': '---\ntitle: [oops\n---\n' });
    expect(() => buildSidebar(dir)).toThrow(/^content\/docs\/broken\.mdx: its frontmatter is not valid YAML/);
  });

  it('labels a folder from its name', () => {
    expect(folderLabel('advanced-image-management')).toBe('Advanced image management');
    expect(folderLabel('how_to')).toBe('How to');
  });
});

const OTHER = readCloudConfig(
  (() => {
    const dir = guide({
      'cloud.config.yaml': 'site:\n  title: Example Images\ncloud:\n  name: Example Cloud\n  short_name: Example\nimages:\n  owner: abc123\ndata:\n  distributions: d.yaml\n  eol: e.yaml\n',
      'd.yaml': '',
      'e.yaml': '',
    });
    return join(dir, 'cloud.config.yaml');
  })(),
);

describe('guide placeholders', () => {
  const nectar = guideTokens(readCloudConfig(join(ROOT, 'cloud.config.yaml')));
  const other = guideTokens(OTHER);

  it('are filled from the config, leaving other percent signs alone', () => {
    expect(substituteTokens('On the %cloud.name% (%cloud.short_name%): owner=%images.owner%, 100% sure, %s, a%2Fb', nectar, 'p')).toBe(
      'On the Nectar Research Cloud (Nectar): owner=28eadf5ad64b42a4929b2fb7df99275c, 100% sure, %s, a%2Fb',
    );
    expect(substituteTokens('%site.title% at %cloud.dashboard%/project/', nectar, 'p')).toBe('Nectar Image Catalog at https://dashboard.rc.nectar.org.au/project/');
    expect(substituteDeep({ title: 'On %cloud.name%', items: [{ label: '%cloud.short_name% team' }], order: 3 }, other, 'p')).toEqual({
      title: 'On Example Cloud',
      items: [{ label: 'Example team' }],
      order: 3,
    });
  });

  it('fail in one line for an unknown key or a value the config leaves out', () => {
    expect(() => substituteTokens('%cloud.nmae%', nectar, 'content/docs/x.mdx')).toThrow(/^content\/docs\/x\.mdx: %cloud\.nmae% is not a cloud\.config\.yaml value; use one of %site\.title%, %cloud\.name%/);
    expect(() => substituteTokens('[dashboard](%cloud.dashboard%)', other, 'content/docs/x.mdx')).toThrow(
      'content/docs/x.mdx: %cloud.dashboard% is used but cloud.config.yaml sets no cloud.dashboard; set it there, or reword the page',
    );
  });

  it('are filled in text, inline code, code blocks, link addresses and MDX attributes by the remark plugin', () => {
    const source = [
      'On the %cloud.name%, run `openstack image list --property owner=%images.owner%`:',
      '',
      '```sh',
      'openstack image list --property owner=%images.owner%',
      '```',
      '',
      'See [your images](%cloud.dashboard%/project/images/ "%cloud.short_name% dashboard").',
      '',
      '<Aside title="%cloud.short_name% tip">x</Aside>',
    ].join('\n');
    // The MDX parser Astro's MDX integration uses, then the plugin on its tree.
    const tree = createProcessor().parse(source) as Root;
    remarkCloudTokens({ tokens: nectar })(tree, fileAt(join(ROOT, 'content/docs/x.mdx')));
    const text = JSON.stringify(tree);
    expect(text).not.toMatch(/%(cloud|images)\./);
    expect(text).toContain('On the Nectar Research Cloud, run ');
    expect(text).toContain('openstack image list --property owner=28eadf5ad64b42a4929b2fb7df99275c');
    expect(text).toContain('https://dashboard.rc.nectar.org.au/project/images/');
    expect(text).toContain('Nectar dashboard');
    expect(text).toContain('Nectar tip');
    // With no dashboard, a link to it is its text; the placeholder anywhere else is an error.
    const unlinked = createProcessor().parse('The [Images page](%cloud.dashboard%/project/images/) of the %cloud.short_name% dashboard.') as Root;
    remarkCloudTokens({ tokens: other })(unlinked, fileAt(join(ROOT, 'content/docs/x.mdx')));
    expect(JSON.stringify(unlinked)).not.toContain('"link"');
    expect(JSON.stringify(unlinked)).toContain('"value":"Images page"');
    expect(JSON.stringify(unlinked)).toContain('of the Example dashboard.');
    expect(() => remarkCloudTokens({ tokens: other })(createProcessor().parse('Go to `%cloud.dashboard%`.') as Root, fileAt(join(ROOT, 'content/docs/y.mdx')))).toThrow(
      'content/docs/y.mdx: %cloud.dashboard% is used but cloud.config.yaml sets no cloud.dashboard; set it there, or reword the page',
    );
    expect(() => remarkCloudTokens({ tokens: nectar })(createProcessor().parse('%cloud.nope%') as Root, fileAt(join(ROOT, 'content/docs/y.mdx')))).toThrow(
      /^content\/docs\/y\.mdx: %cloud\.nope% is not a cloud\.config\.yaml value/,
    );
  });

  it('are filled in the commands the tested-docs suite runs, by the same function', () => {
    const source = readFileSync(join(ROOT, 'content/docs/official-images.mdx'), 'utf8');
    expect(source).toContain('--property owner=%images.owner%');
    const commands = extractBlocks(source, 'official-images.mdx').map((block) => block.code);
    expect(commands).toContain('openstack image list --property owner=28eadf5ad64b42a4929b2fb7df99275c');
    expect(extractBlocks(source, 'official-images.mdx', other).map((block) => block.code)).toContain('openstack image list --property owner=abc123');
  });
});

describe('catalog links into the guide', () => {
  const pages = new Map([
    ['categories', ['project', 'nectar']],
    ['index', ['what']],
  ]);

  it('are checked against the guide pages and their heading ids', () => {
    expect(splitGuidePath('/categories/#nectar')).toEqual({ page: 'categories', anchor: 'nectar' });
    expect(splitGuidePath('/')).toEqual({ page: 'index', anchor: null });
    expect(guidePathProblem('/categories/#nectar', pages)).toBeNull();
    expect(guidePathProblem('/#what', pages)).toBeNull();
    expect(guidePathProblem('/categories/#official', pages)).toBe('the guide page /categories/ has no heading with the id "official"');
    expect(guidePathProblem('/official-images/', pages)).toBe('the guide has no page /official-images/ (content/docs)');
  });
});
