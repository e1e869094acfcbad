/**
 * The generated-input suite over the renderers (issue 12): the image page,
 * the changes page and the feed rendered with Astro's container API from
 * images normalised out of generated hostile Glance records (every Unicode
 * control, format and separator character, very long values, reserved
 * JavaScript names) and a hostile hand-edited history. Starlight's page frame
 * is replaced by a stub (it needs the whole site's content); everything inside
 * it is the real page. tests/e2e/hostile.test.ts checks a real build in Chromium.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import type { Element, Nodes, Root } from 'hast';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import ImagePage from '../../src/pages/catalog/[slug].astro';
import ChangesPage from '../../src/pages/catalog/changes.astro';
import { GET as feed } from '../../src/pages/catalog/feed.xml.ts';
import { buildCatalog, type CatalogView } from '../../src/lib/catalog/model.ts';
import { normaliseImage, sortImages } from '../../src/lib/catalog/normalise.ts';
import type { History } from '../../src/schemas/snapshot.ts';
import { distributions, eolData } from '../unit/catalog/helpers.ts';
import { hostileStrings, RESERVED_NAMES } from '../unit/safety/hostile-strings.ts';

const state = vi.hoisted(() => ({ catalog: null as unknown, history: null as unknown }));
vi.mock('@astrojs/starlight/components/StarlightPage.astro', async () => import('./StubStarlightPage.astro'));
vi.mock('../../src/lib/catalog/index.ts', () => ({ getCatalog: async () => state.catalog }));
vi.mock('../../src/lib/catalog/load.ts', async (original) => ({ ...(await original<object>()), loadHistory: async () => state.history }));
// The guide links are checked against the whole site's guide (not here): the configured ones, as a build gives them.
vi.mock('../../src/lib/catalog/guide-links.ts', () => ({ guideLinks: async () => ({ official: '/categories/#nectar', officialImages: '/official-images/' }) }));

/** Raw characters no page may carry outside copy data (U+007F is Expressive Code's line break there). */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const STRINGS = hostileStrings();
const DISTROS = distributions();
let catalog: CatalogView;
let container: AstroContainer;

function record(text: string, index: number): Record<string, unknown> {
  const r: Record<string, unknown> = {
    id: `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`,
    name: `T${index}T ${text}`,
    status: 'active',
    visibility: 'public',
    owner: 'o',
    os_distro: index % 2 ? 'ubuntu' : text,
    os_version: text,
    default_user: text,
    architecture: text,
    os_hash_algo: text,
    tags: [text],
    description: text,
    // SCS-0102's properties, read with no mapping: hostile values everywhere, some shaped like what they mean.
    image_original_user: index % 5 === 0 ? 'none' : text,
    replace_frequency: index % 2 ? 'monthly' : text,
    provided_until: index % 3 ? '2029-04-30' : text,
    uuid_validity: ['last-1', 'none', '2026-01-01', text][index % 4],
    maintained_until: index % 2 ? '2026-01-15' : text,
    image_source: [`https://example.org/${text}`, `javascript:${text}`, 'private', text][index % 4],
    image_description: index % 2 ? `http://example.org/notes?q=${index}` : text,
    image_build_date: text,
    min_disk: index % 40,
    min_ram: (index % 5) * 512,
  };
  Object.defineProperty(r, RESERVED_NAMES[index % RESERVED_NAMES.length]!, { value: text, enumerable: true, configurable: true, writable: true });
  return r;
}

function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map((child) => textOf(child as Nodes)).join('') : '';
}

function parse(html: string): Root {
  const errors: string[] = [];
  // The container renders the page without the doctype a built page starts with.
  const page = /^<!doctype/i.test(html) ? html : `<!doctype html>${html}`;
  // Expressive Code writes a multi-line block's line breaks as U+007F inside the copy button's
  // data-code (by design; its copy script turns them back): judged by the copy checks, not here.
  fromHtml(page.replace(/data-code="[^"]*"/g, 'data-code=""'), {
    onerror: (error) => {
      errors.push(`${error.reason} at ${error.line}:${error.column}`);
    },
  });
  expect(errors).toEqual([]);
  return fromHtml(page);
}

