/** The budget logic over a made-up built site (scripts/lib/budgets.ts). */
import { describe, expect, it } from 'vitest';
import {
  checkBudgets,
  DEFAULT_BUDGETS,
  extractScripts,
  formatResult,
  gzipSize,
  pageJs,
  pageKind,
  htmlFix,
  resolveSpecifier,
  sharedJs,
  staticImports,
  type BuiltPage,
} from '../../../scripts/lib/budgets.ts';

/** Random-ish text that gzip cannot shrink much, `n` bytes. */
function noise(n: number, seed = 1): string {
  let x = seed;
  let out = '';
  while (out.length < n) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += x.toString(36);
  }
  return `/*${out.slice(0, n)}*/`;
}

const page = (body: string) => `<!doctype html><html><head><title>t</title>${body}</head><body><main>text</main></body></html>`;

function site(files: Record<string, string>) {
  return (path: string) => files[path] ?? null;
}

describe('extractScripts', () => {
  it('finds external and inline module scripts, not JSON ones', () => {
    const html = page(
      '<script type="module" src="/_astro/a.js"></script><script>var x=1</script><script type="application/ld+json">{"a":1}</script><script type=module>var y=2</script>',
    );
    expect(extractScripts(html)).toEqual({ src: ['/_astro/a.js'], inline: ['var x=1', 'var y=2'] });
  });

  it('is not fooled by <script> inside attribute values, comments or titles (image names are text)', () => {
    const html = page(
      '<title>x <script>window.x=1</script></title>' +
        '<tr data-name="&#34;><script>window.__xss=1</script>"></tr><!-- <script>bad()</script> --><script src="/ok.js"></script>',
    );
    expect(extractScripts(html)).toEqual({ src: ['/ok.js'], inline: [] });
  });
});

describe('module graph', () => {
  it('reads static imports of minified modules, not dynamic ones', () => {
    expect(staticImports('import{a as b}from"./page.js";import"./side.js";export{c}from"./re.js";const d=import("./lazy.js")')).toEqual([
      './page.js',
      './side.js',
      './re.js',
    ]);
  });

  it('resolves relative and absolute specifiers; ignores bare and remote ones', () => {
    expect(resolveSpecifier('./b.js', '/_astro/a.js')).toBe('/_astro/b.js');
    expect(resolveSpecifier('/x/y.js', '/_astro/a.js')).toBe('/x/y.js');
    expect(resolveSpecifier('react', '/_astro/a.js')).toBeNull();
    expect(resolveSpecifier('https://cdn/x.js', '/_astro/a.js')).toBeNull();
  });

  it('counts a page’s scripts and their static imports once each, gzipped', () => {
    const files = { '/_astro/a.js': 'import"./shared.js";import"./b.js";' + noise(500), '/_astro/b.js': 'import"./shared.js";' + noise(300, 2), '/_astro/shared.js': noise(200, 3) };
    const js = pageJs(page('<script type="module" src="/_astro/a.js"></script><script>var x=1</script>'), site(files));
    expect(js.map((r) => r.key).filter((k) => !k.startsWith('inline:')).sort()).toEqual(['/_astro/a.js', '/_astro/b.js', '/_astro/shared.js']);
    expect(js.find((r) => r.key === '/_astro/b.js')!.gzip).toBe(gzipSize(files['/_astro/b.js']));
    expect(js.filter((r) => r.key.startsWith('inline:'))).toHaveLength(1);
  });
});

