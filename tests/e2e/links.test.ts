import { describe, expect, inject, it } from 'vitest';
import { checkLinks } from '../../scripts/lib/link-check.ts';

/**
 * The link check (scripts/lib/link-check.ts, also `npm run refresh`'s check)
 * over both e2e builds: at `/`, and under a sub-path (SITE_BASE), where a link
 * that leaves the base path is broken too.
 */
const builds = [
  { name: 'at /', dir: inject('distDir'), base: '/' },
  { name: `under ${inject('subBase')}`, dir: inject('subDistDir'), base: inject('subBase') },
];

describe.each(builds)('every internal link and #anchor in the site built $name resolves', ({ dir, base }) => {
  it('finds the pages and links to check, and none is broken', async () => {
    const report = await checkLinks(dir, { origin: inject('siteUrl'), base });
    expect(report.pages).toBeGreaterThan(6);
    expect(report.links).toBeGreaterThan(100);
    expect(report.broken, report.broken.join('\n')).toEqual([]);
  });
});

describe('the link check', () => {
  it('reports a root-absolute link that leaves the base path', async () => {
    // The root build's links start at `/`: served under the sub-path they all leave it.
    const report = await checkLinks(inject('distDir'), { origin: inject('siteUrl'), base: inject('subBase') });
    expect(report.broken.length).toBeGreaterThan(0);
    expect(report.broken.some((line) => line.includes(`under ${inject('subBase')}`))).toBe(true);
  });
});