/** Every text node holding `marker` sits inside an isolating element (<bdi>, [dir], <pre>) or the title/heading that holds only it. */
function expectIsolated(tree: Root, marker: string): number {
  let found = 0;
  const walk = (node: Nodes, isolated: boolean) => {
    if (node.type === 'text' && node.value.includes(marker)) {
      found++;
      expect(isolated, `"${node.value.slice(0, 60)}" is not isolated`).toBe(true);
    }
    if (node.type === 'element') {
      const el = node as Element;
      isolated ||= el.tagName === 'bdi' || el.properties.dir !== undefined || ['pre', 'title', 'h1'].includes(el.tagName);
    }
    if ('children' in node) for (const child of node.children) walk(child as Nodes, isolated);
  };
  walk(tree, false);
  return found;
}

beforeAll(async () => {
  const all = sortImages(STRINGS.map((text, index) => normaliseImage(record(text, index), DISTROS)));
  // Every sixth image is a hidden earlier build of the same project (SCS-0102), with a page of its own.
  const images = all.filter((_, index) => index % 6 !== 5);
  const archived = all.filter((_, index) => index % 6 === 5).map((image) => ({ ...image, name: `${image.name} 20250101` }));
  const snapshot = { schemaVersion: 1 as const, fetchedAt: '2026-01-04T00:00:00Z', source: { imageEndpoint: 'x', owner: 'o', region: null }, images, archived };
  const history: History = {
    schemaVersion: 1,
    entries: [
      {
        fetchedAt: '2026-01-04T00:00:00Z',
        added: STRINGS.map((text, index) => ({ id: index % 3 ? all[index]!.id : `${text.slice(0, 50)}-${index}`, name: text.slice(0, 2000), createdAt: null })),
        removed: STRINGS.slice(0, 50).map((text, index) => ({ id: `gone-${index}${text.slice(0, 10)}`, name: text.slice(0, 500) })),
        updated: [{ id: images[0]!.id, name: images[0]!.name, updatedAt: null, fields: [...RESERVED_NAMES, ...STRINGS.slice(0, 40).map((t) => t.slice(0, 80))] }],
      },
    ],
  };
  // The changes page and feed read the history from the model (each source's, src/lib/catalog/sources.ts).
  catalog = buildCatalog(snapshot, DISTROS, eolData(), new Date('2026-02-01T00:00:00Z'), history.entries);
  state.catalog = catalog;
  state.history = history;
  container = await AstroContainer.create();
}, 120_000);