describe('baseline and budgets', () => {
  const starlight = '<script type="module" src="/_astro/page.js"></script><script>window.theme=1</script>';
  const files = {
    '/_astro/page.js': noise(3000),
    '/_astro/toc.js': noise(1500, 4),
    '/_astro/filter.js': 'import"./filter-lib.js";' + noise(3000, 5),
    '/_astro/filter-lib.js': noise(2000, 6),
    '/_astro/big.js': noise(8000, 7),
  };
  const pages: BuiltPage[] = [
    { path: '/404.html', html: page(starlight) },
    { path: '/', html: page(starlight + '<script type="module" src="/_astro/toc.js"></script>') },
    { path: '/guide/', html: page(starlight + '<script type="module" src="/_astro/toc.js"></script>') },
    { path: '/catalog/', html: page(starlight + '<script type="module" src="/_astro/filter.js"></script>') },
    { path: '/catalog/an-image/', html: page(starlight) },
  ];

  it('Starlight’s own JS is what every page ships', () => {
    const shared = sharedJs(pages.map((p) => pageJs(p.html, site(files))));
    expect([...shared].filter((k) => !k.startsWith('inline:'))).toEqual(['/_astro/page.js']);
    expect(shared.size).toBe(2);
  });

  it('classifies pages', () => {
    expect(['/', '/guide/', '/404.html', '/catalog/', '/catalog/x/'].map(pageKind)).toEqual(['guide', 'guide', 'other', 'catalog-index', 'catalog']);
  });

  it('passes a site within budget, with the figures', () => {
    const report = checkBudgets(pages, site(files));
    expect(report.results.map((r) => [r.name, r.ok])).toEqual([
      ['guide page JS beyond Starlight’s own', true],
      ['catalog page’s own JS', true],
      ['largest page HTML', true],
    ]);
    const guide = report.results[0]!;
    expect(guide.figure).toBe(gzipSize(files['/_astro/toc.js']));
    const catalog = report.results[1]!;
    expect(catalog.figure).toBe(gzipSize(files['/_astro/filter.js']) + gzipSize(files['/_astro/filter-lib.js']));
    expect(catalog.where).toContain('filter-lib.js');
  });

  it('fails a guide page that ships a big script, in one line saying figure, limit, page and fix', () => {
    const heavy = [...pages, { path: '/heavy/', html: page(starlight + '<script type="module" src="/_astro/big.js"></script>') }];
    const report = checkBudgets(heavy, site(files), { ...DEFAULT_BUDGETS, guideExtraJs: 5000 });
    const guide = report.results[0]!;
    expect(guide.ok).toBe(false);
    const line = formatResult(guide);
    expect(line).toMatch(/^budget FAILED: guide page JS beyond Starlight’s own: \d+\.\d kB gzipped \(limit 5\.0 kB\) at \/heavy\/: big\.js; to fix: /);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('fails a catalog script over its limit, and a missing catalog page', () => {
    expect(checkBudgets(pages, site(files), { ...DEFAULT_BUDGETS, catalogOwnJs: 1000 }).results[1]!.ok).toBe(false);
    const none = checkBudgets(pages.filter((p) => p.path !== '/catalog/'), site(files)).results[1]!;
    expect(none.ok).toBe(false);
    expect(none.where).toMatch(/no \/catalog\/ page/);
  });

  it('fails a page whose HTML is too big gzipped', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `<tr><td>${noise(60, i + 10)}</td></tr>`).join('');
    const big = [...pages, { path: '/catalog/', html: page(starlight + '<script type="module" src="/_astro/filter.js"></script>' + rows) }];
    const result = checkBudgets(big, site(files), { ...DEFAULT_BUDGETS, pageHtml: 50_000 }).results[2]!;
    expect(result.ok).toBe(false);
    expect(result.where).toBe('/catalog/');
    expect(formatResult(result)).toMatch(/CATALOG_INLINE_MAX/);
  });

  it('the HTML advice names the real cause by the kind of page, never "fewer rows" for an image page', () => {
    expect(htmlFix('/catalog/')).toMatch(/fewer rows/);
    expect(htmlFix('/catalog/distro/ubuntu/2/')).toMatch(/fewer rows/);
    expect(htmlFix('/catalog/ubuntu-24-04/')).toMatch(/image page .*\[slug\]\.astro.*MAX_PROPERTY_TEXT/);
    expect(htmlFix('/catalog/ubuntu-24-04/')).not.toMatch(/rows/);
    expect(htmlFix('/catalog/changes/')).toMatch(/change history/);
    expect(htmlFix('/guide/')).toMatch(/split the content/);
  });
});
