/**
 * node scripts/check-links.ts [DIR] — the link check over a built site (default
 * dist/), served at SITE_URL + SITE_BASE as it was built. Exit 1 with one line
 * per broken link, else one summary line. `npm run refresh` runs it after the
 * build.
 */
import { resolve } from 'node:path';
import { checkLinks } from './lib/link-check.ts';
import { normaliseSiteBase } from '../src/lib/site-path.ts';

const dir = resolve(process.argv[2] ?? 'dist');
try {
  const report = await checkLinks(dir, { origin: process.env.SITE_URL || 'http://localhost:4321', base: normaliseSiteBase(process.env.SITE_BASE) });
  if (report.pages === 0) {
    process.stderr.write(`check-links: no pages in ${dir}; build the site first\n`);
    process.exitCode = 2;
  } else if (report.broken.length > 0) {
    for (const line of report.broken) process.stderr.write(`check-links: broken: ${line}\n`);
    process.stderr.write(`check-links: ${report.broken.length} broken link(s) in ${report.pages} pages; fix the links named above\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`check-links: ${report.links} internal links in ${report.pages} pages all resolve\n`);
  }
} catch (error) {
  process.stderr.write(`check-links: error: ${(error as Error).message.split('\n')[0]}\n`);
  process.exitCode = 2;
}