describe('the image page over generated input', () => {
  it('is valid HTML with no raw control character, one-line copy data equal to the command shown, and isolated Glance text', async () => {
    let commands = 0;
    for (const [index, view] of catalog.images.entries()) {
      const html = await container.renderToString(ImagePage, { props: { view, fetchedAt: '2026-01-04T00:00:00Z' } });
      expect(html.replace(/data-code="[^"]*"/g, '')).not.toMatch(FORBIDDEN);
      const tree = parse(html);
      for (const figure of selectAll('figure', tree)) {
        const copied = selectAll('button[data-code]', figure)[0]?.properties.dataCode;
        // Expressive Code draws each line as a .ec-line element (a browser's innerText puts the breaks in).
        const pre = selectAll('pre', figure)[0]!;
        const lines = selectAll('.ec-line', pre);
        const shown = (lines.length ? lines.map(textOf).join('\n') : textOf(pre)).trim();
        expect(typeof copied).toBe('string');
        // U+007F is Expressive Code's line break in copy data: the copy must hold exactly the
        // lines shown (a one-line command copies as one line), and no other break.
        expect(copied as string).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
        // (Blank lines aside: an empty .ec-line and the copy's line marks differ on them.)
        const nonBlank = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
        expect(nonBlank((copied as string).split('\u007f').join('\n'))).toEqual(nonBlank(shown));
        commands++;
      }
      const marker = /^T(\d+)T/.exec(view.image.name)![0];
      expect(expectIsolated(tree, marker), `image ${index}`).toBeGreaterThan(0);
      expect(textOf(selectAll('h1', tree)[0]!).trim()).not.toBe('');
    }
    expect(commands).toBeGreaterThanOrEqual(catalog.images.length * 2);
  });
});

describe('the SCS-0102 facts over generated input', () => {
  /** Every link on a rendered image page that came from image metadata. */
  const metadataLinks = (tree: Root) => selectAll('[data-catalog-origin] a', tree);

  it('archived and current pages: valid HTML, metadata links only http(s) and marked untrusted, promises and ID expiry in words', async () => {
    let links = 0;
    let expiries = 0;
    let promises = 0;
    let noLogin = 0;
    for (const view of [...catalog.archived, ...catalog.images.slice(0, 60)]) {
      const html = await container.renderToString(ImagePage, { props: { view, fetchedAt: '2026-01-04T00:00:00Z' } });
      expect(html.replace(/data-code="[^"]*"/g, '')).not.toMatch(FORBIDDEN);
      const tree = parse(html);
      for (const link of metadataLinks(tree)) {
        links++;
        expect(String(link.properties.href)).toMatch(/^https?:\/\/[^\s]+$/);
        expect(link.properties.rel).toEqual(['noopener', 'nofollow']);
      }
      for (const anchor of selectAll('a', tree)) expect(String(anchor.properties.href ?? '')).not.toMatch(/^\s*javascript:/i);
      if (selectAll('[data-catalog-id-expiry]', tree).length) {
        expiries++;
        expect(view.idMayHaveExpired).toBe(true);
        expect(textOf(tree)).toContain('This ID may no longer work');
      }
      if (selectAll('[data-catalog-promise]', tree).length) promises++;
      if (view.login.kind === 'none') {
        noLogin++;
        expect(textOf(tree)).toContain('No login user');
        expect(html).not.toMatch(/ssh [^<]*@&lt;ip&gt;/);
      }
    }
    expect(links).toBeGreaterThan(0);
    expect(expiries).toBeGreaterThan(0);
    expect(promises).toBeGreaterThan(0);
    expect(noLogin).toBeGreaterThan(0);
  });
});

describe('no single image can block publishing', () => {
  it('an image with hundreds of incompressible maximal properties and tags still gives a small page, the rest left to /catalog.json', async () => {
    const noise = (chars: number) => randomBytes(chars).toString('base64').slice(0, chars);
    const record: Record<string, unknown> = { id: 'big', name: noise(250_000), status: 'active', visibility: 'public', owner: 'o', os_distro: 'ubuntu', os_version: noise(5000), tags: Array.from({ length: 500 }, () => noise(300)) };
    for (let i = 0; i < 500; i++) record[`p${i}_${noise(300)}`] = noise(250_000 / 50);
    const image = normaliseImage(record, DISTROS);
    const view = buildCatalog({ schemaVersion: 1, fetchedAt: '2026-01-04T00:00:00Z', source: { imageEndpoint: 'x', owner: 'o', region: null }, images: [image], archived: [] }, DISTROS, eolData(), new Date()).images[0]!;
    const html = await container.renderToString(ImagePage, { props: { view, fetchedAt: '2026-01-04T00:00:00Z' } });
    // The budget is 150 kB gzipped for the whole page; Starlight's frame (stubbed here) takes well under 50 kB of it.
    expect(gzipSync(html).length).toBeLessThan(100_000);
    expect(html).toMatch(/more properties are not listed here; all are in <a href="\/catalog\.json"/);
    expect(html).toMatch(/and \d+ more \(all are in \/catalog\.json\)/);
  });
});

describe('the changes page and the feed over generated input', () => {
  it('the changes page is valid HTML with no raw control character, isolated names, and field names as text', async () => {
    const html = await container.renderToString(ChangesPage);
    expect(html).not.toMatch(FORBIDDEN);
    expect(html).not.toMatch(/native code/);
    const tree = parse(html);
    const items = selectAll('.catalog-change li', tree);
    expect(items.length).toBe(STRINGS.length + 50 + 1);
    for (const item of items) {
      const name = selectAll('bdi', item)[0];
      expect(name, textOf(item).slice(0, 80)).toBeDefined();
      expect(textOf(name!).trim()).not.toBe('');
    }
    expect(textOf(items[items.length - 1]!)).toContain('changed: __proto__, constructor, toString, valueOf');
  });

  it('the feed has no character XML forbids and no raw control character', async () => {
    const response = await feed({ site: new URL('https://catalog.example.org') } as Parameters<typeof feed>[0]);
    const xml = await response.text();
    expect(xml).not.toMatch(NOT_XML);
    expect(xml).not.toMatch(FORBIDDEN);
    // Every < starts a tag the feed writes, every & an entity.
    expect(xml.replace(/<\/?[a-z?][^<>]*>/g, '')).not.toMatch(/[<>]/);
    expect(xml).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos);)/);
  });
});
