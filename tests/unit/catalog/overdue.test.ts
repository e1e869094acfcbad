/** SCS's recency rule (src/lib/catalog/overdue.ts): build date + 1.1 × the period, not past provided_until. */
import { describe, expect, it } from 'vitest';
import { overdueOf, scsBuildTime, scsDate } from '../../../src/lib/catalog/overdue.ts';

const at = (iso: string) => new Date(iso);
const image = (properties: Record<string, string>, createdAt: string | null = '2026-01-01T00:00:00Z') => ({ properties, createdAt });
const monthly = { replace_frequency: 'monthly', provided_until: '2029-04-30', image_build_date: '2026-11-02' };

describe('overdueOf', () => {
  it('a monthly image built 2 Nov 2026 is overdue after 1.1 × 31 days (6 Dec 2026, 02:24 UTC), in words', () => {
    expect(overdueOf(image(monthly), at('2026-12-06T02:24:00Z'))).toBeNull();
    expect(overdueOf(image(monthly), at('2026-12-06T02:24:01Z'))).toEqual({
      frequency: 'monthly',
      builtAt: '2026-11-02T00:00:00.000Z',
      dueBy: '2026-12-06T02:24:00.000Z',
      words: 'Overdue: built 2 Nov 2026, replaced monthly',
    });
  });

  it('uses SCS’s periods: daily 25 h, weekly 7 × 25 h, quarterly 92 days, yearly 365 days', () => {
    const built = '2026-01-01 00:00';
    const due = (frequency: string, hours: number) => {
      const props = { replace_frequency: frequency, provided_until: 'none_given', image_build_date: built };
      const edge = Date.parse('2026-01-01T00:00:00Z') + 1.1 * hours * 3600 * 1000;
      return [overdueOf(image(props), new Date(edge)), overdueOf(image(props), new Date(edge + 1000))?.frequency];
    };
    expect(due('daily', 25)).toEqual([null, 'daily']);
    expect(due('weekly', 7 * 25)).toEqual([null, 'weekly']);
    expect(due('quarterly', 92 * 24)).toEqual([null, 'quarterly']);
    expect(due('yearly', 365 * 24)).toEqual([null, 'yearly']);
  });

  it('never, critical_bug, no replace_frequency or an unknown one: never overdue', () => {
    const late = at('2030-01-01T00:00:00Z');
    for (const replace_frequency of ['never', 'critical_bug', 'fortnightly', 'Monthly']) {
      expect(overdueOf(image({ ...monthly, replace_frequency }), late)).toBeNull();
    }
    expect(overdueOf(image({ image_build_date: '2020-01-01', provided_until: '2029-04-30' }), late)).toBeNull();
  });

  it('past provided_until, or provided_until none or notice: no promise is broken', () => {
    const now = at('2026-12-20T00:00:00Z');
    expect(overdueOf(image({ ...monthly, provided_until: '2026-12-19' }), now)).toBeNull();
    expect(overdueOf(image({ ...monthly, provided_until: 'none' }), now)).toBeNull();
    expect(overdueOf(image({ ...monthly, provided_until: 'notice' }), now)).toBeNull();
    // SCS compares with the day's 00:00 UTC: on the day itself the promise is over.
    expect(overdueOf(image({ ...monthly, provided_until: '2026-12-20' }), at('2026-12-20T00:00:01Z'))).toBeNull();
    expect(overdueOf(image({ ...monthly, provided_until: '2026-12-21' }), now)).not.toBeNull();
  });

  it('a missing or malformed provided_until does not excuse it (SCS reports those as errors)', () => {
    const now = at('2026-12-20T00:00:00Z');
    const { provided_until: _, ...noUntil } = monthly;
    expect(overdueOf(image(noUntil), now)?.frequency).toBe('monthly');
    expect(overdueOf(image({ ...monthly, provided_until: 'soon' }), now)?.frequency).toBe('monthly');
  });

  it('without image_build_date (or with one SCS cannot read) the creation time is the build date; with neither, not judged', () => {
    const props = { replace_frequency: 'weekly', provided_until: '2029-01-01' };
    expect(overdueOf(image(props, '2026-11-30T12:00:00Z'), at('2026-12-09T12:00:00Z'))?.words).toBe('Overdue: built 30 Nov 2026, replaced weekly');
    expect(overdueOf(image({ ...props, image_build_date: '30/11/2026' }, '2026-12-07T00:00:00Z'), at('2026-12-09T12:00:00Z'))).toBeNull();
    expect(overdueOf(image(props, null), at('2030-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('scsDate and scsBuildTime', () => {
  it('read the formats SCS reads, in UTC, and nothing else', () => {
    expect(scsDate('2026-11-02')).toBe(Date.parse('2026-11-02T00:00:00Z'));
    expect(scsDate('2026-11-02 10:30')).toBe(Date.parse('2026-11-02T10:30:00Z'));
    expect(scsDate('2026-11-02 10:30:15')).toBe(Date.parse('2026-11-02T10:30:15Z'));
    expect(scsDate('2026-11-02T10:30:15Z')).toBe(Date.parse('2026-11-02T10:30:15Z'));
    for (const bad of ['2026-02-30', '2026-11-02T10:30', '20261102', 'yesterday', '2026-11-02 25:00']) expect(scsDate(bad)).toBeNull();
    expect(scsDate('2026-11-02', true)).toBeNull();
    expect(scsBuildTime(image({ image_build_date: '2026-11-02 10:30' }))).toBe(Date.parse('2026-11-02T10:30:00Z'));
  });
});
