/**
 * The conformance report as text, for a terminal or a CI log: one line per
 * standard version, then each image that fails anything, named once with
 * every test case it fails, then the SCS-0104 images missing. Pure.
 */
import type { ConformanceReport, ConformanceImage } from './report.ts';
import { STANDARD_VERSIONS } from './standards.ts';

/** A found value as text, bounded and on one line (Glance's text is untrusted). */
export function shownValue(value: string | number | null, max = 120): string {
  if (value === null) return 'not set';
  if (typeof value === 'number') return String(value);
  // eslint-disable-next-line no-control-regex
  const flat = JSON.stringify(value).slice(1, -1).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`;
}

const where = (item: { member?: string; region?: string | null }) =>
  item.member === undefined ? '' : ` [${item.region ? `${item.member} ${item.region}` : item.member}]`;

function imageLines(image: ConformanceImage): string[] {
  return [
    `FAIL ${shownValue(image.name)} (${image.id})${where(image)}`,
    ...image.failed.map((failure) => `  ${failure.test}: found ${shownValue(failure.found)}; expected ${failure.expected}`),
  ];
}

/** A combined report of several sources (src/lib/scs/report.ts `combineReports`) also says each source's verdicts. */
type Report = ConformanceReport & { sources?: { member: string; region: string | null; standards: ConformanceReport['standards'] }[] };

export function reportText(report: Report, levels: readonly string[] = []): string {
  const lines: string[] = [];
  for (const version of STANDARD_VERSIONS) {
    const verdict = report.standards[version.id]!;
    const chosen = levels.includes(version.id) ? ' (chosen level)' : '';
    lines.push(
      verdict.conforms
        ? `${version.id}: conforms${chosen}`
        : `${version.id}: does not conform${chosen}, failing ${verdict.failed.join(', ')}`,
    );
  }
  for (const source of report.sources ?? []) {
    const held = STANDARD_VERSIONS.filter((version) => source.standards[version.id]!.conforms).map((version) => version.id);
    lines.push(`  in${where(source)}: ${held.length === 0 ? 'conforms to none' : `conforms to ${held.join(', ')}`}`);
  }
  const failing = report.images.filter((image) => image.failed.length > 0);
  lines.push('', `${report.images.length} ${report.images.length === 1 ? 'image' : 'images'} checked, ${failing.length} failing${failing.length > 0 ? ':' : ''}`);
  for (const image of failing) lines.push(...imageLines(image));
  if (report.missing.length > 0) {
    lines.push('', 'Missing SCS-0104 images:');
    for (const gap of report.missing) lines.push(`  ${gap.test}: no image "${gap.name}"${where(gap)}`);
  }
  return `${lines.join('\n')}\n`;
}
