/**
 * /catalog/conformance/ rendered with Astro's container API over generated hostile Glance records
 * (every Unicode control, format and separator character, long values, reserved JavaScript names) as
 * property values SCS's checks report back: valid HTML, no raw control character, Glance text isolated
 * and bounded, every failing image and test case shown, links only to the image's own page.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from 'hast-util-select';
import type { Element, Nodes, Root } from 'hast';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import ConformancePage from '../../src/pages/catalog/conformance.astro';
import { buildCatalog } from '../../src/lib/catalog/model.ts';
import { normaliseImage, sortImages } from '../../src/lib/catalog/normalise.ts';
import { conformanceOfSnapshot, type ConformanceReport } from '../../src/lib/scs/report.ts';
import { STANDARD_IDS } from '../../src/lib/scs/standards.ts';
import { distributions, eolData } from '../unit/catalog/helpers.ts';
import { hostileStrings, RESERVED_NAMES } from '../unit/safety/hostile-strings.ts';

const state = vi.hoisted(() => ({ catalog: null as unknown, report: null as unknown }));
vi.mock('@astrojs/starlight/components/StarlightPage.astro', async () => import('./StubStarlightPage.astro'));
vi.mock('../../src/lib/catalog/index.ts', () => ({ getCatalog: async () => state.catalog }));
vi.mock('../../src/lib/scs/catalog-conformance.ts', () => ({ getConformance: async () => state.report }));

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const STRINGS = hostileStrings();
let report: ConformanceReport;
let container: AstroContainer;

function record(text: string, index: number): Record<string, unknown> {
  const r: Record<string, unknown> = {
    id: `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`,
    name: `T${index}T ${text}`,
    status: 'active',
    visibility: 'public',
    owner: 'o',
    created_at: '2026-01-01T00:00:00Z',
    os_distro: index % 2 ? 'ubuntu' : text,
    os_version: text,
    architecture: text,
    os_purpose: index % 3 ? 'generic' : text,
    hotfix_hours: text,
    uuid_validity: text,
    image_source: text,
    image_build_date: text,
    replace_frequency: index % 2 ? 'monthly' : text,
    provided_until: text,
    min_disk: index % 4,
    min_ram: 512,
  };
  Object.defineProperty(r, RESERVED_NAMES[index % RESERVED_NAMES.length]!, { value: text, enumerable: true, configurable: true, writable: true });
  return r;
}

const textOf = (node: Nodes): string => (node.type === 'text' ? node.value : 'children' in node ? node.children.map((c) => textOf(c as Nodes)).join('') : '');

function parse(html: string): Root {
  const errors: string[] = [];
  fromHtml(`<!doctype html>${html}`, { onerror: (error) => void errors.push(`${error.reason} at ${error.line}:${error.column}`) });
  expect(errors).toEqual([]);
  return fromHtml(`<!doctype html>${html}`);
}

beforeAll(async () => {
  const images = sortImages(STRINGS.map((text, index) => normaliseImage(record(text, index), distributions())));
  const snapshot = { schemaVersion: 1 as const, fetchedAt: '2026-01-04T00:00:00Z', source: { imageEndpoint: 'x', owner: 'o', region: null }, images, archived: [] };
  state.catalog = buildCatalog(snapshot, distributions(), eolData(), new Date('2026-01-04T00:00:00Z'));
  report = conformanceOfSnapshot(snapshot);
  state.report = report;
  container = await AstroContainer.create();
}, 120_000);

describe('the conformance page over generated input', () => {
  it('is valid HTML with no raw control character; every standard version and failing image is there, its Glance text isolated', async () => {
    const html = await container.renderToString(ConformancePage);
    expect(html).not.toMatch(FORBIDDEN);
    const tree = parse(html);
    for (const id of STANDARD_IDS) expect(selectAll(`tr[data-standard="${id}"]`, tree), id).toHaveLength(1);
    const sections = selectAll('section.conformance-image', tree);
    const failing = report.images.filter((image) => image.failed.length > 0);
    expect(failing.length).toBeGreaterThan(50);
    expect(sections).toHaveLength(Math.min(failing.length, 300));
    for (const [index, section] of sections.entries()) {
      const image = failing[index]!;
      expect(selectAll('li[data-test]', section).map((li) => (li as Element).properties.dataTest)).toEqual(image.failed.map((f) => f.test));
      const marker = /^T\d+T/.exec(image.name)![0];
      const heading = selectAll('h3 bdi', section).map(textOf).join('');
      expect(heading.startsWith(marker), `${marker} in a <bdi>`).toBe(true);
      // Found values are in <code dir="ltr">, bounded.
      for (const code of selectAll('li code[dir="ltr"]', section)) expect(textOf(code).length).toBeLessThan(200);
      for (const anchor of selectAll('a', section)) expect(String(anchor.properties.href)).toMatch(/^\/catalog\/[^/]+\/$/);
    }
    expect(textOf(tree)).toContain('This catalog follows none of these SCS standard versions');
  });
});
