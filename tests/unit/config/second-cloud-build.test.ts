/**
 * A second cloud from its own cloud.config.yaml alone (CATALOG_CONFIG): another
 * title, cloud name and owner, no dashboard, no guide links. The real `astro
 * build` of a three-image snapshot names that cloud in its titles, feed and
 * JSON, and never Nectar; a guide link to a heading the guide lacks fails the
 * build in one line naming the key.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../fetch/support/run-cli.ts';

const OWNER = 'f00dcafe0123456789abcdef01234567';
const work = mkdtempSync(join(tmpdir(), 'second-cloud-'));
const dist = join(work, 'dist');

const CONFIG = `site:
  title: Example Images
cloud:
  name: Example Research Cloud
  short_name: Example
images:
  owner: ${OWNER}
data:
  distributions: data/distributions.yaml
  eol: data/eol.yaml
`;

/** The committed snapshot and history as another cloud's: three images, no NeCTAR prefix, the other owner. */
function writeSnapshot(dir: string): string {
  const asOther = (text: string) => text.replace(/NeCTAR /g, '').replace(/nectar/gi, 'example').replace(/28eadf5ad64b42a4929b2fb7df99275c/g, OWNER);
  const snapshot = JSON.parse(asOther(readFileSync(join(ROOT, 'content/catalog/snapshot.json'), 'utf8'))) as { images: unknown[]; source: { note: string } };
  snapshot.images = snapshot.images.slice(0, 3);
  snapshot.source.note = 'A test snapshot of another cloud.';
  writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(snapshot));
  writeFileSync(join(dir, 'history.json'), asOther(readFileSync(join(ROOT, 'content/catalog/history.json'), 'utf8')));
  return join(dir, 'snapshot.json');
}

function astroBuild(config: string, outDir: string) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', CATALOG_CONFIG: config, CATALOG_SNAPSHOT: join(work, 'snapshot.json'), SITE_URL: 'https://images.example.org', SITE_BASE: '/' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.html')).map((path) => join(dir, path));
}

const read = (path: string) => readFileSync(join(dist, path), 'utf8');

beforeAll(() => {
  mkdirSync(join(work, 'data'));
  copyFileSync(join(ROOT, 'content/data/distributions.yaml'), join(work, 'data/distributions.yaml'));
  copyFileSync(join(ROOT, 'content/data/eol.yaml'), join(work, 'data/eol.yaml'));
  writeFileSync(join(work, 'cloud.config.yaml'), CONFIG);
  writeSnapshot(work);
  const result = astroBuild(join(work, 'cloud.config.yaml'), dist);
  if (result.status !== 0) throw new Error(`astro build of the second cloud failed:\n${result.stdout}\n${result.stderr}`);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a second cloud built from its own cloud.config.yaml', () => {
  it('names that cloud in every page title, and never Nectar', () => {
    const files = htmlFiles(dist);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const title = /<title>([^<]*)<\/title>/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
      expect(title, relative(dist, file)).toMatch(/Example Images$/);
      expect(title, relative(dist, file)).not.toMatch(/nectar/i);
    }
    expect(read('catalog/index.html')).toContain('content="Every official image on the Example Research Cloud: find one');
  });

  it('names it in the feed and the JSON, never Nectar', () => {
    const feed = read('catalog/feed.xml');
    expect(feed).toContain('<title>Example official images: what changed</title>');
    expect(feed).toContain('<subtitle>Official images added to, removed from and updated in the Example Research Cloud catalog.</subtitle>');
    expect(feed).toContain('<author><name>Example Images</name></author>');
    expect(feed).toMatch(/<entry>/);
    expect(feed).not.toMatch(/nectar/i);
    const json = read('catalog.json');
    expect(JSON.parse(json).source.owner).toBe(OWNER);
    expect(json).not.toMatch(/nectar|28eadf5|c9217cb/i);
  });

  it('fills the guide from the file, and drops the links the file leaves out', () => {
    const home = read('index.html');
    expect(home).toContain('you launch on the Example Research Cloud starts');
    expect(home).not.toContain('%cloud.');
    // No dashboard: the guide's link to it is plain text, and image pages offer none.
    expect(home).not.toContain('/project/images/');
    const imagePage = htmlFiles(join(dist, 'catalog')).find((file) => readFileSync(file, 'utf8').includes('id="launch"'))!;
    expect(readFileSync(imagePage, 'utf8')).not.toContain('Open in the dashboard');
    // No guide links: no catalog page links to the guide's official-images pages.
    for (const file of htmlFiles(join(dist, 'catalog'))) {
      const html = readFileSync(file, 'utf8');
      expect(html, relative(dist, file)).not.toContain('What “official” means');
      expect(html, relative(dist, file)).not.toContain('Guide to official images');
    }
    expect(read('catalog/index.html')).toContain('The official images are the ones the Example Research Cloud publishes and maintains for its users.');
    // The guide's own sidebar is unchanged: generated from its pages.
    expect(home).toContain('Advanced image management');
  });

  it('fails the build in one line naming the key when a guide link has no such heading', () => {
    const config = join(work, 'bad-link.yaml');
    writeFileSync(config, `${CONFIG}guide:\n  official: /categories/#no-such-heading\n`);
    const result = astroBuild(config, join(work, 'dist-bad'));
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).toContain(
      'bad-link.yaml: guide.official: /categories/#no-such-heading: the guide page /categories/ has no heading with the id "no-such-heading"; link to a page and heading the guide has, or leave guide.official out',
    );
  }, 180_000);

  it('stops astro at once with the config line and exit 2 when the file is broken', () => {
    const config = join(work, 'broken.yaml');
    writeFileSync(config, CONFIG.replace('  name: Example Research Cloud\n', '  nmae: Example Research Cloud\n'));
    const result = astroBuild(config, join(work, 'dist-broken'));
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(`astro: error: ${config}: cloud.nmae: unknown key; did you mean cloud.name?`);
  }, 60_000);
});
