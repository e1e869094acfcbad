import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATE_FORMATS, MARKER_DATE_FORMATS, STRICT_FORMATS, decimalValue, isDecimal, parseDate } from '../../../src/lib/scs/python-date.ts';
import { at } from './support.ts';

describe('parse_date as SCS’s suite reads dates (Python’s time.strptime)', () => {
  it('reads the four formats of image_build_date, and only the strict one for created_at', () => {
    expect(parseDate('2026-10-01')).toBe(at('2026-10-01T00:00:00Z'));
    expect(parseDate('2026-10-01 04:30')).toBe(at('2026-10-01T04:30:00Z'));
    expect(parseDate('2026-10-01 04:30:15')).toBe(at('2026-10-01T04:30:15Z'));
    expect(parseDate('2026-10-01T04:30:00Z')).toBe(at('2026-10-01T04:30:00Z'));
    expect(parseDate('2026-10-01T04:30:00Z', STRICT_FORMATS)).toBe(at('2026-10-01T04:30:00Z'));
    expect(parseDate('2026-10-01', STRICT_FORMATS)).toBe(0);
    expect(parseDate('2026-10-01T04:30:00.000Z', STRICT_FORMATS)).toBe(0);
  });

  it('accepts what strptime accepts: one-digit fields, a space-padded day, any case, a run of spaces', () => {
    expect(parseDate('2026-1-5')).toBe(at('2026-01-05T00:00:00Z'));
    expect(parseDate('2026-10- 1')).toBe(at('2026-10-01T00:00:00Z'));
    expect(parseDate('2026-10-01 4:5:6')).toBe(at('2026-10-01T04:05:06Z'));
    expect(parseDate('2026-10-01t04:30:00z')).toBe(at('2026-10-01T04:30:00Z'));
    expect(parseDate('2026-10-01  04:30')).toBe(at('2026-10-01T04:30:00Z'));
    expect(parseDate('2024-02-29')).toBe(at('2024-02-29T00:00:00Z'));
  });

  it('refuses what strptime refuses: impossible days, other layouts, anything around the date, and the epoch reads as no date', () => {
    for (const text of ['2026-02-30', '2023-02-29', '2026-13-01', '10/11/2026', ' 2026-10-01', '2026-10-01 ', '', 'soon', '2026-10-01Z']) {
      expect(parseDate(text), JSON.stringify(text)).toBe(0);
    }
    expect(parseDate('1970-01-01')).toBe(0);
  });

  it('reads a name’s date marker, YYYY-MM-DD or YYYYMMDD, matching the first way strptime does', () => {
    expect(parseDate('20261001', MARKER_DATE_FORMATS)).toBe(at('2026-10-01T00:00:00Z'));
    expect(parseDate('2026111', MARKER_DATE_FORMATS)).toBe(at('2026-11-01T00:00:00Z'));
    expect(parseDate('20261001', DATE_FORMATS)).toBe(0);
    expect(parseDate('(20261001)', MARKER_DATE_FORMATS)).toBe(0);
  });

  it('reads Unicode digits where Python’s \\d does (the year, a day’s second digit), and nowhere else', () => {
    expect(decimalValue('٢٠٢٦')).toBe(2026);
    expect(isDecimal('٤٨')).toBe(true);
    expect(isDecimal('48h')).toBe(false);
    expect(isDecimal('')).toBe(false);
    expect(parseDate('٢٠٢٦-10-01')).toBe(at('2026-10-01T00:00:00Z'));
    expect(parseDate('2026-10-٠١')).toBe(0);
  });

  it('agrees with SCS’s own parse_date (image_metadata.py run by python3) on every case', () => {
    const corpus = [
      '2026-10-01', '2026-1-5', '2026-02-30', '2026-10-01 04:30', '2026-10-01  04:30', '2026-10-01T04:30:00Z', '2026-10-01t04:30:00z',
      '2026-10-01 4:5:6', ' 2026-10-01', '2026-10-01 ', '1970-01-01', '1969-12-31', '2026-10- 1', '٢٠٢٦-١٠-٠١', '٢٠٢٦-10-01', '2026-10-1٠',
      '20261001', '2026111', '20261', '2026-13-01', '2024-02-29', '2023-02-29', '10/11/2026', '2026-10-01 24:00', '2026-10-01 23:59:60',
      '2026-10-01 23:59:61', '0001-01-01', '9999-12-31', 'old', 'prev', '', '2026-10-01\t04:30', '2026-10-01\n04:30', '2026-10-01T04:30:00',
    ];
    const script = [
      'import json, sys',
      `sys.path.insert(0, ${JSON.stringify(join(import.meta.dirname, '../../integration/support/scs-upstream'))})`,
      'from image_metadata import parse_date, DATE_FORMATS, MARKER_DATE_FORMATS, STRICT_FORMATS',
      'corpus = json.load(sys.stdin)',
      'print(json.dumps([[parse_date(s), parse_date(s, MARKER_DATE_FORMATS), parse_date(s, STRICT_FORMATS)] for s in corpus]))',
    ].join('\n');
    const python = spawnSync('/usr/bin/python3', ['-B', '-c', script], { input: JSON.stringify(corpus), encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    const theirs = JSON.parse(python.stdout) as number[][];
    const ours = corpus.map((text) => [parseDate(text), parseDate(text, MARKER_DATE_FORMATS), parseDate(text, STRICT_FORMATS)]);
    expect(Object.fromEntries(corpus.map((text, i) => [text, ours[i]]))).toEqual(Object.fromEntries(corpus.map((text, i) => [text, theirs[i]])));
  });
});
